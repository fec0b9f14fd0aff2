"""Drafts may be incomplete; publishing needs both languages, sources and a review date."""

import datetime

import pytest
from django.utils.translation import override

from articles.editorial import workflow
from articles.editorial.publishing import missing_for_publishing
from articles.models import Article, ReviewRecord
from tests.admin_forms import errors, form_data, submit

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def draft(make_article):
    return make_article(status=Article.Status.DRAFT)


@pytest.fixture
def publishing(client, publisher):
    """Paula, who may publish, logged in, with the admin in English."""
    client.force_login(publisher)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_draft_can_be_saved_with_nothing_but_its_key(editing):
    response = submit(editing, ADD_URL, {"key": "new-draft", "status": "draft"})

    assert response.status_code == 302, errors(response)
    article = Article.objects.get(key="new-draft")
    assert article.status == Article.Status.DRAFT
    assert not any([article.title_de, article.title_en, article.body_de, article.body_en])


def review_url(article):
    return f"/admin/articles/article/{article.pk}/review/"


@pytest.fixture
def approved(editor, reviewer):
    """``approved(article)``: sent for review by Erika and approved by Anna in both languages."""

    def approve(row):
        workflow.note_edit(row, editor)
        workflow.submit(row, editor)
        workflow.approve(row, reviewer, ["de", "en"])
        return row

    return approve


def press_publish(client, row, languages=("de", "en")):
    return client.post(
        review_url(row), {"version": row.version, "action": "publish", "languages": languages}
    )


def test_publishing_an_incomplete_article_names_each_missing_field_and_language(
    publishing, draft, approved
):
    draft.summary_en = ""
    draft.description_de = ""
    draft.next_update_on = None
    draft.save()
    draft.sources.all().delete()
    approved(draft)

    response = press_publish(publishing, draft)

    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "German: the field “meta description” is empty.",
        "English: the field “summary” is empty.",
        "The next planned update is not set.",
        "At least one source is needed.",
    ):
        assert message in page
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_messages_are_translated(publishing, draft, approved):
    draft.title_en = "Titel fehlt bald"
    draft.save()
    approved(draft)
    Article.objects.filter(pk=draft.pk).update(title_en="")

    publishing.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = press_publish(publishing, Article.objects.get(pk=draft.pk))

    assert "Englisch: Das Feld „Titel“ ist leer." in response.content.decode()


def test_an_urgent_advice_box_without_a_title_stops_publishing_in_its_language(draft):
    draft.body_en = "Intro.\n\n!!! immediate\n    Call 112.\n"
    with override("en"):
        missing = missing_for_publishing(draft, 1)

    assert [(m.field, m.message) for m in missing] == [
        (
            "body_en",
            "English: the urgent-advice box in line 3 of “text” needs a title saying what to do, "
            "and text below it.",
        )
    ]


def test_a_missing_alt_text_stops_publishing_only_when_there_is_an_image(draft):
    assert missing_for_publishing(draft, 1) == []

    draft.image.name = "articles/title.svg"
    with override("en"):
        missing = missing_for_publishing(draft, 1)

    assert [m.field for m in missing] == ["image_alt_de", "image_alt_en"]


def test_an_approved_article_is_published_and_the_record_says_who_and_when(
    publishing, publisher, draft, approved
):
    response = press_publish(publishing, approved(draft))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.first_published_at is not None
    record = ReviewRecord.objects.get(article=draft, action="published")
    assert record.user == publisher
    assert abs(record.created_at - draft.first_published_at) < datetime.timedelta(seconds=5)


def test_taking_an_article_offline_is_recorded_and_keeps_the_first_publication_date(
    publishing, publisher, draft, approved
):
    press_publish(publishing, approved(draft))
    draft.refresh_from_db()
    first = draft.first_published_at

    publishing.post(review_url(draft), {"action": "unpublish"})

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.first_published_at == first
    assert ReviewRecord.objects.filter(article=draft, action="unpublished", user=publisher)


def test_a_working_copy_without_sources_is_not_published(editing, publishing, article, approved):
    page = editing.get(change_url(article), follow=True)
    url = page.request["PATH_INFO"]
    data = form_data(page)
    data["sources-0-DELETE"] = ["on"]
    assert editing.post(url, data).status_code == 302
    copy = workflow.working_copy_of(article)
    approved(copy)

    response = press_publish(publishing, copy)

    assert "At least one source is needed." in response.content.decode()
    assert article.sources.count() == 1


def test_the_publish_action_publishes_approved_versions_and_explains_the_others(
    publishing, make_article, approved
):
    ready = approved(make_article(status=Article.Status.DRAFT))
    waiting = make_article(
        key="waiting", status=Article.Status.DRAFT, slug_de="wartet", slug_en="waiting"
    )

    response = publishing.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [ready.pk, waiting.pk]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED
    assert waiting.status == Article.Status.DRAFT
    assert "1 article published." in messages
    assert (
        "“Understanding bone metastases” was not published: No approved version is waiting."
        in messages
    )


def test_the_unpublish_action_takes_articles_offline(publishing, publisher, article):
    publishing.post(
        "/admin/articles/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert ReviewRecord.objects.filter(article=article, action="unpublished", user=publisher)


def test_an_editor_who_may_not_publish_cannot_put_an_article_online(editing, draft):
    page = editing.get(change_url(draft))
    response = submit(editing, change_url(draft), {"status": "published"})

    assert 'name="status"' not in page.content.decode()  # shown, not offered
    assert response.status_code == 302, errors(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_an_editor_who_may_not_publish_cannot_use_the_publish_actions(
    editing, article, make_article
):
    draft = make_article(key="other", slug_de="anderer", slug_en="other", status="draft")
    for action, chosen in (("publish_selected", draft), ("unpublish_selected", article)):
        editing.post(
            "/admin/articles/article/", {"action": action, "_selected_action": [chosen.pk]}
        )
    draft.refresh_from_db()
    article.refresh_from_db()
    assert (draft.status, article.status) == (Article.Status.DRAFT, Article.Status.PUBLISHED)


def test_an_editors_save_of_a_published_article_publishes_nothing(editing, article):
    submit(editing, change_url(article), {"body_de": "Einleitung, korrigiert."})
    article.refresh_from_db()
    assert article.body_de != "Einleitung, korrigiert."
    assert not ReviewRecord.objects.filter(action="published").exists()
