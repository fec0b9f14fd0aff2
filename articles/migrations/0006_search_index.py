"""Search indexes, one kind per database (articles/search/index.py describes both).

PostgreSQL: a functional GIN index per language over the weighted tsvector of articles and of
glossary terms, built from the same expressions the search queries use, so that PostgreSQL
uses the index. SQLite: the FTS5 table ``articles_search``, filled here from the existing rows
and kept in step by articles/search/index.py on every save.

Neither is part of the models' state: the indexes exist on one database only.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from articles.search.index import (
    ARTICLE,
    CREATE_SQLITE_TABLE,
    LANGUAGE_CODES,
    SQLITE_TABLE,
    TERM,
    article_vector,
    term_vector,
    write_rows,
)


def _postgresql_indexes():
    for code in LANGUAGE_CODES:
        yield "Article", GinIndex(article_vector(code), name=f"article_search_{code}")
        yield "GlossaryTerm", GinIndex(term_vector(code), name=f"glossaryterm_search_{code}")


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for model_name, index in _postgresql_indexes():
            schema_editor.add_index(apps.get_model("articles", model_name), index)
    elif vendor == "sqlite":
        schema_editor.execute(CREATE_SQLITE_TABLE)
        using = schema_editor.connection.alias
        for kind, model_name in ((ARTICLE, "Article"), (TERM, "GlossaryTerm")):
            for instance in apps.get_model("articles", model_name).objects.using(using):
                write_rows(kind, instance, using)


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
