"""Public pages for anonymous readers come from the cache, and tell other caches so too.

A page is stored under the current ``ContentVersion`` and the day: one small query per request
tells whether anything changed, any edit (``signals``) moves every page to a new key at once,
and so does midnight, for what changes with the date.
Staff (anyone with a session cookie), requests with a query string, and responses that say
``no-store``/``private`` or set cookies are never stored.

Pages are looked up in the process's own memory first, then in the shared cache (Redis); see
``CACHES`` in the settings. Each page is kept twice: as it is, and compressed with gzip once
when stored, so that a phone on a weak connection gets a fraction of the bytes without the
server compressing per request.

When the database cannot be reached, pages already in the cache are still served under the last
content version this process (or, if it has none, another app server) read, for
``DATABASE_OUTAGE_GRACE_SECONDS``: while the database is down nobody can edit, so those pages
are what readers would get anyway. The limit is for the case where only this app server lost
the database and editors go on saving through others. Other pages go on to the views, whose
database error becomes the translated 503 page (``healthinfo.middleware``).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from healthinfo.compression import accepts_gzip, gzipped
from healthinfo.middleware import warn_database_unavailable

from ..models import LANGUAGE_CODES, ContentVersion

_PUBLIC_PREFIXES = (*(f"/{code}/" for code in LANGUAGE_CODES), "/sitemap.xml", "/robots.txt")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
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


def _key(request, version: int) -> str:
    # The raw Host header: checking it against ALLOWED_HOSTS is left to the views, so that a
    # bad host still gets the translated 400 page (and a 400 is never stored). The path as
    # routing sees it (path_info) and the script prefix the page's links are built with are
    # kept apart, so that no prefix can make one address's page answer for another.
    host = request.META.get("HTTP_HOST", "")
    script = request.META.get("SCRIPT_NAME", "")
    address = f"{request.scheme}://{host}\n{script}\n{request.path_info}"
    # Pages depend on the day too (an article whose next planned update has passed says it
    # is being reviewed): each day starts with fresh pages, at midnight on the site's clock.
    day = timezone.localdate().isoformat()
    return f"page:{version}:{day}:{hashlib.sha256(address.encode()).hexdigest()}"


_LAST_VERSION_KEY = "page-cache:last-version"
# How often a process tells the others that the version it read is still current.
_SHARE_SECONDS = 60
# This process's last reading, and the one it last shared: (version, time.time() when read).
_last_version: tuple[int, float] | None = None
_shared_version: tuple[int, float] | None = None


def content_version() -> int | None:
    """The current content version; while the database is down, the last one read.

    None when the database is down and no version read within the grace period is known.
    """
    global _last_version, _shared_version
    try:
        version = ContentVersion.current()
    except DatabaseError as error:
        warn_database_unavailable(error)
        known = _last_version or cache.get(_LAST_VERSION_KEY)
        if known and time.time() - known[1] <= settings.DATABASE_OUTAGE_GRACE_SECONDS:
            return known[0]
        return None
    now = time.time()
    _last_version = (version, now)
    if (
        _shared_version is None
        or _shared_version[0] != version
        or now - _shared_version[1] > _SHARE_SECONDS
    ):
        # So that an app server started during an outage knows it too.
        cache.set(_LAST_VERSION_KEY, _last_version, timeout=None)
        _shared_version = _last_version
    return version


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        key = _key(request, version)
        # The two forms are kept apart, so a hit fetches only the one this reader takes.
        wanted = key + ":gzip" if accepts_gzip(request) else key
        local = caches["pages"]
        stored = local.get(wanted)
        if stored is None:
            stored = cache.get(wanted)
            if stored is not None:
                local.set(wanted, stored, settings.PAGE_CACHE_SECONDS)
        if stored is not None:
            return stored
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
        )
        patch_vary_headers(response, ("Accept-Encoding",))
        # A strong validator that changes with the content: conditional requests get 304.
        response["ETag"] = f'"{version}-{hashlib.sha256(response.content).hexdigest()[:16]}"'
        forms = {key: response, key + ":gzip": gzipped(response)}
        cache.set_many(forms, settings.PAGE_CACHE_SECONDS)
        local.set_many(forms, settings.PAGE_CACHE_SECONDS)
        return forms[wanted]
