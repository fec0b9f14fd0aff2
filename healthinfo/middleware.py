import logging
import time

from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


class PolicyHeadersMiddleware:
    """The site's policy headers on every response, errors included.

    Permissions-Policy and Cross-Origin-Resource-Policy have no Django setting. The
    Content-Security-Policy and X-Frame-Options come from their own middleware further in; this
    one, just inside SecurityMiddleware, gives them to any response that left without them, such
    as an error raised before the request reached that middleware. Responses that set their
    own (images, the admin's preview) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": build_policy(),
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": "same-origin",
        }

    def __call__(self, request):
        response = self.get_response(request)
        for header, value in self.headers.items():
            response.headers.setdefault(header, value)
        return response


# Once a minute per process at most: an outage would otherwise write a line per request.
_WARN_EVERY_SECONDS = 60
_last_warning = 0.0


def warn_database_unavailable(error: Exception) -> None:
    """Log that the database could not be used (the kind of error, nothing of the request)."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("Database unavailable (%s)", type(error).__name__)


def not_logged_as_error(response: HttpResponse) -> HttpResponse:
    """A 5xx the site answers on purpose, logged as a warning: Django would log an error."""
    response._has_been_logged = True
    return response


def database_unavailable_response() -> HttpResponse:
    """The translated 503 page for a database that is down or locked for a moment."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return not_logged_as_error(response)


class DatabaseUnavailableMiddleware:
    """A database that is down or locked for a moment gets a translated 503, not a 500.

    The page tells readers to try again shortly; Retry-After tells caches and crawlers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        warn_database_unavailable(exception)
        return database_unavailable_response()
