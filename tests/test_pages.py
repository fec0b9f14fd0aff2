"""The reader's pages: start page, topics, articles, missing translations and errors."""

import lxml.html
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils.translation import override

from articles.models import Article, Topic
from articles.views import server_error

GERMAN_URL = "/de/artikel/knochenmetastasen-verstehen/"
ENGLISH_URL = "/en/articles/understanding-bone-metastases/"
NOT_IN_ENGLISH = {"title_en": "", "slug_en": "", "summary_en": "", "body_en": ""}
NOT_IN_GERMAN = {"title_de": "", "slug_de": "", "summary_de": "", "body_de": ""}


def get_page(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return lxml.html.fromstring(response.content)


def texts(page, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in page.xpath(xpath)]


def main_text(page) -> str:
    return " ".join(page.xpath("//main")[0].text_content().split())


def hrefs(page, xpath: str) -> list[str]:
    return [node.get("href") for node in page.xpath(xpath)]


# Start page and topics


@pytest.mark.parametrize(
    ("url", "topic_title", "topic_url", "title", "article_url"),
    [
        ("/de/", "Behandlung", "/de/themen/behandlung/", "Knochenmetastasen verstehen", GERMAN_URL),
        (
            "/en/",
            "Treatment",
            "/en/topics/treatment/",
            "Understanding bone metastases",
            ENGLISH_URL,
        ),
    ],
)
def test_the_start_page_lists_topics_and_their_articles(
    client, article, url, topic_title, topic_url, title, article_url
):
    page = get_page(client, url)

    assert page.xpath("//main//h2/a")[0].text_content() == topic_title
    assert page.xpath("//main//h2/a/@href") == [topic_url]
    links = page.xpath("//main//ul[@class='article-list']//a")
    assert [(a.text_content(), a.get("href")) for a in links] == [(title, article_url)]


def test_the_start_page_lists_topics_in_their_order(client, topic, make_article):
    make_article()
    topic.order = 2
    topic.save()
    first = Topic.objects.create(
        key="living",
        order=1,
        title_de="Leben mit Krebs",
        slug_de="leben-mit-krebs",
        title_en="Living with cancer",
        slug_en="living-with-cancer",
    )

    page = get_page(client, "/en/")

    assert texts(page, "//main//h2[starts-with(@id, 'topic-')]") == [
        first.title_en,
        "Treatment",
    ]


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "/de/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("en-US,en;q=0.9,de;q=0.5", "/en/"),
        ("fr-FR,fr;q=0.9", "/de/"),
    ],
)
def test_the_root_address_redirects_to_the_readers_language(db, client, accept_language, location):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == location


@pytest.mark.parametrize(
    ("url", "title", "article_title", "article_url"),
    [
        ("/de/themen/behandlung/", "Behandlung", "Knochenmetastasen verstehen", GERMAN_URL),
        ("/en/topics/treatment/", "Treatment", "Understanding bone metastases", ENGLISH_URL),
    ],
)
def test_a_topic_page_lists_its_articles(client, article, url, title, article_title, article_url):
    page = get_page(client, url)

    assert texts(page, "//h1") == [title]
    links = page.xpath("//main//ul[@class='article-list']//a")
    assert [(a.text_content(), a.get("href")) for a in links] == [(article_title, article_url)]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/de/themen/behandlung/", "Thema: Behandlung"),
        ("/en/topics/treatment/", "Topic: Treatment"),
    ],
)
def test_a_topic_pages_title_says_it_is_a_topic(client, article, url, title):
    page = get_page(client, url)

    assert page.findtext(".//title").startswith(f"{title} – ")


def test_a_topic_page_has_the_other_language_as_alternate(client, article):
    page = get_page(client, "/de/themen/behandlung/")

    alternates = {
        link.get("hreflang"): link.get("href")
        for link in page.xpath("//link[@rel='alternate'][@hreflang]")
    }
    assert alternates == {
        "de": "http://testserver/de/themen/behandlung/",
        "en": "http://testserver/en/topics/treatment/",
    }


# The article page


@pytest.mark.parametrize(
    ("url", "title", "box_heading", "summary_item"),
    [
        (
            GERMAN_URL,
            "Knochenmetastasen verstehen",
            "Auf einen Blick",
            "Metastasen im Knochen sind Brustkrebs.",
        ),
        (
            ENGLISH_URL,
            "Understanding bone metastases",
            "At a glance",
            "Metastases in bone are breast cancer.",
        ),
    ],
)
def test_an_overview_shows_its_title_and_an_at_a_glance_box(
    client, article, url, title, box_heading, summary_item
):
    page = get_page(client, url)

    assert texts(page, "//h1") == [title]
    box = page.xpath("//section[@class='summary-box']")[0]
    assert texts(box, "./h2") == [box_heading]
    assert summary_item in texts(box, ".//li")


@pytest.mark.parametrize(
    ("kind", "url", "box_heading"),
    [
        (Article.Kind.EXPLAINER, GERMAN_URL, "Kernaussage"),
        (Article.Kind.EXPLAINER, ENGLISH_URL, "Key message"),
        (Article.Kind.GUIDELINE_SUMMARY, GERMAN_URL, "Das Wichtigste in Kürze"),
        (Article.Kind.GUIDELINE_SUMMARY, ENGLISH_URL, "In brief"),
    ],
)
def test_the_summary_box_is_named_for_the_kind_of_article(
    client, make_article, kind, url, box_heading
):
    make_article(kind=kind)

    page = get_page(client, url)

    assert texts(page, "//section[@class='summary-box']/h2") == [box_heading]


@pytest.mark.parametrize(
    ("url", "contents", "entries"),
    [
        (
            GERMAN_URL,
            "Inhalt",
            [("Übelkeit und Schmerzen", "#uebelkeit-und-schmerzen"), ("Behandlung", "#behandlung")],
        ),
        (
            ENGLISH_URL,
            "Contents",
            [("Nausea and pain", "#nausea-and-pain"), ("Treatment", "#treatment")],
        ),
    ],
)
def test_the_contents_list_links_to_the_sections(client, article, url, contents, entries):
    page = get_page(client, url)

    nav = page.xpath("//nav[@class='contents']")[0]
    assert texts(nav, "./h2") == [contents]
    assert [(a.text_content(), a.get("href")) for a in nav.xpath(".//a")] == entries
    section_ids = page.xpath("//div[@class='article-body']//h2/@id")
    assert [href for _title, href in entries] == [f"#{id_}" for id_ in section_ids]


def test_an_explainer_has_no_contents_list(client, make_article):
    make_article(kind=Article.Kind.EXPLAINER)

    page = get_page(client, GERMAN_URL)

    assert page.xpath("//nav[@class='contents']") == []


@pytest.mark.parametrize(
    ("url", "heading", "accessed"),
    [
        (GERMAN_URL, "Quellen", "(abgerufen am 10. Januar 2024)"),
        (ENGLISH_URL, "Sources", "(accessed on 10 January 2024)"),
    ],
)
def test_the_sources_show_when_a_web_page_was_read(client, article, url, heading, accessed):
    page = get_page(client, url)

    sources = page.xpath("//section[@class='sources']")[0]
    assert texts(sources, "./h2") == [heading]
    (entry,) = texts(sources, ".//li")
    assert entry.startswith("Robert Koch-Institut. Krebs in Deutschland. 2023.")
    assert entry.endswith(accessed)
    assert sources.xpath(".//time/@datetime") == ["2024-01-10"]
    assert hrefs(sources, ".//a") == ["https://www.krebsdaten.de/"]


@pytest.mark.parametrize("url", [GERMAN_URL, ENGLISH_URL])
def test_a_sources_citation_carries_the_language_it_is_written_in(client, article, url):
    article.sources.update(language="de")

    page = get_page(client, url)

    (citation,) = page.xpath("//section[@class='sources']//li/span[@lang]")
    assert (citation.get("lang"), citation.text) == ("de", article.sources.get().citation)


def test_a_source_with_a_doi_links_to_it(client, article):
    article.sources.update(doi="10.1016/j.annonc.2020.07.019")

    page = get_page(client, ENGLISH_URL)

    assert "https://doi.org/10.1016/j.annonc.2020.07.019" in hrefs(
        page, "//section[@class='sources']//a"
    )


@pytest.mark.parametrize(
    ("url", "heading", "words"),
    [
        (GERMAN_URL, "Über diese Information", "ersetzt es aber nicht"),
        (ENGLISH_URL, "About this information", "does not replace, talking with your doctor"),
    ],
)
def test_the_article_reminds_readers_to_talk_to_their_doctor(client, article, url, heading, words):
    page = get_page(client, url)

    note = page.xpath("//aside[@class='doctor-note']")[0]
    assert texts(note, "./h2") == [heading]
    assert words in note.text_content()


def test_the_article_body_is_the_stored_html(client, article):
    Article.objects.filter(pk=article.pk).update(body_html_en="<p>Stored, not rendered.</p>")

    page = get_page(client, ENGLISH_URL)

    assert texts(page, "//div[@class='article-body']/p") == ["Stored, not rendered."]


@pytest.mark.parametrize("url", [GERMAN_URL, ENGLISH_URL])
def test_the_article_names_both_languages_as_absolute_alternates(client, article, url):
    page = get_page(client, url)

    alternates = {
        link.get("hreflang"): link.get("href")
        for link in page.xpath("//link[@rel='alternate'][@hreflang]")
    }
    assert alternates == {
        "de": f"http://testserver{GERMAN_URL}",
        "en": f"http://testserver{ENGLISH_URL}",
    }


@pytest.mark.parametrize(
    ("url", "other_language", "other_url", "current"),
    [
        (GERMAN_URL, "en", ENGLISH_URL, "Deutsch"),
        (ENGLISH_URL, "de", GERMAN_URL, "English"),
    ],
)
def test_the_language_switcher_links_to_the_same_article_in_the_other_language(
    client, article, url, other_language, other_url, current
):
    page = get_page(client, url)

    switcher = page.xpath("//nav[@class='language-switcher']")[0]
    assert hrefs(switcher, ".//a") == [other_url]
    assert switcher.xpath(".//a/@hreflang") == [other_language]
    assert texts(switcher, ".//*[@aria-current='page']") == [current]


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/en/articles/knochenmetastasen-verstehen/", ENGLISH_URL),
        ("/de/artikel/understanding-bone-metastases/", GERMAN_URL),
    ],
)
def test_an_address_in_the_other_language_redirects_permanently(client, article, url, location):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == location


def test_the_article_links_to_related_articles_readable_in_its_language(client, make_article):
    article = make_article()
    related = make_article(
        key="local-treatment",
        slug_de="lokale-behandlung",
        title_en="Local treatment",
        slug_en="local-treatment",
    )
    untranslated = make_article(key="german-only", slug_de="nur-deutsch", **NOT_IN_ENGLISH)
    draft = make_article(
        key="draft", slug_de="entwurf", slug_en="draft", status=Article.Status.DRAFT
    )
    article.related.set([related, untranslated, draft])

    page = get_page(client, ENGLISH_URL)

    further = page.xpath("//nav[@class='further-reading']")[0]
    assert "/en/articles/local-treatment/" in hrefs(further, ".//a")
    assert "/en/articles/nur-deutsch/" not in hrefs(further, ".//a")
    assert "/en/articles/draft/" not in hrefs(further, ".//a")


# An article not yet translated


def test_an_untranslated_article_shows_a_notice_linking_to_the_original(client, make_article):
    make_article(**NOT_IN_ENGLISH)

    page = get_page(client, "/en/articles/knochenmetastasen-verstehen/")

    assert texts(page, "//h1") == ["This article is not yet available in English"]
    links = page.xpath("//main//a[@hreflang='de']")
    assert [(a.get("href"), a.get("lang")) for a in links] == [(GERMAN_URL, "de")]
    assert "Knochenmetastasen verstehen" in links[0].text_content()
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//link[@rel='alternate']/@hreflang") == ["de"]
    assert "Metastasen im Knochen" not in main_text(page)


def test_an_untranslated_article_is_listed_apart_on_the_start_and_topic_pages(client, make_article):
    make_article(key="translated", slug_de="uebersetzt", slug_en="translated")
    make_article(key="german-only", slug_de="nur-deutsch", title_de="Nur Deutsch", **NOT_IN_ENGLISH)

    for url in ("/en/", "/en/topics/treatment/"):
        page = get_page(client, url)

        assert hrefs(
            page, "//ul[@class='article-list'][not(ancestor::div[@class='untranslated'])]//a"
        ) == ["/en/articles/translated/"]
        untranslated = page.xpath("//div[@class='untranslated']")[0]
        assert texts(untranslated, "./p") == ["Not yet translated into this language:"]
        (link,) = untranslated.xpath(".//a")
        assert link.text_content() == "Nur Deutsch"
        assert link.get("href") == "/en/articles/nur-deutsch/"
        assert link.get("lang") == "de"


def test_an_english_only_article_is_listed_apart_and_explained_in_german(client, make_article):
    make_article(**NOT_IN_GERMAN)

    home = get_page(client, "/de/")
    notice = get_page(client, "/de/artikel/understanding-bone-metastases/")

    untranslated = home.xpath("//div[@class='untranslated']")[0]
    assert texts(untranslated, "./p") == ["Noch nicht in diese Sprache übersetzt:"]
    assert hrefs(untranslated, ".//a") == ["/de/artikel/understanding-bone-metastases/"]
    assert texts(notice, "//h1") == ["Diesen Artikel gibt es noch nicht auf Deutsch"]
    assert hrefs(notice, "//main//a[@hreflang='en']") == [ENGLISH_URL]


# Pages that do not exist


def test_a_draft_is_not_shown(client, make_article):
    make_article(status=Article.Status.DRAFT)

    get_page(client, GERMAN_URL, status=404)
    get_page(client, ENGLISH_URL, status=404)
    assert "Knochenmetastasen verstehen" not in main_text(get_page(client, "/de/"))


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/de/artikel/gibt-es-nicht/", "de", "Seite nicht gefunden"),
        ("/en/articles/no-such-article/", "en", "Page not found"),
        ("/de/themen/gibt-es-nicht/", "de", "Seite nicht gefunden"),
        ("/en/topics/no-such-topic/", "en", "Page not found"),
        ("/en/artikel/knochenmetastasen-verstehen/", "en", "Page not found"),
        ("/de/gibt-es-nicht/", "de", "Seite nicht gefunden"),
    ],
)
def test_an_unknown_address_shows_the_not_found_page_in_its_language(
    client, article, url, language, heading
):
    page = get_page(client, url, status=404)

    assert page.get("lang") == language
    assert texts(page, "//h1") == [heading]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert hrefs(page, "//main//a") == [f"/{language}/"]


@pytest.mark.parametrize(
    ("accept_language", "language", "heading"),
    [("de-DE,de;q=0.9", "de", "Seite nicht gefunden"), ("en-GB,en;q=0.9", "en", "Page not found")],
)
def test_an_unknown_language_prefix_is_not_found(db, client, accept_language, language, heading):
    for url in ("/fr/", "/fr/articles/understanding-bone-metastases/"):
        page = get_page(client, url, status=404, accept_language=accept_language)

        assert page.get("lang") == language
        assert texts(page, "//h1") == [heading]


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [("de", "Etwas ist schiefgegangen", "/de/"), ("en", "Something went wrong", "/en/")],
)
def test_the_error_page_is_translated_and_needs_no_database(language, heading, home):
    # No `db` fixture: touching the database here fails the test.
    request = RequestFactory().get(f"/{language}/")

    with override(language):
        response = server_error(request)

    assert response.status_code == 500
    page = lxml.html.fromstring(response.content)
    assert page.get("lang") == language
    assert texts(page, "//h1") == [heading]
    assert len(page.xpath("//main")) == 1
    assert hrefs(page, "//main//a") == [home]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


# What every page has


@pytest.fixture
def every_page(db, make_article):
    """One of each kind of page, in both languages: address → expected status."""
    make_article()
    make_article(key="german-only", slug_de="nur-deutsch", **NOT_IN_ENGLISH)
    return {
        "/de/": 200,
        "/en/": 200,
        "/de/themen/behandlung/": 200,
        "/en/topics/treatment/": 200,
        GERMAN_URL: 200,
        ENGLISH_URL: 200,
        "/en/articles/nur-deutsch/": 200,
        "/de/glossar/": 200,
        "/en/glossary/": 200,
        "/de/artikel/gibt-es-nicht/": 404,
        "/en/articles/no-such-article/": 404,
    }


def test_every_page_has_exactly_one_h1(client, every_page):
    for url, status in every_page.items():
        page = get_page(client, url, status)

        assert len(page.xpath("//h1")) == 1, url


def test_every_page_has_a_skip_link_to_its_main_landmark(client, every_page):
    for url, status in every_page.items():
        page = get_page(client, url, status)

        (main,) = page.xpath("//main")
        skip = page.xpath("//body//a")[0]
        assert skip.get("href") == f"#{main.get('id')}", url
        assert skip.text_content().strip() in {"Zum Inhalt springen", "Skip to main content"}
        assert page.get("lang") == url[1:3]


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/de/", {"Themen": "page"}),
        ("/de/themen/behandlung/", {"Themen": "true"}),
        (GERMAN_URL, {"Themen": "true"}),
        ("/en/glossary/", {"Glossary": "page"}),
        ("/en/privacy/", {}),
    ],
)
def test_the_main_navigation_marks_where_the_reader_is(client, article, url, current):
    page = get_page(client, url)

    links = page.xpath("//nav[contains(@class, 'site-nav')]//a")
    marked = {a.text_content(): a.get("aria-current") for a in links if a.get("aria-current")}
    assert marked == current


def test_no_page_has_inline_scripts_or_styles(client, every_page):
    for url, status in every_page.items():
        page = get_page(client, url, status)

        # JSON-LD is a data block, never run: the only script allowed in the page itself.
        assert page.xpath("//script[not(@src) and not(@type='application/ld+json')]") == [], url
        assert page.xpath("//style") == [], url
        assert page.xpath("//*[@style]") == [], url
        event_attributes = [
            name for element in page.iter() for name in element.attrib if name.startswith("on")
        ]
        assert event_attributes == [], url


def test_drafts_are_left_out_of_every_list(client, make_article):
    make_article(key="published", slug_de="veroeffentlicht", slug_en="published")
    make_article(
        key="draft",
        slug_de="entwurf",
        slug_en="draft",
        title_de="Entwurfstitel",
        title_en="Draft title",
        status=Article.Status.DRAFT,
    )

    for url in ("/de/", "/en/", "/de/themen/behandlung/", "/en/topics/treatment/"):
        text = main_text(get_page(client, url))

        assert "Entwurfstitel" not in text
        assert "Draft title" not in text


def test_every_page_names_its_icon_and_the_usual_icon_address_leads_there(client, article):
    page = get_page(client, "/de/")
    icon = page.xpath("//link[@rel='icon']/@href")
    assert len(icon) == 1 and finders.find(icon[0].removeprefix(settings.STATIC_URL))

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon[0]
