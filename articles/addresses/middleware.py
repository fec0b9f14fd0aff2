"""Answers with an old address's redirect or 410 where the site would answer 404.

A middleware rather than the 404 handler, so that it works with DEBUG on too (``make run``),
and costs nothing for pages that exist: the table is asked only after a 404.
"""

from django.db import DatabaseError

from ..views import gone
from . import lookup


class PreviousAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        try:
            found = lookup.resolve(request)
        except DatabaseError:
            return response  # the 404 it was, rather than an error on top of an outage
        if found is None:
            return response
        if isinstance(found, lookup.Gone):
            return gone(request, found.article)
        return found
