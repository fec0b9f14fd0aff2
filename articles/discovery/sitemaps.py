"""The sitemaps: ``/sitemap.xml`` is an index of sections, each listing public pages in both
languages with their hreflang alternates, a few hundred addresses per page of a section.

Only languages a page really exists in are listed. The start page also names the root
address as ``x-default``: it sends each reader to their language. Other pages have no such
address (``/artikel/…`` would not find the English page), so they name none. Lists load only
the columns the addresses need, so a catalogue of thousands of pages stays cheap. The glossary's
letter pages name no alternates at all: each language lists its own words under a letter.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, Topic, translated
from ..page_cache import tags
from ..page_cache.tags import depends_on

# Addresses per page of a section: each comes with its alternates (about 450 bytes in all).
ADDRESSES_PER_PAGE = 200


class _PagesInLanguages(Paginator):
    """Pages of a section's items, each item listed once per language it exists in.

    Django's translated sitemaps pair every item with each of its languages before paging,
    which reads the whole catalogue for every page of it and for the index; here the database
    counts and slices the items, and only one page of them is paired with its languages.
    """

    def __init__(self, items, addresses_per_page: int, languages_for):
        super().__init__(items, max(1, addresses_per_page // len(LANGUAGE_CODES)))
        self._languages_for = languages_for

    def _get_page(self, items, number, paginator):
        pairs = [(item, code) for item in items for code in self._languages_for(item)]
        return super()._get_page(pairs, number, paginator)


class _TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = ADDRESSES_PER_PAGE

    @property
    def paginator(self):
        return _PagesInLanguages(self.items(), self.limit, self.get_languages_for_item)


class HomeSitemap(_TranslatedSitemap):
    x_default = True

    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)


class PageSitemap(_TranslatedSitemap):
    """The glossary and the pages about the website."""

    def items(self):
        return [
            "articles:glossary",
            "articles:about",
            "articles:how_we_work",
            "articles:privacy",
            "articles:accessibility",
            "articles:imprint",
        ]

    def location(self, name):
        return reverse(name)


class TopicSitemap(_TranslatedSitemap):
    def items(self):
        return Topic.objects.all()

    def get_languages_for_item(self, topic):
        return [code for code in LANGUAGE_CODES if topic.is_translated(code)]


def _columns(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code in LANGUAGE_CODES]


def _exists_in(language: str) -> Q:
    # As Article.is_translated, asked of the database: the text itself stays there.
    return ~Q(**{f"body_{language}": ""}) & Q(**{f"body_{language}__isnull": False})


class ArticleSitemap(_TranslatedSitemap):
    def items(self):
        articles = (
            Article.objects.published()
            .only("key", "first_published_at", *_columns("title", "slug", "updated_on"))
            .annotate(**{f"has_body_{code}": _exists_in(code) for code in LANGUAGE_CODES})
            .order_by("key")
        )
        return articles

    def get_languages_for_item(self, article):
        return [
            code
            for code in LANGUAGE_CODES
            if getattr(article, f"has_body_{code}")
            and getattr(article, f"title_{code}")
            and getattr(article, f"slug_{code}")
        ]

    def lastmod(self, article):
        # Django asks once per article, not per language: the newest of its languages' dates.
        dates = (article.shown_updated_on(code) for code in self.get_languages_for_item(article))
        return max(filter(None, dates), default=None)

    def get_latest_lastmod(self):
        """The newest of those dates, for the index: asked of the database, not of each
        article in turn. A language's date is never older than the first publication."""
        latest = Article.objects.published().aggregate(
            published=Max(TruncDate("first_published_at")),
            **{code: Max(f"updated_on_{code}") for code in LANGUAGE_CODES},
        )
        return max(filter(None, latest.values()), default=None)


class GlossaryLetterSitemap(_TranslatedSitemap):
    """The glossary's letter pages that list any words (their first pages)."""

    alternates = False

    @cached_property
    def _counts(self) -> dict[str, dict[str, int]]:
        return {code: GlossaryTerm.objects.letter_counts(code) for code in LANGUAGE_CODES}

    def items(self):
        return sorted({group for counts in self._counts.values() for group in counts})

    def get_languages_for_item(self, group):
        return [code for code in LANGUAGE_CODES if group in self._counts[code]]

    def location(self, group):
        return reverse("articles:glossary_letter", kwargs={"letter": group})


class GlossaryTermSitemap(_TranslatedSitemap):
    def items(self):
        # The stored letter is set exactly when the term has a page in that language.
        fields = [f"{name}_{code}" for name in ("slug", "letter") for code in LANGUAGE_CODES]
        return GlossaryTerm.objects.only("key", *fields).order_by("key")

    def get_languages_for_item(self, term):
        return [code for code in LANGUAGE_CODES if translated(term, "letter", code)]


SITEMAPS = {
    "home": HomeSitemap,
    "pages": PageSitemap,
    "topics": TopicSitemap,
    "articles": ArticleSitemap,
    "glossary-letters": GlossaryLetterSitemap,
    "glossary": GlossaryTermSitemap,
}


def _depends_on_lists(request):
    depends_on(request, tags.ARTICLES, tags.TOPICS, *(tags.glossary(c) for c in LANGUAGE_CODES))


@require_safe
def index(request):
    _depends_on_lists(request)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
def section(request, section):
    _depends_on_lists(request)
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
