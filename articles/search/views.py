"""The search page: the form, the results, and help when there is nothing to show.

Any text is a valid query: empty, too long (cut to ``MAX_QUERY_LENGTH`` with a note), only
punctuation, or search syntax; the page always answers 200 with something helpful.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..views import language_links
from .index import ARTICLE, TERM
from .query import search
from .text import MAX_QUERY_LENGTH, clean_query


@require_safe
def search_page(request):
    query = clean_query(request.GET.get("q", ""))
    results = search(query.text, get_language()) if query.words else []

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
            "articles": [result for result in results if result.kind == ARTICLE],
            "terms": [result for result in results if result.kind == TERM],
            "alternates": language_links(request, url_for),
        },
    )
