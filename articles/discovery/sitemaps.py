"""``/sitemap.xml``: every public page in both languages, each with its hreflang alternates.

Only languages a page really exists in are listed. The start page also names the root
address as ``x-default``: it sends each reader to their language. Other pages have no such
address (``/artikel/…`` would not find the English page), so they name none. The glossary's
letter pages name no alternates at all: each language lists its own words under a letter.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, Topic, translated


class _TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True


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


class ArticleSitemap(_TranslatedSitemap):
    def items(self):
        return Article.objects.published().order_by("key")

    def get_languages_for_item(self, article):
        return article.available_languages()

    def lastmod(self, article):
        # Django asks once per article, not per language: the newest of its languages' dates.
        dates = (article.shown_updated_on(code) for code in article.available_languages())
        return max(filter(None, dates), default=None)


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
    "glossary-terms": GlossaryTermSitemap,
}
