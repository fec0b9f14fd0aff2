"""render_content: queues the whole catalogue for the worker, or renders it here with --now."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles.models import Article, PendingRender
from articles.render_queue import tasks


@pytest.fixture
def three_articles(make_article):
    return [
        make_article(key=key, slug_de=f"de-{key}", slug_en=f"en-{key}")
        for key in ("first", "second", "third")
    ]


def run(*options) -> str:
    out = StringIO()
    call_command("render_content", *options, stdout=out)
    return out.getvalue()


def make_stale(article):
    # As after a release that changes the renderer: the stored HTML is no longer what the
    # renderer makes of the text.
    Article.objects.filter(pk=article.pk).update(body_html_de="<p>stale</p>")


def test_it_queues_every_article_in_batches_for_the_worker(
    three_articles, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_stale(three_articles[0])

    with (
        mock.patch.object(tasks, "BATCH_SIZE", 2),
        django_capture_on_commit_callbacks(execute=True),
    ):
        output = run()

    assert "3 articles queued" in output
    ids = sorted(article.pk for article in three_articles)
    batches = DBTaskResult.objects.filter(task_path="articles.render_queue.tasks.render_articles")
    assert sorted(b.args_kwargs["args"][0] for b in batches) == [ids[:2], ids[2:]]
    assert sorted(PendingRender.objects.values_list("article_id", flat=True)) == ids
    assert Article.objects.get(pk=ids[0]).body_html_de == "<p>stale</p>"  # the worker's job


def test_the_queued_articles_are_rendered_and_only_changed_ones_written(
    three_articles, django_capture_on_commit_callbacks
):
    stale, *fresh = three_articles
    make_stale(stale)

    with django_capture_on_commit_callbacks(execute=True):
        run()

    stale.refresh_from_db()
    assert "<p>stale</p>" not in stale.body_html_de
    assert "Einleitung." in stale.body_html_de
    assert not PendingRender.objects.exists()
    for article in fresh:
        assert Article.objects.get(pk=article.pk).modified_at == article.modified_at


def test_now_renders_here_and_names_the_articles_that_changed(three_articles):
    make_stale(three_articles[1])

    output = run("--now")

    assert output.splitlines() == ["re-rendered: second", "1 of 3 articles re-rendered"]
    assert "Einleitung." in Article.objects.get(key="second").body_html_de
    assert not PendingRender.objects.exists()


def test_a_dry_run_reports_and_keeps_nothing(three_articles):
    make_stale(three_articles[2])

    output = run("--dry-run")

    assert output.splitlines() == ["re-rendered: third", "1 of 3 articles re-rendered"]
    assert Article.objects.get(key="third").body_html_de == "<p>stale</p>"
