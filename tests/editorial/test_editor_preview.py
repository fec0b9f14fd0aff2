"""Editors preview an article exactly as readers will see it, drafts and unsaved changes too."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, GlossaryTerm
from tests.admin_forms import form_data


@pytest.fixture
def metastasis(db):
    return GlossaryTerm.objects.create(
        key="metastasis",
        compounds=True,
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de="Krebszellen, die sich an einer anderen Stelle angesiedelt haben.",
        term_en="metastasis",
        slug_en="metastasis",
        variants_en="metastases",
        definition_en="Cancer cells that have settled somewhere else in the body.",
    )


@pytest.fixture
def draft(make_article, metastasis):
    return make_article(status=Article.Status.DRAFT)


def preview_url(article, language="de"):
    return f"/admin/articles/article/{article.pk}/preview/{language}/"


def test_an_editor_previews_a_draft_with_the_public_template_and_glossary(client, editor, draft):
    client.force_login(editor)

    response = client.get(preview_url(draft))

    html = response.content.decode()
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == [
        "articles/article_preview.html",
        "articles/article.html",
    ]
    assert "<h1>Knochenmetastasen verstehen</h1>" in html
    assert 'class="term-button"' in html
    assert "/de/glossar/metastase/" in html
    assert '<html lang="de">' in html


def test_the_public_page_of_the_draft_does_not_exist(client, draft):
    assert client.get("/de/artikel/knochenmetastasen-verstehen/").status_code == 404


def test_the_preview_is_never_cached_and_never_indexed(client, editor, draft):
    client.force_login(editor)

    response = client.get(preview_url(draft))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_preview_shows_each_language(client, editor, draft):
    client.force_login(editor)

    english = client.get(preview_url(draft, "en")).content.decode()

    assert '<html lang="en">' in english
    assert "<h1>Understanding bone metastases</h1>" in english
    assert "/en/glossary/metastasis/" in english
    # The language switcher leads to the preview in the other language, not to a public page.
    assert preview_url(draft, "de") in english


def test_the_preview_shows_unsaved_changes_and_saves_nothing(client, editor, draft):
    client.force_login(editor)
    change_url = f"/admin/articles/article/{draft.pk}/change/"
    data = form_data(client.get(change_url))
    data["title_de"] = ["Knochenmetastasen – neuer Titel"]
    data["body_de"] = ["Neuer Text über Metastasen.\n\n## Abschnitt\n\nMehr."]

    response = client.post(preview_url(draft), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Knochenmetastasen – neuer Titel</h1>" in html
    assert "Neuer Text über" in html
    assert 'class="term-button"' in html
    draft.refresh_from_db()
    assert draft.title_de == "Knochenmetastasen verstehen"
    assert draft.version == 1


def test_the_change_form_offers_a_preview_per_language(client, editor, draft):
    client.force_login(editor)

    html = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()

    for language in ("de", "en"):
        assert f'formaction="{preview_url(draft, language)}"' in html
        assert f'href="{preview_url(draft, language)}"' in html
    assert 'formtarget="_blank"' in html


def test_an_anonymous_visitor_is_sent_to_the_login(client, draft):
    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_reader_with_an_account_but_no_staff_status_is_sent_to_the_login(client, draft):
    reader = get_user_model().objects.create_user("rita", "rita@example.org", "x" * 16)
    client.force_login(reader)

    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_moderator_may_not_preview_articles(client, moderator, draft):
    client.force_login(moderator)

    assert client.get(preview_url(draft)).status_code == 403
    assert client.post(preview_url(draft), {}).status_code == 403


def test_an_unknown_language_or_article_is_not_found(client, editor, draft):
    client.force_login(editor)

    assert client.get(preview_url(draft, "fr")).status_code == 404
    assert client.get("/admin/articles/article/999/preview/de/").status_code in (302, 404)
