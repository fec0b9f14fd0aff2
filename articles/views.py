from django.conf import settings
from django.db.models import Count, F, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.translation import get_language, get_language_info

from .discovery.structured_data import as_json_ld, medical_web_page
from .feedback.forms import FeedbackForm
from .feedback.spam import issue_token
from .models import LANGUAGE_CODES, Article, Topic, by_code_point, translated
from .page_cache import tags
from .page_cache.tags import depends_on
from .pagination import first_page_redirect, page_url, paginate

# Open Graph names languages with a region; the English texts use British spelling.
OPEN_GRAPH_LOCALES = {"de": "de_DE", "en": "en_GB"}


def language_links(request, url_for, available=LANGUAGE_CODES):
    """One entry per site language for the switcher and the hreflang alternates.

    ``url_for(code)`` gives the page's address in that language; ``available`` lists the
    languages in which the page really exists (only those are announced to search engines).
    """
    links = []
    for code in LANGUAGE_CODES:
        url = url_for(code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "locale": OPEN_GRAPH_LOCALES[code],
                "available": code in available,
                "current": code == get_language(),
            }
        )
    return links


def _path_in(request, code):
    return translate_url(request.path, code)


# What a list of articles shows of each: its title, kind, description and address.
def _listed_fields(language: str) -> tuple[str, ...]:
    return (
        "key", "kind", "status", f"title_{language}", f"description_{language}",
        *(f"slug_{code}" for code in LANGUAGE_CODES),
    )  # fmt: skip


# What the list of articles not yet translated shows of each: a link to its original.
_UNTRANSLATED_FIELDS = ("key", "status", *(f"slug_{code}" for code in LANGUAGE_CODES))

# The start page lists this many articles of each topic and links to the topic for the rest.
ARTICLES_PER_TOPIC_SHOWN = 3
# The start page's newest updates.
NEWEST_SHOWN = 5
# A topic page lists this many articles per page.
ARTICLES_PER_PAGE = 20
# A topic page lists this many articles not yet translated, with the number of all of them.
UNTRANSLATED_SHOWN = 10


def _readable_articles(language):
    return Article.objects.published().readable_in(language)


def _by_title(language):
    return [by_code_point(f"sort_title_{language}"), by_code_point("key")]


def _untranslated_articles(language):
    """Published articles readers of ``language`` cannot read yet, with their original title."""
    return (
        Article.objects.published()
        .with_translation_status(language, Article.TranslationStatus.MISSING)
        .with_original_language()
        .only(*_UNTRANSLATED_FIELDS)
    )


def _by_original_title():
    """For ``_untranslated_articles``: by the title in the language they are written in."""
    return [by_code_point("original_sort_title"), by_code_point("key")]


def _first_of_each_topic(articles, topics, order, count: int) -> dict[int, tuple]:
    """{topic id: (its first ``count`` of ``articles`` in ``order``, how many it has)}.

    One query for all topics: each article is numbered within its topic, and only the first
    ``count`` of each are read.
    """
    # F("topics") reuses the filter's join: one row per article and topic.
    rows = (
        articles.filter(topics__in=topics)
        .annotate(
            listed_topic=F("topics"),
            position=Window(RowNumber(), partition_by=F("topics"), order_by=order),
            total=Window(Count("pk"), partition_by=F("topics")),
        )
        .filter(position__lte=count)
        .order_by("listed_topic", "position")
    )
    found: dict[int, tuple] = {}
    for article in rows:
        shown, total = found.get(article.listed_topic, ([], article.total))
        shown.append(article)
        found[article.listed_topic] = (shown, total)
    return found


def _newest(language: str):
    """The published articles readable in ``language`` most recently updated there, newest first.

    "Updated" as the article page says it (``shown_updated_on``): the day of the language's
    last change, or else the day of first publication.
    """
    updated = Coalesce(F(f"updated_on_{language}"), TruncDate("first_published_at"))
    return (
        _readable_articles(language)
        .alias(updated=updated)
        .order_by(F("updated").desc(nulls_last=True), "-first_published_at", "key")
        .only(*_listed_fields(language), f"updated_on_{language}", "first_published_at")
    )[:NEWEST_SHOWN]


def home(request):
    language = get_language()
    depends_on(request, tags.ARTICLES, tags.TOPICS)
    topics = [topic for topic in Topic.objects.all() if topic.is_translated(language)]
    readable = _first_of_each_topic(
        _readable_articles(language).only(*_listed_fields(language)),
        topics,
        _by_title(language),
        ARTICLES_PER_TOPIC_SHOWN,
    )
    untranslated = _first_of_each_topic(
        _untranslated_articles(language), topics, _by_original_title(), ARTICLES_PER_TOPIC_SHOWN
    )
    for topic in topics:
        topic.readable, topic.readable_count = readable.get(topic.pk, ([], 0))
        topic.elsewhere, topic.elsewhere_count = untranslated.get(topic.pk, ([], 0))
    newest = list(_newest(language))
    for article in newest:
        article.listed_updated_on = article.shown_updated_on(language)
    return render(
        request,
        "articles/home.html",
        {
            "topics": topics,
            "newest": newest,
            "alternates": language_links(request, lambda c: _path_in(request, c)),
        },
    )


def topic_detail(request, slug):
    language = get_language()
    topic = get_object_or_404(Topic, **{f"slug_{language}": slug})
    if redirect := first_page_redirect(request):
        return redirect
    depends_on(request, tags.topic(topic.pk), tags.topic_articles(topic.pk))
    articles = (
        _readable_articles(language)
        .filter(topics=topic)
        .order_by(*_by_title(language))
        .only(*_listed_fields(language))
    )
    pagination = paginate(request, articles, ARTICLES_PER_PAGE)
    untranslated, untranslated_count = [], 0
    if pagination.number == 1:
        untranslated = list(
            _untranslated_articles(language)
            .filter(topics=topic)
            .annotate(total=Window(Count("pk")))
            .order_by(*_by_original_title())[:UNTRANSLATED_SHOWN]
        )
        untranslated_count = untranslated[0].total if untranslated else 0

    def url_for(code):
        # Another language has pages of its own: its list starts at its first page.
        url = topic.get_absolute_url(code)
        return page_url(request, pagination.number) if code == language else url

    available = [code for code in LANGUAGE_CODES if topic.is_translated(code)]
    return render(
        request,
        "articles/topic.html",
        {
            "topic": topic,
            "articles": pagination.page.object_list,
            "pagination": pagination,
            "untranslated_articles": untranslated,
            "untranslated_count": untranslated_count,
            "alternates": language_links(
                request, url_for, available if pagination.number == 1 else [language]
            ),
        },
    )


def article_detail(request, slug):
    language = get_language()
    articles = Article.objects.published()
    article = articles.filter(**{f"slug_{language}": slug}).first()
    if article is None:
        # The address may be the article's address in another language: the switcher links
        # there when this language has no translation yet.
        article = next(
            (
                found
                for code in LANGUAGE_CODES
                if code != language
                for found in articles.filter(**{f"slug_{code}": slug})[:1]
            ),
            None,
        )
        if article is None:
            raise Http404
        if article.is_translated(language):
            return HttpResponsePermanentRedirect(article.get_absolute_url(language))
    return render_article_page(request, article)


def render_article_page(request, article, *, template="articles/article.html", url_for=None):
    """The article page in the active language, for readers and for the editors' preview.

    ``url_for(code)`` gives the page's address in each language (the preview passes its
    own).
    """
    language = get_language()
    depends_on(request, tags.article(article.pk))
    alternates = language_links(
        request, url_for or article.get_absolute_url, article.available_languages()
    )
    if not article.is_translated(language):
        return render(
            request,
            "articles/article_missing_translation.html",
            {
                "article": article,
                "available": [link for link in alternates if link["available"]],
                "alternates": alternates,
            },
        )

    topics = list(article.topics.all())
    related = [a for a in article.related.published() if a.is_translated(language)]
    sources = list(article.sources.all())
    # Related articles that change raise the tags of the articles listing them.
    depends_on(request, *(tags.topic(topic.pk) for topic in topics))
    page_url = request.build_absolute_uri(article.get_absolute_url(language))
    data = medical_web_page(
        article,
        language,
        sources=sources,
        page_url=page_url,
        home_url=request.build_absolute_uri(reverse("articles:home")),
    )
    return render(
        request,
        template,
        {
            "article": article,
            "sources": sources,
            "topics": [t for t in topics if t.is_translated(language)],
            "related": related,
            "alternates": alternates,
            "page_url": page_url,
            "changes": [c for c in article.changes.all() if translated(c, "note", language)],
            "updated_on": article.shown_updated_on(language),
            # Cached pages are kept per day (page_cache), so this is right on the day it turns.
            "review_overdue": article.is_review_overdue(timezone.localdate()),
            "og_type": "article",
            "og_image": _title_image(request, article),
            "structured_data": as_json_ld(data),
            # No CSRF token: the page is cached for everyone (see feedback/views.py).
            "feedback_form": FeedbackForm(article=article),
            "feedback_token": issue_token(article),
        },
    )


def _title_image(request, article):
    """The explainer's title image for link previews (Open Graph), as an absolute address."""
    if article.kind != Article.Kind.EXPLAINER or not article.image:
        return None
    return {"url": request.build_absolute_uri(article.image.url), "alt": article.image_alt}


def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "personal_data_days": settings.FEEDBACK_PERSONAL_DATA_DAYS,
            "alternates": language_links(request, lambda c: _path_in(request, c)),
        },
    )


def _home_links(request):
    return language_links(request, lambda code: f"/{code}/", available=())


def bad_request(request, exception=None):
    # No language links: they need the request's host, and a host that is not allowed is one
    # of the reasons for a 400.
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None, reason=None):
    """The translated 403 page; ``reason="cross-site"`` for a form sent from another site."""
    return render(
        request, "403.html", {"alternates": _home_links(request), "reason": reason}, status=403
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"alternates": _home_links(request)}, status=404)


def gone(request, article=None):
    """410: the page was taken down for good; its topics and search may help."""
    language = get_language()
    topics = []
    if isinstance(article, Article):
        topics = [topic for topic in article.topics.all() if topic.is_public(language)]
    return render(
        request,
        "410.html",
        {"topics": topics, "alternates": _home_links(request)},
        status=410,
    )


def server_error(request):
    # Rendered without a request context: the database or a context processor may be the
    # reason for the error.
    return HttpResponseServerError(loader.get_template("500.html").render())
