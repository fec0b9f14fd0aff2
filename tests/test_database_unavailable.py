"""A database that is locked or restarting for a moment loses no feedback and gives no 500."""

import time

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections

from articles.feedback import views as feedback_views
from articles.feedback.forms import FeedbackForm
from articles.models import Article, Feedback
from articles.page_cache import middleware as page_cache
from tests.conftest import SECURITY_HEADERS


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(feedback_views.time, "sleep", lambda seconds: None)


def failing_save(monkeypatch, failures: int):
    """Make storing feedback fail ``failures`` times, as a locked database would."""
    real_save = FeedbackForm.save
    calls = {"count": 0}

    def save(form, language):
        calls["count"] += 1
        if calls["count"] <= failures:
            raise OperationalError("database is locked")
        return real_save(form, language)

    monkeypatch.setattr(FeedbackForm, "save", save)
    return calls


def test_feedback_is_stored_once_when_the_database_was_locked_for_a_moment(
    send_feedback, monkeypatch
):
    calls = failing_save(monkeypatch, failures=2)
    response = send_feedback(comment="Sehr hilfreich, danke.")
    assert response.status_code == 303
    assert calls["count"] == 3
    assert Feedback.objects.filter(comment="Sehr hilfreich, danke.").count() == 1


def test_feedback_that_cannot_be_stored_gets_a_503_and_keeps_what_was_typed(
    send_feedback, monkeypatch
):
    failing_save(monkeypatch, failures=100)
    response = send_feedback(comment="Mein wichtiger Kommentar.", name="Anna")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Mein wichtiger Kommentar." in page
    assert 'value="Anna"' in page
    assert "Nichts von dem, was Sie geschrieben haben, ist verloren" in page
    assert Feedback.objects.count() == 0


def test_a_page_request_during_a_database_outage_gets_a_translated_503(
    client, article, monkeypatch
):
    def unavailable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Article.objects, "published", unavailable)
    response = client.get("/de/artikel/knochenmetastasen-verstehen/")
    assert response.status_code == 503
    assert "Datenbank kurz nicht erreichbar" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    english = client.get("/en/articles/understanding-bone-metastases/")
    assert "database is briefly unavailable" in english.content.decode()


# A real outage: the database cannot be reached at all (its name points nowhere), so every
# query fails as it does when PostgreSQL is stopped.

ARTICLE_DE = "/de/artikel/knochenmetastasen-verstehen/"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def outage(transactional_db):
    """Call ``outage.begin()`` to make the database unreachable; it comes back afterwards."""
    database = connections["default"]
    name = database.settings_dict["NAME"]

    class Outage:
        def begin(self):
            database.close()
            database.settings_dict["NAME"] = (
                "/nonexistent/healthinfo.sqlite3"
                if database.vendor == "sqlite"
                else "healthinfo_database_that_does_not_exist"
            )

        def end(self):
            database.close()
            database.settings_dict["NAME"] = name

    outage = Outage()
    yield outage
    outage.end()


def test_a_page_served_before_the_outage_is_served_from_the_cache_during_it(
    client, article, outage
):
    before = client.get(ARTICLE_DE)
    outage.begin()
    during = client.get(ARTICLE_DE)

    assert during.status_code == 200
    assert during.content == before.content
    assert during["ETag"] == before["ETag"]


def test_an_app_server_started_during_the_outage_serves_what_another_one_cached(
    client, article, outage, monkeypatch, settings
):
    settings.CACHES = {
        "default": {"BACKEND": LOCMEM, "LOCATION": "shared"},  # as Redis
        "pages": {"BACKEND": LOCMEM, "LOCATION": "own"},
    }
    monkeypatch.setattr(page_cache, "_shared_read", None)  # a process that has told nobody yet
    client.get(ARTICLE_DE)
    caches["pages"].clear()  # another process: nothing of its own in memory
    monkeypatch.setattr(page_cache, "_last_read", None)
    outage.begin()
    assert client.get(ARTICLE_DE).status_code == 200


def test_after_the_grace_period_cached_pages_give_way_to_the_503_page(
    client, article, outage, settings, monkeypatch
):
    client.get(ARTICLE_DE)
    outage.begin()
    later = time.time() + settings.DATABASE_OUTAGE_GRACE_SECONDS + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert client.get(ARTICLE_DE).status_code == 503


def test_a_page_not_in_the_cache_gets_the_translated_503_with_every_security_header(
    client, article, outage
):
    outage.begin()
    german = client.get("/de/glossar/")
    english = client.get("/en/topics/treatment/")

    assert (german.status_code, english.status_code) == (503, 503)
    assert "Datenbank kurz nicht erreichbar" in german.content.decode()
    assert "database is briefly unavailable" in english.content.decode()
    for response in (german, english):
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        for header in SECURITY_HEADERS:
            assert response.has_header(header), header
        assert response["X-Frame-Options"] == "DENY"


def test_feedback_sent_during_the_outage_comes_back_with_everything_typed(
    article, send_feedback, feedback_data, outage
):
    token = feedback_data()["token"]
    outage.begin()
    during = send_feedback(comment="Bitte nicht verlieren.", name="Anna", token=token)
    outage.end()
    after = send_feedback(comment="Bitte nicht verlieren.", name="Anna", token=token)

    assert during.status_code == 503
    assert during["Retry-After"] == "30"
    page = during.content.decode()
    assert "Bitte nicht verlieren." in page
    assert 'value="Anna"' in page
    assert f'value="{token}"' in page
    assert "Nichts von dem, was Sie geschrieben haben, ist verloren" in page
    assert after.status_code == 303
    assert Feedback.objects.get().comment == "Bitte nicht verlieren."


def test_load_balancers_see_the_outage_on_the_readiness_check_only(client, outage):
    assert client.get("/readyz").status_code == 200
    outage.begin()
    ready, live = client.get("/readyz"), client.get("/healthz")

    assert (ready.status_code, live.status_code) == (503, 200)
    assert ready.content == b"unavailable\n"
    assert ready["Cache-Control"] == "no-store"
