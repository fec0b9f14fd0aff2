"""The admin at 1280 px in Chromium: the article and feedback lists fit without horizontal
scrolling, the article form stays near the window's width, and Enter on a topic
or related article does not send the form."""

import datetime

import pytest
from playwright.sync_api import expect

from articles.models import Article, Feedback
from tests.conftest import _staff_user

pytestmark = pytest.mark.browser

SCREENSHOTS = "test-results"
LONG_COMMENT = (
    "Die Seite hat mir sehr geholfen, aber ich hätte gern mehr über die Nebenwirkungen der "
    "Bestrahlung gewusst und wie lange sie dauern."
)


@pytest.fixture
def admin_page(site, page, transactional_db):
    """A superuser, who sees every column, filter and application, at 1280 px."""
    user = _staff_user("sam", "Editors")
    user.is_superuser = True
    user.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def scroll_widths(page) -> tuple[int, int]:
    """The page's width and the widest overflow of the list's own scrolling box."""
    expect(page.locator("#result_list")).to_be_visible()
    return page.evaluate(
        """() => {
          const results = document.querySelector('.results');
          return [document.documentElement.scrollWidth,
                  results ? results.scrollWidth - results.clientWidth : 0];
        }"""
    )


def test_the_article_list_fits_1280_pixels(site, admin_page):
    admin_page.goto(site + "/admin/articles/article/")

    page_width, list_overflow = scroll_widths(admin_page)
    admin_page.screenshot(path=f"{SCREENSHOTS}/admin-article-list-1280.png", full_page=True)
    assert page_width <= 1280
    assert list_overflow == 0


def test_the_feedback_list_fits_1280_pixels(site, admin_page):
    for article in Article.objects.all():
        for rating in (1, 5):
            Feedback.objects.create(
                article=article,
                language="de",
                article_updated_on=article.updated_on or datetime.date(2024, 1, 1),
                rating=rating,
                comment=LONG_COMMENT,
            )
    admin_page.goto(site + "/admin/articles/feedback/")

    page_width, list_overflow = scroll_widths(admin_page)
    admin_page.screenshot(path=f"{SCREENSHOTS}/admin-feedback-list-1280.png", full_page=True)
    assert page_width <= 1280
    assert list_overflow == 0


def test_the_sources_table_keeps_the_article_form_near_the_windows_width(site, admin_page):
    admin_page.set_viewport_size({"width": 1400, "height": 900})
    article = Article.objects.get(key="bone-metastases")
    admin_page.goto(f"{site}/admin/articles/article/{article.pk}/change/")

    assert admin_page.evaluate("document.documentElement.scrollWidth") <= 1400


def test_enter_on_a_topic_or_related_article_does_not_send_the_form(site, admin_page):
    article = Article.objects.get(key="bone-metastases")
    admin_page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    form_url = admin_page.url
    sent = []
    admin_page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    topic = admin_page.locator("#id_topics input[type=checkbox]").first
    related = admin_page.locator("#id_related input[type=checkbox]").first
    was_checked = topic.is_checked()

    topic.press("Enter")
    related.press("Enter")
    topic.press("Space")

    admin_page.wait_for_timeout(500)
    assert sent == []
    assert admin_page.url == form_url
    assert topic.is_checked() is not was_checked, "Space still ticks and unticks"
