"""/sitemap.xml lists every public page with its language versions; /robots.txt points to it."""

import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest

from articles.discovery.sitemaps import ADDRESSES_PER_PAGE, GlossaryTermSitemap
from articles.models import Article, GlossaryTerm

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "http://testserver"


@pytest.fixture
def sitemap(client, make_article):
    make_article()
    make_article(
        key="german-only", slug_de="nur-deutsch", title_en="", slug_en="", body_en="", summary_en=""
    )
    make_article(key="draft", slug_de="entwurf", slug_en="draft", status="draft")
    return read_sitemap(client)


def read_sitemap(client) -> dict[str, dict]:
    """Every address of every section the index at /sitemap.xml names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    urls = {}
    for section in index.findall(f"{SITEMAP}sitemap"):
        urls |= read_section(client, section.findtext(f"{SITEMAP}loc").removeprefix(HOST))
    return urls


def read_section(client, address: str) -> dict[str, dict]:
    response = client.get(address)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): {
            "lastmod": url.findtext(f"{SITEMAP}lastmod"),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall(f"{XHTML}link[@rel='alternate']")
            },
        }
        for url in root.findall(f"{SITEMAP}url")
    }


PAGES = [
    ("/de/", "/en/"),
    ("/de/glossar/", "/en/glossary/"),
    ("/de/ueber-uns/", "/en/about/"),
    ("/de/so-arbeiten-wir/", "/en/how-we-work/"),
    ("/de/datenschutz/", "/en/privacy/"),
    ("/de/barrierefreiheit/", "/en/accessibility/"),
    ("/de/impressum/", "/en/imprint/"),
    ("/de/themen/behandlung/", "/en/topics/treatment/"),
    ("/de/artikel/knochenmetastasen-verstehen/", "/en/articles/understanding-bone-metastases/"),
]


@pytest.mark.parametrize(("german", "english"), PAGES)
def test_every_public_page_is_listed_in_both_languages_with_both_alternates(
    sitemap, german, english
):
    alternates = {"de": HOST + german, "en": HOST + english}

    for location in alternates.values():
        assert {
            code: href
            for code, href in sitemap[location]["alternates"].items()
            if code != "x-default"
        } == alternates


def test_the_start_page_names_the_root_address_as_x_default(sitemap):
    assert sitemap[f"{HOST}/de/"]["alternates"]["x-default"] == f"{HOST}/"
    assert "x-default" not in sitemap[f"{HOST}/de/glossar/"]["alternates"]


def test_an_article_in_one_language_is_listed_once_without_other_alternates(sitemap):
    location = f"{HOST}/de/artikel/nur-deutsch/"

    assert sitemap[location]["alternates"] == {"de": location}
    assert f"{HOST}/en/articles/nur-deutsch/" not in sitemap


def test_drafts_and_search_pages_are_not_listed(sitemap):
    assert not [loc for loc in sitemap if "entwurf" in loc or "/draft/" in loc]
    assert not [loc for loc in sitemap if "/suche/" in loc or "/search/" in loc]


def test_articles_say_when_they_were_last_updated(sitemap):
    assert sitemap[f"{HOST}/en/articles/understanding-bone-metastases/"]["lastmod"] == "2024-01-23"


def test_an_article_is_as_new_as_its_newest_language(client, make_article):
    make_article(updated_on_de=datetime.date(2025, 5, 6))

    urls = read_sitemap(client)

    assert urls[f"{HOST}/en/articles/understanding-bone-metastases/"]["lastmod"] == "2025-05-06"
    assert urls[f"{HOST}/de/artikel/knochenmetastasen-verstehen/"]["lastmod"] == "2025-05-06"


def test_an_article_without_recorded_updates_dates_from_its_first_publication(client, make_article):
    article = make_article(updated_on_de=None, updated_on_en=None)
    first = datetime.datetime(2023, 4, 5, 10, tzinfo=datetime.UTC)
    Article.objects.filter(pk=article.pk).update(first_published_at=first)

    urls = read_sitemap(client)

    assert urls[f"{HOST}/en/articles/understanding-bone-metastases/"]["lastmod"] == "2023-04-05"


def test_the_sitemap_lists_nothing_else(sitemap):
    expected = {HOST + path for pair in PAGES for path in pair}
    expected |= {f"{HOST}/de/themen/behandlung/", f"{HOST}/de/artikel/nur-deutsch/"}

    assert set(sitemap) == expected


def test_robots_txt_points_to_the_sitemap_with_its_full_address(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    assert {"Disallow: /de/suche/", "Disallow: /en/search/"} <= set(lines)
    assert not [line for line in lines if "admin" in line]


def test_glossary_terms_are_listed_in_the_languages_they_have_a_page_in(client, db):
    GlossaryTerm.objects.create(
        key="bone",
        term_de="Knochen",
        slug_de="knochen",
        definition_de="Das Gerüst des Körpers.",
        term_en="bone",
        slug_en="bone",
        definition_en="",
    )
    urls = read_sitemap(client)

    german = f"{HOST}/de/glossar/knochen/"
    assert urls[german]["alternates"] == {"de": german}
    assert f"{HOST}/en/glossary/bone/" not in urls


def test_a_long_section_is_split_into_pages_the_index_names(client, db):
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            key=f"term-{n}",
            term_de=f"Begriff {n}",
            slug_de=f"begriff-{n}",
            definition_de="Erklärt.",
            term_en=f"Term {n}",
            slug_en=f"term-{n}",
            definition_en="Explained.",
            # As saving would store them: bulk_create does not call save().
            letter_de="b",
            letter_en="t",
        )
        for n in range(ADDRESSES_PER_PAGE)
    )
    index = client.get("/sitemap.xml").content.decode()
    first = read_section(client, "/sitemap-glossary.xml")
    second = read_section(client, "/sitemap-glossary.xml?p=2")

    assert f"{HOST}/sitemap-glossary.xml?p=2" in index
    assert len(first) == ADDRESSES_PER_PAGE
    assert len(second) == ADDRESSES_PER_PAGE
    assert not set(first) & set(second)
    assert client.get("/sitemap-glossary.xml?p=3").status_code == 404


def test_a_sections_page_and_the_index_read_only_the_items_of_that_page(client, db, monkeypatch):
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            key=f"term-{n:03d}",
            term_de=f"Begriff {n}",
            slug_de=f"begriff-{n}",
            definition_de="Erklärt.",
            letter_de="b",
        )
        for n in range(2 * ADDRESSES_PER_PAGE)
    )
    asked = set()
    languages = GlossaryTermSitemap.get_languages_for_item

    def spy(self, term):
        asked.add(term.key)
        return languages(self, term)

    monkeypatch.setattr(GlossaryTermSitemap, "get_languages_for_item", spy)

    assert "sitemap-glossary.xml?p=2" in client.get("/sitemap.xml").content.decode()
    assert asked == set()
    second = read_section(client, "/sitemap-glossary.xml?p=2")

    # German only: a page holds as many terms as it has room for in both languages.
    per_page = ADDRESSES_PER_PAGE // 2
    assert asked == {f"term-{n:03d}" for n in range(per_page, 2 * per_page)}
    assert len(second) == per_page


def test_the_glossary_letters_with_words_and_the_terms_pages_are_listed(client, db):
    GlossaryTerm.objects.create(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        definition_de="Ein Ableger des Tumors.",
        term_en="secondary tumour",
        slug_en="secondary-tumour",
        definition_en="Cancer that has spread.",
    )
    GlossaryTerm.objects.create(
        key="fatigue", term_de="Fatigue", slug_de="fatigue", definition_de="Große Müdigkeit."
    )

    urls = read_sitemap(client)

    letters = {
        location: entry["alternates"]
        for location, entry in urls.items()
        if re.search(r"/(glossar|glossary)/([a-z]|0-9)/$", location)
    }
    # Each language lists its own words under a letter: no alternates.
    assert letters == {
        f"{HOST}/de/glossar/f/": {},
        f"{HOST}/de/glossar/m/": {},
        f"{HOST}/en/glossary/s/": {},
    }
    assert urls[f"{HOST}/en/glossary/secondary-tumour/"]["alternates"] == {
        "de": f"{HOST}/de/glossar/metastase/",
        "en": f"{HOST}/en/glossary/secondary-tumour/",
    }
    assert urls[f"{HOST}/de/glossar/fatigue/"]["alternates"] == {
        "de": f"{HOST}/de/glossar/fatigue/"
    }
    assert f"{HOST}/en/glossary/fatigue/" not in urls
