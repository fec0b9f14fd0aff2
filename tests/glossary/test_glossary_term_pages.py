"""Each glossary term has a page of its own, and its old addresses keep leading to it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from articles.models import Article, GlossaryTerm, PreviousAddress, TermUsage

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(db):
    return GlossaryTerm.objects.create(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        definition_de="Eine Absiedlung von Krebszellen an einer anderen Stelle im Körper.",
        explanation_de="Metastasen entstehen, wenn Krebszellen **wandern**.",
        term_en="metastasis",
        slug_en="metastasis",
        definition_en="Cancer cells that have settled somewhere else in the body.",
    )


def test_a_term_has_its_own_page_in_each_language(client, term):
    german = client.get("/de/glossar/metastase/")
    english = client.get("/en/glossary/metastasis/")

    assert german.status_code == english.status_code == 200
    assert "<h1>Metastase</h1>" in german.content.decode()
    assert "<strong>wandern</strong>" in german.content.decode()
    assert "Cancer cells that have settled" in english.content.decode()
    assert term.get_absolute_url("en") == "/en/glossary/metastasis/"


def test_an_unknown_term_is_not_found_and_one_whose_language_was_removed_is_gone(client, term):
    term.definition_en = ""
    term.save()

    assert client.get("/de/glossar/gibt-es-nicht/").status_code == 404
    assert client.get("/en/glossary/metastasis/").status_code == 410
    assert client.get("/de/glossar/metastase/").status_code == 200


def test_the_page_lists_the_published_articles_that_use_the_term(client, term, make_article):
    published = make_article()
    draft = make_article(key="draft", slug_de="entwurf", slug_en="draft", status="draft")
    for article in (published, draft):
        TermUsage.objects.get_or_create(article=article, term=term, language="de")

    page = client.get("/de/glossar/metastase/").content.decode()

    assert published.get_absolute_url("de") in page
    assert draft.get_absolute_url("de") not in page


def test_a_changed_address_leads_permanently_to_the_new_one(client, term):
    term.slug_de = "metastasen"
    term.save()
    term.slug_de = "absiedlung"
    term.save()

    for old in ("/de/glossar/metastase/", "/de/glossar/metastasen/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/de/glossar/absiedlung/"
    assert client.get("/en/glossary/metastasis/").status_code == 200


def test_a_deleted_term_is_gone(client, term):
    term.delete()

    assert client.get("/de/glossar/metastase/").status_code == 410
    assert PreviousAddress.objects.get(path="/de/glossar/metastase/").object_id is None


def test_another_term_cannot_take_an_address_that_leads_to_a_term(term):
    term.slug_de = "absiedlung"
    term.save()
    other = GlossaryTerm(
        key="other",
        term_de="Andere",
        slug_de="metastase",
        definition_de="Etwas anderes.",
    )

    with override("en"), pytest.raises(ValidationError, match="used to belong to another page"):
        other.full_clean()
    assert not Article.objects.exists()
