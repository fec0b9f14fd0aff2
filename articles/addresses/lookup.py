"""Where an address nothing else answered leads: a redirect, gone, or nowhere (404)."""

from dataclasses import dataclass

from django.http import HttpResponsePermanentRedirect
from django.utils.translation import override

from ..models import LANGUAGE_CODES
from ..models.addresses import MAX_PATH_LENGTH, PreviousAddress

_LANGUAGE_PREFIXES = tuple(f"/{code}/" for code in LANGUAGE_CODES)


@dataclass(frozen=True)
class Gone:
    """The page at the address was taken down; ``article`` is it, if it still exists."""

    article: object = None


def _candidates(path: str) -> list[str]:
    """The path and every folder above it: /de/artikel/alt/kommentar/ → …, /de/artikel/alt/."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:end]) + "/" for end in range(len(parts), 1, -1)]


def resolve(request) -> HttpResponsePermanentRedirect | Gone | None:
    """A redirect to where an old address leads now, ``Gone``, or None if it never existed.

    Pages below an old address lead to the same page below the new one (an article's feedback
    form, say).
    """
    path = request.path_info
    if len(path) > MAX_PATH_LENGTH or not path.endswith("/"):
        return None
    if not path.startswith(_LANGUAGE_PREFIXES):  # images, the admin: never a page's address
        return None
    found = max(
        PreviousAddress.objects.filter(path__in=_candidates(path)),
        key=lambda address: len(address.path),
        default=None,
    )
    if found is None:
        return None
    target = found.target()
    if target is None or not target.is_public(found.language):
        return Gone(article=target if found.kind == "article" else None)
    with override(found.language):
        current = target.get_absolute_url(found.language)
    return HttpResponsePermanentRedirect(current + path[len(found.path) :])
