"""An editor logs in, opens an article and previews it, glossary toggletips and all, in Chromium."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.browser


def test_the_preview_button_shows_the_unsaved_article_as_readers_will_see_it(site, editor_page):
    article = Article.objects.get(key="bone-metastases")
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/?language=de")
    page.locator("#id_title_de").fill("Knochenmetastasen – Vorschau")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview: German").click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.locator("h1")).to_have_text("Knochenmetastasen – Vorschau")
    expect(preview.locator(".preview-notice")).to_be_visible()
    button = preview.locator(".article-body .term-button").first
    button.click()
    expect(preview.locator(".term-popover:popover-open")).to_have_count(1)
    assert preview.locator("html").get_attribute("lang") == "de"
    # Nothing was saved: the public page keeps the old title.
    article.refresh_from_db()
    assert article.title_de == "Wenn Brustkrebs die Knochen erreicht"


def test_the_saved_version_opens_from_the_object_tools(site, editor_page):
    article = Article.objects.get(key="bone-metastases")
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Saved version: English").click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.locator("h1")).to_have_text(article.title_en)
    assert preview.locator("html").get_attribute("lang") == "en"
