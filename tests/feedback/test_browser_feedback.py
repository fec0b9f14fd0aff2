"""The feedback form in a real Chromium: keyboard only, errors and focus, a cached page, axe."""

import urllib.request

import pytest
from playwright.sync_api import expect

from articles.models import Feedback
from tests.conftest import PHONE

pytestmark = pytest.mark.browser

ARTICLE = "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/"
FORM = ARTICLE + "kommentar/"
ENGLISH_FORM = "/en/articles/when-breast-cancer-reaches-the-bones/feedback/"


@pytest.fixture(autouse=True)
def quick_readers(settings, empty_cache):
    # A browser fills the form faster than the minimum time a person needs; every sender here
    # is on loopback, so one client.
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    settings.FEEDBACK_RATE_LIMIT = 100


def tab_until(page, condition: str, limit: int = 600) -> list[str]:
    """Press Tab until ``condition`` (JavaScript, about ``el``) holds for the focused element.

    Returns the ids of the elements passed on the way.
    """
    passed = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {condition})(document.activeElement)"):
            return passed
        passed.append(page.evaluate("document.activeElement.id"))
    raise AssertionError(f"Tab never reached {condition}")


def send_empty_form(page, url):
    page.goto(url)
    page.get_by_role("button", name="Send feedback").or_(
        page.get_by_role("button", name="Rückmeldung senden")
    ).click()
    expect(page.locator(".error-summary")).to_be_visible()


def test_a_keyboard_user_fills_in_and_sends_the_form_on_the_article_page(site, page):
    page.goto(site + ARTICLE)

    tab_until(page, "el.id === 'feedback-rating-1'")
    for _step in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#feedback-rating-4")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#feedback-comment")).to_be_focused()
    page.keyboard.type("Die Abschnitte zu Schmerzen haben mir geholfen.\nDanke!")
    page.keyboard.press("Tab")
    page.keyboard.type("Anna")
    page.keyboard.press("Tab")
    page.keyboard.type("anna@example.org")
    page.keyboard.press("Tab")
    expect(page.locator("#feedback-consent")).to_be_focused()
    page.keyboard.press("Space")
    passed = tab_until(page, "el.type === 'submit'", limit=5)
    page.keyboard.press("Enter")

    expect(page).to_have_url(site + FORM + "danke/")
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Rückmeldung")
    assert "feedback-website" not in passed
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.name, feedback.email) == (4, "Anna", "anna@example.org")
    assert feedback.comment == "Die Abschnitte zu Schmerzen haben mir geholfen.\nDanke!"


def test_an_empty_form_focuses_the_error_summary_whose_links_focus_the_fields(site, page):
    page.set_viewport_size(PHONE)
    send_empty_form(page, site + FORM)

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(
        "Fehler: Kommentar zu dieser Seite: Wenn Brustkrebs die Knochen erreicht – healthinfo"
    )

    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#feedback-rating-1")).to_be_focused()
    expect(page.locator("legend")).to_be_in_viewport()

    summary.get_by_role("link", name="Geben Sie Ihren Kommentar ein").click()
    expect(page.locator("#feedback-comment")).to_be_focused()
    expect(page.locator("label[for=feedback-comment]")).to_be_in_viewport()
    assert Feedback.objects.count() == 0


def test_a_reader_with_no_cookies_sends_the_form_of_an_article_from_a_shared_cache(site, browser):
    # What a shared cache (CDN, reverse proxy) does: fetch the page once, keep it, serve it.
    with urllib.request.urlopen(site + ARTICLE) as origin:
        cached_page = origin.read()
        headers = origin.headers
    assert headers.get_all("Set-Cookie") is None
    assert "cookie" not in (headers.get("Vary") or "").lower()

    reader = browser.new_context()
    page = reader.new_page()
    served_from_cache = []

    def from_cache(route):
        served_from_cache.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=cached_page)

    page.route(site + ARTICLE, from_cache)
    page.goto(site + ARTICLE)
    assert served_from_cache == [site + ARTICLE]
    assert reader.cookies() == []

    page.locator("label[for=feedback-rating-5]").click()
    page.locator("#feedback-comment").fill("Aus dem Cache gesendet.")
    page.locator("#feedback-consent").check()
    page.get_by_role("button", name="Rückmeldung senden").click()

    expect(page).to_have_url(site + FORM + "danke/")
    assert Feedback.objects.get().comment == "Aus dem Cache gesendet."
    assert reader.cookies() == []
    reader.close()


def test_the_form_page_has_no_axe_violations_and_large_touch_targets(site, page, axe_violations):
    page.set_viewport_size(PHONE)
    page.goto(site + ENGLISH_FORM)

    assert axe_violations(page) == []
    for choice in page.locator(".radio label, .checkbox label").all():
        assert choice.bounding_box()["height"] >= 44


@pytest.mark.parametrize("url", [FORM, ENGLISH_FORM])
def test_the_form_with_errors_has_no_axe_violations(site, page, axe_violations, url):
    page.set_viewport_size(PHONE)
    send_empty_form(page, site + url)

    assert axe_violations(page) == []


def test_the_confirmation_has_no_axe_violations(site, page, axe_violations):
    page.set_viewport_size(PHONE)
    page.goto(site + ENGLISH_FORM + "thanks/")

    expect(page.locator("h1")).to_have_text("Thank you for your feedback")
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", ["/de/datenschutz/", "/en/privacy/"])
def test_the_privacy_page_has_no_axe_violations(site, page, axe_violations, url):
    page.set_viewport_size(PHONE)
    page.goto(site + url)

    assert axe_violations(page) == []
