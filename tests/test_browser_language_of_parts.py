"""Language of parts (WCAG 3.1.2): German words on English pages and English source titles on
German pages carry their language, so that screen readers pronounce them in it."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.browser


def test_german_phrases_on_an_english_page_are_marked_german(site, page):
    overview = Article.objects.get(key="metastatic-breast-cancer")
    page.goto(site + overview.get_absolute_url("en"))

    assert page.locator("html").get_attribute("lang") == "en"
    german = page.locator("main .article-body span[lang='de']").all_inner_texts()
    assert "psychosoziale Krebsberatungsstellen" in german
    assert "Reha-Servicestelle" in german


def test_english_source_titles_on_a_german_page_are_marked_english(site, page):
    summary = Article.objects.get(key="local-treatment-of-metastases")
    page.goto(site + summary.get_absolute_url("de"))

    assert page.locator("html").get_attribute("lang") == "de"
    english = page.locator("section.sources li span[lang='en']")
    assert english.count() >= 10
    assert "Lancet Oncol" in " ".join(english.all_inner_texts())
