"""A reader's path in a real Chromium: start page → article → the same article in English."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_reader_goes_from_the_start_page_to_an_article_and_switches_language(site, page):
    page.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9"})
    page.goto(site + "/")
    expect(page).to_have_url(re.compile(r"/de/$"))

    page.get_by_role("link", name="Wenn Brustkrebs die Knochen erreicht").first.click()
    expect(page).to_have_url(re.compile(r"/de/artikel/wenn-brustkrebs-die-knochen-erreicht/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wenn Brustkrebs die Knochen erreicht"
    )

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/articles/when-breast-cancer-reaches-the-bones/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "When breast cancer reaches the bones"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(re.compile(r"/de/artikel/wenn-brustkrebs-die-knochen-erreicht/$"))


def test_an_english_browser_lands_on_the_english_start_page(site, page):
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    page.goto(site + "/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_skip_link_is_the_first_stop_for_keyboard_users(site, page):
    page.goto(site + "/en/articles/when-breast-cancer-reaches-the-bones/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_contents_list_jumps_to_its_section(site, page):
    page.goto(site + "/en/articles/metastatic-breast-cancer/")
    contents = page.get_by_role("navigation", name="Contents")
    first = contents.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()


def test_an_article_page_fits_a_320_pixel_wide_screen(site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/",
        "/en/articles/metastatic-breast-cancer/",
    ):
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
