"""Health checks for load balancers and orchestrators.

``/healthz`` (liveness): the process answers requests. ``/readyz`` (readiness): the database
and the shared cache answer too; otherwise 503, so that a load balancer sends readers to
another app server. Neither says what failed: the public may reach these addresses, so the log
(a warning, not an error) is where the cause is written.

Both are answered before any other middleware: a probe comes over plain HTTP, often with an
address as its host name, and must not get an HTTPS redirect, a 400 for the host, or a cached
answer.
"""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness: database unavailable (%s)", type(error).__name__)
        return False
    return True


def _cache_reachable() -> bool:
    shared = caches["default"]
    # The in-process cache of a single server is always there; Redis may not be.
    reachable = getattr(shared, "is_reachable", lambda: True)()
    if not reachable:
        logger.warning("Readiness: shared cache unavailable")
    return reachable


def _answer(status: int) -> HttpResponse:
    response = HttpResponse(
        "ok\n" if status == 200 else "unavailable\n",
        status=status,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    # The cause is logged above as a warning; Django would log a 503 as an error.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
            response._has_been_logged = True
            return response
        if request.path_info == LIVENESS_PATH:
            return _answer(200)
        # Both are asked, so that the log names every service that is down.
        database, cache = _database_reachable(), _cache_reachable()
        return _answer(200 if database and cache else 503)
