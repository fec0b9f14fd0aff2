"""Importing an unchanged export changes nothing: no update, no status reset, no revision.

What editors did in the admin goes back to files through ``export_content``; importing those
files again must leave the articles exactly as they are, an outdated translation included.
When the files did change, the import keeps a revision of what it wrote.
"""

import io

import pytest
from django.core.management import call_command
from django.utils.translation import gettext
from reversion.models import Version

from articles.editorial import workflow
from articles.models import Article
from tests.admin_forms import errors, submit
from tests.content.test_import_content import run_import
from tests.content.test_import_skip import content, snapshot, statuses  # noqa: F401

OUTDATED = Article.TranslationStatus.OUTDATED


@pytest.fixture
def exported(db, content, editing, publisher, reviewer, tmp_path):  # noqa: F811
    """The content imported, its English text edited and published in the admin (so the
    German translation is outdated), and the database exported."""
    run_import(content)
    live = Article.objects.get(key="bone-metastases")
    response = submit(
        editing,
        f"/admin/articles/article/{live.pk}/change/",
        {"body_en": "Introduction.\r\n\r\n## Nausea and pain\r\n\r\nText, edited in the admin."},
    )
    assert response.status_code == 302, errors(response)
    copy = workflow.working_copy_of(live)
    workflow.submit(copy, publisher)
    workflow.approve(copy, reviewer, ["en"])
    workflow.publish(copy, ["en"], publisher)
    assert statuses()[("bone-metastases", "de")] == OUTDATED
    directory = tmp_path / "export"
    call_command("export_content", str(directory), stdout=io.StringIO())
    return directory


def test_importing_an_unchanged_export_reports_nothing_updated(exported):
    out, _err = run_import(exported)

    assert "0 created, 0 updated, 5 unchanged, 0 with errors" in out


def test_importing_an_unchanged_export_changes_no_row_status_or_revision(exported):
    before = snapshot()

    run_import(exported)

    after = snapshot()
    # Only what the import notes of the files it read: their fingerprint.
    for row in (*before[0], *after[0]):
        del row["imported_digest"], row["imported_version"]
    assert after == before
    assert statuses()[("bone-metastases", "de")] == OUTDATED


def test_an_import_that_changes_an_article_keeps_a_revision_of_it(exported):
    en = exported / "articles" / "local-treatment" / "en.md"
    en.write_text(en.read_text().replace("Introduction.", "A new introduction."))
    article = Article.objects.get(key="local-treatment")
    kept = Version.objects.get_for_model(Article).count()

    out, _err = run_import(exported)

    assert "0 created, 1 updated, 4 unchanged, 0 with errors" in out
    # The text goes into the working copy, which the development reviewer's publication then
    # takes online: the import's revision is the working copy's, the publication's the article's.
    new = Version.objects.get_for_model(Article).order_by("pk")[kept:]
    imported_comment = gettext("Imported from the content files.")
    imported = [v for v in new if v.revision.get_comment() == imported_comment]
    assert [v.field_dict["key"] for v in imported] == ["local-treatment"]
    assert imported[0].field_dict["body_en"].startswith("A new introduction.")
    assert any(v.object_id == str(article.pk) for v in new)
    assert statuses()[("local-treatment", "de")] == OUTDATED
    assert statuses()[("bone-metastases", "de")] == OUTDATED
