"""The start page shows a few articles per topic and the newest updates; topic pages are in
numbered pages of 20, sorted by title, with accessible links between the pages."""

import datetime

import pytest

from articles.glossary.matcher import sort_key
from articles.models import Article
from tests.test_pages import NOT_IN_GERMAN, get_page, hrefs, main_text, texts

TOPIC = "/de/themen/behandlung/"
LISTED = "//main//ul[@class='article-list'][not(ancestor::div[@class='untranslated'])]/li/a"


@pytest.fixture
def articles(make_article):
    """Articles on the topic; every fourth title starts with Ä, which sorts as A."""

    def make(count: int, prefix: str = "Artikel", **fields):
        made = []
        for n in range(count):
            values = {
                "slug_de": f"{prefix.lower()}-{n:02d}",
                "slug_en": f"{prefix.lower()}-en-{n:02d}",
                "title_de": f"{'Ältere ' if n % 4 == 0 else ''}{prefix} {n:02d}",
                "title_en": f"{prefix} {n:02d}",
            }
            made.append(make_article(key=f"{prefix.lower()}-{n:02d}", **{**values, **fields}))
        return made

    return make


# The start page


def test_the_start_page_shows_three_articles_of_a_topic_and_links_to_all(client, articles):
    articles(5)

    page = get_page(client, "/de/")

    assert texts(page, LISTED) == ["Ältere Artikel 00", "Ältere Artikel 04", "Artikel 01"]
    (more,) = page.xpath("//main//p[@class='more-link']/a")
    assert more.text_content().strip() == "Alle 5 Artikel zu diesem Thema"
    assert more.get("href") == TOPIC


def test_the_start_page_needs_no_link_to_all_when_it_shows_all(client, articles):
    articles(3)

    page = get_page(client, "/de/")

    assert len(page.xpath(LISTED)) == 3
    assert not page.xpath("//p[@class='more-link']")


def test_the_start_page_shows_the_five_newest_updates_readable_in_its_language(
    client, articles, make_article
):
    made = articles(7)
    for n, article in enumerate(made):
        article.updated_on_de = datetime.date(2025, 3, 1) + datetime.timedelta(days=n)
        article.save()
    make_article(key="draft", slug_de="entwurf", slug_en="draft", title_de="Entwurf",
                 status=Article.Status.DRAFT, updated_on_de=datetime.date(2026, 1, 1))  # fmt: skip
    make_article(key="english", slug_en="english", updated_on_en=datetime.date(2026, 1, 1),
                 **NOT_IN_GERMAN)  # fmt: skip

    page = get_page(client, "/de/")

    (section,) = page.xpath("//section[h2[@id='newest-updates']]")
    assert texts(section, ".//h2") == ["Zuletzt aktualisiert"]
    assert texts(section, ".//li/a") == [
        "Artikel 06",
        "Artikel 05",
        "Ältere Artikel 04",
        "Artikel 03",
        "Artikel 02",
    ]
    assert section.xpath(".//li[1]//time/@datetime") == ["2025-03-07"]


def test_the_start_page_lists_a_few_untranslated_articles_with_their_number(client, articles):
    articles(2)
    articles(5, prefix="English", **NOT_IN_GERMAN)

    page = get_page(client, "/de/")

    (untranslated,) = page.xpath("//div[@class='untranslated']")
    assert texts(untranslated, ".//a") == ["English 00", "English 01", "English 02"]
    assert untranslated.xpath(".//a/@lang") == ["en", "en", "en"]
    assert "3 von 5 Artikeln angezeigt." in main_text(untranslated)


# Topic pages


def test_a_topic_page_lists_twenty_articles_by_title_with_umlauts_at_their_base_letter(
    client, articles
):
    articles(45)

    page = get_page(client, TOPIC)

    listed = texts(page, LISTED)
    assert len(listed) == 20
    assert listed == sorted(listed, key=sort_key)
    # A plain comparison of characters would put Ä after Z, on the last page.
    assert listed[:3] == ["Ältere Artikel 00", "Ältere Artikel 04", "Ältere Artikel 08"]
    assert "(Seite 1 von 3)" in texts(page, "//h2")[0]


def test_the_pages_of_a_topic_together_list_each_article_once(client, articles):
    articles(45)

    pages = [get_page(client, TOPIC), *(get_page(client, f"{TOPIC}?page={n}") for n in (2, 3))]

    listed = [title for page in pages for title in texts(page, LISTED)]
    assert len(pages[2].xpath(LISTED)) == 5
    assert sorted(listed, key=sort_key) == listed
    assert len(set(listed)) == 45


def test_the_page_links_say_which_page_is_current_and_which_come_before_and_after(client, articles):
    articles(45)

    first, middle, last = (get_page(client, TOPIC + query) for query in ("", "?page=2", "?page=3"))

    (nav,) = middle.xpath("//nav[@class='pagination']")
    assert nav.get("aria-label") == "Seiten"
    assert nav.xpath(".//a[@rel='prev']/@href") == [TOPIC]
    assert nav.xpath(".//a[@rel='next']/@href") == [f"{TOPIC}?page=3"]
    assert texts(nav, ".//a[not(@rel)]") == ["1", "2", "3"]
    assert nav.xpath(".//a[not(@rel)]/@aria-label") == ["Seite 1", "Seite 2", "Seite 3"]
    assert nav.xpath(".//a[@aria-current='page']/@href") == [f"{TOPIC}?page=2"]
    assert first.xpath("//nav[@class='pagination']//a[@rel='prev']") == []
    assert last.xpath("//nav[@class='pagination']//a[@rel='next']") == []
    assert middle.xpath("//head/link[@rel='prev']/@href") == [TOPIC]
    assert middle.xpath("//head/link[@rel='next']/@href") == [f"{TOPIC}?page=3"]
    assert first.xpath("//head/link[@rel='prev']") == []


def test_a_later_page_says_its_number_in_the_title_and_is_its_own_canonical_address(
    client, articles
):
    articles(25)

    first = get_page(client, TOPIC)
    second = get_page(client, f"{TOPIC}?page=2")

    assert texts(first, "//title")[0].startswith("Thema: Behandlung –")
    assert "Seite" not in texts(first, "//title")[0]
    assert texts(second, "//title")[0].startswith("Thema: Behandlung – Seite 2 –")
    assert second.xpath("//link[@rel='canonical']/@href") == [f"http://testserver{TOPIC}?page=2"]
    # The English topic numbers its own articles: its switcher link leads to its first page.
    assert hrefs(second, "//nav[@class='language-switcher']//a") == ["/en/topics/treatment/"]
    assert second.xpath("//link[@rel='alternate'][@hreflang]/@hreflang") == ["de"]


def test_a_topic_that_fits_one_page_has_no_page_links(client, articles):
    articles(20)

    page = get_page(client, TOPIC)

    assert page.xpath("//nav[@class='pagination']") == []
    assert page.xpath("//head/link[@rel='next']") == []


def test_the_first_page_number_leads_to_the_address_without_it(client, articles):
    articles(25)

    response = client.get(f"{TOPIC}?page=1")

    assert response.status_code == 301
    assert response["Location"] == TOPIC


@pytest.mark.parametrize("number", ["0", "-1", "4", "99999", "abc", "1.5", "", "02", "1e3"])
def test_a_page_number_that_is_not_a_page_is_not_found_in_the_readers_language(
    client, articles, number
):
    articles(45)

    page = get_page(client, f"{TOPIC}?page={number}", status=404)

    assert texts(page, "//h1") == ["Seite nicht gefunden"]


def test_the_untranslated_articles_of_a_topic_are_listed_on_its_first_page(client, articles):
    articles(25)
    articles(12, prefix="English", **NOT_IN_GERMAN)

    first = get_page(client, TOPIC)
    second = get_page(client, f"{TOPIC}?page=2")

    (untranslated,) = first.xpath("//div[@class='untranslated']")
    assert len(untranslated.xpath(".//a")) == 10
    assert "10 von 12 Artikeln angezeigt." in main_text(untranslated)
    assert second.xpath("//div[@class='untranslated']") == []
