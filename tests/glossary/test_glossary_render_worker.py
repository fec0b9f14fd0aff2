"""With the real database backend, the worker process renders a saved term into its articles.

The other tests run the tasks in their own process (the immediate backend); this one queues
them in the database as production does and runs ``manage.py db_worker`` as a process of its
own, as `make run` and the production service do, until the queue is empty.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from articles.models import GlossaryTerm, PendingRender

NEW_DEFINITION = "Krebszellen, die sich anderswo im Körper angesiedelt haben."


def database_url() -> str:
    """The test database, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker_until_the_queue_is_empty():
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_TASKS_BACKEND": "database"}
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_saved_term_reaches_its_article_through_the_database_worker(settings, make_article):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article(summary_de="", body_de="Metastasen im Knochen.")
    term = GlossaryTerm(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de=NEW_DEFINITION,
    )
    term.full_clean()

    term.save()

    article.refresh_from_db()
    assert NEW_DEFINITION not in article.body_html_de, "rendered in the saving process"
    assert DBTaskResult.objects.count() == 1
    run_worker_until_the_queue_is_empty()
    article.refresh_from_db()
    assert NEW_DEFINITION in article.body_html_de
    assert article.term_usages.filter(term=term, language="de").exists()
    assert not PendingRender.objects.exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {
        "articles.render_queue.tasks.find_articles",
        "articles.render_queue.tasks.render_articles",
    }
