"""Search indexes, one kind per database, as search first worked (0012 replaces both).

PostgreSQL: a functional GIN index per language over the weighted tsvector of articles and of
glossary terms. SQLite: the FTS5 table ``articles_search``, filled here from the existing rows.

Neither is part of the models' state: the indexes exist on one database only. What this
migration makes is written out here rather than taken from articles/search/index.py, which
has moved on; 0012 calls ``create_index`` to restore it when it is reversed.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from articles.search.text import index_text

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
TEXT_SEARCH_CONFIGS = {"de": "german", "en": "english"}
SQLITE_TABLE = "articles_search"
CREATE_SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(
    title, summary, body,
    kind UNINDEXED, object_id UNINDEXED, language UNINDEXED,
    tokenize = 'trigram'
)
"""


def _vector(columns, language):
    config = TEXT_SEARCH_CONFIGS[language]
    vectors = [
        SearchVector(*(f"{name}_{language}" for name in names), weight=weight, config=config)
        for names, weight in columns
    ]
    return vectors[0] + vectors[1] + vectors[2]


def _postgresql_indexes():
    for code in LANGUAGE_CODES:
        article = (("title",), "A"), (("summary",), "B"), (("body",), "C")
        term = (("term", "variants"), "A"), (("definition",), "B"), (("explanation",), "C")
        yield "Article", GinIndex(_vector(article, code), name=f"article_search_{code}")
        yield "GlossaryTerm", GinIndex(_vector(term, code), name=f"glossaryterm_search_{code}")


def _rows(kind, instance):
    def value(name, code):
        return getattr(instance, f"{name}_{code}") or ""

    for code in LANGUAGE_CODES:
        if kind == "article" and value("title", code):
            yield code, (value("title", code), value("summary", code), value("body", code))
        elif kind == "term" and value("term", code):
            yield code, (
                value("term", code) + "\n" + value("variants", code),
                value("definition", code),
                value("explanation", code),
            )


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for model_name, index in _postgresql_indexes():
            schema_editor.add_index(apps.get_model("articles", model_name), index)
    elif vendor == "sqlite":
        schema_editor.execute(CREATE_SQLITE_TABLE)
        using = schema_editor.connection.alias
        with schema_editor.connection.cursor() as cursor:
            for kind, model_name in (("article", "Article"), ("term", "GlossaryTerm")):
                for instance in apps.get_model("articles", model_name).objects.using(using):
                    for code, columns in _rows(kind, instance):
                        cursor.execute(
                            f"INSERT INTO {SQLITE_TABLE} "
                            "(title, summary, body, kind, object_id, language) "
                            "VALUES (%s, %s, %s, %s, %s, %s)",
                            [*(index_text(text) for text in columns), kind, instance.pk, code],
                        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for model_name, index in _postgresql_indexes():
            schema_editor.remove_index(apps.get_model("articles", model_name), index)
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE {SQLITE_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_trust_and_workflow_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
