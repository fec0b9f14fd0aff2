"""Search in the published articles and the glossary of one language: ``search(query, language)``.

How each database matches and ranks is ``index``'s part (``index.matches``). Here: articles
first, then glossary terms, each best first, ``PAGE_SIZE`` results a page, each with a snippet
of the text around the words found, built the same way on both databases
(``text.make_snippet``) from the text the index stores; no article's HTML is read.

When nothing is found, the words that no published text contains are corrected to the most
similar words of the site's vocabulary (``index.similar_words``), and if the corrected query
finds something, its results are shown ("Showing results for …"). With ``correct=False``
(the reader chose "Search instead for …"), the results are for the words as typed and the
correction is only offered ("Did you mean …?"). A correction that finds nothing is never
shown or offered.
"""

import hashlib
import itertools
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.translation import gettext, override

from ..models import LANGUAGE_CODES, Article, CacheTag, GlossaryTerm, translated
from ..page_cache import tags
from . import index
from .index import ARTICLE, TERM
from .text import Query, clean_query, folded_word, make_snippet

PAGE_SIZE = 10
# How long a search's results are kept: a new number of the ``SEARCH`` tag makes them unused
# at once, so this only bounds the memory of searches nobody repeats.
CACHE_SECONDS = 10 * 60
# At most this many words of one query are corrected: a query with more words that no text
# contains is another language, a paste or nonsense, and trying costs a lookup per word.
MAX_CORRECTED_WORDS = 3
# Shorter words have too few trigrams for a sensible correction; they are left as typed.
MIN_CORRECTED_LENGTH = 4
# Similar words tried per corrected word, and combinations of them searched at most.
CANDIDATES_PER_WORD = 3
MAX_CORRECTIONS_TRIED = 4


@dataclass(frozen=True)
class Result:
    """One article or glossary term found, as the search page lists it."""

    kind: str  # "article" or "term"
    title: str
    url: str
    label: str  # what it is: the kind of article, or "Glossary"
    snippet: SafeString  # escaped text; the words found are in <mark>


@dataclass(frozen=True)
class SearchResults:
    """One page of what a search found."""

    query: Query  # what the reader typed, cleaned
    shown: Query  # what the results are for: the query, or its correction
    results: list[Result]  # this page's, articles first
    articles: int  # how many articles were found in all
    terms: int  # how many glossary terms
    page: int
    pages: int
    # A correction that finds something, offered but not shown (the reader asked for the
    # words as typed).
    suggestion: Query | None = None

    @property
    def corrected(self) -> bool:
        return self.shown != self.query

    @property
    def total(self) -> int:
        return self.articles + self.terms

    @property
    def page_exists(self) -> bool:
        return 1 <= self.page <= max(self.pages, 1)

    @property
    def first(self) -> int:
        """The number of this page's first result, counted from 1 over all pages."""
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1

    @property
    def article_start(self) -> int:
        """The number of this page's first article among all articles found."""
        return self.first

    @property
    def term_start(self) -> int:
        """The number of this page's first glossary term among all terms found."""
        return max(1, self.first - self.articles)

    @property
    def article_results(self) -> list[Result]:
        return [result for result in self.results if result.kind == ARTICLE]

    @property
    def term_results(self) -> list[Result]:
        return [result for result in self.results if result.kind == TERM]


def search(query: str, language: str, page: int = 1, correct: bool = True) -> SearchResults:
    """Page ``page`` of the published articles readable in ``language``, then the glossary
    terms, that match ``query`` or, when nothing does, its spelling correction.

    Results are cached under the numbers of the page cache's ``SEARCH`` tag, which every save
    of an article or a term raises, and of ``SITE`` (everything after a release): the same
    search again costs one small query.
    """
    cleaned = clean_query(query)
    versions = CacheTag.versions([tags.SITE, tags.SEARCH])
    question = f"{versions}\n{language}\n{page}\n{correct}\n{cleaned.text}"
    key = "search:" + hashlib.sha256(question.encode()).hexdigest()
    if (cached := cache.get(key)) is not None:
        return cached
    found = _find(cleaned, language)
    shown, suggestion = cleaned, None
    if not any(found):
        correction = _correction(cleaned, language)
        if correction and correct:
            shown, found = correction
        elif correction:
            suggestion = correction[0]
    results = _page(cleaned, shown, found, language, page, suggestion)
    cache.set(key, results, CACHE_SECONDS)
    return results


def _find(query: Query, language: str) -> tuple[list[int], list[int]]:
    """The ids of the articles and of the terms found, each best first."""
    found = index.matches(language, query)
    return [pk for kind, pk in found if kind == ARTICLE], [pk for kind, pk in found if kind == TERM]


def _correction(query: Query, language: str):
    """The query with its unknown words corrected, and what it finds; None if nothing."""
    words = [word for word in query.words if len(word) >= MIN_CORRECTED_LENGTH]
    known = index.known_words(language, words)
    # Each word the vocabulary lacks costs a search; so many are not a misspelling.
    if len(set(words) - known) > 2 * MAX_CORRECTED_WORDS:
        return None
    unknown = []
    for word in words:
        # A query that is this word alone was just searched for and found nothing.
        if word in known or (folded_word(query.text) != word and _found_alone(word, language)):
            continue
        unknown.append(word)
        if len(unknown) > MAX_CORRECTED_WORDS:
            return None
    options = []
    for word in unknown:
        similar = index.similar_words(language, word, limit=CANDIDATES_PER_WORD)
        if not similar:
            return None
        options.append(similar)
    if not options:
        return None
    # The best words first: the combinations whose candidates rank highest in sum.
    choices = sorted(itertools.product(*(range(len(o)) for o in options)), key=sum)
    for choice in choices[:MAX_CORRECTIONS_TRIED]:
        picked = zip(unknown, options, choice, strict=True)
        corrected = query.replacing({word: similar[pick][1] for word, similar, pick in picked})
        found = _find(corrected, language)
        if any(found):
            return corrected, found
    return None


def _found_alone(word: str, language: str) -> bool:
    # Not in the vocabulary, yet found: PostgreSQL by its stem ("treatments"), SQLite inside
    # a longer word ("hochdruck" in "bluthochdruck").
    return index.has_match(language, Query(text=word, shortened=False))


def _page(query, shown, found, language, page, suggestion) -> SearchResults:
    articles, terms = found
    keys = [(ARTICLE, pk) for pk in articles] + [(TERM, pk) for pk in terms]
    pages = -(-len(keys) // PAGE_SIZE)
    on_page = keys[(page - 1) * PAGE_SIZE : page * PAGE_SIZE] if page >= 1 else []
    return SearchResults(
        query=query,
        shown=shown,
        results=_results(on_page, shown, language),
        articles=len(articles),
        terms=len(terms),
        page=page,
        pages=pages,
        suggestion=suggestion,
    )


def _results(keys: list[tuple[str, int]], query: Query, language: str) -> list[Result]:
    if not keys:
        return []
    texts, stems = index.texts(keys, language, query)
    needles = list(dict.fromkeys(query.words + stems))
    # What a result shows, nothing more: no Markdown, no HTML, not the other language's text.
    articles = (
        Article.objects.published()
        .translated_into(language)
        .only("key", "kind", "status", f"title_{language}", *(f"slug_{c}" for c in LANGUAGE_CODES))
        .in_bulk([pk for kind, pk in keys if kind == ARTICLE])
    )
    terms = (
        GlossaryTerm.objects.in_language(language)
        .only("key", f"term_{language}", f"slug_{language}")
        .in_bulk([pk for kind, pk in keys if kind == TERM])
    )
    results = []
    with override(language):
        for kind, pk in keys:
            found = (articles if kind == ARTICLE else terms).get(pk)
            if found is None or (kind, pk) not in texts:
                continue  # changed since the index was read
            text, folded = texts[kind, pk]
            results.append(
                Result(
                    kind=kind,
                    title=translated(found, "title" if kind == ARTICLE else "term", language),
                    url=found.get_absolute_url(language),
                    label=found.get_kind_display() if kind == ARTICLE else gettext("Glossary"),
                    snippet=make_snippet(text, needles, folded=folded),
                )
            )
    return results
