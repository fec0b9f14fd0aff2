"""axe-core finds no WCAG 2.2 AA or best-practice violations on any public page, in both
languages, on a small phone, a phone and a wide screen, with every table laid out."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from articles.models import Article, GlossaryTerm, Topic
from articles.models.languages import LANGUAGE_CODES, translated
from tests.conftest import PHONE

pytestmark = pytest.mark.browser

# The pages of every kind that are the same whatever the content: start, glossary, search
# (with results, without, misspelt), about the website, and the pages of unknown addresses.
PAGES = [
    "/de/",
    "/en/",
    "/de/glossar/",
    "/en/glossary/",
    "/de/glossar/m/",
    "/en/glossary/b/",
    "/de/glossar/q/",
    "/de/suche/",
    "/de/suche/?q=Knochen",
    "/en/search/?q=bone",
    "/en/search/?q=bnoe+metastsis",
    "/de/suche/?q=xylophon",
    "/de/ueber-uns/",
    "/en/about/",
    "/de/so-arbeiten-wir/",
    "/en/how-we-work/",
    "/de/barrierefreiheit/",
    "/en/accessibility/",
    "/de/impressum/",
    "/en/imprint/",
    "/de/datenschutz/",
    "/en/privacy/",
    "/de/artikel/gibt-es-nicht/",
    "/en/articles/does-not-exist/",
]

WIDTHS = {320: 640, 390: 844, 1280: 900}

# Tables far below the screen are not laid out (content-visibility: auto), and axe cannot
# judge what is not laid out: the screen is made as tall as the page, so that all is in view.
PAGE_HEIGHT = "document.documentElement.scrollHeight"


def public_pages() -> list[str]:
    """Every kind of public page in both languages: the fixed ones, each topic, each article,
    its feedback thank-you page and a glossary term's page."""
    pages = list(PAGES)
    for code in LANGUAGE_CODES:
        pages += [topic.get_absolute_url(code) for topic in Topic.objects.all()]
        for article in Article.objects.published():
            pages.append(article.get_absolute_url(code))
        article = Article.objects.published().first()
        with override(code):
            slug = translated(article, "slug", code)
            pages.append(reverse("articles:feedback_thanks", kwargs={"slug": slug}))
        term = GlossaryTerm.objects.order_by("-key").first()
        pages.append(term.get_absolute_url(code))
    return list(dict.fromkeys(pages))


@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_has_axe_violations(site, page, axe_violations, width):
    found = {}
    for path in public_pages():
        page.set_viewport_size({"width": width, "height": WIDTHS[width]})
        response = page.goto(site + path)
        assert response.status < 500, path
        # Twice: tables laid out at last may be taller than the size they were given before.
        for _ in range(2):
            page.set_viewport_size({"width": width, "height": page.evaluate(PAGE_HEIGHT)})
        if violations := axe_violations(page):
            found[path] = violations
    assert not found, "\n".join(f"{path}: {found[path]}" for path in found)


def test_the_page_of_an_article_taken_down_has_no_axe_violations(site, page, axe_violations):
    article = Article.objects.get(key="bone-metastases")
    article.status = Article.Status.DRAFT
    article.save()
    page.set_viewport_size(PHONE)
    for path in (article.get_absolute_url(code) for code in LANGUAGE_CODES):
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
