"""The review workflow in the admin: working copies, the review page, the index's lists."""

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.editorial import workflow
from articles.models import Article, ReviewRecord
from tests.admin_forms import errors, submit

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def review_url(article):
    return f"/admin/articles/article/{article.pk}/review/"


def as_user(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def press(client, article, action, **fields):
    page = client.get(review_url(article))
    data = {"version": page.context["form"].initial["version"], "action": action}
    data.update(fields)
    return client.post(review_url(article), data)


def test_an_editor_opening_a_published_article_edits_its_working_copy(client, editor, article):
    response = as_user(client, editor).get(change_url(article))

    copy = workflow.working_copy_of(article)
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    response = submit(client, change_url(copy), {"body_de": "Ganz neuer Text."})
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert "Ganz neuer Text" not in article.body_de
    assert "Ganz neuer Text" not in client.get(article.get_absolute_url("de")).content.decode()
    assert Article.all_objects.get(pk=copy.pk).body_de == "Ganz neuer Text."


def test_the_review_page_shows_the_change_word_by_word(client, editor, article):
    as_user(client, editor).get(change_url(article))
    copy = workflow.working_copy_of(article)
    body = article.body_en.replace("Introduction.", "Introduction. Welcome.")
    submit(client, change_url(copy), {"body_en": body.replace("More.", "")})

    page = client.get(review_url(article)).content.decode()
    assert '<ins><span class="visually-hidden">added: </span> Welcome.</ins>' in page
    assert "More.</del>" in page
    assert "text (English)" in page


def test_the_whole_path_from_edit_to_readers_runs_through_the_review_page(
    client, editor, reviewer, publisher, article
):
    as_user(client, editor).get(change_url(article))
    copy = workflow.working_copy_of(article)
    submit(client, change_url(copy), {"body_de": "Neuer geprüfter Text."})
    assert press(client, copy, "submit").status_code == 302

    as_user(client, reviewer)
    assert (
        press(client, copy, "approve", languages=["de", "en"], comment="Geprüft.").status_code
        == 302
    )
    as_user(client, publisher)
    assert press(client, copy, "publish", languages=["de"]).status_code == 302

    article.refresh_from_db()
    assert article.body_de == "Neuer geprüfter Text."
    assert article.reviewer_de == "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"
    steps = list(ReviewRecord.objects.order_by("created_at").values_list("action", flat=True))
    assert steps == ["submitted", "approved", "published"]


def test_a_refused_step_keeps_the_comment_and_names_the_reason(client, editor, reviewer, draft_for):
    draft = draft_for(editor)
    as_user(client, editor)
    press(client, draft, "submit")
    as_user(client, editor)
    editor.groups.add(reviewer.groups.first())
    from articles.models import ReviewerProfile

    ReviewerProfile.objects.create(user=editor, name="Erika E.", qualification="Ärztin")
    response = press(client, draft, "approve", languages=["de"], comment="Mein eigener Text.")

    assert response.status_code == 200
    assert "nobody approves their own change" in response.content.decode()
    assert "Mein eigener Text." in response.content.decode()
    assert not ReviewRecord.objects.filter(action="approved").exists()


def test_editors_are_not_offered_publishing_and_cannot_force_it(
    client, editor, reviewer, draft_for
):
    draft = draft_for(editor)
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer, ["de", "en"])
    as_user(client, editor)

    assert 'value="publish"' not in client.get(review_url(draft)).content.decode()
    response = press(client, draft, "publish", languages=["de", "en"])
    assert "Only publishers publish" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_admin_index_lists_what_waits_for_each_person(
    client, editor, reviewer, publisher, draft_for
):
    draft = draft_for(editor)
    workflow.submit(draft, editor)
    index = as_user(client, reviewer).get("/admin/").content.decode()
    assert "Waiting for your review (1)" in index
    workflow.approve(draft, reviewer, ["de", "en"])
    index = as_user(client, publisher).get("/admin/").content.decode()
    assert "Approved, waiting to be published (1)" in index
    assert "Waiting for your review" not in index


def test_the_history_shows_the_review_records(client, editor, reviewer, draft_for):
    draft = draft_for(editor)
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer, ["de"], comment="Zahlen stimmen.")
    page = as_user(client, editor).get(f"/admin/articles/article/{draft.pk}/history/")
    content = page.content.decode()
    assert "Zahlen stimmen." in content
    assert "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie" in content


def test_scheduling_in_the_past_is_refused_with_the_time_kept(
    client, editor, reviewer, publisher, draft_for
):
    draft = draft_for(editor)
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer, ["de", "en"])
    as_user(client, publisher)
    past = timezone.localtime() - timezone.timedelta(days=1)
    response = press(
        client, draft, "schedule", languages=["de"], go_live_at=past.strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 200
    assert "has passed" in response.content.decode()
    assert past.strftime("%Y-%m-%dT%H:%M") in response.content.decode()


@pytest.fixture
def draft_for(make_article):
    def make(user):
        draft = make_article(status=Article.Status.DRAFT)
        workflow.note_edit(draft, user)
        return draft

    return make


def test_a_reviewer_reads_the_pending_version_but_cannot_change_it(
    client, editor, reviewer, article
):
    copy = workflow.start_working_copy(article)
    workflow.note_edit(copy, editor)
    as_user(client, reviewer)

    opened = client.get(change_url(article))
    assert opened["Location"] == change_url(copy)
    page = client.get(change_url(copy)).content.decode()
    assert 'name="body_de"' not in page  # shown, not offered
    assert client.post(change_url(copy), {"body_de": "Von der Prüferin."}).status_code == 403


def test_a_moderator_cannot_act_on_the_review_page(client, moderator, draft_for, editor):
    draft = draft_for(editor)
    as_user(client, moderator)
    response = client.post(review_url(draft), {"action": "submit", "version": draft.version})
    assert response.status_code == 403
    assert not ReviewRecord.objects.exists()


def test_reverting_a_published_article_is_refused_so_readers_see_only_reviewed_text(
    client, editor, article
):
    as_user(client, editor)
    with reversion.create_revision():
        article.save()
    revision = Version.objects.get_for_object(article).first()
    url = f"/admin/articles/article/{article.pk}/history/{revision.pk}/"

    response = client.post(url, {"title_de": "Zurückgesetzt"}, follow=True)
    article.refresh_from_db()
    assert article.title_de == "Knochenmetastasen verstehen"
    assert "only through its working copy" in response.content.decode()


def test_only_publishers_delete_a_published_article(client, editor, publisher, article):
    delete = f"/admin/articles/article/{article.pk}/delete/"
    assert as_user(client, editor).post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    copy = workflow.start_working_copy(article)
    discard = f"/admin/articles/article/{copy.pk}/delete/"
    assert client.post(discard, {"post": "yes"}).status_code == 302
    assert not Article.all_objects.filter(pk=copy.pk).exists()
    assert as_user(client, publisher).post(delete, {"post": "yes"}).status_code == 302


def test_a_recovered_article_comes_back_as_a_draft(client, publisher, article):
    with reversion.create_revision():
        article.save()
    as_user(client, publisher).post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
    )
    version = Version.objects.get_deleted(Article).first()

    response = submit(client, f"/admin/articles/article/recover/{version.pk}/")

    assert response.status_code == 302, errors(response)
    recovered = Article.objects.get(key=article.key)
    assert recovered.status == Article.Status.DRAFT
