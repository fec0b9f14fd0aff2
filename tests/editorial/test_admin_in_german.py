"""The German admin speaks German: its header, the topics selector, history entries and the
delete confirmation of a glossary term."""

import json

import pytest

from articles.models import Feedback, GlossaryTerm
from tests.admin_forms import submit


@pytest.fixture
def german(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return client


def test_the_header_and_title_name_the_site_not_django(german, editor):
    german.force_login(editor)

    page = german.get("/admin/").content.decode()

    assert "healthinfo: Redaktion" in page
    assert "<title>Artikel, Glossar und Rückmeldungen | healthinfo Redaktion</title>" in page
    assert "Django" not in page


def test_the_admins_javascript_catalog_has_german_for_the_topics_selector(german, editor):
    german.force_login(editor)

    catalog = german.get("/admin/jsi18n/").content.decode()

    for german_text in (
        "Markieren Sie %s und klicken Sie dann auf den Pfeil „Auswählen“.",
        "Alle %s auswählen",
        "Markierte %s entfernen",
    ):
        assert json.dumps(german_text)[1:-1] in catalog


def test_the_history_names_changed_translated_fields_in_german(german, editor, article):
    german.force_login(editor)
    response = submit(
        german,
        f"/admin/articles/article/{article.pk}/change/",
        {"summary_de": "- Neu zusammengefasst."},
    )
    assert response.status_code == 302
    copy = response["Location"].split("/")[-3]

    history = german.get(f"/admin/articles/article/{copy}/history/").content.decode()

    assert "Zusammenfassung (Deutsch)" in history
    assert "Summary (German)" not in history


def test_the_feedback_history_names_the_assignee_field_in_german(german, moderator, article):
    feedback = Feedback.objects.create(
        article=article, language="de", article_updated_on=article.updated_on, rating=4,
        comment="Gut.",
    )  # fmt: skip
    german.force_login(moderator)
    url = f"/admin/articles/feedback/{feedback.pk}/"
    german.post(f"{url}change/", {"status": "new", "assignee": moderator.pk})

    history = german.get(f"{url}history/").content.decode()

    assert "Zugewiesen an" in history
    assert "Assigned to" not in history


def test_the_delete_confirmation_of_a_term_names_its_uses_in_german(german, editor, make_article):
    term = GlossaryTerm.objects.create(
        key="metastasis", term_de="Metastase", slug_de="metastase", variants_de="Metastasen",
        definition_de="Krebszellen an einer anderen Stelle.",
    )  # fmt: skip
    make_article()
    german.force_login(editor)

    page = german.get(f"/admin/articles/glossaryterm/{term.pk}/delete/").content.decode()

    assert "Verwendungen in Artikeln" in page
    assert "Term usage" not in page
