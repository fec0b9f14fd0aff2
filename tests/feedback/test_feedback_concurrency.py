"""Many readers sending feedback at the same moment: every message is stored exactly once."""

import concurrent.futures
import http.client
import threading
import time
import urllib.parse

import pytest
from django.db import connection

from articles.feedback.spam import issue_token
from articles.models import Feedback

SENDERS = 20
PATH = "/de/artikel/knochenmetastasen-verstehen/kommentar/"


@pytest.fixture
def many_senders(settings, empty_cache):
    # On loopback every sender has the same address: lift the per-client limit for this test.
    settings.FEEDBACK_RATE_LIMIT = 1000


def send(server_url: str, fields: dict, start: threading.Barrier) -> tuple[int, str]:
    address = urllib.parse.urlsplit(server_url)
    client = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        client.connect()
        start.wait()
        client.request(
            "POST",
            PATH,
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin",
            },
        )
        response = client.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        client.close()


def test_twenty_simultaneous_messages_are_all_stored_once(
    live_server, transactional_db, article, many_senders
):
    # Each request has its own connection, as in production (see conftest).
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()
    # Twenty readers, each with the form of their own page view.
    forms = [
        {
            "rating": str(number % 5 + 1),
            "comment": f"Nachricht Nummer {number}",
            "consent": "yes",
            "token": issue_token(article, issued_at=time.time() - 60),
        }
        for number in range(SENDERS)
    ]
    start = threading.Barrier(SENDERS)

    with concurrent.futures.ThreadPoolExecutor(max_workers=SENDERS) as pool:
        results = list(pool.map(lambda form: send(live_server.url, form, start), forms))

    assert results == [(303, PATH + "danke/")] * SENDERS
    stored = sorted(Feedback.objects.values_list("comment", flat=True))
    assert stored == sorted(form["comment"] for form in forms)


def test_one_form_sent_twenty_times_at_once_is_stored_once(
    live_server, transactional_db, article, many_senders
):
    token = issue_token(article, issued_at=time.time() - 60)
    form = {"rating": "4", "comment": "Einmal, bitte.", "consent": "yes", "token": token}
    start = threading.Barrier(SENDERS)

    with concurrent.futures.ThreadPoolExecutor(max_workers=SENDERS) as pool:
        results = list(pool.map(lambda _n: send(live_server.url, form, start), range(SENDERS)))

    assert sorted(status for status, _location in results) == [303] + [400] * (SENDERS - 1)
    assert Feedback.objects.filter(comment="Einmal, bitte.").count() == 1
