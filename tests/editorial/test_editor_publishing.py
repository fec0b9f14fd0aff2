"""Drafts may be incomplete; publishing needs both languages, sources and a review date."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.utils.translation import override

from articles.editorial.publishing import missing_for_publishing
from articles.models import Article
from tests.admin_forms import errors, form_data, submit

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def draft(make_article):
    return make_article(status=Article.Status.DRAFT)


@pytest.fixture
def editing(client, editor):
    """Erika, logged in, with the admin in English."""
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


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


def test_publishing_an_incomplete_article_names_each_missing_field_and_language(publishing, draft):
    draft.summary_en = ""
    draft.description_de = ""
    draft.next_update_on = None
    draft.save()
    draft.sources.all().delete()

    response = submit(publishing, change_url(draft), {"status": "published"})

    assert response.status_code == 200
    assert sorted(errors(response)) == sorted(
        [
            "German: the field “meta description” is empty.",
            "English: the field “summary” is empty.",
            "The next planned update is not set.",
            "At least one source is needed.",
        ]
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_messages_are_translated(publishing, draft):
    draft.title_en = ""
    draft.save()

    publishing.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = submit(publishing, change_url(draft), {"status": "published"})

    assert "Englisch: Das Feld „Titel“ ist leer." in errors(response)


def test_a_missing_alt_text_stops_publishing_only_when_there_is_an_image(draft):
    assert missing_for_publishing(draft, 1) == []

    draft.image.name = "articles/title.svg"
    with override("en"):
        missing = missing_for_publishing(draft, 1)

    assert [m.field for m in missing] == ["image_alt_de", "image_alt_en"]


def test_a_complete_article_is_published_and_the_log_says_who_and_when(
    publishing, publisher, draft
):
    response = submit(publishing, change_url(draft), {"status": "published"})

    assert response.status_code == 302, errors(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.first_published_at is not None
    entry = LogEntry.objects.filter(object_id=str(draft.pk), change_message="Published.").get()
    assert entry.user == publisher
    assert abs(entry.action_time - draft.first_published_at) < datetime.timedelta(seconds=5)


def test_unpublishing_is_logged_and_keeps_the_first_publication_date(publishing, publisher, draft):
    submit(publishing, change_url(draft), {"status": "published"})
    draft.refresh_from_db()
    first = draft.first_published_at

    submit(publishing, change_url(draft), {"status": "draft"})

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.first_published_at == first
    messages = list(
        LogEntry.objects.filter(object_id=str(draft.pk), user=publisher)
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert "Published." in messages
    assert "Unpublished (back to draft)." in messages


def test_removing_every_source_of_a_published_article_is_refused(editing, article):
    page = editing.get(change_url(article))
    data = form_data(page)
    data["sources-0-DELETE"] = ["on"]

    response = editing.post(change_url(article), data)

    assert response.status_code == 200
    assert "At least one source is needed." in errors(response)
    assert article.sources.count() == 1


def test_a_published_article_may_keep_a_gap_it_had_but_not_gain_one(editing, article):
    # Published with German only: the English translation is still to come.
    Article.objects.filter(pk=article.pk).update(
        title_en="", slug_en="", summary_en="", body_en="", description_en=""
    )

    fix_typo = submit(editing, change_url(article), {"body_de": "Einleitung, korrigiert."})
    empty_summary = submit(editing, change_url(article), {"summary_de": ""})

    assert fix_typo.status_code == 302, errors(fix_typo)
    assert empty_summary.status_code == 200
    assert errors(empty_summary) == ["German: the field “summary” is empty."]


def test_the_publish_action_publishes_complete_drafts_and_explains_the_others(
    publishing, publisher, make_article
):
    complete = make_article(status=Article.Status.DRAFT)
    incomplete = make_article(
        key="incomplete",
        status=Article.Status.DRAFT,
        slug_de="unvollstaendig",
        slug_en="incomplete",
        body_en="",
    )

    response = publishing.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [complete.pk, incomplete.pk]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    complete.refresh_from_db()
    incomplete.refresh_from_db()
    assert complete.status == Article.Status.PUBLISHED
    assert incomplete.status == Article.Status.DRAFT
    assert "1 article published." in messages
    assert (
        "“Understanding bone metastases” was not published: English: the field “text” is empty."
        in messages
    )
    assert LogEntry.objects.filter(
        object_id=str(complete.pk), user=publisher, change_message="Published."
    ).exists()


def test_the_unpublish_action_sets_articles_back_to_draft(publishing, publisher, article):
    publishing.post(
        "/admin/articles/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert LogEntry.objects.filter(
        object_id=str(article.pk), user=publisher, change_message="Unpublished (back to draft)."
    ).exists()


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


def test_an_editors_save_of_a_published_article_is_not_logged_as_publishing(editing, article):
    submit(editing, change_url(article), {"body_de": "Einleitung, korrigiert."})
    assert not LogEntry.objects.filter(change_message__contains="Published.").exists()
