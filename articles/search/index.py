"""What search indexes, on each database: one home for the index and the queries that use it.

PostgreSQL indexes expressions, not copies: a functional GIN index per language over the
weighted ``tsvector`` of title (A), summary (B) and text (C) with the language's text-search
configuration. Queries use the very same expressions (``article_vector``, ``term_vector``),
or PostgreSQL would not use the index. Migration 0006 creates the indexes from them.

SQLite has no such index, so this module keeps a copy: the FTS5 table ``articles_search``,
one row per article or glossary term and language, written whenever one is saved. It stores
folded words (``text.index_text``) and uses the trigram tokenizer, which finds a word
inside another: "Hochdruck" in "Bluthochdruck", "metastasen" in "Knochenmetastasen".

This module imports no models, so that migrations can use it.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models.signals import post_delete, post_save

from .text import index_text

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# PostgreSQL's text-search configuration for each site language: its stemmer and stop words.
TEXT_SEARCH_CONFIGS = {"de": "german", "en": "english"}

ARTICLE = "article"
TERM = "term"

# The columns searched, with the weight of a match in each: title before summary before text.
SQLITE_TABLE = "articles_search"
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
CREATE_SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(
    title, summary, body,
    kind UNINDEXED, object_id UNINDEXED, language UNINDEXED,
    tokenize = 'trigram'
)
"""
# Trigrams need three characters; shorter words are looked for as whole words instead.
_TRIGRAM = 3


def article_vector(language: str) -> SearchVector:
    config = TEXT_SEARCH_CONFIGS[language]
    return (
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_{language}", weight="C", config=config)
    )


def term_vector(language: str) -> SearchVector:
    config = TEXT_SEARCH_CONFIGS[language]
    return (
        SearchVector(f"term_{language}", f"variants_{language}", weight="A", config=config)
        + SearchVector(f"definition_{language}", weight="B", config=config)
        + SearchVector(f"explanation_{language}", weight="C", config=config)
    )


def _value(instance, name: str, language: str) -> str:
    return getattr(instance, f"{name}_{language}") or ""


def _article_columns(article, language: str):
    if not _value(article, "title", language):
        return None
    return tuple(_value(article, name, language) for name in ("title", "summary", "body"))


def _term_columns(term, language: str):
    if not _value(term, "term", language):
        return None
    return (
        _value(term, "term", language) + "\n" + _value(term, "variants", language),
        _value(term, "definition", language),
        _value(term, "explanation", language),
    )


_COLUMNS = {ARTICLE: _article_columns, TERM: _term_columns}


def write_rows(kind: str, instance, using: str = "default"):
    """Replace the SQLite rows of one article or glossary term with its current text."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SQLITE_TABLE} WHERE kind = %s AND object_id = %s", [kind, instance.pk]
        )
        for language in LANGUAGE_CODES:
            columns = _COLUMNS[kind](instance, language)
            if columns is None:
                continue
            cursor.execute(
                f"INSERT INTO {SQLITE_TABLE} (title, summary, body, kind, object_id, language) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [*(index_text(text) for text in columns), kind, instance.pk, language],
            )


def delete_rows(kind: str, pk: int, using: str = "default"):
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE kind = %s AND object_id = %s", [kind, pk])


def sqlite_matches(kind: str, language: str, words: list[str], using: str = "default"):
    """Ids of the articles or terms containing every word, best first (bm25, weighted)."""
    long_words = [word for word in words if len(word) >= _TRIGRAM]
    short_words = [word for word in words if len(word) < _TRIGRAM]
    conditions, params = ["kind = %s", "language = %s"], [kind, language]
    if long_words:
        conditions.append(f"{SQLITE_TABLE} MATCH %s")
        # Each word quoted as a string: FTS5 reads nothing in it as syntax (AND, NEAR, *).
        params.append(" ".join('"' + word.replace('"', '""') + '"' for word in long_words))
        order, order_params = f"bm25({SQLITE_TABLE}, {', '.join(map(str, SQLITE_WEIGHTS))})", []
    else:
        # Without a full-text match there is no bm25: titles with the word come first.
        order, order_params = "(' ' || title || ' ') LIKE %s DESC", [f"% {short_words[0]} %"]
    for word in short_words:
        conditions.append("(' ' || title || ' ' || summary || ' ' || body || ' ') LIKE %s")
        params.append(f"% {word} %")
    sql = (
        f"SELECT object_id FROM {SQLITE_TABLE} WHERE {' AND '.join(conditions)} "
        f"ORDER BY {order}, object_id"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params + order_params)
        return [row[0] for row in cursor.fetchall()]


def _on_sqlite(using: str) -> bool:
    return connections[using].vendor == "sqlite"


def _article_saved(sender, instance, using, **kwargs):
    # Also for fixtures (raw): their rows are complete, and the pages search them. Working
    # copies are never searched.
    if _on_sqlite(using) and not instance.is_working_copy:
        write_rows(ARTICLE, instance, using)


def _term_saved(sender, instance, using, **kwargs):
    if _on_sqlite(using):
        write_rows(TERM, instance, using)


def _article_deleted(sender, instance, using, **kwargs):
    if _on_sqlite(using):
        delete_rows(ARTICLE, instance.pk, using)


def _term_deleted(sender, instance, using, **kwargs):
    if _on_sqlite(using):
        delete_rows(TERM, instance.pk, using)


def connect_signals():
    """Keep the SQLite table in step with every save and delete (``ArticlesConfig.ready``)."""
    post_save.connect(_article_saved, sender="articles.Article", dispatch_uid="search-article")
    post_save.connect(_term_saved, sender="articles.GlossaryTerm", dispatch_uid="search-term")
    post_delete.connect(
        _article_deleted, sender="articles.Article", dispatch_uid="search-article-deleted"
    )
    post_delete.connect(
        _term_deleted, sender="articles.GlossaryTerm", dispatch_uid="search-term-deleted"
    )
