"""Glossary toggletips in a real Chromium: keyboard, touch, no JavaScript, small screens, axe."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE

pytestmark = pytest.mark.browser

ARTICLE = "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/"


def first_term(page):
    return page.locator(".article-body .term-button").first


def open_popover(page):
    return page.locator(".term-popover:popover-open")


def accessible(page, selector) -> dict:
    """Role and name of the first element matching ``selector`` in Chromium's accessibility
    tree, as a screen reader gets them."""
    cdp = page.context.new_cdp_session(page)
    element = cdp.send("Runtime.evaluate", {"expression": f"document.querySelector({selector!r})"})
    (node, *_) = cdp.send(
        "Accessibility.getPartialAXTree",
        {"objectId": element["result"]["objectId"], "fetchRelatives": False},
    )["nodes"]
    return {"role": node["role"]["value"], "name": node.get("name", {}).get("value")}


def test_a_term_button_says_that_it_opens_an_explanation(site, page):
    page.goto(site + ARTICLE)
    word = first_term(page).evaluate("b => b.firstChild.textContent")

    assert accessible(page, ".article-body .term-button") == {
        "role": "button",
        "name": f"{word} – Erklärung",
    }


def test_an_open_definition_is_announced_as_a_dialog_named_by_its_term(site, page):
    page.goto(site + ARTICLE)
    first_term(page).click()
    term = open_popover(page).locator(".term-name").inner_text()

    assert accessible(page, ".term-popover:popover-open") == {"role": "dialog", "name": term}


def test_a_definition_closes_when_keyboard_focus_moves_past_it(site, page):
    page.goto(site + ARTICLE)
    first_term(page).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # its glossary link
    page.keyboard.press("Tab")  # its close button
    expect(open_popover(page)).to_have_count(1)

    page.keyboard.press("Tab")
    expect(open_popover(page)).to_have_count(0)


def test_a_definition_closes_when_focus_moves_back_before_its_word(site, page):
    page.goto(site + ARTICLE)
    first_term(page).focus()
    page.keyboard.press("Enter")

    page.keyboard.press("Shift+Tab")
    expect(open_popover(page)).to_have_count(0)


def test_opening_a_definition_closes_the_one_open(site, page):
    page.goto(site + ARTICLE)
    terms = page.locator(".article-body .term-button")
    terms.nth(0).click()
    terms.nth(1).click()

    expect(open_popover(page)).to_have_count(1)
    assert open_popover(page).get_attribute("id") == terms.nth(1).get_attribute("popovertarget")


def test_the_close_button_closes_the_definition_and_is_large_enough_to_hit(site, page):
    page.goto(site + "/en/articles/when-breast-cancer-reaches-the-bones/")
    first_term(page).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    close = open_popover(page).get_by_role("button", name="Close explanation")
    expect(close).to_be_focused()
    box = close.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    assert close.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"  # focus shows

    close.click()
    expect(open_popover(page)).to_have_count(0)


def test_on_a_phone_a_definition_opens_along_the_bottom_without_covering_its_word(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + ARTICLE)
    # 200 % text, as a phone's large-text setting.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    buttons = page.locator(".article-body .term-button")
    for index in range(min(buttons.count(), 6)):
        button = buttons.nth(index)
        button.scroll_into_view_if_needed()
        # A word low on the screen, where the panel opens.
        page.evaluate("y => window.scrollBy(0, y)", -(844 - 60 - button.bounding_box()["y"]))
        button.click()
        panel = open_popover(page).bounding_box()
        word = button.bounding_box()
        assert panel["x"] == 0 and panel["width"] == 390, panel
        assert panel["y"] + panel["height"] == pytest.approx(844, abs=1), panel
        assert word["y"] >= 0 and word["y"] + word["height"] <= panel["y"], (word, panel)
        page.keyboard.press("Escape")


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


def test_definitions_open_and_close_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + ARTICLE)
    first_term(page).click()
    expect(open_popover(page)).to_have_count(1)
    open_popover(page).locator(".term-close").click()
    expect(open_popover(page)).to_have_count(0)
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
