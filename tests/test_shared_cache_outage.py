"""A Redis outage costs speed, never correctness: pages, feedback and sign-in work without it.

The shared cache here is a Redis server of the test's own, stopped for real in the middle of
each test (tests/service_faults.py); the site runs with the production cache settings.
"""

import logging
import threading

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches

from articles.models import Feedback
from healthinfo import shared_cache
from tests.service_faults import OwnRedis

PASSWORD = "a-strong-password-123"


def raw(server: OwnRedis) -> redis.Redis:
    """The test's own view of the server, past the site's cache."""
    return redis.Redis(port=server.port)


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch):
    server = OwnRedis(tmp_path / "redis")
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "healthinfo.shared_cache.FailSafeRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "own"},
    }
    # Retried at once in these tests, rather than after a few seconds.
    monkeypatch.setattr(shared_cache, "RETRY_SECONDS", 0)
    yield server
    server.stop()


def test_the_shared_cache_is_really_redis_while_it_runs(own_redis):
    cache.set("greeting", "hallo")
    assert raw(own_redis).get("test:1:greeting") is not None
    assert cache.is_reachable()


def test_pages_render_without_the_shared_cache(client, article, own_redis, caplog):
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="healthinfo.shared_cache"):
        german = client.get("/de/artikel/knochenmetastasen-verstehen/")
        english = client.get("/en/articles/understanding-bone-metastases/")
    assert (german.status_code, english.status_code) == (200, 200)
    assert "Shared cache (Redis) unavailable" in caplog.text


def test_feedback_is_stored_and_limited_per_process_while_redis_is_down(
    send_feedback, own_redis, settings, caplog
):
    settings.FEEDBACK_RATE_LIMIT = 2
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="healthinfo.shared_cache"):
        statuses = [send_feedback(comment=f"Nachricht {n}").status_code for n in range(3)]
    assert statuses == [303, 303, 429]
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == [
        "Nachricht 0",
        "Nachricht 1",
    ]
    assert "rate limits counted per process" in caplog.text


def test_editors_can_sign_in_while_redis_is_down_and_guessing_is_still_slowed(
    client, db, own_redis, settings
):
    get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    own_redis.stop()

    def sign_in(password):
        return client.post("/admin/login/", {"username": "editor", "password": password})

    assert sign_in(PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in("wrong")
    assert sign_in(PASSWORD).status_code == 429


def test_readiness_follows_redis_down_and_back(client, db, own_redis):
    assert client.get("/readyz").status_code == 200
    own_redis.stop()
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200
    own_redis.start()
    assert client.get("/readyz").status_code == 200


def test_when_redis_is_back_the_shared_cache_is_used_again(own_redis, caplog):
    own_redis.stop()
    cache.set("during", 1)
    own_redis.start()
    with caplog.at_level(logging.WARNING, logger="healthinfo.shared_cache"):
        cache.set("after", 2)
    assert raw(own_redis).exists("test:1:after")
    assert "reachable again" in caplog.text


def test_while_redis_is_down_all_threads_of_a_process_count_together(own_redis):
    # Django gives each thread its own cache object; a per-thread count would multiply limits.
    own_redis.stop()
    cache.add("count", 0)
    cache.incr("count")

    def from_another_thread():
        seen.append(caches["default"].incr("count"))

    seen = []
    thread = threading.Thread(target=from_another_thread)
    thread.start()
    thread.join()
    assert seen == [2]
