"""Serving uploaded and imported images (whitenoise serves only the static files).

Images are few and small, so the app serves them itself. An SVG opened on its own is a
document that could run script, so these responses get a sandboxing policy of their own.
"""

from django.conf import settings
from django.views.static import serve

MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = MEDIA_POLICY
    # Imported images carry a hash of their content in the name, so a day is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response
