"""The pages that list articles or glossary terms ask the database the same number of questions
however many there are: their cost grows with what they show, not with the catalogue."""

from tests.test_article_queries import queries_for

PAGES = [
    "/de/",
    "/en/",
    "/de/themen/behandlung/",
    "/de/glossar/",
    "/de/glossar/a/",
    "/de/glossar/abwort-000/",
]


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
