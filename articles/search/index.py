"""What search indexes, on each database: one home for the index and the queries that use it.

Every published article and every glossary term has an entry per language it is readable in
(``SearchEntry``), written here whenever it is saved or deleted (``connect_signals``): its
title, the text readers see of it (for snippets) and the same words folded. Working copies,
drafts and missing translations have none, so the entries are exactly what can be found.

- PostgreSQL stores a weighted ``tsvector`` per entry (title A, summary B, text C, with the
  language's text-search configuration: its stemmer and stop words), GIN-indexed, and a
  smaller one of the title, the summary and the start of the text to rank by: ``matches``
  never computes a vector at query time.
- SQLite has the FTS5 table ``articles_search`` of the folded columns' words, kept in step
  with the entries by triggers. A word of four letters or more also finds the words that
  contain it ("Hochdruck" finds "Bluthochdruck", "metastasen" "Knochenmetastasen"): the
  vocabulary's trigram table names them, and the query looks for any of them.

The entries' words, with how many entries contain each, are the vocabulary (``SearchWord``),
kept current on every save: a word no entry contains any more is removed. Spelling
suggestions come from it: ``similar_words`` finds the nearest words by pg_trgm's trigram
similarity, on PostgreSQL with pg_trgm and its GIN index, on SQLite with the FTS5 trigram
table of the words to find candidates and ``text.similarity``, the same measure, to choose
among them, so both databases suggest the same word.

Every save or delete also raises the page cache's ``SEARCH`` tag (``CacheTag``) in the same
transaction, so the new number becomes visible with the new entries: ``query`` caches
results under it.

This module imports no models but ``CacheTag``, for its ``bump`` alone (raw SQL on a table
unchanged since migration 0012), so that migrations can use it.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save

from ..models.page_cache import CacheTag
from ..page_cache import tags
from .text import (
    MIN_PART_LENGTH,
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
# SQLite: how many words sharing trigrams with the reader's word are compared exactly, those
# whose similarity the shared trigrams and the word's length promise to be highest.
SQLITE_CANDIDATES = 100
# SQLite: how many words containing a word of the query are looked for, the most used first.
# A fragment that hundreds of words contain ("ung") finds the texts of the most used ones.
SQLITE_CONTAINING = 100

KINDS = (ARTICLE, TERM)


def _sqlite_rowid(row: str) -> str:
    """SQL for the full-text row number of entry ``row``: its object, kind and language.

    Searches then read what they found from the full-text table alone; looking each match up
    among the entries, whose rows hold whole texts, cost more than the search itself.
    """
    kind = " ".join(f"WHEN '{kind}' THEN {number}" for number, kind in enumerate(KINDS))
    language = " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(LANGUAGE_CODES))
    return (
        f"(({row}.object_id * {len(KINDS)} + CASE {row}.kind {kind} END) "
        f"* {len(LANGUAGE_CODES)} + CASE {row}.language {language} END)"
    )


def _sqlite_found(rowid: int) -> tuple[str, int]:
    """(kind, id) of a full-text row number (``_sqlite_rowid``)."""
    kind_and_object = rowid // len(LANGUAGE_CODES)
    return KINDS[kind_and_object % len(KINDS)], kind_and_object // len(KINDS)


_INDEXED = "indexed_title, indexed_summary, indexed_body"
_ADD_NEW = (
    f"INSERT INTO {SQLITE_TABLE} (rowid, {_INDEXED}) VALUES ({_sqlite_rowid('new')}, "
    "new.indexed_title, new.indexed_summary, new.indexed_body);"
)
_REMOVE_OLD = (
    f"INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}, rowid, {_INDEXED}) VALUES ('delete', "
    f"{_sqlite_rowid('old')}, old.indexed_title, old.indexed_summary, old.indexed_body);"
)
# Contentless FTS5 tables: they keep only the index, and the triggers hand them the values,
# so a row of the entries or words is indexed, changed and removed with it, whoever writes it.
SQLITE_SCHEMA = (
    f"""CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(
        {_INDEXED}, content='', tokenize='unicode61'
    )""",
    f"CREATE TRIGGER {SQLITE_TABLE}_insert AFTER INSERT ON {ENTRY_TABLE} BEGIN {_ADD_NEW} END",
    f"CREATE TRIGGER {SQLITE_TABLE}_delete AFTER DELETE ON {ENTRY_TABLE} BEGIN {_REMOVE_OLD} END",
    f"""CREATE TRIGGER {SQLITE_TABLE}_update AFTER UPDATE OF {_INDEXED} ON {ENTRY_TABLE}
        BEGIN {_REMOVE_OLD} {_ADD_NEW} END""",
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
# PostgreSQL: ``document`` is what matches, with an index per language; ``ranking`` is what
# ranks (``_store``), kept in the row (MAIN), where a search reads it with the row. The GIN
# indexes take each change at once (no fastupdate): a list of pending changes would be read
# by every search, and search is read far more often than written.
POSTGRESQL_SCHEMA = (
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN ranking tsvector NOT NULL DEFAULT ''::tsvector",
    f"ALTER TABLE {ENTRY_TABLE} ALTER COLUMN ranking SET STORAGE MAIN",
    *(
        f"CREATE INDEX {ENTRY_TABLE}_document_{code} ON {ENTRY_TABLE} USING gin (document) "
        f"WITH (fastupdate = off) WHERE language = '{code}'"
        for code in LANGUAGE_CODES
    ),
    f"CREATE INDEX {WORD_TABLE}_trigrams ON {WORD_TABLE} USING gin (word gin_trgm_ops) "
    "WITH (fastupdate = off)",
)
# PostgreSQL ranks by the title, the start of the summary and the start of the text: a small
# vector stored in the row itself. Ranking a common word's thousand matches by their whole
# texts would read and decompress a thousand large vectors for each search.
RANKED_LENGTH = 500


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
        # Whatever changed, a result may show it (an address, a kind): a new number.
        CacheTag.bump({tags.SEARCH}, using)
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
        CacheTag.bump({tags.SEARCH}, using)
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
        vector = " || ".join(
            f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for weight in "ABC"
        )
        columns += ["document", "ranking"]
        values += [vector, vector]
        for summary, body in (
            (entry.summary, entry.body),
            map(_start, (entry.summary, entry.body)),
        ):
            params += [config, entry.title_words, config, summary, config, body]
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


def _start(text: str) -> str:
    """The first ``RANKED_LENGTH`` characters of ``text``, without a cut word at the end."""
    if len(text) <= RANKED_LENGTH:
        return text
    return text[: RANKED_LENGTH + 1].rpartition(" ")[0]


def _words(indexed_columns) -> set[str]:
    return {
        word for column in indexed_columns for word in column.split() if is_vocabulary_word(word)
    }


def _count_words(cursor, language: str, before: set[str], after: dict[str, str]):
    """Count an entry's words in or out of the vocabulary; drop those no entry contains."""
    gained = after.keys() - before
    lost = sorted(before - after.keys())
    # In a fixed order: concurrent saves lock the words they share in the same order.
    changes = sorted([(word, 1) for word in gained] + [(word, -1) for word in lost])
    if not changes:
        return
    rows = [(word, after.get(word, word)[:100], change) for word, change in changes]
    count = f"DO UPDATE SET documents = {WORD_TABLE}.documents + excluded.documents"
    if cursor.db.vendor == "postgresql":
        # One statement for all the words: a round trip each would make a save take seconds.
        words, spellings, counts = (list(column) for column in zip(*rows, strict=True))
        cursor.execute(
            f"INSERT INTO {WORD_TABLE} (language, word, spelling, documents) "
            "SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::int[]) "
            "AS changes (word, spelling, documents) "
            f"ORDER BY word ON CONFLICT (language, word) {count}",
            [language, words, spellings, counts],
        )
        if lost:
            cursor.execute(
                f"DELETE FROM {WORD_TABLE} "
                "WHERE language = %s AND word = ANY(%s::text[]) AND documents <= 0",
                [language, lost],
            )
        return
    cursor.executemany(
        f"INSERT INTO {WORD_TABLE} (language, word, spelling, documents) "
        f"VALUES (%s, %s, %s, %s) ON CONFLICT (language, word) {count}",
        [(language, *row) for row in rows],
    )
    cursor.executemany(
        f"DELETE FROM {WORD_TABLE} WHERE language = %s AND word = %s AND documents <= 0",
        [(language, word) for word in lost],
    )


# Finding


# PostgreSQL: sent in front of each search's statement, in one round trip and without a
# transaction (the statements of one query string share one). The planner sees a few hundred
# pages of entries (their texts and vectors are stored apart) and would scan them for a common
# word, not seeing that testing each row means decompressing its vector: the GIN indexes are
# the cheaper way for any word, ten times for a word in every text. Several statements with
# parameters in one string need client-side binding, Django's default with psycopg.
_NO_SCAN = "SET LOCAL enable_seqscan = off; "


def matches(language: str, query: Query, using: str = "default") -> list[tuple[str, int]]:
    """The published articles and the glossary terms readable in ``language`` that match
    ``query``, best first: (kind, id).

    PostgreSQL reads the reader's text with ``websearch_to_tsquery`` (any text is valid;
    "quoted phrases", ``or`` and ``-word`` work) and ranks by ``ts_rank`` over the weights
    of the title, the summary and the start of the text, then by title. SQLite looks for
    every word, one of four letters or more also inside longer words, and ranks by bm25
    with the columns' weights. Articles and terms are found in one query: it is the
    matching that costs, not the rows returned.
    """
    return _matches(language, query, ranked=True, using=using)


def has_match(language: str, query: Query, using: str = "default") -> bool:
    """Whether anything in ``language`` matches ``query``, without ranking what does."""
    return bool(_matches(language, query, ranked=False, using=using))


def _matches(language: str, query: Query, ranked: bool, using: str) -> list[tuple[str, int]]:
    if not query.words:
        return []
    with connections[using].cursor() as cursor:
        if _on_postgresql(using):
            cursor.execute(
                f"{_NO_SCAN}SELECT kind, object_id FROM {ENTRY_TABLE}, "
                "websearch_to_tsquery(%s::regconfig, %s) query "
                "WHERE language = %s AND document @@ query "
                + (
                    "ORDER BY ts_rank(ranking, query) DESC, title, object_id"
                    if ranked
                    else "LIMIT 1"
                ),
                [TEXT_SEARCH_CONFIGS[language], query.text, language],
            )
            cursor.nextset()  # past the SET to the search's rows
            return [tuple(row) for row in cursor.fetchall()]
        weights = ", ".join(map(str, SQLITE_WEIGHTS))
        cursor.execute(
            f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s "
            f"AND rowid %% {len(LANGUAGE_CODES)} = %s "
            + (f"ORDER BY bm25({SQLITE_TABLE}, {weights}), rowid" if ranked else "LIMIT 1"),
            [_sqlite_match(cursor, language, query.words), LANGUAGE_CODES.index(language)],
        )
        return [_sqlite_found(row[0]) for row in cursor.fetchall()]


def _sqlite_match(cursor, language: str, words: list[str]) -> str:
    """The FTS5 query for ``words``: each word, or one of the vocabulary's words containing it.

    Looking for the words that contain a fragment in the vocabulary (some thousand short
    rows) and then for those words in the texts is much cheaper than looking for the fragment
    in every text: a common word is then one token's list, not the lists of its trigrams.
    """
    alternatives = {word: [word] for word in words}
    fragments = [word for word in words if len(word) >= MIN_PART_LENGTH]
    if fragments:
        cursor.execute(
            f"SELECT vocabulary.word FROM {SQLITE_WORD_TABLE} "
            f"JOIN {WORD_TABLE} vocabulary ON vocabulary.id = {SQLITE_WORD_TABLE}.rowid "
            f"WHERE {SQLITE_WORD_TABLE} MATCH %s AND vocabulary.language = %s "
            "ORDER BY vocabulary.documents DESC, vocabulary.word LIMIT %s",
            [_fts_phrases(fragments, " OR "), language, SQLITE_CONTAINING * len(fragments)],
        )
        for (containing,) in cursor.fetchall():
            for fragment in fragments:
                found = alternatives[fragment]
                if fragment in containing and containing != fragment:
                    found.append(containing)
    return " AND ".join("(" + _fts_phrases(alternatives[word], " OR ") + ")" for word in words)


def _fts_phrases(strings, operator: str) -> str:
    return operator.join(map(_fts_phrase, strings))


def _fts_phrase(string: str) -> str:
    # Quoted: FTS5 reads nothing in it as syntax (AND, NEAR, *).
    return '"' + string.replace('"', '""') + '"'


def texts(keys: list[tuple[str, int]], language: str, query: Query, using: str = "default"):
    """What snippets of some entries are made of: their stored texts and folded words,
    (kind, id) → (text, folded), and the folded stems PostgreSQL reduces the query's words
    to ("behandl" for "behandeln"), so that snippets mark the forms it found; no stems on
    SQLite, which matches words as typed. One query on either database."""
    if not keys:
        return {}, []
    postgresql = _on_postgresql(using)
    # The stems of a constant query: PostgreSQL computes them once, when it plans.
    stems = "tsvector_to_array(to_tsvector(%s::regconfig, %s))" if postgresql else "NULL"
    pairs = " OR ".join(["(kind = %s AND object_id = %s)"] * len(keys))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT kind, object_id, text, indexed_summary, indexed_body, {stems} "
            f"FROM {ENTRY_TABLE} WHERE language = %s AND ({pairs})",
            [
                *((TEXT_SEARCH_CONFIGS[language], query.text) if postgresql else ()),
                language,
                *(value for key in keys for value in key),
            ],
        )
        rows = cursor.fetchall()
    found = {
        (kind, pk): (text, f"{summary.strip()} {body.strip()}".strip())
        for kind, pk, text, summary, body, _stems in rows
    }
    return found, [fold(stem) for stem in (rows[0][5] if rows and rows[0][5] else [])]


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
        # Each trigram's words, counted: how many trigrams each word shares with ``word``.
        # (FTS5's own rank of an OR of the trigrams costs three times as much.)
        mine = sorted(trigrams(word))
        each = f"SELECT rowid FROM {SQLITE_WORD_TABLE} WHERE {SQLITE_WORD_TABLE} MATCH %s"
        sharing = " UNION ALL ".join([each] * len(mine))
        cursor.execute(
            "SELECT candidate.word, candidate.spelling, candidate.documents "
            f"FROM (SELECT rowid, count(*) AS shared FROM ({sharing}) GROUP BY rowid) found "
            f"JOIN {WORD_TABLE} candidate ON candidate.id = found.rowid "
            "WHERE candidate.language = %s "
            # A word of n letters has about n + 1 trigrams: the similarity to expect.
            "ORDER BY found.shared * 1.0 / (%s + length(candidate.word) + 1 - found.shared) DESC "
            "LIMIT %s",
            [*map(_fts_phrase, mine), language, len(mine), SQLITE_CANDIDATES],
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
    if not instance.is_working_copy:
        write_entries(ARTICLE, instance, using)


def _term_saved(sender, instance, using, **kwargs):
    write_entries(TERM, instance, using)


def _article_deleted(sender, instance, using, **kwargs):
    if not instance.is_working_copy:
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
