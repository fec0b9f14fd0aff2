"""A database that is locked or restarting for a moment loses no feedback and gives no 500."""

import pytest
from django.db import OperationalError

from articles import feedback_views
from articles.feedback import FeedbackForm
from articles.models import Article, Feedback


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
