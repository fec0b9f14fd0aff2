"""The news feed: new and updated articles of one language, as Atom (``/de/feed/``, ``/en/feed/``).

An entry counts as updated on the "Updated on" date readers of the feed's language see (set
by publishing a change that is not marked minor), or when it was first published, whichever
is later: corrections that leave the date alone do not bring an article back to readers'
feeds.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from ..models import LANGUAGE_CODES, Article, translated
from ..page_cache import tags
from ..page_cache.tags import depends_on

FEED_LENGTH = 20
# What an entry needs: the long texts of an article stay in the database.
_ENTRY_FIELDS = (
    "key",
    "status",
    "first_published_at",
    *(
        f"{name}_{code}"
        for name in ("title", "slug", "description", "author", "updated_on")
        for code in LANGUAGE_CODES
    ),
)


def _updated_at(article: Article) -> datetime.datetime:
    updated = article.shown_updated_on(get_language())
    midnight = updated and datetime.datetime.combine(
        updated, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    # Publishing sets first_published_at, so one of the two is always there.
    return max(filter(None, (midnight, article.first_published_at)))


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("%(site_name)s: new and updated articles") % {
            "site_name": settings.SITE_NAME
        }

    def subtitle(self):
        return gettext(
            "Plain-language, carefully sourced information on metastatic breast cancer, "
            "in German and English."
        )

    def link(self):
        return reverse("articles:home")

    def feed_url(self):
        return reverse("articles:feed")

    def author_name(self):
        return settings.SITE_NAME

    def __call__(self, request, *args, **kwargs):
        depends_on(request, tags.ARTICLES)
        return super().__call__(request, *args, **kwargs)

    def items(self):
        language = get_language()
        articles = Article.objects.published().translated_into(language).only(*_ENTRY_FIELDS)
        # The newest entries by either date hold the newest by the later of the two, so the
        # database picks a few candidates instead of the whole catalogue being sorted here.
        newest = {
            article.pk: article
            for order in (
                F(f"updated_on_{language}").desc(nulls_last=True),
                F("first_published_at").desc(nulls_last=True),
            )
            for article in articles.order_by(order, "pk")[:FEED_LENGTH]
        }
        return sorted(newest.values(), key=_updated_at, reverse=True)[:FEED_LENGTH]

    def item_title(self, article):
        return translated(article, "title", get_language())

    def item_description(self, article):
        return translated(article, "description", get_language())

    def item_link(self, article):
        return article.get_absolute_url(get_language())

    def item_author_name(self, article):
        return translated(article, "author", get_language()) or None

    def item_updateddate(self, article):
        return _updated_at(article)

    def item_pubdate(self, article):
        return article.first_published_at
