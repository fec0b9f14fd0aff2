"""A printed article, seen through Chromium's print emulation: the content and what paper
needs (the page's address, the glossary words explained); no navigation, forms or buttons."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTICLE = "/en/articles/understanding-bone-metastases/"


@pytest.fixture
def printed(site, page):
    page.goto(site + ARTICLE)
    page.emulate_media(media="print")
    return page


def test_the_printout_keeps_title_summary_text_sources_and_dates(printed):
    for locator in (
        printed.get_by_role("heading", level=1, name="Understanding bone metastases"),
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


def test_the_printout_explains_the_glossary_words_used(printed):
    definition = printed.locator(
        ".article-body .term-popover", has_text="A group of medicines that slow down the cells"
    )

    expect(definition.first).to_be_visible()
    expect(definition.first.get_by_role("link")).to_be_hidden()
    opening = definition.first.evaluate("d => getComputedStyle(d, '::before').content")
    assert opening == '" ("'


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
        assert button.evaluate("b => getComputedStyle(b).borderBottomStyle") == "none"


def test_on_screen_the_print_only_parts_are_hidden(site, page):
    page.goto(site + ARTICLE)

    expect(page.locator(".page-address")).to_be_hidden()
    expect(page.locator(".article-body .term-popover").first).to_be_hidden()
    expect(page.locator(".site-search")).to_be_visible()
