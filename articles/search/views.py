"""The search page: the form, the results a page at a time, and help when there is nothing.

Any text is a valid query: empty, too long (cut to ``MAX_QUERY_LENGTH`` with a note), only
punctuation, or search syntax; the page always answers with something helpful. A page number
that is not one of the results' pages (``0``, ``-1``, ``abc``, past the last) is a 404.
"""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..pagination import Pagination, page_links
from ..views import language_links
from .query import PAGE_SIZE, SearchResults, search
from .text import MAX_QUERY_LENGTH, clean_query

# Page numbers as links write them: no sign, no leading zero, and not absurdly long.
_PAGE_RE = re.compile(r"[1-9][0-9]{0,5}")


@require_safe
def search_page(request):
    query = clean_query(request.GET.get("q", ""))
    page = _page_number(request.GET.get("page", "1"))
    # "Search instead for …": the words as typed, the correction only offered.
    exact = request.GET.get("exact") == "1"
    results = search(query.text, get_language(), page, correct=not exact) if query.words else None
    if not (results.page_exists if results else page == 1):
        raise Http404

    def search_url(text: str, number: int = 1, exact: bool = False) -> str:
        params = {"q": text, **({"page": number} if number > 1 else {})}
        return f"{request.path}?{urlencode({**params, **({'exact': 1} if exact else {})})}"

    def url_for(code):
        # The other language searches for the same words.
        path = translate_url(request.path, code)
        return f"{path}?{urlencode({'q': query.text})}" if query.text else path

    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "max_length": MAX_QUERY_LENGTH,
            "results": results,
            "exact_url": search_url(query.text, exact=True),
            "suggestion_url": search_url(results.suggestion.text)
            if results and results.suggestion
            else None,
            "pagination": _pagination(results, lambda n: search_url(query.text, n, exact))
            if results
            else None,
            "alternates": language_links(request, url_for),
        },
    )


def _page_number(value: str) -> int:
    if not _PAGE_RE.fullmatch(value):
        raise Http404
    return int(value)


def _pagination(results: SearchResults, url_for) -> Pagination:
    """The links between the pages of ``results``, as the other long lists show them."""
    # The search has already cut its results into pages; a paginator over their number
    # counts the same pages.
    paginator = Paginator(range(results.total), PAGE_SIZE)
    return page_links(paginator.page(results.page), url_for)
