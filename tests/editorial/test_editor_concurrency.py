"""A save over someone else's newer save is refused instead of overwriting their work."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article, GlossaryTerm
from tests.admin_forms import errors, form_data, send, submit


@pytest.fixture
def article(make_article):
    """A draft: editors change it in place (a published one through its working copy)."""
    return make_article(status=Article.Status.DRAFT)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def erika(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def emil(db, django_user_model):
    """A second editor, in a browser of his own."""
    user = django_user_model.objects.create_user("emil", "emil@example.org", "x" * 16)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    return browser


def test_the_form_carries_the_version_it_was_opened_at(erika, article):
    Article.objects.filter(pk=article.pk).update(version=7)

    data = form_data(erika.get(change_url(article)))

    assert data["edit_version"] == ["7"]


def test_a_save_raises_the_version(erika, article):
    response = submit(erika, change_url(article), {"title_de": "Neuer Titel"})

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert (article.title_de, article.version) == ("Neuer Titel", 2)


def test_a_save_from_a_form_opened_before_another_save_is_refused(erika, emil, article):
    erikas_page = erika.get(change_url(article))
    emils_save = submit(emil, change_url(article), {"title_en": "Emil's title"})

    erikas_save = send(erika, change_url(article), erikas_page, {"title_de": "Erikas Titel"})

    assert emils_save.status_code == 302
    assert erikas_save.status_code == 200
    [message] = errors(erikas_save)
    assert message.startswith("Someone else saved this article after you opened it.")
    assert "Last saved by emil" in message
    article.refresh_from_db()
    assert (article.title_de, article.title_en) == ("Knochenmetastasen verstehen", "Emil's title")
    # Her text is still in the form, so nothing she typed is lost.
    assert "Erikas Titel" in erikas_save.content.decode()


def test_the_refused_save_can_be_made_after_opening_the_article_again(erika, emil, article):
    erikas_page = erika.get(change_url(article))
    submit(emil, change_url(article), {"title_en": "Emil's title"})
    send(erika, change_url(article), erikas_page, {"title_de": "Erikas Titel"})

    again = submit(erika, change_url(article), {"title_de": "Erikas Titel"})

    assert again.status_code == 302
    article.refresh_from_db()
    assert (article.title_de, article.title_en) == ("Erikas Titel", "Emil's title")


def test_a_form_without_its_version_is_refused(erika, article):
    page = erika.get(change_url(article))
    data = form_data(page)
    del data["edit_version"]

    response = erika.post(change_url(article), data)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.version == 1


def test_a_glossary_change_renders_articles_again_without_outdating_open_forms(
    erika, article, django_capture_on_commit_callbacks
):
    page = erika.get(change_url(article))
    # Committed, the change queues the article's rendering (run at once in the tests).
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            key="bone",
            term_de="Knochen",
            slug_de="knochen",
            definition_de="Das Gerüst des Körpers.",
        )
    article.refresh_from_db()
    assert "term-button" in article.summary_html_de
    assert article.version == 1

    response = send(erika, change_url(article), page, {"title_de": "Neuer Titel"})

    assert response.status_code == 302, errors(response)
