"""The production set-up the README documents starts, and passes Django's deployment checks."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.production_example import readme_production_env

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "trusted_proxies": [str(network) for network in settings.TRUSTED_PROXIES],
    "languages": [str(name) for _code, name in settings.LANGUAGES],
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "healthinfo.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_production_example_sets_the_variables_production_needs():
    example = readme_production_env()
    for name in (
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "DJANGO_PROXY_SSL_HEADER",
        "DJANGO_TRUSTED_PROXIES",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
    ):
        assert example.get(name), name
    assert all(example.get(f"HEALTHINFO_OPERATOR_{part}") for part in ("NAME", "EMAIL"))


def test_the_settings_start_with_every_variable_of_the_readme_production_example():
    started = run_with(readme_production_env(), "-c", SHOW_SETTINGS)
    assert started.returncode == 0, started.stderr
    shown = json.loads(started.stdout)
    assert shown["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["trusted_proxies"] == ["10.0.0.0/8"]
    assert shown["languages"] == ["Deutsch", "Englisch"]  # translated: gettext is intact
    assert shown["cache"] == "healthinfo.shared_cache.FailSafeRedisCache"


def test_the_readme_production_example_passes_the_deployment_checklist():
    checked = run_with(
        readme_production_env(), "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert checked.returncode == 0, checked.stderr + checked.stdout


@pytest.mark.parametrize("value", ["X-Forwarded-Proto", ": https", "X-Forwarded-Proto:"])
def test_a_malformed_proxy_ssl_header_stops_the_start_with_a_clear_message(value):
    started = run_with(
        {**readme_production_env(), "DJANGO_PROXY_SSL_HEADER": value}, "-c", SHOW_SETTINGS
    )
    assert started.returncode != 0
    assert 'DJANGO_PROXY_SSL_HEADER must look like "X-Forwarded-Proto: https"' in started.stderr


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start_with_a_clear_message():
    started = run_with(
        {**readme_production_env(), "DJANGO_TRUSTED_PROXIES": "10.0.0.0/8,proxy.internal"},
        "-c",
        SHOW_SETTINGS,
    )
    assert started.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list IP addresses or networks" in started.stderr
