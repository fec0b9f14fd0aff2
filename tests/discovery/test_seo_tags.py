"""What search engines and link previews read in every page's head.

Canonical address, meta description, Open Graph tags and hreflang alternates, all absolute.
"""

import lxml.html
import pytest

HOST = "http://testserver"
GERMAN_URL = "/de/artikel/knochenmetastasen-verstehen/"
ENGLISH_URL = "/en/articles/understanding-bone-metastases/"

# Address → its address in the other language.
PAGES = {
    "/de/": "/en/",
    "/en/": "/de/",
    "/de/themen/behandlung/": "/en/topics/treatment/",
    "/en/topics/treatment/": "/de/themen/behandlung/",
    GERMAN_URL: ENGLISH_URL,
    ENGLISH_URL: GERMAN_URL,
    "/de/glossar/": "/en/glossary/",
    "/en/glossary/": "/de/glossar/",
    "/de/ueber-uns/": "/en/about/",
    "/en/how-we-work/": "/de/so-arbeiten-wir/",
    "/de/datenschutz/": "/en/privacy/",
    "/en/accessibility/": "/de/barrierefreiheit/",
    "/de/impressum/": "/en/imprint/",
}
LOCALES = {"de": "de_DE", "en": "en_GB"}


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content).xpath("//head")[0]


def meta(head, prop: str) -> list[str]:
    return head.xpath(f"meta[@property='{prop}']/@content")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_names_its_canonical_address_and_its_other_language(client, article, url):
    page = head(client, url)

    assert page.xpath("link[@rel='canonical']/@href") == [HOST + url]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in page.xpath("link[@rel='alternate'][@hreflang]")
    }
    assert alternates == {url[1:3]: HOST + url, PAGES[url][1:3]: HOST + PAGES[url]}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_description_and_open_graph_tags(client, article, url):
    page = head(client, url)
    language, other = url[1:3], PAGES[url][1:3]

    (description,) = page.xpath("meta[@name='description']/@content")
    assert description.strip()
    assert meta(page, "og:description") == [description]
    title = page.xpath("title")[0].text_content()
    assert meta(page, "og:title") == [title.rsplit(" – ", 1)[0]]
    assert meta(page, "og:url") == [HOST + url]
    assert meta(page, "og:site_name") == ["healthinfo"]
    assert meta(page, "og:locale") == [LOCALES[language]]
    assert meta(page, "og:locale:alternate") == [LOCALES[other]]


def test_an_article_is_an_open_graph_article_with_its_own_description(client, article):
    page = head(client, ENGLISH_URL)

    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:description") == ["What bone metastases are and how they are treated."]
    assert meta(page, "og:image") == []


def test_other_pages_are_open_graph_websites(client, article):
    assert meta(head(client, "/en/"), "og:type") == ["website"]


def test_an_explainer_shares_its_title_image_by_absolute_address(client, make_article, tmp_path):
    from django.core.files.base import ContentFile

    article = make_article(
        kind="explainer", image_alt_en="A spine.", image_alt_de="Eine Wirbelsäule."
    )
    article.image.save("title.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))

    page = head(client, ENGLISH_URL)

    (image,) = meta(page, "og:image")
    assert image.startswith(f"{HOST}/media/articles/")
    assert image.endswith(".svg")
    assert meta(page, "og:image:alt") == ["A spine."]


def test_an_article_without_a_description_gets_the_sites(client, make_article):
    make_article(description_en="")

    (description,) = head(client, ENGLISH_URL).xpath("meta[@name='description']/@content")

    assert description.startswith("Plain-language, carefully sourced information")


def test_an_untranslated_article_names_no_canonical_address(client, make_article):
    make_article(title_en="", slug_en="", summary_en="", body_en="")

    page = head(client, "/en/articles/knochenmetastasen-verstehen/")

    assert page.xpath("link[@rel='canonical']") == []
    assert page.xpath("meta[@name='robots']/@content") == ["noindex"]


def test_the_not_found_page_names_no_canonical_address(client, db):
    response = client.get("/de/gibt-es-nicht/")
    page = lxml.html.fromstring(response.content)

    assert response.status_code == 404
    assert page.xpath("//link[@rel='canonical']") == []
