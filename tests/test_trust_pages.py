"""What tells readers who stands behind the site: the pages about it, and each article's credits."""

import datetime

import lxml.html
import pytest

from articles.models import ArticleChange

GERMAN_URL = "/de/artikel/knochenmetastasen-verstehen/"
ENGLISH_URL = "/en/articles/understanding-bone-metastases/"

TRUST_PAGES = [
    ("/de/ueber-uns/", "/en/about/", "Über uns", "About us"),
    ("/de/so-arbeiten-wir/", "/en/how-we-work/", "So arbeiten wir", "How we work"),
    ("/de/datenschutz/", "/en/privacy/", "Datenschutz", "Privacy"),
    (
        "/de/barrierefreiheit/",
        "/en/accessibility/",
        "Erklärung zur Barrierefreiheit",
        "Accessibility statement",
    ),
    ("/de/impressum/", "/en/imprint/", "Impressum", "Imprint"),
]


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml.html.fromstring(response.content)


def main_text(page) -> str:
    return " ".join(page.xpath("//main")[0].text_content().split())


@pytest.mark.parametrize(("german", "english", "german_h1", "english_h1"), TRUST_PAGES)
def test_every_page_about_the_site_exists_in_both_languages(
    client, db, german, english, german_h1, english_h1
):
    for url, h1, language, other in (
        (german, german_h1, "de", english),
        (english, english_h1, "en", german),
    ):
        page = get_page(client, url)

        assert page.get("lang") == language
        assert [h.text_content() for h in page.xpath("//h1")] == [h1]
        switcher = page.xpath("//nav[@class='language-switcher']//a/@href")
        assert switcher == [other]


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "/de/",
            [
                "/de/ueber-uns/",
                "/de/so-arbeiten-wir/",
                "/de/datenschutz/",
                "/de/barrierefreiheit/",
                "/de/impressum/",
                "/de/feed/",
            ],
        ),
        (
            ENGLISH_URL,
            [
                "/en/about/",
                "/en/how-we-work/",
                "/en/privacy/",
                "/en/accessibility/",
                "/en/imprint/",
                "/en/feed/",
            ],
        ),
    ],
)
def test_the_footer_links_to_the_pages_about_the_site(client, article, url, links):
    page = get_page(client, url)

    assert page.xpath("//footer//nav//a/@href") == links


@pytest.mark.parametrize("url", ["/de/impressum/", "/en/imprint/", "/de/datenschutz/"])
def test_the_imprint_and_privacy_notice_name_the_operator_from_the_settings(
    client, db, settings, empty_cache, url
):
    settings.OPERATOR_NAME = "Beispiel gGmbH"
    settings.OPERATOR_ADDRESS = "Musterweg 1, 10115 Berlin"
    settings.OPERATOR_EMAIL = "kontakt@beispiel.example"
    settings.OPERATOR_PHONE = "+49 30 123456"

    text = main_text(get_page(client, url))

    assert "Beispiel gGmbH" in text
    assert "Musterweg 1, 10115 Berlin" in text
    assert "kontakt@beispiel.example" in text


def test_without_settings_the_imprint_shows_placeholders_marked_as_such(client, db, empty_cache):
    text = main_text(get_page(client, "/en/imprint/"))

    assert "PLACEHOLDER operator name" in text
    assert "placeholder@example.invalid" in text


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/en/about/", ["no advertising", "no sponsored content"]),
        (
            "/en/how-we-work/",
            ["Sources", "Medical review", "a second person", "What changed", "being checked"],
        ),
        ("/en/accessibility/", ["(WCAG) 2.2", "level AA", "axe-core"]),
        ("/en/privacy/", ["IP address", "not stored", "supervisory authority"]),
        ("/de/datenschutz/", ["IP-Adresse", "Aufsichtsbehörde"]),
    ],
)
def test_the_pages_about_the_site_say_what_readers_need_to_know(client, db, url, words):
    text = main_text(get_page(client, url))

    for word in words:
        assert word in text, word


# Credits on each article


def credits(page) -> dict[str, str]:
    (section,) = page.xpath("//section[@class='credits']")
    return {
        " ".join(dt.text_content().split()): " ".join(dt.getnext().text_content().split())
        for dt in section.xpath(".//dt")
    }


def test_the_credits_name_the_author_and_who_checked_the_article_when(client, make_article):
    make_article(author_en="healthinfo editorial team")

    assert credits(get_page(client, ENGLISH_URL)) == {
        "Written by": "healthinfo editorial team",
        "Medical check": (
            "Checked by Dr. med. Anna Beispiel, Fachärztin für Gynäkologie on 20 January 2024"
        ),
    }


def test_the_credits_name_the_check_recorded_for_the_readers_language(client, make_article):
    make_article(
        author_de="healthinfo-Redaktion",
        reviewer_de="Dr. med. A. Beispiel, Onkologin",
        reviewed_on_de=datetime.date(2024, 2, 1),
    )

    assert credits(get_page(client, GERMAN_URL)) == {
        "Geschrieben von": "healthinfo-Redaktion",
        "Medizinische Prüfung": "Geprüft von Dr. med. A. Beispiel, Onkologin am 1. Februar 2024",
    }


def test_the_credits_say_when_no_medical_check_is_recorded(client, make_article):
    make_article(reviewer_en="", reviewed_on_en=None)

    assert credits(get_page(client, ENGLISH_URL)) == {
        "Medical check": "The medical check of this article is not recorded yet."
    }


def test_an_article_lists_what_changed_newest_first_in_its_language(client, article):
    ArticleChange.objects.create(
        article=article,
        changed_on=datetime.date(2023, 5, 1),
        note_de="Neue Zahlen.",
        note_en="New figures.",
    )
    ArticleChange.objects.create(
        article=article,
        changed_on=datetime.date(2024, 1, 23),
        note_de="Neue Empfehlungen.",
        note_en="New recommendations.",
    )
    ArticleChange.objects.create(
        article=article, changed_on=datetime.date(2024, 1, 2), note_de="Nur auf Deutsch."
    )

    page = get_page(client, ENGLISH_URL)

    (section,) = page.xpath("//section[@class='credits']")
    assert [h.text_content() for h in section.xpath(".//h3")] == ["What changed"]
    assert [" ".join(li.text_content().split()) for li in section.xpath(".//ul/li")] == [
        "23 January 2024: New recommendations.",
        "1 May 2023: New figures.",
    ]


def test_an_article_without_change_notes_has_no_what_changed_list(client, article):
    page = get_page(client, ENGLISH_URL)

    assert page.xpath("//section[@class='credits']//h3") == []


def test_the_credits_link_to_how_we_work(client, article):
    page = get_page(client, GERMAN_URL)

    assert "/de/so-arbeiten-wir/" in page.xpath("//section[@class='credits']//a/@href")


# Topics and related articles


def test_an_article_links_to_all_articles_on_its_topics(client, article):
    page = get_page(client, ENGLISH_URL)

    (further,) = page.xpath("//nav[@class='further-reading']")
    links = [
        (a.text_content(), a.get("href")) for a in further.xpath(".//ul[@class='topic-links']//a")
    ]
    assert links == [("All articles on “Treatment”", "/en/topics/treatment/")]
