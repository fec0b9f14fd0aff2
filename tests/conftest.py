"""Shared fixtures: a small bilingual article, the real content folder, and Chromium."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article, GlossaryTerm, Source, Topic

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 375, "height": 812}


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
    """Create a published article; keyword arguments override any field."""

    def make(key="bone-metastases", **fields):
        values = {
            "kind": Article.Kind.OVERVIEW,
            "status": Article.Status.PUBLISHED,
            "updated_on": datetime.date(2024, 1, 23),
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
        call_command("import_content", str(settings.CONTENT_DIR), verbosity=0)
        models = ["articles.topic", "articles.glossaryterm", "articles.article"]
        models += ["articles.source", "articles.termusage"]
        call_command("dumpdata", *models, output=str(snapshot), verbosity=0)
        for model in (Article, GlossaryTerm, Topic):
            model.objects.all().delete()
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

    def run(page) -> list[dict]:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"]
        ]

    return run
