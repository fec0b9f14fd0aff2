"""The search page a page at a time, and queries no reader means: always a page, quickly."""

import random
import string

import lxml.html
import pytest
from django.urls import reverse
from django.utils.translation import override

from articles.search.query import PAGE_SIZE


def get(client, language: str, **params):
    with override(language):
        url = reverse("articles:search")
    return client.get(url, params)


def page_of(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


@pytest.fixture
def twelve_articles(make_article):
    return [
        make_article(
            key=f"article-{n:02}",
            slug_de=f"artikel-{n:02}",
            slug_en=f"article-{n:02}",
            title_en=f"Zoledronate {n:02}",
            body_en="Zoledronate protects the bones.",
        )
        for n in range(12)
    ]


def test_results_come_ten_to_a_page_with_links_to_the_others(client, twelve_articles):
    first = page_of(get(client, "en", q="zoledronate"))
    second = page_of(get(client, "en", q="zoledronate", page="2"))

    assert len(first.xpath("//main//ol[@class='search-results']/li")) == PAGE_SIZE
    assert len(second.xpath("//main//ol[@class='search-results']/li")) == 2
    for page in (first, second):
        assert page.xpath("//main//h2")[0].text_content() == "12 articles"
    assert first.xpath("//p[@class='search-count']")[0].text_content() == "Results 1 to 10 of 12"
    assert second.xpath("//p[@class='search-count']")[0].text_content() == "Results 11 to 12 of 12"
    assert second.xpath("//main//ol[@class='search-results']/@start") == ["11"]
    shown = first.xpath("//main//h3/a/text()") + second.xpath("//main//h3/a/text()")
    assert sorted(shown) == [f"Zoledronate {n:02}" for n in range(12)]
    assert "page 2 of 2" in second.xpath("//title")[0].text_content()


def test_the_page_links_say_where_they_lead_and_which_page_is_shown(client, twelve_articles):
    first = page_of(get(client, "en", q="zoledronate"))
    second = page_of(get(client, "en", q="zoledronate", page="2"))

    (nav,) = first.xpath("//nav[@aria-label='Pages of search results']")
    links = nav.xpath(".//a")
    assert [(a.text_content(), a.get("aria-label"), a.get("aria-current")) for a in links] == [
        ("1", "Page 1", "page"),
        ("2", "Page 2", None),
        ("Next page", None, None),
    ]
    assert nav.xpath(".//a[@rel='next']/@href") == ["/en/search/?q=zoledronate&page=2"]
    (nav,) = second.xpath("//nav[@aria-label='Pages of search results']")
    assert nav.xpath(".//a[@rel='prev']/@href") == ["/en/search/?q=zoledronate"]
    assert nav.xpath(".//a[@aria-current='page']/text()") == ["2"]


def test_a_single_page_of_results_has_no_page_links(client, make_article):
    make_article()

    page = page_of(get(client, "de", q="Knochen"))

    assert page.xpath("//nav[contains(@class, 'pagination')]") == []
    assert page.xpath("//p[@class='search-count']") == []


@pytest.mark.parametrize("number", ["0", "-1", "3", "99999", "abc", "", "1.5", "01", "9" * 50])
def test_a_page_that_is_not_one_of_the_results_is_not_found(client, twelve_articles, number):
    response = get(client, "en", q="zoledronate", page=number)

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_only_the_first_page_exists_without_results(client, twelve_articles):
    assert get(client, "en", q="xylophone").status_code == 200
    assert get(client, "en", q="xylophone", page="2").status_code == 404
    assert get(client, "en", page="2").status_code == 404


def test_a_query_of_many_pages_shows_the_first_last_and_neighbouring_page_numbers():
    from articles.search.query import SearchResults
    from articles.search.text import clean_query
    from articles.search.views import _pagination

    query = clean_query("zoledronate")
    results = SearchResults(
        query=query, shown=query, results=[], articles=115, terms=0, page=6, pages=12
    )

    pagination = _pagination(results, lambda n: f"?page={n}")

    assert [link.number for link in pagination.links] == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert (pagination.previous_url, pagination.next_url) == ("?page=5", "?page=7")


# Queries no reader means


NONSENSE = " ".join(
    "".join(random.Random(n).choices(string.ascii_lowercase, k=9)) for n in range(20)
)


@pytest.mark.parametrize(
    "query",
    [
        NONSENSE,
        "!!! ??? ... ,,, ;;; ---",
        "Knochenmetastasen" * 12,
        "x" * 200,
        "Knochen\x00metastasn\x00",
        "\x00" * 50,
        "Knochenmetastasn " * 12,
        "Бисфосфонат 骨转移 العظام",
    ],
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_query_no_reader_means_gets_a_page_in_few_queries(
    client, article, language, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        page = page_of(get(client, language, q=query))

    assert page.xpath("//main//form[@role='search']//input[@name='q']")
