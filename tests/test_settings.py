"""Settings read from the environment, each case in a fresh Python process."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

# Variables settings.py reads; each test starts from none of them.
SETTINGS_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_MEDIA_ROOT",
    "FEEDBACK_PERSONAL_DATA_DAYS",
    "FEEDBACK_RATE_LIMIT",
    "FEEDBACK_RATE_WINDOW",
    "FEEDBACK_MIN_FILL_SECONDS",
    "FEEDBACK_FORM_MAX_AGE",
    "DJANGO_TASKS_BACKEND",
)

REPORT = """
import json
import django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "OPTIONS": database.get("OPTIONS", {}),
    "CONN_HEALTH_CHECKS": database.get("CONN_HEALTH_CHECKS", False),
    "CACHE": settings.CACHES["default"],
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "TASKS": settings.TASKS["default"]["BACKEND"],
}))
"""


def start_django(code: str = REPORT, **variables: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE="healthinfo.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**variables: str) -> dict:
    process = start_django(**variables)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_with_nothing_set_the_site_runs_for_development():
    values = settings_with()

    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_refuses_to_start_without_a_secret_key():
    process = start_django(DJANGO_DEBUG="0")

    assert process.returncode != 0
    assert "ImproperlyConfigured" in process.stderr
    assert "DJANGO_SECRET_KEY" in process.stderr


def test_production_refuses_to_start_with_an_empty_secret_key():
    process = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")

    assert process.returncode != 0
    assert "DJANGO_SECRET_KEY" in process.stderr


def test_production_starts_with_a_secret_key():
    values = settings_with(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-secret")

    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == "a-long-random-production-secret"
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.parametrize(
    ("raw", "debug"),
    [("1", True), ("yes", True), (" On ", True), ("0", False), ("False", False), ("off", False)],
)
def test_debug_accepts_the_usual_words_for_yes_and_no(raw, debug):
    values = settings_with(DJANGO_DEBUG=raw, DJANGO_SECRET_KEY="secret")

    assert values["DEBUG"] is debug


@pytest.mark.parametrize("raw", ["maybe", "2", "debug"])
def test_a_debug_value_that_is_neither_yes_nor_no_fails_loudly(raw):
    process = start_django(DJANGO_DEBUG=raw, DJANGO_SECRET_KEY="secret")

    assert process.returncode != 0
    assert "ImproperlyConfigured" in process.stderr
    assert "DJANGO_DEBUG" in process.stderr
    assert repr(raw) in process.stderr


def test_allowed_hosts_are_read_as_a_comma_separated_list():
    values = settings_with(DJANGO_ALLOWED_HOSTS="healthinfo.example, www.healthinfo.example,")

    assert values["ALLOWED_HOSTS"] == ["healthinfo.example", "www.healthinfo.example"]


def test_a_postgres_database_url_selects_postgresql():
    values = settings_with(DATABASE_URL="postgres://healthinfo:pw@db.example:5432/healthinfo")

    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "healthinfo"
    assert values["HOST"] == "db.example"
    assert values["CONN_HEALTH_CHECKS"] is True
    assert "transaction_mode" not in values["OPTIONS"]


def test_a_redis_url_selects_the_redis_cache():
    values = settings_with(REDIS_URL="redis://cache.example:6379/0")

    # Redis, answered from memory while it is down (healthinfo/shared_cache.py).
    assert values["CACHE"]["BACKEND"] == "healthinfo.shared_cache.FailSafeRedisCache"
    assert values["CACHE"]["LOCATION"] == "redis://cache.example:6379/0"


def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    values = settings_with()

    assert values["NAME"] == str(settings.BASE_DIR / "db.sqlite3")
    options = values["OPTIONS"]
    assert options["timeout"] >= 5
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_background_tasks_are_queued_in_the_database_unless_told_to_run_at_once():
    assert settings_with()["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert settings_with(DJANGO_TASKS_BACKEND="immediate")["TASKS"] == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )


def test_an_unknown_task_backend_fails_loudly():
    process = start_django(DJANGO_TASKS_BACKEND="celery")

    assert process.returncode != 0
    assert "DJANGO_TASKS_BACKEND must be one of database, immediate; got 'celery'" in (
        process.stderr
    )


def test_a_sqlite_database_really_runs_in_wal_mode(tmp_path):
    code = (
        "import django\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    print(cursor.fetchone()[0])\n"
    )

    process = start_django(code, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}")

    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "wal"


FEEDBACK_REPORT = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in (
    "FEEDBACK_PERSONAL_DATA_DAYS", "FEEDBACK_RATE_LIMIT", "FEEDBACK_RATE_WINDOW",
    "FEEDBACK_MIN_FILL_SECONDS", "FEEDBACK_FORM_MAX_AGE", "FEEDBACK_MAX_REQUEST_SIZE",
)}))
"""


def test_feedback_settings_have_safe_defaults():
    process = start_django(FEEDBACK_REPORT)

    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == {
        "FEEDBACK_PERSONAL_DATA_DAYS": 180,
        "FEEDBACK_RATE_LIMIT": 5,
        "FEEDBACK_RATE_WINDOW": 3600,
        "FEEDBACK_MIN_FILL_SECONDS": 3,
        "FEEDBACK_FORM_MAX_AGE": 172800,
        "FEEDBACK_MAX_REQUEST_SIZE": 65536,
    }


def test_feedback_settings_are_read_from_the_environment():
    process = start_django(
        FEEDBACK_REPORT,
        FEEDBACK_PERSONAL_DATA_DAYS="30",
        FEEDBACK_RATE_LIMIT="100",
        FEEDBACK_RATE_WINDOW="60",
        FEEDBACK_MIN_FILL_SECONDS="0",
        FEEDBACK_FORM_MAX_AGE="86400",
    )

    assert process.returncode == 0, process.stderr
    values = json.loads(process.stdout)
    assert values["FEEDBACK_PERSONAL_DATA_DAYS"] == 30
    assert values["FEEDBACK_RATE_LIMIT"] == 100
    assert values["FEEDBACK_RATE_WINDOW"] == 60
    assert values["FEEDBACK_MIN_FILL_SECONDS"] == 0
    assert values["FEEDBACK_FORM_MAX_AGE"] == 86400


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("FEEDBACK_RATE_LIMIT", "0"),
        ("FEEDBACK_RATE_LIMIT", "many"),
        ("FEEDBACK_PERSONAL_DATA_DAYS", "-5"),
        ("FEEDBACK_MIN_FILL_SECONDS", "-1"),
    ],
)
def test_a_feedback_setting_out_of_range_fails_loudly(name, raw):
    process = start_django(**{name: raw})

    assert process.returncode != 0
    assert "ImproperlyConfigured" in process.stderr
    assert name in process.stderr
