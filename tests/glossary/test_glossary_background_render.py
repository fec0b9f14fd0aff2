"""A saved glossary term returns at once; its articles are rendered again in the background.

The tests run the queued tasks with the immediate backend as the save commits (``committed``);
where they must see what waits, the dummy backend keeps the tasks without running them.
"""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, GlossaryTerm, PendingRender, TermUsage
from articles.render_queue import tasks
from articles.render_queue.render import render_article
from tests.admin_forms import send, submit

OLD_DEFINITION = "Ein Ableger des Tumors an einer anderen Stelle."
NEW_DEFINITION = "Krebszellen, die sich anderswo im Körper angesiedelt haben."
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change queues once committed, as the end of the admin's request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def term(db, committed):
    term = GlossaryTerm(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de=OLD_DEFINITION,
        term_en="metastasis",
        slug_en="metastasis",
        variants_en="metastases",
        definition_en="Cancer that has spread to another place.",
    )
    term.full_clean()
    with committed():
        term.save()
    return term


@pytest.fixture
def catalogue(make_article, term):
    """An article using the term, one with a word the term does not know yet, one without."""
    return {
        "using": make_article(key="using", body_de="Metastasen im Knochen.", summary_de=""),
        "absiedlung": make_article(
            key="absiedlung",
            slug_de="absiedlung",
            slug_en="spread",
            summary_de="",
            body_de="Absiedlungen in der Leber.",
            summary_en="",
        ),
        "unrelated": make_article(
            key="unrelated",
            slug_de="anderes",
            slug_en="other",
            summary_de="",
            body_de="Nichts davon.",
            summary_en="",
            body_en="None of it.",
        ),
    }


@pytest.fixture
def rendered():
    """The keys of the articles the worker renders, in order."""
    keys = []

    def spy(article_id, **options):
        keys.append(Article.objects.get(pk=article_id).key)
        return render_article(article_id, **options)

    with mock.patch.object(tasks, "render_article", spy):
        yield keys


def html_of(article) -> str:
    article.refresh_from_db()
    return article.body_html_de


def change_url(term) -> str:
    return f"/admin/articles/glossaryterm/{term.pk}/change/"


# What is rendered again


def test_a_saved_term_renders_exactly_the_articles_that_use_it_or_contain_its_forms(
    catalogue, term, committed, rendered
):
    term.definition_de = NEW_DEFINITION
    term.variants_de = "Metastasen\nAbsiedlungen"
    with committed():
        term.save()

    assert sorted(rendered) == ["absiedlung", "using"]
    assert NEW_DEFINITION in html_of(catalogue["using"])
    assert NEW_DEFINITION in html_of(catalogue["absiedlung"])
    assert "term-button" not in html_of(catalogue["unrelated"])
    assert not PendingRender.objects.exists()


def test_a_deleted_term_renders_the_articles_that_used_it_without_it(
    catalogue, term, committed, rendered
):
    with committed():
        term.delete()

    assert rendered == ["using"]
    assert "term-button" not in html_of(catalogue["using"])
    assert not TermUsage.objects.exists()
    assert not PendingRender.objects.exists()


def test_a_rendering_keeps_the_editors_version_and_translation_status(catalogue, term, committed):
    article = catalogue["using"]
    version, changed_at = article.version, article.text_changed_at_de

    term.definition_de = NEW_DEFINITION
    with committed():
        term.save()

    article.refresh_from_db()
    assert NEW_DEFINITION in article.body_html_de
    assert (article.version, article.text_changed_at_de) == (version, changed_at)


def test_terms_saved_in_one_transaction_queue_one_task_to_find_their_articles(
    catalogue, term, settings, committed
):
    settings.TASKS = DATABASE_TASKS
    with committed():
        other = GlossaryTerm.objects.create(
            key="liver", term_de="Leber", slug_de="leber", definition_de="Ein Organ."
        )
    DBTaskResult.objects.all().delete()
    PendingRender.objects.all().delete()

    with committed():
        for each in (term, other, term):
            each.save()

    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "articles.render_queue.tasks.find_articles"
    ]
    assert PendingRender.objects.finding().count() == 3


# The request does not wait for the articles


def test_saving_a_term_in_the_admin_costs_the_same_however_many_articles_use_it(
    editing, term, make_article, settings
):
    settings.TASKS = DUMMY_TASKS
    # Each measured save then changes one word of the definition, so that search's
    # vocabulary has the same to do both times.
    term.definition_de = f"{NEW_DEFINITION} (0)"
    term.save()
    queries = []
    for number in range(12):
        make_article(
            key=f"article-{number}",
            slug_de=f"artikel-{number}",
            slug_en=f"article-{number}",
            body_de="Metastasen im Knochen.",
        )
        if number in (1, 11):
            page = editing.get(change_url(term))
            changes = {"definition_de": f"{NEW_DEFINITION} ({number})"}
            with CaptureQueriesContext(connection) as captured:
                response = send(editing, change_url(term), page, changes, "glossaryterm_form")
            assert response.status_code == 302
            queries.append([query["sql"] for query in captured.captured_queries])

    few, many = queries
    assert len(few) == len(many)
    assert not [sql for sql in many if "articles_article" in sql and "LIKE" in sql.upper()]
    article = Article.objects.get(key="article-11")
    assert f"{NEW_DEFINITION} (11)" not in article.body_html_de  # waits for the worker


def test_the_admin_says_that_the_articles_are_rendered_in_the_background(editing, term):
    response = submit(
        editing, change_url(term), {"definition_de": NEW_DEFINITION}, form_id="glossaryterm_form"
    )

    assert response.status_code == 302
    listed = editing.get(response["Location"]).content.decode()
    assert "The articles that use the term are rendered again in the background." in listed


# What the term's admin page tells


def test_the_term_page_shows_how_many_articles_still_wait(editing, catalogue, term, settings):
    settings.TASKS = DUMMY_TASKS
    term.definition_de = NEW_DEFINITION
    term.variants_de = "Metastasen\nAbsiedlungen"
    term.save()

    finding = editing.get(change_url(term)).content.decode()
    tasks.find_articles.call()
    waiting = editing.get(change_url(term)).content.decode()
    listed = editing.get("/admin/articles/glossaryterm/").content.decode()

    assert "Finding the articles that use it" in finding
    assert "2 articles are still waiting to be rendered with the current version." in waiting
    assert "Finding the articles" not in waiting
    assert '<td class="field-render_state">2 waiting</td>' in listed
    tasks.render_articles.call([catalogue["using"].pk, catalogue["absiedlung"].pk])
    done = editing.get(change_url(term)).content.decode()
    assert "Every article shows the current version of this term." in done


def test_the_term_page_shows_the_catalogue_waiting_for_render_content(editing, term, article):
    tasks.queue_articles([article.pk])  # its task waits for a commit that never comes

    html = editing.get(change_url(term)).content.decode()

    assert "1 article of the whole catalogue is waiting to be rendered again" in html


# Failures: retried, reported, and the article keeps its last good rendering


def failing_render(failures: int):
    """Article.render failing ``failures`` times as a locked SQLite database does, then not."""
    real = Article.render
    calls = []

    def render(article):
        calls.append(article.pk)
        if len(calls) <= failures:
            raise OperationalError("database is locked")
        return real(article)

    return mock.patch.object(Article, "render", render), calls


def test_a_render_that_fails_once_is_retried_and_then_shows_the_change(catalogue, term, committed):
    article = catalogue["using"]
    patch, calls = failing_render(1)

    term.definition_de = NEW_DEFINITION
    with patch, committed():
        term.save()

    assert calls == [article.pk, article.pk]
    assert NEW_DEFINITION in html_of(article)
    assert not PendingRender.objects.exists()


def test_a_render_that_keeps_failing_is_given_up_and_keeps_the_last_good_rendering(
    editing, catalogue, term, committed
):
    article = catalogue["using"]
    patch, calls = failing_render(100)

    term.definition_de = NEW_DEFINITION
    with patch, committed():
        term.save()

    assert len(calls) == tasks.ATTEMPTS
    html = html_of(article)
    assert OLD_DEFINITION in html and NEW_DEFINITION not in html
    assert ("metastasis", "de") in set(article.term_usages.values_list("term__key", "language"))
    (row,) = PendingRender.objects.all()
    assert (row.article, row.term, row.attempts) == (article, term, tasks.ATTEMPTS)
    assert row.error == "OperationalError: database is locked"
    assert row.failed_at is not None

    page = editing.get(change_url(term)).content.decode()
    assert "Articles that could not be rendered" in page
    assert f'href="/admin/articles/article/{article.pk}/change/">' in page
    assert "OperationalError: database is locked" in page
    assert f"<td>{tasks.ATTEMPTS}</td><td>given up</td>" in page
    listed = editing.get("/admin/articles/glossaryterm/").content.decode()
    assert '<td class="field-render_state">1 failed</td>' in listed


def test_a_failed_article_is_rendered_by_the_next_save_of_the_term(catalogue, term, committed):
    patch, _calls = failing_render(100)
    term.definition_de = NEW_DEFINITION
    with patch, committed():
        term.save()

    with committed():
        term.save()

    assert NEW_DEFINITION in html_of(catalogue["using"])
    assert not PendingRender.objects.exists()


def test_a_retry_waits_longer_after_each_failure(catalogue, term, settings):
    settings.TASKS = DATABASE_TASKS
    article = catalogue["using"]
    row = PendingRender.objects.create(article=article, term=term, attempts=2)
    patch, _calls = failing_render(1)
    before = timezone.now()

    with patch:
        tasks.render_articles.call([article.pk])

    row.refresh_from_db()
    assert row.attempts == 3 and row.failed_at is None
    (retry,) = DBTaskResult.objects.filter(task_path="articles.render_queue.tasks.render_articles")
    assert retry.args_kwargs == {"args": [[article.pk]], "kwargs": {}}
    delay = retry.run_after - before
    expected = tasks.RETRY_DELAY * 4
    assert expected <= delay < expected + datetime.timedelta(seconds=5)


def test_an_editors_save_during_a_rendering_is_rendered_again_not_overwritten(catalogue):
    article = catalogue["using"]
    real = Article.render
    edited = []

    def render_while_an_editor_saves(self):
        rendered = real(self)
        if not edited:
            edited.append(self.pk)
            Article.objects.filter(pk=self.pk).update(body_de="Neuer Text über Metastasen.")
        return rendered

    with mock.patch.object(Article, "render", render_while_an_editor_saves):
        render_article(article.pk)

    assert edited == [article.pk]
    assert "Neuer Text über" in html_of(article)


def test_a_rendering_that_changes_nothing_is_known_to_be_current_at_the_next_save(catalogue, term):
    article = catalogue["unrelated"]
    term.definition_de = NEW_DEFINITION
    term.save()  # not committed: nothing is queued, the rendering below is the worker's

    assert render_article(article.pk) is False

    article.refresh_from_db()
    with mock.patch.object(Article, "render") as render:
        article.save()
    render.assert_not_called()


def test_a_terms_articles_go_before_the_catalogue_waiting_for_render_content(
    catalogue, term, settings, committed
):
    settings.TASKS = DATABASE_TASKS
    with committed():
        call_command("render_content", stdout=StringIO())
        term.save()

    def next_task():
        task = DBTaskResult.objects.ready().first()
        task.delete()
        return task.task_path, task.args_kwargs["args"]

    assert next_task() == ("articles.render_queue.tasks.find_articles", [])
    with committed():
        tasks.find_articles.call()
    assert next_task() == ("articles.render_queue.tasks.render_articles", [[catalogue["using"].pk]])
    catalogue_ids = sorted(article.pk for article in catalogue.values())
    assert next_task() == ("articles.render_queue.tasks.render_articles", [catalogue_ids])
