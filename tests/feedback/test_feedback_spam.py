"""Spam rules that cost people nothing: a honeypot, a signed fill time and a rate limit."""

import ipaddress
import time
from pathlib import Path

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.core import signing
from django.utils import timezone

from articles.feedback import spam
from articles.feedback.spam import TokenStatus, check_token, client_key, issue_token
from articles.models import Feedback
from healthinfo import client_identity

SPAM_DE = "Ihre Rückmeldung konnte nicht gesendet werden."
SPAM_EN = "Your feedback could not be sent. Please check it and send it again."
EXPIRED_EN = "This form was open for a long time."
RATE_LIMITED_EN = "You have sent several messages in a short time. Please try again later."


def page_of(response):
    return lxml.html.fromstring(response.content)


def summary(response) -> str:
    (box,) = page_of(response).xpath("//div[@class='error-summary']")
    return " ".join(box.text_content().split())


def rendered_token(response) -> str:
    return page_of(response).xpath("//input[@name='token']/@value")[0]


def kept_comment(response) -> str:
    return page_of(response).get_element_by_id("feedback-comment").text


# The honeypot


def test_a_filled_in_honeypot_is_refused_with_a_neutral_message(article, send_feedback):
    response = send_feedback(language="en", website="https://spam.example")

    assert response.status_code == 400
    assert SPAM_EN in summary(response)
    assert "honeypot" not in summary(response).lower()
    assert Feedback.objects.count() == 0


def test_the_form_shown_again_keeps_the_text_but_empties_the_honeypot(article, send_feedback):
    # A browser's autofill may have filled it: the person can simply send again.
    response = send_feedback(website="Anna", comment="Mein Kommentar")

    page = page_of(response)
    assert page.get_element_by_id("feedback-website").get("value") == ""
    assert kept_comment(response) == "Mein Kommentar"
    assert SPAM_DE in summary(response)


def test_the_honeypot_is_hidden_from_people_and_the_keyboard(client, article):
    page = page_of(client.get("/de/artikel/knochenmetastasen-verstehen/"))

    (trap,) = page.xpath("//div[@class='feedback-trap']")
    assert trap.xpath(".//input/@tabindex") == ["-1"]
    assert trap.xpath(".//input/@autocomplete") == ["off"]
    stylesheet = Path(finders.find("css/site.css")).read_text()
    assert ".feedback-trap {\n  display: none;\n}" in stylesheet


# The signed fill time


def test_a_form_sent_within_the_minimum_fill_time_is_refused(article, send_feedback, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 3

    response = send_feedback(language="en", token=issue_token(article, time.time() - 1))

    assert response.status_code == 400
    assert SPAM_EN in summary(response)
    assert Feedback.objects.count() == 0


def test_a_person_who_was_too_fast_can_send_the_same_form_a_moment_later(
    article, send_feedback, settings, monkeypatch
):
    settings.FEEDBACK_MIN_FILL_SECONDS = 3
    rendered_at = time.time()
    token = issue_token(article, rendered_at)
    monkeypatch.setattr(spam, "current_time", lambda: rendered_at + 1)

    first = send_feedback(token=token)
    monkeypatch.setattr(spam, "current_time", lambda: rendered_at + 5)
    second = send_feedback(token=rendered_token(first), comment=kept_comment(first))

    assert first.status_code == 400
    assert rendered_token(first) == token
    assert second.status_code == 303
    assert Feedback.objects.count() == 1


def test_a_form_read_for_an_hour_is_accepted(article, send_feedback):
    assert send_feedback(token=issue_token(article, time.time() - 3600)).status_code == 303


def test_a_form_from_a_page_cached_for_a_day_is_accepted(article, send_feedback):
    assert send_feedback(token=issue_token(article, time.time() - 86_400)).status_code == 303


def test_an_expired_form_asks_to_send_again_and_keeps_everything(article, send_feedback, settings):
    three_days_ago = time.time() - 3 * 86_400
    stale = issue_token(article, three_days_ago)

    response = send_feedback(language="en", token=stale, name="Anna", comment="Gut erklärt.")

    assert response.status_code == 400
    assert EXPIRED_EN in summary(response)
    assert kept_comment(response) == "Gut erklärt."
    assert page_of(response).get_element_by_id("feedback-name").get("value") == "Anna"
    fresh = rendered_token(response)
    assert fresh != stale
    assert check_token(fresh, article) is TokenStatus.TOO_FAST
    assert Feedback.objects.count() == 0


def test_the_form_shown_again_after_an_expired_one_can_be_sent(article, send_feedback, monkeypatch):
    first = send_feedback(token=issue_token(article, time.time() - 3 * 86_400))
    later = time.time() + 30
    monkeypatch.setattr(spam, "current_time", lambda: later)

    assert send_feedback(token=rendered_token(first)).status_code == 303


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps({"article": 1, "issued": 0}, salt="another.salt"),
        signing.dumps({"issued": time.time() - 60}, salt="healthinfo.feedback.form"),
        signing.dumps(["a", "list"], salt="healthinfo.feedback.form"),
    ],
    ids=["missing", "garbage", "other-salt", "no-article", "wrong-shape"],
)
def test_a_missing_or_forged_token_is_refused_with_a_neutral_message(article, send_feedback, token):
    response = send_feedback(language="en", token=token)

    assert response.status_code == 400
    assert SPAM_EN in summary(response)
    assert check_token(rendered_token(response), article) in (
        TokenStatus.TOO_FAST,
        TokenStatus.VALID,
    )
    assert Feedback.objects.count() == 0


def test_a_token_with_a_changed_time_is_refused(article, send_feedback):
    value, _separator, signature = issue_token(article, time.time()).rpartition(":")
    forged_value = signing.b64_encode(b'{"article":1,"issued":0}').decode()
    response = send_feedback(token=f"{forged_value}:{value.split(':')[1]}:{signature}")

    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_a_token_for_another_article_is_refused(article, make_article, send_feedback):
    other = make_article(key="other", slug_de="anderer", slug_en="other")

    response = send_feedback(token=issue_token(other, time.time() - 60))

    assert response.status_code == 400
    assert Feedback.objects.count() == 0


# One message per form


ALREADY_SENT_EN = "This form has already been sent."


def test_a_form_sent_again_by_the_same_reader_is_refused_and_its_text_kept(article, send_feedback):
    token = issue_token(article, time.time() - 60)

    first = send_feedback(language="en", token=token)
    replayed = send_feedback(language="en", token=token, comment="Noch einmal.")

    assert first.status_code == 303
    assert replayed.status_code == 400
    assert ALREADY_SENT_EN in summary(replayed)
    assert kept_comment(replayed) == "Noch einmal."
    assert Feedback.objects.count() == 1


def test_a_reader_who_really_means_to_send_a_second_message_can(article, send_feedback, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    token = issue_token(article, time.time() - 60)
    send_feedback(token=token)

    replayed = send_feedback(token=token, comment="Noch etwas.")
    again = send_feedback(token=rendered_token(replayed), comment=kept_comment(replayed))

    assert rendered_token(replayed) != token
    assert again.status_code == 303
    assert Feedback.objects.count() == 2


def test_two_readers_of_one_cached_page_can_each_send_the_form(article, send_feedback):
    token = issue_token(article, time.time() - 60)

    first = send_feedback(token=token, remote_addr="198.51.100.1")
    second = send_feedback(token=token, remote_addr="198.51.100.2")

    assert (first.status_code, second.status_code) == (303, 303)


def test_a_form_refused_by_the_rate_limit_can_be_sent_later(article, send_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    send_feedback()
    token = issue_token(article, time.time() - 60)

    refused = send_feedback(token=token)
    settings.FEEDBACK_RATE_LIMIT = 5
    later = send_feedback(token=rendered_token(refused))

    assert refused.status_code == 429
    assert rendered_token(refused) == token
    assert later.status_code == 303


# The rate limit


def test_more_messages_than_the_limit_are_refused_with_a_neutral_message(
    article, send_feedback, settings
):
    settings.FEEDBACK_RATE_LIMIT = 3

    statuses = [send_feedback(language="en").status_code for _message in range(3)]
    refused = send_feedback(language="en", comment="Noch eine Frage.")

    assert statuses == [303, 303, 303]
    assert refused.status_code == 429
    assert RATE_LIMITED_EN in summary(refused)
    assert int(refused["Retry-After"]) == settings.FEEDBACK_RATE_WINDOW
    assert kept_comment(refused) == "Noch eine Frage."
    assert Feedback.objects.count() == 3


def test_the_rate_limit_counts_each_client_on_its_own(article, send_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 1

    first = send_feedback(remote_addr="198.51.100.1")
    second = send_feedback(remote_addr="198.51.100.2")
    again = send_feedback(remote_addr="198.51.100.1")

    assert (first.status_code, second.status_code, again.status_code) == (303, 303, 429)


def test_behind_a_trusted_proxy_each_reader_has_a_limit_of_their_own(
    article, send_feedback, settings
):
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)

    def through_proxy(reader: str):
        return send_feedback(remote_addr="10.0.0.2", forwarded_for=reader).status_code

    assert [through_proxy(reader) for reader in ("198.51.100.1", "198.51.100.2")] == [303, 303]
    assert through_proxy("198.51.100.1") == 429


def test_addresses_of_one_ipv6_network_share_one_limit(article, send_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    statuses = [send_feedback(remote_addr=f"2001:db8:5:6::{n}").status_code for n in (1, 2, 3)]
    assert statuses == [303, 303, 429]


def test_a_person_who_corrects_many_mistakes_is_never_blocked(article, send_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 2

    mistakes = [
        send_feedback(rating="", comment="").status_code,
        send_feedback(comment="").status_code,
        send_feedback(email="anna@").status_code,
        send_feedback(consent="").status_code,
        send_feedback(comment="x" * 5001).status_code,
    ]
    sent = send_feedback()

    assert mistakes == [400] * 5
    assert sent.status_code == 303


def test_the_client_is_known_only_by_a_hash_that_changes_every_day(monkeypatch, rf):
    def request_from(address):
        return rf.get("/", REMOTE_ADDR=address)

    address = "203.0.113.7"
    today = client_key(request_from(address))
    same_day = client_key(request_from(address))
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    monkeypatch.setattr(client_identity.timezone, "now", lambda: tomorrow)

    assert today == same_day
    assert address not in today
    assert client_key(request_from(address)) != today
    assert client_key(request_from("203.0.113.8")) != client_key(request_from(address))


def test_the_clients_address_is_not_stored_with_the_feedback(article, send_feedback):
    send_feedback(remote_addr="203.0.113.77")

    stored = Feedback.objects.values().get()
    assert "203.0.113.77" not in repr(stored)
