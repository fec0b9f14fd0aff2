"""Glossary toggletips in a real Chromium: keyboard, touch, no JavaScript, small screens, axe."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE

pytestmark = pytest.mark.browser

ARTICLE = "/de/artikel/knochenmetastasen-verstehen/"


def first_term(page):
    return page.locator(".article-body .term-button").first


def open_popover(page):
    return page.locator(".term-popover:popover-open")


def test_a_keyboard_user_opens_a_definition_reaches_its_link_and_closes_it(site, page):
    page.goto(site + ARTICLE)
    button = first_term(page)
    button.focus()
    page.keyboard.press("Enter")
    popover = open_popover(page)
    expect(popover).to_have_count(1)
    expect(popover).to_be_visible()
    assert popover.get_attribute("id") == button.get_attribute("popovertarget")

    page.keyboard.press("Tab")
    link = popover.get_by_role("link")
    expect(link).to_be_focused()
    assert link.get_attribute("href").startswith("/de/glossar/")  # the term's own page

    page.keyboard.press("Escape")
    expect(open_popover(page)).to_have_count(0)
    expect(button).to_be_focused()


def test_space_opens_a_definition_too(site, page):
    page.goto(site + ARTICLE)
    first_term(page).focus()
    page.keyboard.press(" ")
    expect(open_popover(page)).to_have_count(1)


def test_the_glossary_link_inside_a_definition_leads_to_the_entry(site, page):
    page.goto(site + ARTICLE)
    first_term(page).click()
    popover = open_popover(page)
    term = popover.locator(".term-name").inner_text()
    popover.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(term)


def test_a_tap_opens_a_definition_and_a_tap_elsewhere_closes_it(site, browser):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport=PHONE)
    page = context.new_page()
    page.goto(site + ARTICLE)
    button = first_term(page)
    button.scroll_into_view_if_needed()
    button.tap()
    expect(open_popover(page)).to_have_count(1)
    page.locator("h1").tap()
    expect(open_popover(page)).to_have_count(0)
    context.close()


def test_definitions_open_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + ARTICLE)
    first_term(page).click()
    expect(open_popover(page)).to_have_count(1)
    context.close()


def test_an_open_definition_fits_a_320_pixel_wide_screen(site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + ARTICLE)
    buttons = page.locator(".article-body .term-button")
    for index in range(min(buttons.count(), 8)):
        button = buttons.nth(index)
        button.scroll_into_view_if_needed()
        button.click()
        box = open_popover(page).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        page.keyboard.press("Escape")


def test_definitions_read_inline_where_the_popover_api_is_missing(site, page):
    page.goto(site + ARTICLE)
    # Remove the popover attribute, as a browser without the API would ignore it.
    page.evaluate(
        "document.querySelectorAll('[popover]').forEach(e => e.removeAttribute('popover'))"
    )
    definition = page.locator(".article-body .term-popover").first
    expect(definition).to_be_visible()


@pytest.mark.parametrize("path", [ARTICLE, "/en/articles/metastatic-breast-cancer/"])
def test_an_article_with_an_open_definition_has_no_axe_violations(site, page, axe_violations, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    first_term(page).click()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/de/glossar/", "/en/glossary/"])
def test_the_glossary_page_has_no_axe_violations(site, page, axe_violations, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    assert axe_violations(page) == []
