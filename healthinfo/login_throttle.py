"""Slows down password guessing on the admin login.

After ``LOGIN_FAILURE_LIMIT`` failed sign-ins for one user name, or from one client, within
``LOGIN_LOCKOUT_SECONDS``, further attempts are refused with 429 until that time has passed.
Counts live in the shared cache, so every app server sees the same numbers.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render

from .client_identity import client_hash


def _keys(request, username: str) -> list[str]:
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return [f"login-fail:client:{client_hash(request, 'login')}", f"login-fail:user:{name}"]


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
        if request.method == "POST":
            keys = _keys(request, request.POST.get("username", "")[:150])
            if any((cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
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
        for key in _keys(request, credentials.get("username", "")):
            _count(key)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    if request is not None:
        cache.delete_many(_keys(request, user.get_username()))
