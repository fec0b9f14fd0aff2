"""The admin's search box finds articles and glossary terms by their text too.

Besides the keys and titles of ``search_fields``, the list shows what the site's search
index finds in any language: an article's summary and text, a term's definition and
explanation. The index holds published articles only; drafts are found by key and title.
"""

from django.db.models import Q

from ..models import LANGUAGE_CODES
from . import index
from .text import clean_query


def ids_matching(query: str, kind: str) -> set[int]:
    """The ids of the articles or terms (``kind``) whose text in a language matches."""
    cleaned = clean_query(query)
    return {
        pk
        for code in LANGUAGE_CODES
        for found_kind, pk in index.matches(code, cleaned)
        if found_kind == kind
    }


class TextSearchAdmin:
    """For a ModelAdmin of articles or terms; ``search_kind`` is ``index.ARTICLE`` or
    ``index.TERM``."""

    search_kind: str

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, may_have_duplicates
        in_text = ids_matching(search_term, self.search_kind)
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=in_text)), (
            may_have_duplicates
        )
