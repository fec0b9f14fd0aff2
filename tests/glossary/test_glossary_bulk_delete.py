"""Terms deleted from the glossary list leave no toggletip behind, as one deleted from its page."""

import pytest
from django.urls import reverse
from django.utils.translation import override
from django_tasks import default_task_backend

from articles.models import GlossaryTerm, TermUsage


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def terms(db, committed):
    with committed():
        metastasis = GlossaryTerm.objects.create(
            key="metastasis",
            term_de="Metastase",
            slug_de="metastase",
            variants_de="Metastasen",
            definition_de="Krebszellen an einer anderen Stelle im Körper.",
            term_en="metastasis",
            slug_en="metastasis",
            variants_en="metastases",
            definition_en="Cancer cells somewhere else in the body.",
        )
        bone = GlossaryTerm.objects.create(
            key="bone",
            term_de="Knochen",
            slug_de="knochen",
            definition_de="Das Gerüst des Körpers.",
            term_en="bone",
            slug_en="bone",
            definition_en="The frame of the body.",
        )
    return metastasis, bone


def delete_from_the_list(client, terms):
    return client.post(
        "/admin/articles/glossaryterm/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in terms], "post": "yes"},
    )


def public_page(client, article, language):
    with override(language):
        slug = article.slug
        return client.get(reverse("articles:article", kwargs={"slug": slug})).content


def test_terms_deleted_with_the_lists_bulk_action_leave_no_toggletip_in_articles(
    client, editor, terms, make_article, committed
):
    with committed():
        article = make_article()
    assert b"term-button" in public_page(client, article, "de")
    assert b"term-button" in public_page(client, article, "en")
    client.force_login(editor)

    with committed():
        response = delete_from_the_list(client, terms)

    assert response.status_code == 302
    assert not GlossaryTerm.objects.exists()
    assert not TermUsage.objects.exists()
    client.logout()
    for language in ("de", "en"):
        page = public_page(client, article, language)
        assert b"term-button" not in page
        for slug in (b"metastase", b"knochen", b"metastasis", b"bone"):
            assert b"/" + slug + b"/" not in page


def test_the_bulk_delete_leaves_the_rendering_to_the_background_worker(
    client, editor, terms, make_article, committed, settings
):
    with committed():
        article = make_article(summary_de="", body_de="Metastasen im Knochen.")
    assert "term-button" in article.body_html_de
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(editor)

    with committed():
        delete_from_the_list(client, terms)

    article.refresh_from_db()
    assert "term-button" in article.body_html_de  # not rendered in the request
    queued = default_task_backend.results
    assert [r.task.name for r in queued] == ["render_articles_of_removed_term"] * 2
