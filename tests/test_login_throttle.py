"""Password guessing on the admin login is slowed down after a few failures."""

import ipaddress

import pytest
from django.contrib.auth import get_user_model

from healthinfo import login_throttle


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", "a-strong-password-123", is_staff=True
    )


def sign_in(client, password, username="editor", address="203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_correct_password_signs_in(client, editor):
    assert sign_in(client, "a-strong-password-123").status_code == 302


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    client, editor, settings
):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert sign_in(client, "wrong").status_code == 200
    refused = sign_in(client, "a-strong-password-123")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == settings.LOGIN_LOCKOUT_SECONDS
    assert "_auth_user_id" not in client.session


def test_a_stranger_cannot_lock_an_editor_out(client, editor, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT * 2):
        sign_in(client, "wrong", address="198.51.100.66")
    assert sign_in(client, "wrong", address="198.51.100.66").status_code == 429
    assert sign_in(client, "a-strong-password-123").status_code == 302


def test_one_client_guessing_at_many_user_names_is_refused_for_all_of_them(
    client, editor, settings
):
    limit = settings.LOGIN_FAILURE_LIMIT * login_throttle.CLIENT_FAILURE_FACTOR
    for attempt in range(limit):
        sign_in(client, "wrong", username=f"someone-{attempt}", address="198.51.100.66")
    assert sign_in(client, "a-strong-password-123", address="198.51.100.66").status_code == 429
    assert sign_in(client, "a-strong-password-123", address="203.0.113.9").status_code == 302


def test_behind_a_trusted_proxy_failures_count_per_reader_not_for_the_proxy(
    client, editor, settings
):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-strong-password-123"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert signed_in.status_code == 302


def test_the_refusal_is_translated(client, editor, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "wrong")
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "x"},
        REMOTE_ADDR="203.0.113.5",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()


def test_a_successful_sign_in_forgets_earlier_failures(client, editor, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "a-strong-password-123").status_code == 302
    client.logout()
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "a-strong-password-123").status_code == 302


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password123", "12345678901234", "healthinfo"):
        with pytest.raises(ValidationError):
            validate_password(weak)
