"""The shared cache (Redis) that costs speed, never correctness, when Redis is down.

Everything the site keeps in the shared cache can be rebuilt or counted again: rendered pages,
rate-limit and login-failure counts, used feedback tokens. So when Redis cannot be reached,
each call is answered by a cache in the process's own memory instead: pages are rendered and
kept per process, and limits count per process (a client can then send a little more than the
limit, spread over the app servers). The first failure is logged as a warning, and Redis is
left alone for ``RETRY_SECONDS`` so that readers do not each wait for a connection that fails;
then it is tried again, and its return is logged too.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class _Outage:
    """Whether Redis is being left alone, shared by all threads of a process."""

    def __init__(self):
        self.down_until = 0.0
        self.lock = threading.Lock()


# Django makes one cache object per thread; what they know of an outage is the process's.
_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        location = f"{server}|{params.get('KEY_PREFIX', '')}"
        self._outage = _outage_for(location)
        # In-process caches of one name share their entries, so all threads count together.
        self._fallback = LocMemCache(
            f"healthinfo-fallback|{location}",
            {
                "OPTIONS": {"MAX_ENTRIES": 2000},
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "TIMEOUT": params.get("TIMEOUT", 300),
            },
        )

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._outage.down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._went_down(error)
            else:
                self._came_back()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        outage = self._outage
        with outage.lock:
            first = outage.down_until == 0.0
            outage.down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "Shared cache (Redis) unavailable (%s): pages are cached and rate limits "
                "counted per process until it is back.",
                type(error).__name__,
            )

    def _came_back(self) -> None:
        outage = self._outage
        if outage.down_until:
            with outage.lock:
                was_down, outage.down_until = outage.down_until != 0.0, 0.0
            if was_down:
                logger.warning("Shared cache (Redis) reachable again.")

    def is_reachable(self) -> bool:
        """Whether Redis answers now (for the readiness check); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
