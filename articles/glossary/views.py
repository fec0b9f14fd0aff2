"""The glossary page: every term of the page's language from A to Z, with the articles using it."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language

from ..models import Article, GlossaryTerm, TermUsage
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
