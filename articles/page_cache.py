"""Public pages for anonymous readers come from the cache, and tell other caches so too.

A page is stored under the current ``ContentVersion``: one small query per request tells
whether anything changed, and any edit (signals in ``content_signals``) moves every page to a
new key at once. Staff (anyone with a session cookie), requests with a query string, and
responses that say ``no-store``/``private`` or set cookies are never stored.

Pages are looked up in the process's own memory first, then in the shared cache (Redis); see
``CACHES`` in the settings. Each page is kept twice: as it is, and compressed with gzip once
when stored, so that a phone on a weak connection gets a fraction of the bytes without the
server compressing per request.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.utils.cache import patch_cache_control, patch_vary_headers

from healthinfo.compression import accepts_gzip, gzipped

from .models import LANGUAGE_CODES, ContentVersion

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
    # bad host still gets the translated 400 page (and a 400 is never stored).
    address = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.path}"
    return f"page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version = ContentVersion.current()
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
