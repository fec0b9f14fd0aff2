import logging

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


def database_unavailable_response() -> HttpResponse:
    """The translated 503 page for a database that is down or locked for a moment."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    # Logged once as a warning below; Django would log every such answer as an error.
    response._has_been_logged = True
    return response


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
        logger.warning("Database unavailable: %s", type(exception).__name__)
        return database_unavailable_response()
