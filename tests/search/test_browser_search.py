"""Searching in a real Chromium: from the header by keyboard, and no axe violations on the
search page or on the pages about the site, at phone size, in both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE

pytestmark = pytest.mark.browser


def test_a_keyboard_user_searches_from_the_header_of_any_page(site, page):
    page.goto(site + "/de/artikel/metastasierter-brustkrebs/")

    field = page.get_by_role("searchbox", name="Diese Website durchsuchen")
    for _ in range(15):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            break
    expect(field).to_be_focused()
    page.keyboard.type("Knochenmetastasen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/de/suche/\?q=Knochenmetastasen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suchen")
    results = page.locator("main section").first
    expect(results.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\d+ Artikel$"))
    first = results.get_by_role("link").first
    expect(first).to_have_text("Wenn Brustkrebs die Knochen erreicht")
    expect(results.locator("mark").first).to_be_visible()

    # The search field of the page holds the query, ready to be changed.
    expect(page.get_by_role("searchbox", name="Suchen nach")).to_have_value("Knochenmetastasen")


def test_the_search_button_can_be_reached_and_pressed_by_keyboard(site, page):
    page.goto(site + "/en/")
    page.get_by_role("searchbox", name="Search this website").fill("glossary words")
    page.keyboard.press("Tab")
    button = page.get_by_role("search", name="Search this website").get_by_role("button")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/en/search/\?q=glossary\+words$"))


SEARCH_PAGES = [
    "/de/suche/",
    "/en/search/",
    "/de/suche/?q=Knochen",
    "/en/search/?q=bone+pain",
    "/de/suche/?q=Xylophon",
    "/en/search/?q=%3F%21",
    # A correction shown, and offered; a second page of results.
    "/de/suche/?q=Knochenmetastasn",
    "/en/search/?q=metastsis&exact=1",
    "/de/suche/?q=Metastase&page=2",
]
TRUST_PAGES = [
    "/de/ueber-uns/",
    "/en/about/",
    "/de/so-arbeiten-wir/",
    "/en/how-we-work/",
    "/de/datenschutz/",
    "/en/privacy/",
    "/de/barrierefreiheit/",
    "/en/accessibility/",
    "/de/impressum/",
    "/en/imprint/",
]


@pytest.mark.parametrize("path", SEARCH_PAGES + TRUST_PAGES)
def test_the_page_has_no_axe_violations_at_phone_size(site, page, axe_violations, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/de/suche/?q=Knochen", "/en/about/"])
def test_the_page_has_no_axe_violations_on_a_wide_screen(site, page, axe_violations, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + path)
    assert axe_violations(page) == []


def test_the_header_search_fits_a_320_pixel_wide_screen(site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + "/de/suche/?q=Knochen")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
