"""Search in the published articles and the glossary of one language: ``search(query, language)``.

The database decides how (the indexes are described in ``index``):

- PostgreSQL: full-text search with the language's configuration, so that "Behandlungen"
  also finds "Behandlung"; matches in the title weigh more than in the summary, and those more
  than in the text (``ts_rank`` over weights A, B, C). The reader's words go through
  ``websearch_to_tsquery``, which reads any text without a syntax error and understands
  "quoted phrases", ``or`` and ``-word``.
- SQLite: the FTS5 table with the trigram tokenizer, so that a word is also found inside a
  German compound ("Hochdruck" in "Bluthochdruck"); ranked by bm25 with the same order of
  weights. Every word must occur; quotes and operators are read as plain words.

Both give articles first, then glossary terms, each best first, with a snippet of the text
around the words found, built the same way on both (``text.make_snippet``).
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import gettext, override

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, translated
from .index import (
    ARTICLE,
    TERM,
    TEXT_SEARCH_CONFIGS,
    article_vector,
    sqlite_matches,
    term_vector,
)
from .text import Query, clean_query, fold, make_snippet, plain_text

MAX_ARTICLES = 20
MAX_TERMS = 10


@dataclass(frozen=True)
class Result:
    """One article or glossary term found, as the search page lists it."""

    kind: str  # "article" or "term"
    title: str
    url: str
    label: str  # what it is: the kind of article, or "Glossary"
    snippet: SafeString  # escaped text; the words found are in <mark>


def search(query: str, language: str) -> list[Result]:
    """Published articles readable in ``language``, then glossary terms, that match ``query``."""
    cleaned = clean_query(query)
    if not cleaned.words:
        return []
    if connection.vendor == "postgresql":
        articles, terms, stems = _postgresql(cleaned, language)
    else:
        articles, terms, stems = _sqlite(cleaned, language)
    needles = list(dict.fromkeys(cleaned.words + stems))
    with override(language):
        return [_article_result(article, language, needles) for article in articles] + [
            _term_result(term, language, needles) for term in terms
        ]


def _articles(language: str):
    # What a result needs; the Markdown and the other language's HTML stay in the database.
    return (
        Article.objects.published()
        .translated_into(language)
        .only(
            "key",
            "kind",
            "status",
            f"summary_html_{language}",
            f"body_html_{language}",
            *(f"{name}_{code}" for name in ("title", "slug") for code in LANGUAGE_CODES),
        )
    )


def _terms(language: str):
    return GlossaryTerm.objects.in_language(language)


def _postgresql(query: Query, language: str):
    config = TEXT_SEARCH_CONFIGS[language]
    tsquery = SearchQuery(query.text, search_type="websearch", config=config)
    found = []
    for queryset, vector, title, limit in (
        (_articles(language), article_vector(language), f"title_{language}", MAX_ARTICLES),
        (_terms(language), term_vector(language), f"term_{language}", MAX_TERMS),
    ):
        found.append(
            list(
                queryset.alias(document=vector)
                .filter(document=tsquery)
                .annotate(rank=SearchRank(vector, tsquery))
                .order_by("-rank", title)[:limit]
            )
        )
    # The stems the query was reduced to, so that snippets mark "Behandlung" for "behandeln".
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s)))",
            [config, query.text],
        )
        stems = [fold(row[0]) for row in cursor.fetchall()]
    return found[0], found[1], stems


def _sqlite(query: Query, language: str):
    found = []
    for kind, queryset, limit in (
        (ARTICLE, _articles(language), MAX_ARTICLES),
        (TERM, _terms(language), MAX_TERMS),
    ):
        # The index also holds drafts and other languages' rows; the queryset decides.
        ranked = sqlite_matches(kind, language, query.words)
        objects = queryset.in_bulk(ranked)
        found.append([objects[pk] for pk in ranked if pk in objects][:limit])
    return found[0], found[1], []


def _article_result(article: Article, language: str, needles: list[str]) -> Result:
    html = translated(article, "summary_html", language) + translated(
        article, "body_html", language
    )
    return Result(
        kind=ARTICLE,
        title=translated(article, "title", language),
        url=article.get_absolute_url(language),
        label=article.get_kind_display(),
        snippet=make_snippet(plain_text(html), needles),
    )


def _term_result(term: GlossaryTerm, language: str, needles: list[str]) -> Result:
    return Result(
        kind=TERM,
        title=translated(term, "term", language),
        url=term.get_absolute_url(language),
        label=gettext("Glossary"),
        # The definition first; the longer explanation where the words are found only there.
        snippet=make_snippet(
            " ".join(
                filter(
                    None,
                    (
                        translated(term, "definition", language),
                        plain_text(translated(term, "explanation_html", language)),
                    ),
                )
            ),
            needles,
        ),
    )
