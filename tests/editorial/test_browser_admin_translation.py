"""An editor translates in Chromium: the other language next to each field, read-only, with
what changed in it; a warning before leaving unsaved changes; drafts viewed in their preview;
addresses filled in from the title."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.rendering import slugify_heading
from tests.editorial.conftest import ADDED_IN_GERMAN

pytestmark = pytest.mark.browser


def test_the_other_language_is_read_only_next_to_the_edited_one_with_what_changed(
    site, editor_page, outdated_english
):
    article = outdated_english
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/?language=en")

    expect(page.locator("label[for=id_title_en]")).to_contain_text("Title (English)")
    expect(page.locator("label[for=id_title_de]")).to_contain_text("Title (German)")
    german_title = page.locator("#id_title_de")
    expect(german_title).to_have_value(article.title_de)
    expect(german_title).to_have_attribute("readonly", "")
    expect(german_title).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_editable()
    # Side by side: the German column starts right of the English one, on the same line.
    english_box = page.locator("#id_title_en").bounding_box()
    german_box = german_title.bounding_box()
    assert german_box["x"] > english_box["x"] + english_box["width"]
    assert abs(german_box["y"] - english_box["y"]) < 5

    german_body = page.locator("#id_body_de")
    expect(german_body).to_have_class(re.compile(r"\btranslation-outdated\b"))
    expect(german_body).to_have_attribute("aria-describedby", re.compile(r"id_body_de_change"))
    change = page.locator("#id_body_de_change")
    expect(change).to_contain_text("Outdated")
    expect(change.locator("ins")).to_contain_text(ADDED_IN_GERMAN)
    # Only what changed is marked: the German title stayed as it was.
    expect(german_title).not_to_have_class(re.compile(r"\btranslation-outdated\b"))
    expect(page.locator("#id_title_de_change")).to_have_count(0)
    page.screenshot(path="/tmp/shots-tr/side-by-side.png", full_page=False)

    # Switching the language edits German with the English read-only beside it.
    page.get_by_role("link", name="German", exact=True).click()
    expect(page.locator("#id_title_de")).to_be_editable()
    expect(page.locator("#id_title_en")).to_have_attribute("readonly", "")
    expect(page.locator(".translation-change")).to_have_count(0)  # German is current


def test_leaving_a_changed_form_asks_first_and_saving_does_not(site, editor_page):
    article = Article.objects.get(key="bone-metastases")
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/?language=de")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Unchanged: leaving asks nothing.
    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    assert dialogs == []

    page.go_back()
    page.locator("#id_title_de").click()
    page.keyboard.press("End")
    page.keyboard.type(" – neu")
    page.get_by_role("link", name="History").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#id_title_de")).to_have_value(article.title_de + " – neu")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogs == ["beforeunload"]
    expect(page.locator("#id_title_de")).to_have_value(article.title_de + " – neu")


def test_view_on_site_of_a_draft_opens_its_preview_in_a_new_tab(site, editor_page):
    draft = Article.objects.create(
        key="draft-nausea",
        status=Article.Status.DRAFT,
        title_de="Übelkeit",
        slug_de="uebelkeit",
        body_de="Text.",
        title_en="Nausea",
        slug_en="nausea",
        body_en="Text.",
    )
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{draft.pk}/change/?language=en")
    page.locator("#id_title_en").fill("Nausea, unsaved")
    link = page.locator("a.viewsitelink")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("href", f"/admin/articles/article/{draft.pk}/preview/en/")

    with page.context.expect_page() as opened:
        link.click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator("h1")).to_have_text("Nausea")
    # The form keeps what was typed.
    expect(page.locator("#id_title_en")).to_have_value("Nausea, unsaved")


def test_a_published_articles_view_on_site_opens_its_public_page_in_a_new_tab(site, editor_page):
    article = Article.objects.get(key="bone-metastases")
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    link = page.locator("a.viewsitelink")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("href", article.get_absolute_url("en"))


def test_the_address_is_filled_in_from_the_title_while_it_is_empty(site, editor_page):
    page = editor_page
    page.goto(f"{site}/admin/articles/article/add/?language=de")
    title = "Übelkeit & Schmerzen – was hilft? Größe"
    page.locator("#id_title_de").fill(title)
    expect(page.locator("#id_slug_de")).to_have_value(slugify_heading(title))
    expect(page.locator("#id_slug_de")).to_have_value("uebelkeit-schmerzen-was-hilft-groesse")

    # An address typed by hand stays.
    page.locator("#id_slug_de").fill("uebelkeit")
    page.locator("#id_title_de").fill("Übelkeit bei Chemotherapie")
    expect(page.locator("#id_slug_de")).to_have_value("uebelkeit")


def test_an_address_already_set_is_not_changed_by_editing_the_title(site, editor_page):
    article = Article.objects.get(key="bone-metastases")
    page = editor_page
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/?language=de")
    page.locator("#id_title_de").fill("Knochenmetastasen: ein neuer Titel")
    expect(page.locator("#id_slug_de")).to_have_value(article.slug_de)
