"""Load balancers ask /healthz (the process answers) and /readyz (its services answer too)."""

import logging

import pytest

from healthinfo import health


@pytest.fixture
def production_like(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["healthinfo.example.org"]


def test_a_probe_over_plain_http_by_address_gets_an_answer_not_a_redirect_or_400(
    client, db, production_like
):
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.0.17:8000")
        assert response.status_code == 200, path
        assert response.content == b"ok\n"
        assert response["Cache-Control"] == "no-store"


def test_only_reading_is_allowed(client, db):
    assert client.post("/readyz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_a_failed_readiness_check_is_a_warning_without_details_not_an_error(
    client, db, monkeypatch, caplog
):
    monkeypatch.setattr(health, "_cache_reachable", lambda: False)
    with caplog.at_level(logging.INFO):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_health_addresses_are_not_pages_of_the_site(client, db):
    assert client.get("/healthz/").status_code == 404
    assert client.get("/de/healthz").status_code in (301, 404)
