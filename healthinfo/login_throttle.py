"""Slows down password guessing on the admin login.

Failures are counted per user name *and* client (healthinfo/client_identity.py: behind trusted
proxies, the reader's address, not the proxy's). After ``LOGIN_FAILURE_LIMIT`` failed sign-ins
for one user name from one client within ``LOGIN_LOCKOUT_SECONDS``, that client is refused
for that user name with 429 until the time has passed; a client that fails for many user names
is refused after ``CLIENT_FAILURE_FACTOR`` times as many. So a stranger cannot lock an editor
out, and one office behind one address is not locked out by one person's typos.

Counts live in the shared cache, so every app server sees the same numbers; while Redis is down
they are counted per process (healthinfo/shared_cache.py).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render

from .client_identity import client_hash

CLIENT_FAILURE_FACTOR = 4


def _user_key(request, username: str) -> str:
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return f"login-fail:user:{name}:{client_hash(request, 'login')}"


def _client_key(request) -> str:
    return f"login-fail:client:{client_hash(request, 'login')}"


def _refused(request, username: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    counts = cache.get_many([_user_key(request, username), _client_key(request)])
    return (
        counts.get(_user_key(request, username), 0) >= limit
        or counts.get(_client_key(request), 0) >= limit * CLIENT_FAILURE_FACTOR
    )


def _count(key: str) -> int:
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        return 1


def throttled(login_view):
    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method == "POST" and _refused(request, request.POST.get("username", "")[:150]):
            response = render(
                request,
                "login_throttled.html",
                {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
                status=429,
            )
            response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
            return response
        return login_view(request, *args, **kwargs)

    return view


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        _count(_user_key(request, credentials.get("username", "")[:150]))
        _count(_client_key(request))


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    # The client's count stays: a success does not undo guesses at other user names.
    if request is not None:
        cache.delete(_user_key(request, user.get_username()))
