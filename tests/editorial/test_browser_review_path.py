"""The whole way of a change to readers, in Chromium: edit, review, publish, read.

An editor changes a published article and its address; readers keep the old text; a medical
reviewer approves; a publisher publishes; readers then see the new text with the reviewer's
name and the new date, and the old address leads to the new one.
"""

import pytest
from django.contrib.auth.models import Group
from django.utils import formats, timezone
from django.utils.translation import override
from playwright.sync_api import expect

from articles.models import Article, ReviewerProfile
from tests.conftest import _staff_user

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def log_in(page, site, username):
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


@pytest.fixture
def people(transactional_db):
    _staff_user("erika", "Editors")
    anna = _staff_user("anna", "Medical reviewers")
    ReviewerProfile.objects.create(
        user=anna, name="Dr. med. Anna Beispiel", qualification="Fachärztin für Gynäkologie"
    )
    paula = _staff_user("paula", "Editors")
    paula.groups.add(Group.objects.get(name="Publishers"))


def test_a_change_reaches_readers_only_after_review_and_publication(
    site, page, people, axe_violations
):
    article = Article.objects.get(key="bone-metastases")
    old_address = site + article.get_absolute_url("de")
    page.set_extra_http_headers({"Accept-Language": "de"})

    log_in(page, site, "erika")
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".workflow-status")).to_be_visible()
    page.get_by_role("link", name="Deutsch", exact=True).click()  # the language to edit
    page.locator("#id_title_de").fill("Knochenmetastasen: was jetzt wichtig ist")
    page.locator("#id_slug_de").fill("knochenmetastasen-was-wichtig-ist")
    page.locator("input[name=_save]").click()
    # The save leads to the review page, which compares with the published text.
    expect(page.locator("#diff-heading")).to_be_visible()
    expect(page.locator(".word-diff ins").first).to_be_visible()

    reader = page.context.browser.new_page()
    reader.goto(old_address)
    expect(reader.locator("h1")).to_have_text("Wenn Brustkrebs die Knochen erreicht")

    page.locator("button[value=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    log_in(page, site, "anna")
    page.goto(site + "/admin/")
    assert axe_violations(page) == []  # the index with its lists
    page.locator("#editorial-tasks a").first.click()
    assert axe_violations(page) == []  # the review page, with its comparison
    page.locator("#id_comment").fill("Fachlich geprüft.")
    page.locator("button[value=approve]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    log_in(page, site, "paula")
    page.goto(site + "/admin/")
    page.locator("#editorial-tasks a").first.click()
    page.locator("button[value=publish]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    # A new reader: the first one's browser may keep the old page for its max-age.
    reader.close()
    reader = page.context.browser.new_page()
    reader.goto(old_address)
    assert reader.url.endswith("/knochenmetastasen-was-wichtig-ist/")
    expect(reader.locator("h1")).to_have_text("Knochenmetastasen: was jetzt wichtig ist")
    header = reader.locator("main")
    expect(header).to_contain_text("Dr. med. Anna Beispiel, Fachärztin für Gynäkologie")
    with override("de"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    expect(header).to_contain_text(today)
    reader.close()
