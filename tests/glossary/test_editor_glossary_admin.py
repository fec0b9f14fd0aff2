"""Each glossary term shows where it is used; terms no article uses are easy to find."""

import pytest

from articles.models import GlossaryTerm


@pytest.fixture
def terms(db):
    metastasis = GlossaryTerm.objects.create(
        key="metastasis",
        compounds=True,
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de="Krebszellen an einer anderen Stelle im Körper.",
        term_en="metastasis",
        slug_en="metastasis",
        variants_en="metastases",
        definition_en="Cancer cells somewhere else in the body.",
    )
    unused = GlossaryTerm.objects.create(
        key="lymphedema",
        term_de="Lymphödem",
        slug_de="lymphoedem",
        definition_de="Eine Schwellung durch gestaute Lymphflüssigkeit.",
    )
    return metastasis, unused


def test_a_term_lists_the_articles_that_use_it_per_language(editing, terms, make_article):
    metastasis, _unused = terms
    article = make_article(summary_en="- Nothing to explain here.", body_en="Plain text.")

    html = editing.get(f"/admin/articles/glossaryterm/{metastasis.pk}/change/").content.decode()

    used_in = html[html.index("Use in articles") :]
    german, english = used_in.split("English", 1)
    assert f'href="/admin/articles/article/{article.pk}/change/">Knochenmetastasen verstehen<' in (
        german
    )
    assert "No article uses it in this language." in english


def test_the_unused_filter_lists_terms_no_article_uses(editing, terms, article):
    metastasis, unused = terms
    article.save()  # renders again, now with the glossary

    unused_list = editing.get("/admin/articles/glossaryterm/", {"usage": "unused"})
    used_list = editing.get("/admin/articles/glossaryterm/", {"usage": "used"})

    assert [t.key for t in unused_list.context["cl"].result_list] == [unused.key]
    assert [t.key for t in used_list.context["cl"].result_list] == [metastasis.key]


def test_the_list_counts_the_articles_using_each_term(editing, terms, article):
    article.save()

    html = editing.get("/admin/articles/glossaryterm/").content.decode()

    assert '<td class="field-article_count">1</td>' in html
    assert '<td class="field-article_count">0</td>' in html
