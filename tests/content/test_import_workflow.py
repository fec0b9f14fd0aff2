"""import_content goes through the review workflow: what readers see changes only as it allows.

On a local trial (DEVELOPMENT_DATA, as the test suite runs) the development reviewer approves
what the files mark as published; in production the files' text waits for review, and
nothing lets an import publish it without a reviewer's approval.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Version

from articles.editorial import workflow
from articles.editorial.development import NAME, QUALIFICATION
from articles.models import Article, ReviewRecord
from tests.content.test_import_content import (
    ARTICLE_TOML,
    TOPICS_TOML,
    import_error,
    language_file,
    run_import,
    write_article,
    write_second_article,
)

DEVELOPMENT_REVIEWER = f"{NAME}, {QUALIFICATION}"
FIRST_DAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LATER_DAY = datetime.datetime(2026, 4, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    (root / "topics.toml").write_text(TOPICS_TOML)
    write_article(root)
    return root


@pytest.fixture
def production(settings):
    settings.DEVELOPMENT_DATA = False


@pytest.fixture
def clock(monkeypatch):
    """Set the time every part of the site reads: ``clock(datetime)``."""

    def set_to(moment: datetime.datetime):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def import_at(clock, moment, content, *args) -> str:
    clock(moment)
    return run_import(content, *args)[0]


def records(article) -> list[tuple[str, list[str]]]:
    return [(r.action, r.languages) for r in article.review_records.order_by("created_at", "pk")]


def english_changed(content):
    write_article(content, en=language_file("en", body="Introduction.\n\n## Side effects\n"))


# Local trials


def test_on_a_local_trial_the_development_reviewer_approves_and_it_is_published(db, content):
    out, _err = run_import(content)

    article = Article.objects.get()
    assert article.is_public("de") and article.is_public("en")
    assert (
        "created: article bone-metastases (published in de, en, approved by the development" in out
    )
    assert article.reviewer_de == article.reviewer_en == DEVELOPMENT_REVIEWER
    assert article.updated_on_de == article.reviewed_on_en == timezone.localdate()
    assert records(article) == [
        ("submitted", ["de", "en"]),
        ("approved", ["de", "en"]),
        ("published", ["de", "en"]),
    ]
    approval = article.review_records.get(action="approved")
    assert approval.user.username == "reviewer" and approval.is_development_account


def test_importing_a_published_article_twice_adds_no_version_and_no_record(db, content, clock):
    import_at(clock, FIRST_DAY, content)
    before = Article.objects.values().get()
    counts = (ReviewRecord.objects.count(), Version.objects.count())

    out = import_at(clock, LATER_DAY, content)

    assert "unchanged: article bone-metastases" in out
    assert "(published" not in out
    assert Article.objects.values().get() == before
    assert Article.all_objects.count() == 1
    assert (ReviewRecord.objects.count(), Version.objects.count()) == counts


def test_a_changed_language_is_published_with_its_own_date(db, content, clock):
    import_at(clock, FIRST_DAY, content)
    english_changed(content)

    out = import_at(clock, LATER_DAY, content)

    article = Article.objects.get()
    assert "updated: article bone-metastases (published in en, approved by the development" in out
    assert article.headings_en == [{"id": "side-effects", "title": "Side effects"}]
    assert article.updated_on_en == LATER_DAY.date()
    assert article.updated_on_de == FIRST_DAY.date()
    assert records(article)[-1] == ("published", ["en"])
    assert Article.all_objects.count() == 1  # the working copy is gone once published


def test_a_draft_in_the_files_stays_a_draft(db, content):
    write_article(content, toml=ARTICLE_TOML.replace('"published"', '"draft"'))

    out, _err = run_import(content)

    article = Article.objects.get()
    assert not article.is_published
    assert "created: article bone-metastases (draft)" in out
    assert not article.review_records.exists()


def test_what_the_publish_checks_refuse_is_kept_as_a_draft_and_reported(db, content):
    write_article(content, toml=ARTICLE_TOML.replace("next_update_on = 2027-01-01\n", ""))

    errors = import_error(content)

    assert f"bone-metastases: {gettext('The next planned update is not set.')}" in errors
    article = Article.objects.get()
    assert not article.is_published
    assert not article.review_records.exists()


def test_the_import_is_kept_as_a_revision_with_who_imported(db, content, editor):
    run_import(content, "--user", editor.username)

    article = Article.objects.get()
    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert comments[-1] == gettext("Imported from the content files.")
    assert comments[0] == gettext("Published version %(version)d (%(languages)s).") % {
        "version": article.review_records.get(action="published").version,
        "languages": ", ".join(map(workflow.language_name, ("de", "en"))),
    }
    imported = Version.objects.get_for_object(article).last().revision
    assert imported.user == editor
    assert article.review_records.get(action="submitted").user == editor


# Production


def test_in_production_a_new_article_waits_for_review(db, content, production):
    out, _err = run_import(content)

    article = Article.objects.get()
    assert not Article.objects.published().exists()
    assert "created: article bone-metastases (waiting for review)" in out
    assert workflow.review_state(article) == "submitted"
    assert records(article) == [("submitted", ["de", "en"])]
    assert not article.reviewer_de and article.updated_on_de is None
    assert not get_user_model().objects.filter(username="reviewer").exists()


def test_in_production_importing_twice_sends_nothing_for_review_again(db, content, production):
    run_import(content)

    out, _err = run_import(content)

    assert "unchanged: article bone-metastases (waiting for review)" in out
    assert ReviewRecord.objects.count() == 1


def test_in_production_changed_files_wait_in_the_working_copy(
    db, content, clock, settings, reviewer, publisher
):
    import_at(clock, FIRST_DAY, content)
    published = Article.objects.values().get()
    settings.DEVELOPMENT_DATA = False
    english_changed(content)

    out = import_at(clock, LATER_DAY, content)

    assert "updated: article bone-metastases (waiting for review)" in out
    assert Article.objects.values().get() == published
    live = Article.objects.get()
    copy = workflow.working_copy_of(live)
    assert copy.headings_en == [{"id": "side-effects", "title": "Side effects"}]
    assert copy.pending_since == LATER_DAY
    assert workflow.review_state(copy) == "submitted"
    # The rest is the reviewers' and publishers' work, as for any change in the admin.
    workflow.approve(copy, reviewer, ["en"])
    live = workflow.publish(copy, ["en"], publisher)
    assert live.headings_en == [{"id": "side-effects", "title": "Side effects"}]
    assert live.reviewer_en == "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"


def test_in_production_importing_the_same_change_again_leaves_the_working_copy(
    db, content, settings
):
    run_import(content)
    settings.DEVELOPMENT_DATA = False
    english_changed(content)
    run_import(content)
    copy = Article.all_objects.get(live_article__isnull=False)
    counts = (ReviewRecord.objects.count(), Version.objects.count())

    out, _err = run_import(content)

    assert "unchanged: article bone-metastases (waiting for review)" in out
    assert Article.all_objects.get(pk=copy.pk).version == copy.version
    assert (ReviewRecord.objects.count(), Version.objects.count()) == counts


def test_an_import_never_overwrites_changes_an_editor_made_in_the_working_copy(
    db, content, settings, editor
):
    run_import(content)
    copy = workflow.start_working_copy(Article.objects.get())
    copy.body_de = "Von Erika im Admin geändert."
    copy.save()
    workflow.note_edit(copy, editor)
    english_changed(content)

    assert "changes by erika waiting in the admin" in import_error(content)
    assert Article.all_objects.get(pk=copy.pk).body_de == "Von Erika im Admin geändert."


def test_in_production_a_changed_related_article_waits_in_the_working_copy(db, content, settings):
    write_second_article(content)
    run_import(content)
    settings.DEVELOPMENT_DATA = False
    write_article(content, toml='related = ["local-treatment"]\n' + ARTICLE_TOML)

    out, _err = run_import(content)

    assert "updated: article bone-metastases (waiting for review)" in out
    live = Article.objects.get(key="bone-metastases")
    assert not live.related.exists()
    copy = workflow.working_copy_of(live)
    assert list(copy.related.values_list("key", flat=True)) == ["local-treatment"]
    assert copy.minor_change  # links change no text: the date readers see stays


# Production: no way around the review


def test_the_import_offers_no_way_to_publish_without_review(db, content, production, publisher):
    with pytest.raises(CommandError, match="unrecognized arguments: --publish"):
        call_command(
            "import_content", str(content), "--publish", "--user", publisher.username,
            stdout=io.StringIO(),
        )  # fmt: skip

    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody"], "There is no active user 'nobody'"),
        (["--user", "mona"], "'mona' may not edit articles"),
    ],
)
def test_an_import_in_the_name_of_someone_who_may_not_edit_is_refused_and_imports_nothing(
    db, content, production, editor, moderator, args, message
):
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_content", str(content), *args, stdout=io.StringIO())

    assert "Nothing was imported." in str(refused.value)
    assert not Article.all_objects.exists()
