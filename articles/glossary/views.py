"""The glossary: every term of the page's language from A to Z, and a page of each term."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, TermUsage
from ..page_cache import tags
from ..page_cache.tags import depends_on
from ..views import language_links
from .matcher import sort_key


def glossary(request):
    language = get_language()
    usages = TermUsage.objects.filter(
        language=language, article__status=Article.Status.PUBLISHED
    ).select_related("article")
    terms = sorted(
        GlossaryTerm.objects.in_language(language).prefetch_related(
            Prefetch("usages", queryset=usages, to_attr="current_usages")
        ),
        key=lambda term: sort_key(term.term),
    )
    letters: dict[str, list] = {}
    for term in terms:
        initial = sort_key(term.term)[:1].upper()
        letters.setdefault(initial if "A" <= initial <= "Z" else "#", []).append(term)
        term.articles = sorted(
            (u.article for u in term.current_usages if u.article.is_translated(language)),
            key=lambda article: sort_key(article.title),
        )
    return render(
        request,
        "articles/glossary.html",
        {
            "letters": letters,
            "alphabet": [chr(code) for code in range(ord("A"), ord("Z") + 1)],
            "alternates": language_links(request, lambda c: translate_url(request.path, c)),
        },
    )


# How many articles a term's page lists; search finds the rest.
USED_IN_SHOWN = 10


def term_page(request, slug):
    """One term: its definition and explanation, and the articles that use it."""
    language = get_language()
    term = GlossaryTerm.objects.filter(**{f"slug_{language}": slug}).first()
    if term is None or not term.is_public(language):
        raise Http404
    # The "used in" list: an article that changes raises the tags of the terms it uses.
    depends_on(request, tags.term(term.pk))
    used_in = (
        Article.objects.published()
        .translated_into(language)
        .filter(term_usages__term=term, term_usages__language=language)
        .only("key", "kind", "status", f"title_{language}", *(f"slug_{c}" for c in LANGUAGE_CODES))
        .distinct()
    )
    shown = sorted(used_in[: USED_IN_SHOWN + 1], key=lambda article: sort_key(article.title))

    def url_for(code):
        if term.is_public(code):
            return term.get_absolute_url(code)
        with override(code):
            return reverse("articles:glossary")

    return render(
        request,
        "articles/glossary_term.html",
        {
            "term": term,
            "articles": shown[:USED_IN_SHOWN],
            "more_articles": len(shown) > USED_IN_SHOWN,
            "alternates": language_links(
                request, url_for, [c for c in LANGUAGE_CODES if term.is_public(c)]
            ),
        },
    )
