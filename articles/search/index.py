"""What search indexes, on each database: one home for the index and the queries that use it.

Every published article and every glossary term has an entry per language it is readable in
(``SearchEntry``), written here whenever it is saved or deleted (``connect_signals``): its
title, the text readers see of it (for snippets) and the same words folded. Working copies,
drafts and missing translations have none, so the entries are exactly what can be found.

- PostgreSQL stores a weighted ``tsvector`` per entry (title A, summary B, text C, with the
  language's text-search configuration: its stemmer and stop words), GIN-indexed;
  ``matches`` ranks with ``ts_rank`` over it, never computing a vector at query time.
- SQLite has the FTS5 table ``articles_search`` over the folded columns, with the trigram
  tokenizer, which finds a word inside another: "Hochdruck" in "Bluthochdruck",
  "metastasen" in "Knochenmetastasen". Triggers keep it in step with the entries.

The entries' words, with how many entries contain each, are the vocabulary that spelling
suggestions come from (``SearchWord``), kept current on every save: a word no entry contains
any more is removed. ``similar_words`` finds the nearest words by pg_trgm's trigram
similarity: on PostgreSQL with pg_trgm and its GIN index, on SQLite with an FTS5 trigram
table of the words to find candidates and ``text.similarity``, the same measure, to choose
among them, so both databases suggest the same word.

This module imports no models, so that migrations can use it.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save

from .text import (
    Query,
    fold,
    index_text,
    is_vocabulary_word,
    plain_text,
    similarity,
    trigrams,
    vocabulary,
)

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# PostgreSQL's text-search configuration for each site language: its stemmer and stop words.
TEXT_SEARCH_CONFIGS = {"de": "german", "en": "english"}

ARTICLE = "article"
TERM = "term"

ENTRY_TABLE = "articles_searchentry"
WORD_TABLE = "articles_searchword"
SQLITE_TABLE = "articles_search"
SQLITE_WORD_TABLE = "articles_searchword_trigrams"
# The columns searched, with the weight of a match in each: title before summary before text.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# pg_trgm's default threshold for its % operator: below it, two words are not similar.
SIMILARITY_THRESHOLD = 0.3
# SQLite: how many words sharing trigrams with the reader's word are compared exactly. The
# FTS5 rank puts words sharing the rarest trigrams first, so the most similar are among them.
SQLITE_CANDIDATES = 100

# Contentless FTS5 tables: they keep only the index, and the triggers hand them the values,
# so a row of the entries or words is indexed, changed and removed with it, whoever writes it.
SQLITE_SCHEMA = (
    f"""CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(
        indexed_title, indexed_summary, indexed_body, content='', tokenize='trigram'
    )""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_insert AFTER INSERT ON {ENTRY_TABLE} BEGIN
        INSERT INTO {SQLITE_TABLE} (rowid, indexed_title, indexed_summary, indexed_body)
        VALUES (new.id, new.indexed_title, new.indexed_summary, new.indexed_body);
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_delete AFTER DELETE ON {ENTRY_TABLE} BEGIN
        INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}, rowid, indexed_title, indexed_summary,
            indexed_body)
        VALUES ('delete', old.id, old.indexed_title, old.indexed_summary, old.indexed_body);
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_update
        AFTER UPDATE OF indexed_title, indexed_summary, indexed_body ON {ENTRY_TABLE} BEGIN
        INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}, rowid, indexed_title, indexed_summary,
            indexed_body)
        VALUES ('delete', old.id, old.indexed_title, old.indexed_summary, old.indexed_body);
        INSERT INTO {SQLITE_TABLE} (rowid, indexed_title, indexed_summary, indexed_body)
        VALUES (new.id, new.indexed_title, new.indexed_summary, new.indexed_body);
    END""",
    # Padded as pg_trgm pads a word, so that its first and last letters count as there.
    f"""CREATE VIRTUAL TABLE {SQLITE_WORD_TABLE} USING fts5(
        word, content='', tokenize='trigram'
    )""",
    f"""CREATE TRIGGER {SQLITE_WORD_TABLE}_insert AFTER INSERT ON {WORD_TABLE} BEGIN
        INSERT INTO {SQLITE_WORD_TABLE} (rowid, word) VALUES (new.id, '  ' || new.word || ' ');
    END""",
    f"""CREATE TRIGGER {SQLITE_WORD_TABLE}_delete AFTER DELETE ON {WORD_TABLE} BEGIN
        INSERT INTO {SQLITE_WORD_TABLE} ({SQLITE_WORD_TABLE}, rowid, word)
        VALUES ('delete', old.id, '  ' || old.word || ' ');
    END""",
    f"""CREATE TRIGGER {SQLITE_WORD_TABLE}_update AFTER UPDATE OF word ON {WORD_TABLE} BEGIN
        INSERT INTO {SQLITE_WORD_TABLE} ({SQLITE_WORD_TABLE}, rowid, word)
        VALUES ('delete', old.id, '  ' || old.word || ' ');
        INSERT INTO {SQLITE_WORD_TABLE} (rowid, word) VALUES (new.id, '  ' || new.word || ' ');
    END""",
)
POSTGRESQL_SCHEMA = (
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
    f"CREATE INDEX {ENTRY_TABLE}_document ON {ENTRY_TABLE} USING gin (document)",
    f"CREATE INDEX {WORD_TABLE}_trigrams ON {WORD_TABLE} USING gin (word gin_trgm_ops)",
)


@dataclass(frozen=True)
class Entry:
    """What one article or term shows search in one language, before it is stored."""

    title: str  # as readers see it
    title_words: str  # the title, and for terms their variants: matched with the title's weight
    summary: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.summary}\n{self.body}".strip()

    @cached_property
    def row(self) -> tuple[str, ...]:
        """The stored columns: title, text and the folded title, summary and body."""
        return (
            self.title,
            self.text,
            index_text(self.title_words),
            index_text(self.summary),
            index_text(self.body),
        )


def _value(instance, name: str, language: str) -> str:
    return getattr(instance, f"{name}_{language}") or ""


def _article_entry(article, language: str) -> Entry | None:
    # As ``Article.objects.published().translated_into(language)`` selects; a string, not
    # ``Article.Status``, because migrations pass historical models.
    if article.status != "published" or not (
        _value(article, "title", language).strip() and _value(article, "body", language).strip()
    ):
        return None
    title = _value(article, "title", language)
    return Entry(
        title=title,
        title_words=title,
        summary=plain_text(_value(article, "summary_html", language)),
        body=plain_text(_value(article, "body_html", language)),
    )


def _term_entry(term, language: str) -> Entry | None:
    # As ``GlossaryTerm.objects.in_language(language)`` selects.
    title = _value(term, "term", language)
    if not title:
        return None
    return Entry(
        title=title,
        title_words=f"{title}\n{_value(term, 'variants', language)}",
        summary=_value(term, "definition", language),
        body=plain_text(_value(term, "explanation_html", language)),
    )


_ENTRIES = {ARTICLE: _article_entry, TERM: _term_entry}


def _on_postgresql(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def write_entries(kind: str, instance, using: str = "default"):
    """Bring the entries of one article or glossary term, and the vocabulary, up to date.

    The work is that of one object's text: its entries are compared with what is stored, and
    only the words it gained or lost change the vocabulary.
    """
    wanted = {code: _ENTRIES[kind](instance, code) for code in LANGUAGE_CODES}
    postgresql = _on_postgresql(using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        stored = _stored_rows(cursor, kind, instance.pk, lock=postgresql)
        for code in LANGUAGE_CODES:
            entry, before = wanted[code], stored.get(code)
            if entry is None and before is None:
                continue
            if entry is not None and before is not None and entry.row == before[1:]:
                continue
            if entry is None:
                cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE id = %s", [before[0]])
            else:
                _store(cursor, kind, instance.pk, code, entry, before, postgresql)
            _count_words(
                cursor,
                code,
                before=_words(before[3:]) if before else set(),
                after=vocabulary(entry.title_words, entry.text) if entry else {},
            )


def delete_entries(kind: str, pk: int, using: str = "default"):
    """Remove the entries of a deleted article or term, and the words only it contained."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        stored = _stored_rows(cursor, kind, pk, lock=_on_postgresql(using))
        for code, before in stored.items():
            cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE id = %s", [before[0]])
            _count_words(cursor, code, before=_words(before[3:]), after={})


def _stored_rows(cursor, kind: str, pk: int, lock: bool) -> dict[str, tuple]:
    # Locked on PostgreSQL: two saves of one object at once must not both count its words.
    cursor.execute(
        f"SELECT language, id, title, text, indexed_title, indexed_summary, indexed_body "
        f"FROM {ENTRY_TABLE} WHERE kind = %s AND object_id = %s" + (" FOR UPDATE" if lock else ""),
        [kind, pk],
    )
    return {row[0]: row[1:] for row in cursor.fetchall()}


def _store(cursor, kind: str, pk: int, language: str, entry: Entry, before, postgresql: bool):
    columns = ["title", "text", "indexed_title", "indexed_summary", "indexed_body"]
    values, params = ["%s"] * len(columns), list(entry.row)
    if postgresql:
        config = TEXT_SEARCH_CONFIGS[language]
        columns.append("document")
        values.append(
            " || ".join(
                f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for weight in "ABC"
            )
        )
        params += [config, entry.title_words, config, entry.summary, config, entry.body]
    if before is None:
        cursor.execute(
            f"INSERT INTO {ENTRY_TABLE} (kind, object_id, language, {', '.join(columns)}) "
            f"VALUES (%s, %s, %s, {', '.join(values)})",
            [kind, pk, language, *params],
        )
    else:
        pairs = zip(columns, values, strict=True)
        assignments = ", ".join(f"{column} = {value}" for column, value in pairs)
        cursor.execute(
            f"UPDATE {ENTRY_TABLE} SET {assignments} WHERE id = %s", [*params, before[0]]
        )


def _words(indexed_columns) -> set[str]:
    return {
        word for column in indexed_columns for word in column.split() if is_vocabulary_word(word)
    }


def _count_words(cursor, language: str, before: set[str], after: dict[str, str]):
    """Count an entry's words in or out of the vocabulary; drop those no entry contains."""
    gained = after.keys() - before
    lost = before - after.keys()
    # One pass in a fixed order: concurrent saves lock shared words in the same order.
    changes = sorted([(word, 1) for word in gained] + [(word, -1) for word in lost])
    if not changes:
        return
    cursor.executemany(
        f"INSERT INTO {WORD_TABLE} (language, word, spelling, documents) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (language, word) "
        f"DO UPDATE SET documents = {WORD_TABLE}.documents + excluded.documents",
        [(language, word, after.get(word, word)[:100], change) for word, change in changes],
    )
    if lost:
        cursor.executemany(
            f"DELETE FROM {WORD_TABLE} WHERE language = %s AND word = %s AND documents <= 0",
            [(language, word) for word in sorted(lost)],
        )


# Finding


def matches(kind: str, language: str, query: Query, using: str = "default") -> list[int]:
    """Ids of the published articles or the glossary terms readable in ``language`` that
    match ``query``, best first.

    PostgreSQL reads the reader's text with ``websearch_to_tsquery`` (any text is valid;
    "quoted phrases", ``or`` and ``-word`` work) and ranks by ``ts_rank`` over the weights,
    then by title. SQLite looks for every word, a word of fewer than three letters as a whole
    word, and ranks by bm25 with the columns' weights.
    """
    if not query.words:
        return []
    if _on_postgresql(using):
        sql = (
            f"SELECT object_id FROM {ENTRY_TABLE}, websearch_to_tsquery(%s::regconfig, %s) query "
            "WHERE kind = %s AND language = %s AND document @@ query "
            "ORDER BY ts_rank(document, query) DESC, title, object_id"
        )
        params = [TEXT_SEARCH_CONFIGS[language], query.text, kind, language]
    else:
        sql = (
            f"SELECT entry.object_id FROM {SQLITE_TABLE} "
            f"JOIN {ENTRY_TABLE} entry ON entry.id = {SQLITE_TABLE}.rowid "
            f"WHERE {SQLITE_TABLE} MATCH %s AND entry.kind = %s AND entry.language = %s "
            f"ORDER BY bm25({SQLITE_TABLE}, {', '.join(map(str, SQLITE_WEIGHTS))}), "
            "entry.object_id"
        )
        params = [_fts_phrases(query.words, " "), kind, language]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _fts_phrases(strings, operator: str) -> str:
    # Each string quoted: FTS5 reads nothing in it as syntax (AND, NEAR, *). The trigram
    # tokenizer needs three characters: a shorter word is looked for with the spaces around
    # it, which also makes it a whole word (" ct " is not the "ct" in "fact").
    phrases = (string if len(string) >= 3 else f" {string} " for string in strings)
    return operator.join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)


def stems(language: str, query: Query, using: str = "default") -> list[str]:
    """The folded stems PostgreSQL reduces the query's words to ("behandl" for "behandeln"),
    so that snippets mark the forms it found; none on SQLite, which matches words as typed."""
    if not query.words or not _on_postgresql(using):
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s)))",
            [TEXT_SEARCH_CONFIGS[language], query.text],
        )
        return [fold(row[0]) for row in cursor.fetchall()]


def texts(keys: list[tuple[str, int]], language: str, using: str = "default") -> dict:
    """The stored text and its folded words of some entries: (kind, id) → (text, folded)."""
    if not keys:
        return {}
    pairs = " OR ".join(["(kind = %s AND object_id = %s)"] * len(keys))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT kind, object_id, text, indexed_summary, indexed_body FROM {ENTRY_TABLE} "
            f"WHERE language = %s AND ({pairs})",
            [language, *(value for key in keys for value in key)],
        )
        return {
            (kind, pk): (text, f"{summary.strip()} {body.strip()}".strip())
            for kind, pk, text, summary, body in cursor.fetchall()
        }


# The vocabulary


def known_words(language: str, words: list[str], using: str = "default") -> set[str]:
    """Those of the folded ``words`` that some published text of ``language`` contains."""
    if not words:
        return set()
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {WORD_TABLE} WHERE language = %s "
            f"AND word IN ({', '.join(['%s'] * len(words))})",
            [language, *words],
        )
        return {row[0] for row in cursor.fetchall()}


def similar_words(
    language: str, word: str, limit: int = 3, using: str = "default"
) -> list[tuple[str, str]]:
    """The vocabulary's words most like the folded ``word``: (word, spelling), best first.

    Ordered by trigram similarity (at least ``SIMILARITY_THRESHOLD``), then by how many texts
    use the word, then alphabetically, on both databases.
    """
    with connections[using].cursor() as cursor:
        if _on_postgresql(using):
            cursor.execute(
                f"SELECT word, spelling FROM {WORD_TABLE} "
                "WHERE language = %s AND word %% %s AND similarity(word, %s) >= %s "
                "ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT %s",
                [language, word, word, SIMILARITY_THRESHOLD, word, limit],
            )
            return [tuple(row) for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT candidate.word, candidate.spelling, candidate.documents "
            f"FROM {SQLITE_WORD_TABLE} JOIN {WORD_TABLE} candidate "
            f"ON candidate.id = {SQLITE_WORD_TABLE}.rowid "
            f"WHERE {SQLITE_WORD_TABLE} MATCH %s AND candidate.language = %s "
            f"ORDER BY {SQLITE_WORD_TABLE}.rank LIMIT %s",
            [_fts_phrases(sorted(trigrams(word)), " OR "), language, SQLITE_CANDIDATES],
        )
        scored = [
            (score, documents, candidate, spelling)
            for candidate, spelling, documents in cursor.fetchall()
            if (score := similarity(word, candidate)) >= SIMILARITY_THRESHOLD
        ]
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [(candidate, spelling) for _score, _documents, candidate, spelling in scored[:limit]]


# Keeping the index current


def _article_saved(sender, instance, using, **kwargs):
    # Also for fixtures (raw): their rows are complete, and the pages search them. Working
    # copies are never searched.
    if instance.live_article_id is None:
        write_entries(ARTICLE, instance, using)


def _term_saved(sender, instance, using, **kwargs):
    write_entries(TERM, instance, using)


def _article_deleted(sender, instance, using, **kwargs):
    if instance.live_article_id is None:
        delete_entries(ARTICLE, instance.pk, using)


def _term_deleted(sender, instance, using, **kwargs):
    delete_entries(TERM, instance.pk, using)


def connect_signals():
    """Keep the entries and the vocabulary in step with every save and delete
    (``ArticlesConfig.ready``)."""
    post_save.connect(_article_saved, sender="articles.Article", dispatch_uid="search-article")
    post_save.connect(_term_saved, sender="articles.GlossaryTerm", dispatch_uid="search-term")
    post_delete.connect(
        _article_deleted, sender="articles.Article", dispatch_uid="search-article-deleted"
    )
    post_delete.connect(
        _term_deleted, sender="articles.GlossaryTerm", dispatch_uid="search-term-deleted"
    )
