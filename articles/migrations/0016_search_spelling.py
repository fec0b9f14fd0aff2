"""Search from stored entries, with spelling suggestions (articles/search/index.py describes it).

Replaces 0006's indexes: PostgreSQL's functional GIN indexes, which made ranking compute each
vector again per query, and SQLite's full-text table of the Markdown. Creates the entries and
the vocabulary as tables of both databases, and what each database indexes them with:

- PostgreSQL: the pg_trgm extension, stored ``tsvector`` columns on the entries (one to match,
  GIN-indexed per language, one to rank), and a trigram GIN index on the words.
- SQLite: contentless FTS5 tables over the entries (trigram tokenizer) and over the words,
  kept in step by triggers.

Then every published article and every glossary term is indexed as a save would.
"""

import importlib

from django.db import migrations, models

from articles.search.index import (
    ARTICLE,
    LANGUAGE_CODES,
    POSTGRESQL_SCHEMA,
    SQLITE_SCHEMA,
    SQLITE_TABLE,
    SQLITE_WORD_TABLE,
    TERM,
    write_entries,
)

FIRST_INDEX = importlib.import_module("articles.migrations.0006_search_index")


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Here rather than as TrigramExtension, whose reversal fails on SQLite. Reversing
        # leaves it installed: other databases' objects may use it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for code in LANGUAGE_CODES:
            for name in (f"article_search_{code}", f"glossaryterm_search_{code}"):
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        statements = POSTGRESQL_SCHEMA
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
        statements = SQLITE_SCHEMA
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)
    using = schema_editor.connection.alias
    articles = apps.get_model("articles", "Article").objects.using(using)
    for article in articles.filter(live_article__isnull=True):
        write_entries(ARTICLE, article, using)
    for term in apps.get_model("articles", "GlossaryTerm").objects.using(using):
        write_entries(TERM, term, using)
    if vendor == "postgresql":
        # The planner's statistics, so that it reads the indexes from the first search on.
        schema_editor.execute("ANALYZE articles_searchentry")
        schema_editor.execute("ANALYZE articles_searchword")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_WORD_TABLE}_{name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_WORD_TABLE}")
    # PostgreSQL's column and indexes go with the tables; 0006's indexes come back.
    FIRST_INDEX.create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_import_skip")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=10)),
                ("object_id", models.BigIntegerField()),
                ("language", models.CharField(max_length=8)),
                ("title", models.TextField()),
                ("text", models.TextField()),
                ("indexed_title", models.TextField()),
                ("indexed_summary", models.TextField()),
                ("indexed_body", models.TextField()),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id", "language"), name="unique_search_entry"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=8)),
                ("word", models.CharField(max_length=60)),
                ("spelling", models.CharField(max_length=100)),
                ("documents", models.IntegerField(default=0)),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(fields=("language", "word"), name="unique_search_word")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
