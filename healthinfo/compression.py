"""gzip for pages: once when the page cache stores a page, on the way out for everything else.

Static files are not handled here: whitenoise serves them compressed ahead of time.
"""

import gzip
import re

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware

# "gzip" listed, and not refused with q=0 (Django's own check ignores the weight).
_ACCEPTS_GZIP_RE = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")
_TEXT_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json")


def accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP_RE.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzipped(response) -> HttpResponse:
    """The same page compressed, with a validator of its own (it is another representation)."""
    body = gzip.compress(response.content, compresslevel=9, mtime=0)
    compressed = HttpResponse(body, status=response.status_code)
    for header, value in response.items():
        compressed[header] = value
    compressed["Content-Encoding"] = "gzip"
    compressed["Content-Length"] = str(len(body))
    compressed["ETag"] = response["ETag"][:-1] + '-gzip"'
    return compressed


class TextCompressionMiddleware(GZipMiddleware):
    """gzip for text answers not compressed already (search results, forms, feeds, errors).

    Images are left alone: they are compressed in their own format. Django's middleware pads
    each answer at random against BREACH-style attacks on pages that hold a token.
    """

    def process_response(self, request, response):
        if not accepts_gzip(request):
            return response
        if not response.get("Content-Type", "").startswith(_TEXT_TYPES):
            return response
        return super().process_response(request, response)
