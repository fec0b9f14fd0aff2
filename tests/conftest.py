"""Shared fixtures: a small bilingual article, the real content folder, Chromium, feedback."""

import datetime
import importlib
import os
import shutil
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import override

from articles.editorial import development
from articles.feedback.spam import issue_token
from articles.models import Article, GlossaryTerm, Source, TermUsage, Topic

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 375, "height": 812}
# The headers healthinfo's middleware puts on every response: pages, 503s while a service is
# down, and pages served from the page cache alike.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file, as production runs, not a shared in-memory one.

    With an in-memory database, the live server's request threads all share the test's single
    connection, so simultaneous requests trip over each other's unfinished statements
    ("database table is locked") in a way no real server does. With a file, each request has
    its own connection with the WAL journal, IMMEDIATE transactions and busy timeout of
    settings.py, and concurrency tests test those.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


# The groups come from data migrations, and a transactional test's flush empties them with
# every other table: each test that uses the database gets them back.
GROUP_MIGRATIONS = {
    "0004_editor_and_moderator_groups": "create_groups",
    "0008_editorial_workflow": "let_editors_keep_change_notes",
    "0010_reviewers_and_publishers": "create_groups",
}


def restore_groups():
    if Group.objects.filter(name__in=["Editors", "Medical reviewers"]).count() == 2:
        return
    # A migration that makes permissions marks the app as having no models module afterwards,
    # as it must for the historical apps it gets; here it gets the real ones.
    app_config = apps.get_app_config("articles")
    models_module = app_config.models_module
    try:
        for migration, function in GROUP_MIGRATIONS.items():
            module = importlib.import_module(f"articles.migrations.{migration}")
            getattr(module, function)(apps, None)
    finally:
        app_config.models_module = models_module


@pytest.fixture
def db(db):
    restore_groups()


@pytest.fixture
def transactional_db(transactional_db):
    restore_groups()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session", autouse=True)
def tasks_run_at_once():
    """Background tasks run as they are queued, in the test's own process (the immediate backend).

    They are still queued once the transaction commits: inside a test's transaction, wrap what
    queues them in ``django_capture_on_commit_callbacks(execute=True)``, as a request's commit
    would (terms saved in one transaction share one task, so a term saved earlier in the test
    outside such a block holds it back). For the whole session, so that the content imported
    once for all tests is rendered too.
    """
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def content_dir() -> Path:
    """The project's real content folder, as `make run` imports it."""
    return Path(settings.CONTENT_DIR)


@pytest.fixture
def imported_content(db, content_dir):
    call_command("import_content", str(content_dir), verbosity=0)


@pytest.fixture
def topic(db):
    return Topic.objects.create(
        key="treatment",
        order=1,
        title_de="Behandlung",
        slug_de="behandlung",
        description_de="Welche Behandlungen es gibt.",
        title_en="Treatment",
        slug_en="treatment",
        description_en="Which treatments there are.",
    )


@pytest.fixture
def make_article(db, topic):
    """Create a published article, checked by Anna; keyword arguments override any field."""

    def make(key="bone-metastases", **fields):
        values = {
            "kind": Article.Kind.OVERVIEW,
            "status": Article.Status.PUBLISHED,
            # As publishing records them, per language, from the approval.
            **{f"updated_on_{code}": datetime.date(2024, 1, 23) for code in ("de", "en")},
            **{f"reviewed_on_{code}": datetime.date(2024, 1, 20) for code in ("de", "en")},
            **{
                f"reviewer_{code}": "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"
                for code in ("de", "en")
            },
            "next_update_on": datetime.date(2027, 1, 1),
            "title_de": "Knochenmetastasen verstehen",
            "slug_de": "knochenmetastasen-verstehen",
            "summary_de": "- Metastasen im Knochen sind Brustkrebs.\n- Sie sind behandelbar.",
            "body_de": (
                "Einleitung.\n\n## Übelkeit und Schmerzen\n\nText.\n\n## Behandlung\n\nMehr."
            ),
            "description_de": "Was Knochenmetastasen sind und wie man sie behandelt.",
            "title_en": "Understanding bone metastases",
            "slug_en": "understanding-bone-metastases",
            "summary_en": "- Metastases in bone are breast cancer.\n- They can be treated.",
            "body_en": "Introduction.\n\n## Nausea and pain\n\nText.\n\n## Treatment\n\nMore.",
            "description_en": "What bone metastases are and how they are treated.",
        }
        values.update(fields)
        article = Article.objects.create(key=key, **values)
        article.topics.add(topic)
        Source.objects.create(
            article=article,
            position=1,
            citation="Robert Koch-Institut. Krebs in Deutschland. 2023.",
            url="https://www.krebsdaten.de/",
            accessed_on=datetime.date(2024, 1, 10),
        )
        return article

    return make


@pytest.fixture
def article(make_article):
    return make_article()


# Browser tests: Debian's Chromium, never a downloaded browser.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def content_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The real content, imported once per session and kept as a fixture file.

    Importing the whole glossary takes seconds; loading the snapshot takes a fraction of that.
    """
    snapshot = tmp_path_factory.mktemp("content") / "content.json"
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        restore_groups()  # the development reviewer joins its group
        call_command("import_content", str(settings.CONTENT_DIR), verbosity=0)
        models = ["articles.topic", "articles.glossaryterm", "articles.article"]
        models += ["articles.source", "articles.termusage"]
        call_command("dumpdata", *models, output=str(snapshot), verbosity=0)
        for model in (Article, GlossaryTerm, Topic):
            model.objects.all().delete()
        # Outside any test's transaction: the account made for the import must not outlive it.
        get_user_model().objects.filter(username=development.USERNAME).delete()
    return snapshot


@pytest.fixture
def site(live_server, transactional_db, content_snapshot) -> str:
    """The live server's address, with the real content in the database."""
    call_command("loaddata", str(content_snapshot), verbosity=0)
    return live_server.url


@pytest.fixture
def axe_violations():
    """Run axe-core on a page with the WCAG 2.2 AA and best-practice rules."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page, context: str | None = None) -> list[dict]:
        """Violations on ``page``, or only within the elements ``context`` selects."""
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
        results = axe.run(page, context=context, options=options)
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"]
        ]

    return run


# Feedback: readers' forms, and the people who may or may not read them.

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: no cached page or rate-limit count leaks over."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def feedback_data(article):
    """Valid form data for ``article``, filled in a minute ago; keyword arguments override."""

    def make(for_article=None, **fields):
        values = {
            "rating": "4",
            "comment": "Die Grafik zu den Knochen hat mir sehr geholfen.",
            "name": "",
            "email": "",
            "consent": "yes",
            "website": "",
            "token": issue_token(for_article or article, issued_at=time.time() - 60),
        }
        values.update(fields)
        return values

    return make


@pytest.fixture
def send_feedback(client, article, feedback_data, empty_cache):
    """POST the feedback form of ``article`` from the same origin, in German unless told."""

    def send(
        language="de", headers=SAME_ORIGIN, remote_addr="192.0.2.10", forwarded_for=None, **fields
    ):
        with override(language):
            url = reverse("articles:feedback", kwargs={"slug": article.slug})
        meta = {"REMOTE_ADDR": remote_addr}
        if forwarded_for is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
        return client.post(url, feedback_data(**fields), headers=headers, **meta)

    return send


def _staff_user(username: str, group: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in_to_admin(page, site: str, username: str):
    """Log ``username`` (made by ``_staff_user``) in to the admin in the browser ``page``."""
    from playwright.sync_api import expect

    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


@pytest.fixture
def editor(db):
    """Erika, an editor: articles, topics and the glossary, no feedback."""
    return _staff_user("erika", "Editors")


@pytest.fixture
def editing(client, editor):
    """Erika, logged in, with the admin in English."""
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def publisher(db):
    """Paula, an editor who may also publish and unpublish."""
    user = _staff_user("paula", "Editors")
    user.groups.add(Group.objects.get(name="Publishers"))
    return user


@pytest.fixture
def make_reviewer(db):
    """A medical reviewer with a profile readers are told; ``make_reviewer("name")``."""
    from articles.models import ReviewerProfile

    def make(
        username="anna", name="Dr. med. Anna Beispiel", qualification="Fachärztin für Gynäkologie"
    ):
        user = _staff_user(username, "Medical reviewers")
        ReviewerProfile.objects.create(user=user, name=name, qualification=qualification)
        return user

    return make


@pytest.fixture
def reviewer(make_reviewer):
    """Anna, a medical reviewer: Dr. med. Anna Beispiel, Fachärztin für Gynäkologie."""
    return make_reviewer()


@pytest.fixture
def moderator(db):
    """Mona, a moderator: reads and triages feedback."""
    return _staff_user("mona", "Moderators")


# Catalogues for counting queries

_NOT_IN_GERMAN = {"title_de": "", "slug_de": "", "summary_de": "", "body_de": ""}


@pytest.fixture
def catalogue(make_article):
    """Grows to ``count`` articles on one topic (every fifth only in English) and ``count``
    glossary terms under A, each article using each term."""
    made = []
    terms = []

    def grow(count: int):
        for n in range(len(terms), count):
            terms.append(
                GlossaryTerm.objects.create(
                    key=f"word-{n:03d}",
                    term_de=f"Abwort {n:03d}",
                    slug_de=f"abwort-{n:03d}",
                    definition_de="Ein Wort, kurz erklärt.",
                    term_en=f"a-word {n:03d}",
                    slug_en=f"a-word-{n:03d}",
                    definition_en="A word, explained.",
                )
            )
        for n in range(len(made), count):
            untranslated = _NOT_IN_GERMAN if n % 5 == 4 else {}
            values = {"slug_de": f"artikel-{n:03d}", "title_de": f"Artikel {n:03d}", **untranslated}
            made.append(make_article(key=f"article-{n:03d}", slug_en=f"article-{n:03d}", **values))
        TermUsage.objects.bulk_create(
            [
                TermUsage(article=article, term=term, language=code)
                for article in made
                for term in terms
                for code in ("de", "en")
            ],
            ignore_conflicts=True,
        )

    return grow
