"""import_content skips what did not change: no parsing, rendering, saving or revision.

Each article keeps the fingerprint of the folder it was imported from; an import that finds the
same files, and the article as that import left it, reports it unchanged without reading its
text. Glossary terms are compared with their stored rows, all loaded at once.
"""

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.content import importer
from articles.content.exporter import export_content
from articles.editorial import workflow
from articles.editorial.development import development_reviewer
from articles.models import Article, CacheTag, GlossaryTerm
from tests.content.test_glossary_import import METASTASIS, term_toml
from tests.content.test_import_content import (
    ARTICLE_TOML,
    TOPICS_TOML,
    language_file,
    run_import,
    write_article,
    write_second_article,
)


@pytest.fixture
def content(tmp_path):
    """Two articles, the German one using a glossary term, and a glossary of two terms."""
    root = tmp_path / "content"
    root.mkdir()
    (root / "topics.toml").write_text(TOPICS_TOML)
    (root / "glossary.toml").write_text(METASTASIS + term_toml())
    write_article(root, de=language_file("de", body="Metastasen im Knochen.\n"))
    write_second_article(root)
    return root


@pytest.fixture
def saves():
    """Every model instance saved from now on, as (model name, key or pk)."""
    saved = []

    def record(sender, instance, **kwargs):
        saved.append((sender.__name__, getattr(instance, "key", instance.pk)))

    post_save.connect(record, weak=False)
    yield saved
    post_save.disconnect(record)


def statuses() -> dict:
    return {
        (article.key, code): article.translation_status(code)
        for article in Article.objects.all()
        for code in ("de", "en")
    }


def untouched(monkeypatch):
    """From now on, reading an article's text or rendering one fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged article was read or rendered")

    monkeypatch.setattr(importer, "read_article", refuse)
    monkeypatch.setattr(Article, "render", refuse)


def snapshot():
    return (
        list(Article.all_objects.order_by("pk").values()),
        statuses(),
        Version.objects.count(),
        list(CacheTag.objects.order_by("name").values_list("name", "version")),
    )


def test_importing_unchanged_files_again_reads_renders_and_saves_nothing(
    db, content, saves, monkeypatch
):
    run_import(content)
    # The English text changes, so the German translation is outdated: that must stay so.
    write_article(
        content,
        de=language_file("de", body="Metastasen im Knochen.\n"),
        en=language_file("en", body="Introduction.\n\n## Side effects\n"),
    )
    run_import(content)
    assert statuses()[("bone-metastases", "de")] == Article.TranslationStatus.OUTDATED
    before = snapshot()
    saves.clear()
    untouched(monkeypatch)

    out, _err = run_import(content)

    assert "0 created, 0 updated, 5 unchanged, 0 with errors" in out
    assert "unchanged: article bone-metastases" in out
    assert "unchanged: article local-treatment" in out
    assert saves == []
    assert snapshot() == before


def test_the_second_import_makes_the_same_number_of_queries_for_more_articles(db, content):
    def second_import_queries() -> int:
        run_import(content)
        with CaptureQueriesContext(connection) as queries:
            run_import(content)
        return len(queries)

    few = second_import_queries()
    for number in range(3, 8):
        write_second_article(content, f"article-{number}")

    assert second_import_queries() == few


def test_an_export_of_text_the_admin_stored_imports_as_unchanged(db, content, tmp_path, saves):
    run_import(content)
    # The admin's text areas send CR LF line breaks and may keep blank space at the ends.
    for article in Article.objects.all():
        Article.objects.filter(pk=article.pk).update(
            body_de=article.body_de.replace("\n", "\r\n") + "\r\n",
            summary_en=" " + article.summary_en.replace("\n", "\r\n"),
        )
    GlossaryTerm.objects.filter(key="metastasis").update(definition_de="Ein Ableger des Tumors. ")
    exported = tmp_path / "export"
    export_content(exported)
    before = snapshot()
    saves.clear()

    out, _err = run_import(exported)

    assert "0 created, 0 updated, 5 unchanged, 0 with errors" in out
    assert saves == []
    assert snapshot() == before


def test_one_changed_file_updates_only_its_article(db, content, saves):
    run_import(content)
    other = Article.objects.values().get(key="local-treatment")
    write_article(
        content,
        de=language_file("de", body="Metastasen im Knochen.\n"),
        en=language_file("en", body="Introduction.\n\n## Side effects\n"),
    )
    saves.clear()

    out, _err = run_import(content)

    assert "0 created, 1 updated, 4 unchanged, 0 with errors" in out
    assert "updated: article bone-metastases" in out
    assert "unchanged: article local-treatment" in out
    assert Article.objects.get(key="bone-metastases").headings_en == [
        {"id": "side-effects", "title": "Side effects"}
    ]
    assert Article.objects.values().get(key="local-treatment") == other
    assert ("Article", "local-treatment") not in saves
    assert {key for model, key in saves if model == "GlossaryTerm"} == set()


def test_a_changed_glossary_entry_updates_that_term_and_the_articles_that_use_it(
    db, content, saves, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(content)
    # The summary box comes first and uses the term: its definition stands there.
    assert "Ein Ableger des Tumors." in Article.objects.get(key="bone-metastases").summary_html_de
    glossary = METASTASIS.replace("Ein Ableger des Tumors.", "Krebszellen an anderer Stelle.")
    (content / "glossary.toml").write_text(glossary + term_toml())
    saves.clear()

    # The term's articles are rendered again by the background task queued on commit.
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run_import(content)

    assert "updated: term metastasis" in out
    assert "unchanged: term tumour" in out
    assert "unchanged: article bone-metastases" in out
    assert {key for model, key in saves if model == "GlossaryTerm"} == {"metastasis"}
    html = Article.objects.get(key="bone-metastases").summary_html_de
    assert "Krebszellen an anderer Stelle." in html
    assert "Ein Ableger des Tumors." not in html


def test_an_article_published_since_its_import_is_compared_with_its_files_again(db, content):
    run_import(content)
    live = Article.objects.get(key="local-treatment")
    copy = workflow.start_working_copy(live)
    copy.body_en = "Changed in the admin."
    copy.save()
    workflow.note_edit(copy, None)
    workflow.submit(copy, None)
    workflow.approve(copy, development_reviewer(), ["en"])
    workflow.publish(copy, ["en"], None)

    out, _err = run_import(content)

    # Unchanged files, but not what the article holds now: the files' text is published again.
    assert "updated: article local-treatment" in out
    assert Article.objects.get(key="local-treatment").body_en.startswith("Introduction.")


def test_a_related_article_deleted_and_imported_again_is_linked_again(db, content):
    write_article(
        content,
        toml='related = ["local-treatment"]\n' + ARTICLE_TOML,
        de=language_file("de", body="Metastasen im Knochen.\n"),
    )
    run_import(content)
    Article.objects.filter(key="local-treatment").delete()

    out, _err = run_import(content)

    assert "created: article local-treatment" in out
    article = Article.objects.get(key="bone-metastases")
    assert list(article.related.values_list("key", flat=True)) == ["local-treatment"]
