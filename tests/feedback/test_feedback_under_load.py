"""Under concurrent load on the production-like server, no accepted feedback is lost or doubled."""

import pytest
from django.db import connection

from articles.models import Feedback
from tests.feedback_load import send_concurrently
from tests.production_server import manage, production_env, running_server

CLIENTS = 8
PER_CLIENT = 6


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def production_server(transactional_db, article):
    env = production_env(
        database_url(), FEEDBACK_RATE_LIMIT="100000", FEEDBACK_MIN_FILL_SECONDS="0"
    )
    manage("collectstatic", "--no-input", "-v0", env=env)
    with running_server(env) as address:
        yield address


def test_every_accepted_message_is_stored_exactly_once_and_every_other_got_an_answer(
    production_server,
):
    outcome = send_concurrently(
        production_server, "/de/artikel/knochenmetastasen-verstehen/kommentar/", CLIENTS, PER_CLIENT
    )
    stored = list(Feedback.objects.values_list("comment", flat=True))
    assert sorted(stored) == sorted(outcome.accepted)
    assert len(set(stored)) == len(stored)
    for comment, status, text in outcome.rejected:
        assert status in (400, 429, 503), (comment, status)
        assert "Rückmeldung" in text or "senden" in text
    assert len(outcome.accepted) + len(outcome.rejected) == CLIENTS * PER_CLIENT
    assert len(outcome.accepted) >= CLIENTS * PER_CLIENT * 0.9, outcome.rejected[:3]
