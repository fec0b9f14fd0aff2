"""The pages that list articles or glossary terms ask the database the same number of questions
however many there are: their cost grows with what they show, not with the catalogue."""

import pytest

from articles.models import GlossaryTerm, TermUsage
from tests.test_article_queries import queries_for
from tests.test_pages import NOT_IN_GERMAN

PAGES = [
    "/de/",
    "/en/",
    "/de/themen/behandlung/",
    "/de/glossar/",
    "/de/glossar/a/",
    "/de/glossar/abwort-000/",
]


@pytest.fixture
def catalogue(make_article):
    """Grows to ``count`` articles on one topic (every fifth only in English) and ``count``
    glossary terms under A, each article using each term."""
    made = []
    terms = []

    def grow(count: int):
        for n in range(len(terms), count):
            terms.append(
                GlossaryTerm.objects.create(
                    key=f"word-{n:03d}",
                    term_de=f"Abwort {n:03d}",
                    slug_de=f"abwort-{n:03d}",
                    definition_de="Ein Wort, kurz erklärt.",
                    term_en=f"a-word {n:03d}",
                    slug_en=f"a-word-{n:03d}",
                    definition_en="A word, explained.",
                )
            )
        for n in range(len(made), count):
            untranslated = NOT_IN_GERMAN if n % 5 == 4 else {}
            values = {"slug_de": f"artikel-{n:03d}", "title_de": f"Artikel {n:03d}", **untranslated}
            made.append(make_article(key=f"article-{n:03d}", slug_en=f"article-{n:03d}", **values))
        TermUsage.objects.bulk_create(
            [
                TermUsage(article=article, term=term, language=code)
                for article in made
                for term in terms
                for code in ("de", "en")
            ],
            ignore_conflicts=True,
        )

    return grow


def test_each_list_page_makes_as_many_queries_for_sixty_articles_and_terms_as_for_five(
    client, catalogue
):
    catalogue(5)
    few = {url: queries_for(client, url) for url in PAGES}

    catalogue(60)
    many = {url: queries_for(client, url) for url in PAGES}

    # The whole catalogue is made once (it takes seconds); the numbers are compared per page.
    assert {url: len(sql) for url, sql in many.items()} == {
        url: len(sql) for url, sql in few.items()
    }


def test_a_list_page_reads_no_article_text(client, catalogue):
    catalogue(5)

    for url in PAGES:
        for sql in queries_for(client, url):
            assert "body_html" not in sql, url
            assert '"body_de",' not in sql and '"body_en",' not in sql, url
