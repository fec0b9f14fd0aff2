"""The way a change reaches readers: working copy, four eyes, publishing per language."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from articles.editorial import workflow
from articles.editorial.workflow import WorkflowError
from articles.models import Article, ReviewRecord, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages in English, whatever language an earlier test left active."""
    with override("en"):
        yield


def edit(row, user, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    workflow.note_edit(row, user)
    return row


@pytest.fixture
def draft(make_article):
    return make_article(status=Article.Status.DRAFT, updated_on=None)


def approve_all(row, editor, reviewer):
    workflow.submit(row, editor)
    return workflow.approve(row, reviewer, ["de", "en"])


def test_a_draft_is_published_only_after_a_reviewer_approved_it(draft, editor, reviewer, publisher):
    edit(draft, editor, title_de="Neuer Titel")
    with pytest.raises(WorkflowError, match="not been approved"):
        workflow.publish(draft, ["de", "en"], publisher)
    approve_all(draft, editor, reviewer)
    live = workflow.publish(draft, ["de", "en"], publisher)
    assert live.is_public("de") and live.is_public("en")
    assert live.reviewer_de == "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"
    assert live.updated_on_de == timezone.localdate()
    assert live.reviewed_on_en == timezone.localdate()


def test_nobody_approves_their_own_change(draft, make_reviewer, reviewer):
    writer = make_reviewer("bert", name="Dr. Bert Beispiel")
    edit(draft, writer, body_de="Geändert.")
    workflow.submit(draft, writer) if writer.has_perm("articles.change_article") else None
    ReviewRecord.objects.create(
        article=draft, version=draft.version, action=ReviewRecord.Action.SUBMITTED
    )
    with pytest.raises(WorkflowError, match="own change"):
        workflow.approve(draft, writer, ["de"])
    assert workflow.approve(draft, reviewer, ["de"]).name == "Dr. med. Anna Beispiel"


def test_an_edit_after_approval_needs_a_new_approval(draft, editor, reviewer, publisher):
    approve_all(draft, editor, reviewer)
    edit(draft, editor, body_de="Noch einmal geändert.")
    assert workflow.approval(draft) is None
    with pytest.raises(WorkflowError, match="not been approved"):
        workflow.publish(draft, ["de"], publisher)


def test_editors_who_are_not_publishers_cannot_publish(draft, editor, reviewer):
    approve_all(draft, editor, reviewer)
    with pytest.raises(WorkflowError, match="Only publishers"):
        workflow.publish(draft, ["de"], editor)


def test_a_reviewer_without_a_qualification_on_their_profile_cannot_approve(
    draft, editor, make_reviewer
):
    nameless = make_reviewer("carl", name="Carl", qualification=" ")
    workflow.submit(draft, editor)
    with pytest.raises(WorkflowError, match="qualification"):
        workflow.approve(draft, nameless, ["de"])


def test_the_second_of_two_reviewers_on_one_version_is_told_who_decided(
    draft, editor, reviewer, make_reviewer
):
    other = make_reviewer("dora", name="Dr. Dora Zweit")
    workflow.submit(draft, editor)
    seen = draft.version
    workflow.approve(draft, reviewer, ["de", "en"], seen_version=seen)
    with pytest.raises(WorkflowError, match=r"already approved by Dr\. med\. Anna Beispiel"):
        workflow.send_back(draft, other, "Bitte Quellen prüfen.", seen_version=seen)
    assert ReviewRecord.objects.filter(action="sent-back").count() == 0


def test_a_review_of_a_version_that_changed_meanwhile_is_refused(draft, editor, reviewer):
    workflow.submit(draft, editor)
    seen = draft.version
    edit(draft, editor, body_en="Changed meanwhile.")
    with pytest.raises(WorkflowError, match="changed after you opened it"):
        workflow.approve(Article.objects.get(pk=draft.pk), reviewer, ["en"], seen_version=seen)


def test_sending_back_needs_a_comment(draft, editor, reviewer):
    workflow.submit(draft, editor)
    with pytest.raises(WorkflowError, match="comment is required"):
        workflow.send_back(draft, reviewer, "  ")
    record = workflow.send_back(draft, reviewer, "Die Zahl im zweiten Absatz fehlt.")
    assert workflow.review_state(draft) == ReviewRecord.Action.SENT_BACK
    assert record.comment == "Die Zahl im zweiten Absatz fehlt."


def test_editing_a_published_article_leaves_readers_the_published_text(
    article, editor, reviewer, publisher
):
    copy = workflow.start_working_copy(article)
    assert workflow.start_working_copy(article) == copy
    edit(copy, editor, body_de="Ganz neuer Text.", slug_de="neue-adresse")
    article.refresh_from_db()
    assert "Ganz neuer Text" not in article.body_de
    assert list(Article.objects.all()) == [article]
    assert workflow.editable_version(article) == copy
    assert workflow.has_pending_changes(copy)


def test_publishing_one_language_of_a_working_copy_keeps_the_other_waiting(
    article, editor, reviewer, publisher
):
    copy = workflow.start_working_copy(article)
    edit(copy, editor, body_de="Neuer deutscher Text.", body_en="New English text.")
    workflow.submit(copy, editor)
    workflow.approve(copy, reviewer, ["de"])
    live = workflow.publish(copy, ["de"], publisher)
    assert live.body_de == "Neuer deutscher Text."
    assert live.body_en != "New English text."
    copy = Article.all_objects.get(pk=copy.pk)
    assert copy.body_en == "New English text."
    with pytest.raises(WorkflowError, match="Not approved in: English"):
        workflow.publish(copy, ["en"], publisher)


def test_a_fully_published_working_copy_is_gone_and_sources_went_with_it(
    article, editor, reviewer, publisher
):
    copy = workflow.start_working_copy(article)
    Source.objects.create(article=copy, position=2, citation="Neue Quelle 2025.")
    edit(copy, editor, body_en="New English text.")
    approve_all(copy, editor, reviewer)
    live = workflow.publish(copy, ["de", "en"], publisher)
    assert not Article.all_objects.filter(pk=copy.pk).exists()
    assert [s.citation for s in live.sources.all()][-1] == "Neue Quelle 2025."
    assert live.body_en == "New English text."


def test_a_minor_change_keeps_the_date_readers_see(article, editor, reviewer, publisher):
    article.updated_on_de = article.updated_on_en = datetime.date(2024, 1, 23)
    article.save()
    copy = workflow.start_working_copy(article)
    edit(copy, editor, body_de="Tippfehler behoben.", minor_change=True)
    approve_all(copy, editor, reviewer)
    live = workflow.publish(copy, ["de"], publisher)
    assert live.updated_on_de == datetime.date(2024, 1, 23)
    assert live.reviewed_on_de == timezone.localdate()


def test_a_draft_published_in_german_only_leaves_english_readers_the_missing_notice(
    draft, editor, reviewer, publisher
):
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer, ["de"])
    live = workflow.publish(draft, ["de"], publisher)
    assert live.is_public("de") and not live.is_public("en")
    copy = workflow.working_copy_of(live)
    assert copy.body_en.startswith("Introduction")
    assert workflow.approval(copy) is not None


def test_publishing_a_language_whose_required_fields_are_empty_is_refused(
    draft, editor, reviewer, publisher
):
    edit(draft, editor, description_en="")
    approve_all(draft, editor, reviewer)
    with pytest.raises(WorkflowError, match="meta description"):
        workflow.publish(draft, ["en"], publisher)
    draft.refresh_from_db()
    assert not draft.is_published


def test_scheduling_in_the_past_is_refused(draft, editor, reviewer, publisher):
    approve_all(draft, editor, reviewer)
    now = timezone.now()
    with pytest.raises(WorkflowError, match="passed"):
        workflow.schedule(draft, ["de"], publisher, now - datetime.timedelta(minutes=1), now=now)


def test_a_scheduled_publication_happens_once_when_due(draft, editor, reviewer, publisher):
    approve_all(draft, editor, reviewer)
    now = timezone.now()
    workflow.schedule(draft, ["de", "en"], publisher, now + datetime.timedelta(hours=1), now=now)
    assert workflow.run_scheduled(now) == []
    later = now + datetime.timedelta(hours=2)
    assert workflow.run_scheduled(later) == [f"published: {draft.key} (de, en)"]
    assert workflow.run_scheduled(later) == []
    draft.refresh_from_db()
    assert draft.is_published
    published = ReviewRecord.objects.get(action="published")
    assert published.user == publisher


def test_a_scheduled_version_edited_afterwards_is_not_published(draft, editor, reviewer, publisher):
    approve_all(draft, editor, reviewer)
    now = timezone.now()
    workflow.schedule(draft, ["de"], publisher, now + datetime.timedelta(hours=1), now=now)
    edit(Article.objects.get(pk=draft.pk), editor, body_de="Nach dem Planen geändert.")
    result = workflow.run_scheduled(now + datetime.timedelta(hours=2))
    assert result[0].startswith("not published")
    draft.refresh_from_db()
    assert not draft.is_published and draft.go_live_at is None


def test_an_article_is_taken_offline_at_its_end_date(article, publisher):
    now = timezone.now()
    workflow.schedule_end(article, publisher, now + datetime.timedelta(days=1), now=now)
    assert workflow.run_scheduled(now) == []
    assert workflow.run_scheduled(now + datetime.timedelta(days=2)) == [
        f"taken offline: {article.key}"
    ]
    article.refresh_from_db()
    assert not article.is_published


def test_an_old_approval_never_matches_a_new_working_copy(article, editor, reviewer, publisher):
    copy = workflow.start_working_copy(article)
    edit(copy, editor, body_de="Erste Änderung.")
    approve_all(copy, editor, reviewer)
    workflow.publish(copy, ["de", "en"], publisher)
    article.refresh_from_db()
    again = workflow.start_working_copy(article)
    edit(again, editor, body_de="Zweite Änderung.")
    assert workflow.approval(again) is None


def test_the_comparison_keeps_only_the_text_near_a_change():
    from articles.editorial.revisions import word_diff

    unchanged = "Wort " * 200
    parts = word_diff(unchanged + "alt " + unchanged, unchanged + "neu " + unchanged)

    assert [mark for mark, _text in parts] == [" ", "-", "+", " "]
    assert len(parts[0][1]) < 200 and parts[0][1].startswith("… ")
    assert len(parts[3][1]) < 200 and parts[3][1].endswith(" …")


def test_publishing_a_version_other_than_the_one_seen_is_refused(
    draft, editor, reviewer, publisher
):
    approve_all(draft, editor, reviewer)
    with pytest.raises(WorkflowError, match="changed after you opened it"):
        workflow.publish(draft, ["de"], publisher, seen_version=draft.version - 1)
    draft.refresh_from_db()
    assert not draft.is_published
