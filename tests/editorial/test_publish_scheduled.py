"""publish_scheduled: what publishers scheduled happens once, when due, from cron on any server."""

import datetime
import io
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from articles.editorial import workflow
from articles.models import Article, ReviewerProfile, ReviewRecord

NOW = datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def clock(monkeypatch):
    """The time every part of the site reads; ``clock(datetime)`` moves it."""

    def set_to(moment: datetime.datetime):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_to(NOW)
    return set_to


@pytest.fixture
def approved_draft(make_article, editor, reviewer):
    draft = make_article(status=Article.Status.DRAFT)
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer, ["de", "en"])
    return draft


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_with_nothing_due_it_says_nothing_and_succeeds(db, clock):
    assert run() == ("", "")
    assert run("-v", "2") == ("Nothing is due.\n", "")


def test_a_publication_is_carried_out_once_when_its_time_has_come(clock, approved_draft, publisher):
    workflow.schedule(approved_draft, ["de", "en"], publisher, NOW + HOUR)
    assert run() == ("", "")
    assert not Article.objects.get().is_published

    clock(NOW + 2 * HOUR)
    out, err = run()

    assert (out, err) == (f"published: {approved_draft.key} (de, en)\n", "")
    article = Article.objects.get()
    assert article.is_public("de") and article.is_public("en")
    assert article.updated_on_de == (NOW + 2 * HOUR).date()
    assert article.reviewer_en == "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"
    published = ReviewRecord.objects.get(action="published")
    assert published.user == publisher
    assert run() == ("", "")
    assert ReviewRecord.objects.filter(action="published").count() == 1


def test_a_version_edited_after_it_was_scheduled_is_refused_once_with_a_message(
    clock, approved_draft, editor, publisher
):
    workflow.schedule(approved_draft, ["de"], publisher, NOW + HOUR)
    draft = Article.objects.get()
    draft.body_de = "Nach dem Planen geändert."
    draft.save()
    clock(NOW + 2 * HOUR)

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 scheduled publication"):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=err)

    assert err.getvalue().startswith(f"not published: {draft.key} (")
    assert not Article.objects.get().is_published
    assert run() == ("", "")  # told once; the version waits in the admin


def test_an_article_goes_offline_at_its_end(clock, article, publisher):
    workflow.schedule_end(article, publisher, NOW + HOUR)

    clock(NOW + 2 * HOUR)
    out, _err = run()

    assert out == f"taken offline: {article.key}\n"
    assert not Article.objects.get().is_published
    assert run() == ("", "")


def person(username: str, *codenames: str):
    """A user with just these article permissions: a transactional test starts without the
    groups the migrations made."""
    user = get_user_model().objects.create_user(username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


def test_servers_running_it_at_the_same_moment_publish_once(transactional_db, clock, make_article):
    # As cron starts it every minute on each app server: each run has its own connection and
    # sees only what the others committed.
    editor = person("erika", "change_article")
    reviewer = person("anna", "review_article")
    ReviewerProfile.objects.create(user=reviewer, name="Dr. Anna", qualification="Onkologin")
    publisher = person("paula", "change_article", "publish_article")
    drafts = []
    for number in range(3):
        draft = make_article(
            key=f"article-{number}",
            status=Article.Status.DRAFT,
            slug_de=f"artikel-{number}",
            slug_en=f"article-{number}",
        )
        workflow.submit(draft, editor)
        workflow.approve(draft, reviewer, ["de", "en"])
        workflow.schedule(draft, ["de", "en"], publisher, NOW + HOUR)
        drafts.append(draft)
    clock(NOW + 2 * HOUR)
    start = threading.Barrier(4)
    outputs, failures = [], []

    def server():
        try:
            start.wait()
            outputs.append(run()[0])
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    lines = sorted("".join(outputs).splitlines())
    assert lines == [f"published: {draft.key} (de, en)" for draft in drafts]
    assert ReviewRecord.objects.filter(action="published").count() == 3
    assert Article.objects.published().count() == 3
