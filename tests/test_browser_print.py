"""A printed article, seen through Chromium's print emulation: the content and what paper
needs (the page's address, the glossary words explained); no navigation, forms or buttons."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTICLE = "/en/articles/when-breast-cancer-reaches-the-bones/"


@pytest.fixture
def printed(site, page):
    page.goto(site + ARTICLE)
    page.emulate_media(media="print")
    return page


def test_the_printout_keeps_title_summary_text_sources_and_dates(printed):
    for locator in (
        printed.get_by_role("heading", level=1, name="When breast cancer reaches the bones"),
        printed.locator(".summary-box"),
        printed.locator(".article-body"),
        printed.locator(".sources"),
        printed.locator(".article-dates"),
        printed.locator(".credits"),
        printed.locator(".doctor-note"),
    ):
        expect(locator).to_be_visible()


def test_the_printout_shows_sources_with_their_full_addresses(printed):
    sources = printed.locator(".sources")

    expect(sources).to_contain_text("https://www.nice.org.uk/guidance/ng234")
    doi = sources.locator("a[href^='https://doi.org/']").first
    after = doi.evaluate("link => getComputedStyle(link, '::after').content")
    assert "https://doi.org/10.1016/j.annonc.2020.07.019" in after


def test_the_printout_shows_the_address_of_the_page(site, printed):
    address = printed.locator(".page-address")

    expect(address).to_be_visible()
    expect(address).to_contain_text(site + ARTICLE)


def test_the_printout_lists_the_medical_words_after_the_text_in_the_order_of_first_use(printed):
    words = printed.locator(".glossary-words")
    marked = printed.locator(".term-popover .term-name").all_inner_texts()

    expect(words.get_by_role("heading", name="Medical words on this page")).to_be_visible()
    terms = words.locator("dt").all_inner_texts()
    assert terms == marked and len(set(terms)) == len(terms)
    definition = words.locator("dd", has_text="A group of medicines that slow down the cells")
    expect(definition).to_have_count(1)
    # After the article's text.
    body = printed.locator(".article-body").bounding_box()
    assert words.bounding_box()["y"] >= body["y"] + body["height"]


def test_the_printout_has_no_definitions_inside_the_text(printed):
    expect(printed.locator(".term-popover:visible")).to_have_count(0)
    text = printed.locator(".article-body").inner_text()
    assert "A group of medicines that slow down the cells" not in text
    assert " ," not in text and " ." not in text and "  " not in text


def test_the_german_printout_lists_fachwoerter(site, page):
    page.goto(site + "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/")
    page.emulate_media(media="print")

    heading = page.locator(".glossary-words").get_by_role("heading")
    expect(heading).to_have_text("Fachwörter auf dieser Seite")


def test_the_printout_has_no_navigation_forms_or_buttons(printed):
    for selector in ("nav", "form", ".feedback", ".site-footer", ".skip-link", ".term-popover a"):
        hidden = printed.locator(selector)
        for index in range(hidden.count()):
            expect(hidden.nth(index)).to_be_hidden()
    # Glossary words stay in the text, as plain words.
    buttons = printed.locator("button:visible")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        assert "term-button" in button.get_attribute("class")
        assert button.evaluate("b => getComputedStyle(b).textDecorationLine") == "none"


def test_on_screen_the_print_only_parts_are_hidden(site, page):
    page.goto(site + ARTICLE)

    expect(page.locator(".page-address")).to_be_hidden()
    expect(page.locator(".glossary-words")).to_be_hidden()
    expect(page.get_by_role("heading", name="Medical words on this page")).to_have_count(0)
    expect(page.locator(".article-body .term-popover").first).to_be_hidden()
    expect(page.locator(".site-search")).to_be_visible()
