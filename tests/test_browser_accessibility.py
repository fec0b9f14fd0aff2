"""axe-core finds no WCAG 2.2 AA or best-practice violations on the public pages, at phone size."""

import pytest

from articles.models import Article, Topic
from tests.conftest import PHONE

pytestmark = pytest.mark.browser

PAGES = [
    "/de/",
    "/en/",
    "/de/themen/metastasierter-brustkrebs/",
    "/en/topics/treatment/",
    "/de/artikel/metastasierter-brustkrebs/",
    "/en/articles/metastatic-breast-cancer/",
    "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/",
    "/en/articles/when-breast-cancer-reaches-the-bones/",
    "/de/artikel/gibt-es-nicht/",
    "/en/articles/does-not-exist/",
    "/de/glossar/metastase/",
    "/en/glossary/metastasis/",
    "/de/glossar/m/",
    "/en/glossary/b/",
    "/de/glossar/q/",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_no_axe_violations_at_phone_size(site, page, axe_violations, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PAGES[4:8])
def test_the_article_has_no_axe_violations_on_a_wide_screen(site, page, axe_violations, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + path)
    assert axe_violations(page) == []


def test_the_page_of_an_article_taken_down_has_no_axe_violations(site, page, axe_violations):
    article = Article.objects.get(slug_de="wenn-brustkrebs-die-knochen-erreicht")
    article.status = Article.Status.DRAFT
    article.save()
    page.set_viewport_size(PHONE)
    for path in ("/de/artikel/wenn-brustkrebs-die-knochen-erreicht/", PAGES[7]):
        response = page.goto(site + path)
        assert response.status == 410
        assert axe_violations(page) == []


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_the_pages_of_a_long_topic_have_no_axe_violations(site, page, axe_violations, width):
    topic = Topic.objects.get(slug_de="behandlung")
    for n in range(45):
        article = Article.objects.create(
            key=f"extra-{n}",
            status=Article.Status.PUBLISHED,
            title_de=f"Weiterer Artikel {n:02d}",
            slug_de=f"weiterer-artikel-{n:02d}",
            body_de="Ein kurzer Text.",
        )
        article.topics.add(topic)
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/de/themen/behandlung/", "/de/themen/behandlung/?page=2"):
        page.goto(site + path)
        assert page.locator("nav.pagination a[aria-current='page']").count() == 1
        assert axe_violations(page) == []
