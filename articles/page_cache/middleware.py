"""Public pages for anonymous readers come from the cache, and tell other caches so too.

A page is stored with the numbers of the tags it shows (``tags``, ``CacheTag``): one small
query per request tells whether any of them changed, and an edit makes stale only the pages
that show what it changed. Pages are kept per day too, for what changes with the date.
Staff (anyone with a session cookie), requests with a query string other than ``?page=N``,
and responses that say ``no-store``/``private`` or set cookies are never stored.

A stale page is rendered again by one process at a time: while it does, the others keep
serving the page they have (for the few seconds that takes), so a popular page that an edit
made stale does not have every app server render it at once.

Pages are looked up in the process's own memory first, then in the shared cache (Redis); see
``CACHES`` in the settings. Each page is kept twice: as it is, and compressed with gzip once
when stored, so that a phone on a weak connection gets a fraction of the bytes without the
server compressing per request.

When the database cannot be reached, pages already in the cache are still served, for
``DATABASE_OUTAGE_GRACE_SECONDS`` after this process (or, if it has read nothing yet, another
app server) last read the tags: while the database is down nobody can edit, so those pages are
what readers would get anyway. The limit is for the case where only this app server lost the
database and editors go on saving through others. Other pages go on to the views, whose
database error becomes the translated 503 page (``healthinfo.middleware``).
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from healthinfo.compression import accepts_gzip, gzipped
from healthinfo.middleware import warn_database_unavailable

from ..models import LANGUAGE_CODES, CacheTag
from . import tags

_PUBLIC_PREFIXES = (*(f"/{code}/" for code in LANGUAGE_CODES), "/sitemap", "/robots.txt")
# Pages of paginated lists (and of sitemap sections) are pages like any other; every other
# query string is a search or a trick.
_PAGE_QUERY = re.compile(r"(page|p)=[1-9][0-9]{0,5}")
# How long one process may take to render a stale page before another one tries.
RENDER_LOCK_SECONDS = 30


def _cacheable_request(request) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return (
        request.method in ("GET", "HEAD")
        and (not query or _PAGE_QUERY.fullmatch(query) is not None)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.path.startswith(_PUBLIC_PREFIXES)
    )


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in control
        and "private" not in control
        and "no-cache" not in control
    )


def _key(request) -> str:
    # The raw Host header: checking it against ALLOWED_HOSTS is left to the views, so that a
    # bad host still gets the translated 400 page (and a 400 is never stored). The path as
    # routing sees it (path_info) and the script prefix the page's links are built with are
    # kept apart, so that no prefix can make one address's page answer for another.
    host = request.META.get("HTTP_HOST", "")
    script = request.META.get("SCRIPT_NAME", "")
    query = request.META.get("QUERY_STRING", "")
    address = f"{request.scheme}://{host}\n{script}\n{request.path_info}\n{query}"
    # Pages depend on the day too (an article whose next planned update has passed says it
    # is being reviewed): each day starts with fresh pages, at midnight on the site's clock.
    day = timezone.localdate().isoformat()
    return f"page:{day}:{hashlib.sha256(address.encode()).hexdigest()}"


@dataclass(frozen=True)
class Stored:
    """A cached page and the numbers of the tags it showed when it was rendered."""

    versions: dict[str, int]
    response: HttpResponse


_LAST_READ_KEY = "page-cache:last-read"
# How often a process tells the others that it could read the tags.
_SHARE_SECONDS = 60
# When this process last read the tags, and when it last told the others: time.time().
_last_read: float | None = None
_shared_read: float | None = None


def _read(names) -> dict[str, int] | None:
    """The tags' current numbers; None when the database cannot be reached."""
    global _last_read, _shared_read
    try:
        versions = CacheTag.versions(names)
    except DatabaseError as error:
        warn_database_unavailable(error)
        return None
    now = _last_read = time.time()
    if _shared_read is None or now - _shared_read > _SHARE_SECONDS:
        # So that an app server started during an outage knows it too.
        cache.set(_LAST_READ_KEY, now, timeout=None)
        _shared_read = now
    return versions


def _within_outage_grace() -> bool:
    known = _last_read or cache.get(_LAST_READ_KEY)
    return bool(known) and time.time() - known <= settings.DATABASE_OUTAGE_GRACE_SECONDS


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        # The two forms are kept apart, so a hit fetches only the one this reader takes.
        wanted = key + ":gzip" if accepts_gzip(request) else key
        local = caches["pages"]
        stored = local.get(wanted)
        in_local = stored is not None
        if stored is None:
            stored = cache.get(wanted)
        if stored is None:
            return self._render(request, key, wanted)

        current = _read(stored.versions)
        if current is None:
            # The database is down: what is cached is what readers would get anyway.
            return stored.response if _within_outage_grace() else self.get_response(request)
        if current == stored.versions:
            if not in_local:
                local.set(wanted, stored, settings.PAGE_CACHE_SECONDS)
            return stored.response
        if in_local:
            # Another process may have rendered it again already.
            shared = cache.get(wanted)
            if (
                shared is not None
                and shared.versions != stored.versions
                and _read(shared.versions) == shared.versions
            ):
                local.set(wanted, shared, settings.PAGE_CACHE_SECONDS)
                return shared.response
        lock = key + ":rendering"
        if not cache.add(lock, True, RENDER_LOCK_SECONDS):
            return stored.response  # another process renders it; this copy is seconds old
        try:
            return self._render(request, key, wanted)
        finally:
            cache.delete(lock)

    def _render(self, request, key, wanted):
        # An edit that commits while the view reads the content would leave the page with
        # older content than the numbers read afterwards say. Any edit raises ANY_EDIT, so
        # reading it before and after tells whether one did.
        before = _read([tags.ANY_EDIT])
        response = self.get_response(request)
        if before is None or not _cacheable_response(response):
            return response
        names = tags.declared(request) | {tags.ANY_EDIT}
        after = _read(names)
        if after is None or after[tags.ANY_EDIT] != before[tags.ANY_EDIT]:
            return response
        if tags.ANY_EDIT not in tags.declared(request):
            del after[tags.ANY_EDIT]
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
        )
        patch_vary_headers(response, ("Accept-Encoding",))
        # A strong validator that changes with the content: conditional requests get 304.
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:20]}"'
        forms = {
            key: Stored(after, response),
            key + ":gzip": Stored(after, gzipped(response)),
        }
        cache.set_many(forms, settings.PAGE_CACHE_SECONDS)
        caches["pages"].set_many(forms, settings.PAGE_CACHE_SECONDS)
        return forms[wanted].response
