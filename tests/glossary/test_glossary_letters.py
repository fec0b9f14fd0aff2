"""The glossary A–Z: the letters with their numbers of words, a page per letter, in pages of 50."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from articles.glossary.matcher import sort_key
from articles.models import Article, GlossaryTerm, TermUsage
from tests.test_pages import NOT_IN_GERMAN, get_page, hrefs, main_text, texts

pytestmark = pytest.mark.django_db


def make_term(word: str, slug: str, **fields) -> GlossaryTerm:
    values = {
        "key": slug,
        "term_de": word,
        "slug_de": slug,
        "definition_de": f"{word}: kurz erklärt.",
        **fields,
    }
    term = GlossaryTerm(**values)
    term.full_clean()
    term.save()
    return term


@pytest.fixture
def words(db):
    """Terms under A (one with an umlaut), U, and two that start with neither letter."""
    for word, slug in [
        ("Azidose", "azidose"),
        ("Ärztebrief", "aerztebrief"),
        ("Abdomen", "abdomen"),
        ("A-Welle", "a-welle"),
        ("Übelkeit", "uebelkeit"),
        ("5-FU", "fuenf-fu"),
        ("α-Blocker", "alpha-blocker"),
    ]:
        make_term(word, slug)


def overview_tiles(client, url="/de/glossar/") -> dict[str, tuple[str, str | None]]:
    """{letter: (its number of words, its address or None)} from the overview page."""
    page = get_page(client, url)
    tiles = {}
    for item in page.xpath("//nav[contains(@class, 'letter-index')]//li"):
        name = texts(item, ".//*[@class='letter-name']")[0]
        count = texts(item, ".//*[@class='letter-count']")[0]
        links = item.xpath(".//a/@href")
        tiles[name] = (count, links[0] if links else None)
    return tiles


# The overview


def test_the_overview_shows_each_letter_with_its_number_of_words(client, words):
    tiles = overview_tiles(client)

    assert list(tiles)[:26] == [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    assert tiles["A"] == ("4 Begriffe", "/de/glossar/a/")
    assert tiles["U"] == ("1 Begriff", "/de/glossar/u/")
    assert tiles["#"] == ("2 Begriffe", "/de/glossar/0-9/")
    assert tiles["Q"] == ("0 Begriffe", None), "a letter without words is shown, not linked"


def test_the_overview_counts_only_terms_with_a_page_in_its_language(client, words):
    # Saved without the checks the admin makes: no address, so no page and no place in the A–Z.
    GlossaryTerm.objects.create(key="no-address", term_de="Anderes", definition_de="Etwas.")
    make_term("Adjuvant", "adjuvant", term_en="adjuvant", slug_en="adjuvant",
              definition_en="Given after surgery.")  # fmt: skip

    assert overview_tiles(client)["A"] == ("5 Begriffe", "/de/glossar/a/")
    assert overview_tiles(client, "/en/glossary/")["A"] == ("1 word", "/en/glossary/a/")
    assert "#" not in overview_tiles(client, "/en/glossary/")


def test_the_overview_of_an_empty_glossary_says_so(client, db):
    page = get_page(client, "/de/glossar/")

    assert "Das Glossar ist leer." in main_text(page)


# Letter pages


def test_umlauts_are_listed_under_their_base_letter_in_alphabetical_order(client, words):
    page = get_page(client, "/de/glossar/a/")

    listed = texts(page, "//dl/dt")
    assert listed == ["A-Welle", "Abdomen", "Ärztebrief", "Azidose"]
    assert listed == sorted(listed, key=sort_key)
    assert page.xpath("//dl/dt/@id") == ["a-welle", "abdomen", "aerztebrief", "azidose"]
    assert texts(get_page(client, "/de/glossar/u/"), "//dl/dt") == ["Übelkeit"]


def test_words_that_start_with_a_digit_or_a_sign_have_a_page_of_their_own(client, words):
    page = get_page(client, "/de/glossar/0-9/")

    assert texts(page, "//dl/dt") == ["5-FU", "α-Blocker"]
    assert texts(page, "//h1") == ["Wörter, die mit einer Ziffer oder einem Zeichen beginnen"]


def test_each_entry_links_to_the_page_of_its_term(client, words):
    page = get_page(client, "/de/glossar/a/")

    (dt,) = page.xpath("//dt[@id='abdomen']")
    assert dt.xpath("./a/@href") == ["/de/glossar/abdomen/"]
    assert "Abdomen: kurz erklärt." in dt.getnext().text_content()


def test_the_letter_navigation_marks_the_current_letter_and_links_letters_with_words(client, words):
    page = get_page(client, "/de/glossar/u/")

    (nav,) = page.xpath("//nav[contains(@class, 'letter-nav')]")
    assert hrefs(nav, ".//a") == ["/de/glossar/a/", "/de/glossar/u/", "/de/glossar/0-9/"]
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/de/glossar/u/"]
    assert texts(page, "//title")[0].startswith("Glossar: Wörter mit U")


def test_a_letter_without_words_says_so_and_is_not_indexed(client, words):
    page = get_page(client, "/de/glossar/q/")

    assert "Unter diesem Buchstaben gibt es noch keine Wörter." in main_text(page)
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not get_page(client, "/de/glossar/a/").xpath("//meta[@name='robots']")


def test_an_upper_case_letter_leads_to_the_lower_case_address(client, words):
    for url, location in [
        ("/de/glossar/A/", "/de/glossar/a/"),
        ("/en/glossary/U/?page=2", "/en/glossary/u/?page=2"),
    ]:
        response = client.get(url)

        assert response.status_code == 301
        assert response["Location"] == location


@pytest.mark.parametrize(
    "url",
    [
        "/de/glossar/%C3%9F/",
        "/de/glossar/%C3%A4/",
        "/de/glossar/1/",
        "/de/glossar/09/",
        "/de/glossar/gibt-es-nicht/",
        "/de/glossar/a/?page=0",
        "/de/glossar/a/?page=-1",
        "/de/glossar/a/?page=2",
        "/de/glossar/a/?page=99999",
        "/de/glossar/a/?page=abc",
        "/de/glossar/a/?page=1.5",
        "/de/glossar/q/?page=2",
    ],
)
def test_a_letter_or_page_that_does_not_exist_is_not_found_in_the_readers_language(
    client, words, url
):
    page = get_page(client, url, status=404)

    assert texts(page, "//h1") == ["Seite nicht gefunden"]


def test_a_letter_shows_fifty_words_per_page(client, db):
    for n in range(51):
        make_term(f"Bwort {n:02d}", f"bwort-{n:02d}")

    first = get_page(client, "/de/glossar/b/")
    second = get_page(client, "/de/glossar/b/?page=2")

    assert len(first.xpath("//dl/dt")) == 50
    assert texts(second, "//dl/dt") == ["Bwort 50"]
    assert first.xpath("//nav[@class='pagination']//a[@rel='next']/@href") == [
        "/de/glossar/b/?page=2"
    ]
    assert second.xpath("//nav[@class='pagination']//a[@rel='prev']/@href") == ["/de/glossar/b/"]
    assert "Seite 2" in texts(second, "//title")[0]
    assert client.get("/de/glossar/b/?page=1")["Location"] == "/de/glossar/b/"


# Where a term is used


@pytest.fixture
def used_term(make_article):
    """A term used by seven published articles readable in German, a draft and an English one."""
    term = make_term("Metastase", "metastase")
    titles = ["Zyste", "Ärztliche Hilfe", "Bestrahlung", "Alltag", "Knochen", "Ödeme", "Chemo"]
    articles = [
        make_article(key=f"a-{n}", slug_de=f"artikel-{n}", slug_en=f"a-{n}", title_de=title)
        for n, title in enumerate(titles)
    ]
    draft = Article.Status.DRAFT
    articles.append(
        make_article(key="draft", slug_de="entwurf", slug_en="draft", title_de="Aa", status=draft)
    )
    articles.append(make_article(key="english", slug_en="english", **NOT_IN_GERMAN))
    TermUsage.objects.bulk_create(
        TermUsage(article=article, term=term, language="de") for article in articles
    )
    return term


def test_a_letter_page_names_three_articles_using_a_term_and_links_to_all(client, used_term):
    page = get_page(client, "/de/glossar/m/")

    entry = page.xpath("//dt[@id='metastase']/following-sibling::dd[1]")[0]
    links = entry.xpath(".//p[@class='term-articles']//a")
    assert [a.text_content().strip() for a in links] == [
        "Alltag",
        "Ärztliche Hilfe",
        "Bestrahlung",
        "alle 7 Artikel",
    ]
    assert links[0].get("href") == "/de/artikel/artikel-3/"
    assert links[-1].get("href") == "/de/glossar/metastase/"


def test_a_term_used_by_three_articles_lists_them_without_a_link_to_all(client, make_article):
    term = make_term("Metastase", "metastase")
    for n in range(3):
        article = make_article(key=f"article-{n}", slug_de=f"artikel-{n}",
                               slug_en=f"article-{n}", title_de=f"Artikel {n}")  # fmt: skip
        TermUsage.objects.create(article=article, term=term, language="de")
    make_term("Mamma", "mamma")

    page = get_page(client, "/de/glossar/m/")

    used = page.xpath("//dt[@id='metastase']/following-sibling::dd[1]//p[@class='term-articles']")
    assert texts(used[0], ".//a") == ["Artikel 0", "Artikel 1", "Artikel 2"]
    unused = "//dt[@id='mamma']/following-sibling::dd[1]//p[@class='term-articles']"
    assert not page.xpath(unused), "no article uses it"


def test_the_term_page_lists_ten_articles_and_searches_for_the_rest(
    client, used_term, make_article
):
    for n in range(7, 12):
        article = make_article(key=f"article-{n}", slug_de=f"artikel-{n}",
                               slug_en=f"article-{n}", title_de=f"Weitere {n}")  # fmt: skip
        TermUsage.objects.create(article=article, term=used_term, language="de")

    page = get_page(client, "/de/glossar/metastase/")

    listed = texts(page, "//ul[@class='term-articles']/li")
    assert len(listed) == 10
    assert listed == sorted(listed, key=sort_key)
    assert listed[:2] == ["Alltag", "Ärztliche Hilfe"]
    assert "10 von 12 Artikeln angezeigt." in main_text(page)
    assert "/de/suche/?q=Metastase" in hrefs(page, "//main//a")


def test_the_term_page_leads_back_to_its_entry_on_the_page_of_its_letter(client, db):
    for n in range(55):
        make_term(f"Mwort {n:02d}", f"mwort-{n:02d}")

    early = get_page(client, "/de/glossar/mwort-03/")
    late = get_page(client, "/de/glossar/mwort-52/")

    assert hrefs(early, "//nav[@class='breadcrumbs']//a")[-1] == "/de/glossar/m/#mwort-03"
    assert hrefs(late, "//nav[@class='breadcrumbs']//a")[-1] == "/de/glossar/m/?page=2#mwort-52"
    assert get_page(client, "/de/glossar/m/?page=2").xpath("//dt[@id='mwort-52']")


# Addresses


@pytest.mark.parametrize("slug", ["a", "Q", "0-9"])
def test_a_term_cannot_have_the_address_of_a_letter(db, slug):
    term = GlossaryTerm(key="short", term_de="A", slug_de=slug, definition_de="Ein Buchstabe.")

    with override("en"):
        with pytest.raises(ValidationError) as error:
            term.full_clean()
        (message,) = error.value.message_dict["slug_de"]

    assert "address of a letter of the glossary" in message


def test_a_term_may_have_an_address_of_two_characters(db):
    make_term("Ab", "ab")
