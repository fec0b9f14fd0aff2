from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.translation import get_language, get_language_info

from .discovery.structured_data import as_json_ld, medical_web_page
from .feedback.forms import FeedbackForm
from .feedback.spam import issue_token
from .models import LANGUAGE_CODES, Article, Topic, translated
from .page_cache import tags
from .page_cache.tags import depends_on

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


def _published_articles():
    return Article.objects.published().only(
        "key", "kind", "status",
        *(f"{name}_{code}" for name in ("title", "slug", "description", "body")
          for code in LANGUAGE_CODES),
    )  # fmt: skip


def _split_by_translation(articles, language):
    """Articles readable in ``language`` and those that exist only in another language."""
    readable = [a for a in articles if a.is_translated(language)]
    elsewhere = [a for a in articles if not a.is_translated(language)]
    return readable, elsewhere


def home(request):
    language = get_language()
    topics = [
        topic
        for topic in Topic.objects.prefetch_related(
            Prefetch("articles", queryset=_published_articles(), to_attr="published_articles")
        )
        if topic.is_translated(language)
    ]
    for topic in topics:
        topic.readable, topic.elsewhere = _split_by_translation(topic.published_articles, language)
    return render(
        request,
        "articles/home.html",
        {"topics": topics, "alternates": language_links(request, lambda c: _path_in(request, c))},
    )


def topic_detail(request, slug):
    language = get_language()
    topic = get_object_or_404(Topic, **{f"slug_{language}": slug})
    readable, elsewhere = _split_by_translation(
        list(_published_articles().filter(topics=topic)), language
    )
    return render(
        request,
        "articles/topic.html",
        {
            "topic": topic,
            "articles": readable,
            "untranslated_articles": elsewhere,
            "alternates": language_links(
                request,
                topic.get_absolute_url,
                [code for code in LANGUAGE_CODES if topic.is_translated(code)],
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
