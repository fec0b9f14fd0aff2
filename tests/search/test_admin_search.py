"""The admin's search box finds articles and glossary terms by their text in either language."""

import pytest

from articles.models import GlossaryTerm


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def found(client, model: str, query: str, **filters) -> list[str]:
    response = client.get(f"/admin/articles/{model}/", {"q": query, **filters})
    assert response.status_code == 200
    return sorted(row.key for row in response.context["cl"].result_list)


def test_the_article_list_finds_words_of_the_text_in_both_languages(editing, make_article):
    make_article(body_de="Bisphosphonate stärken den Knochen.", body_en="Denosumab helps.")
    make_article(key="other", slug_de="anderes", slug_en="other", body_de="Nichts.")

    assert found(editing, "article", "Bisphosphonate") == ["bone-metastases"]
    assert found(editing, "article", "denosumab") == ["bone-metastases"]
    assert found(editing, "article", "other") == ["other"]  # keys and titles still count
    assert found(editing, "article", "Denosumab", status__exact="draft") == []


def test_the_glossary_list_finds_words_of_the_definitions_in_both_languages(editing, db):
    GlossaryTerm.objects.create(
        key="ascites", term_de="Aszites", slug_de="aszites", definition_de="Bauchwasser.",
        term_en="ascites", slug_en="ascites", definition_en="Fluid in the belly.",
    )  # fmt: skip
    GlossaryTerm.objects.create(
        key="liver", term_de="Leber", slug_de="leber", definition_de="Ein Organ."
    )

    assert found(editing, "glossaryterm", "Bauchwasser") == ["ascites"]
    assert found(editing, "glossaryterm", "belly") == ["ascites"]
    assert found(editing, "glossaryterm", "Organ") == ["liver"]
