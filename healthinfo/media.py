"""Serving uploaded and imported images (whitenoise serves only the static files).

Images are few and small, so the app serves them itself. An SVG opened on its own is a
document that could run script, so these responses get a sandboxing policy of their own.
"""

import errno
import logging

from django.conf import settings
from django.http import Http404
from django.views.static import serve

logger = logging.getLogger(__name__)

MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path):
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        # Django's view turns only missing files and folders into a 404; a name the file
        # system refuses (over 255 bytes, or a path over 4096) raises. For the reader, that
        # file is not there either. Anything else (a file that cannot be read) is the
        # operator's to fix, so it is logged, by kind only: the name is the client's.
        if error.errno != errno.ENAMETOOLONG:
            kind = errno.errorcode.get(error.errno, type(error).__name__)
            logger.warning("Media file could not be read: %s", kind)
        raise Http404 from error
    response["Content-Security-Policy"] = MEDIA_POLICY
    # Imported images carry a hash of their content in the name, so a day is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response
