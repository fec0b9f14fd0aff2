"""The spam rules of the feedback form.

Spam protection must cost people nothing, so there is no captcha. Three quiet rules:

- a honeypot field, hidden from people and assistive technology, that bots fill in;
- a signed timestamp in the form: a form sent sooner than ``FEEDBACK_MIN_FILL_SECONDS`` after it
  was rendered was not filled in by a person, and a forged or missing signature is refused;
- a per-client rate limit in the shared cache. The client is a salted hash of its address; the
  salt comes from ``SECRET_KEY`` and the date, so the hash changes daily and the address itself
  is never stored or logged.

Article pages may come from a shared cache, so the timestamp in them can be old: the fill time
measured from it only grows, and never blocks a person. A timestamp older than
``FEEDBACK_FORM_MAX_AGE`` asks for the form to be sent again, with everything typed kept.

The honeypot is a field of ``forms.FeedbackForm``, which also checks the timestamp; the views
claim each form once (one message per form) and count the rate limit.
"""

import enum
import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from healthinfo.client_identity import client_hash

from ..models import Article

_TOKEN_SALT = "healthinfo.feedback.form"
_CLIENT_SALT = "healthinfo.feedback.client"


def current_time() -> float:
    return time.time()


# The signed timestamp


class TokenStatus(enum.Enum):
    VALID = "valid"
    TOO_FAST = "too-fast"
    EXPIRED = "expired"
    INVALID = "invalid"


def issue_token(article: Article, issued_at: float | None = None) -> str:
    """A signed note of when the form for ``article`` was rendered, unique to that form."""
    issued_at = current_time() if issued_at is None else issued_at
    payload = {"article": article.pk, "issued": round(issued_at, 2), "form": secrets.token_hex(4)}
    return signing.dumps(payload, salt=_TOKEN_SALT)


def check_token(token: str, article: Article) -> TokenStatus:
    try:
        payload = signing.loads(token, salt=_TOKEN_SALT)
        article_id, issued = payload["article"], float(payload["issued"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenStatus.INVALID
    if article_id != article.pk:
        return TokenStatus.INVALID
    age = current_time() - issued
    if age > settings.FEEDBACK_FORM_MAX_AGE:
        return TokenStatus.EXPIRED
    if age < settings.FEEDBACK_MIN_FILL_SECONDS:
        return TokenStatus.TOO_FAST
    return TokenStatus.VALID


# One message per form


def _token_key(request, token: str) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return f"feedback-token:{client_hash(request, 'feedback')}:{digest}"


def claim_token(request, token: str) -> bool:
    """Mark the form's token as used by this client; False if it was used already.

    A token is single-use per client, not outright: article pages come from shared caches, so
    many readers may hold the same form. Kept until no form of that age is accepted anyway.
    ``cache.add`` is atomic, so two simultaneous sends of one form cannot both claim it.
    """
    return cache.add(_token_key(request, token), True, timeout=settings.FEEDBACK_FORM_MAX_AGE)


def release_token(request, token: str) -> None:
    """The message was not stored after all: the same form may be sent again."""
    cache.delete(_token_key(request, token))


# The rate limit


def client_key(request) -> str:
    """The rate-limit cache key for the client behind ``request`` (never its address)."""
    return f"feedback-rate:{client_hash(request, 'feedback')}"


def within_rate_limit(request) -> bool:
    """Count one more message from this client; False once it sent more than the limit.

    ``cache.add`` then ``cache.incr`` are atomic in Redis and in the in-process cache, so
    simultaneous requests cannot slip past the limit together.
    """
    key = client_key(request)
    cache.add(key, 0, timeout=settings.FEEDBACK_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this is the first message of a new window.
        cache.add(key, 1, timeout=settings.FEEDBACK_RATE_WINDOW)
        count = 1
    return count <= settings.FEEDBACK_RATE_LIMIT
