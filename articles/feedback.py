"""Reader feedback: the form, the spam rules and the priority flag.

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
"""

import enum
import hashlib
import re
import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from healthinfo.client_identity import client_hash

from .glossary.matcher import unix_lines
from .models import Article, Feedback

COMMENT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254

SPAM_MESSAGE = _("Your feedback could not be sent. Please check it and send it again.")
EXPIRED_MESSAGE = _(
    "This form was open for a long time. Everything you typed is still here: please send it again."
)
UNAVAILABLE_MESSAGE = _(
    "Your feedback could not be saved just now because of a fault on our side. Nothing you "
    "typed is lost: please send it again in a minute."
)
ALREADY_SENT_MESSAGE = _(
    "This form has already been sent. Everything you typed is still here: to send it as a new "
    "message, please send it again."
)
RATE_LIMITED_MESSAGE = _(
    "You have sent several messages in a short time. Please try again later. "
    "Everything you typed is still here."
)

_TOKEN_SALT = "healthinfo.feedback.form"
_CLIENT_SALT = "healthinfo.feedback.client"


def current_time() -> float:
    return time.time()


# Text cleaning

# C0 and C1 control characters, DEL included.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_TAB_NEWLINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_characters(value: str, *, multiline: bool = False) -> str:
    """``value`` without control characters; a multi-line text keeps its tabs and newlines."""
    if multiline:
        value = unix_lines(value)
        return _CONTROL_EXCEPT_TAB_NEWLINE_RE.sub("", value)
    return _CONTROL_RE.sub("", value)


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


# Priority


# Word beginnings, matched case-insensitively at the start of a word: "suizid" also finds
# "Suizidgedanken", "emergency" also "emergency room". Spaces stand for any run of spaces.
PRIORITY_WORDS = {
    "de": (
        "suizid",
        "selbstmord",
        "selbsttötung",
        "freitod",
        "lebensmüde",
        "nicht mehr leben",
        "nicht mehr weiterleben",
        "will sterben",
        "möchte sterben",
        "leben beenden",
        "mich umbringen",
        "mir das leben nehmen",
        "mir etwas antun",
        "mir was antun",
        "selbstverletz",
        "mich selbst verletz",
        "ritze mich",
        "mich ritzen",
        "notfall",
        "notarzt",
        "überdosis",
    ),
    "en": (
        "suicid",
        "kill myself",
        "end my life",
        "take my own life",
        "take my life",
        "want to die",
        "don't want to live",
        "do not want to live",
        "self-harm",
        "self harm",
        "selfharm",
        "harm myself",
        "hurt myself",
        "cut myself",
        "cutting myself",
        "emergency",
        "overdose",
    ),
}


def _priority_pattern() -> re.Pattern:
    words = {word.casefold() for words in PRIORITY_WORDS.values() for word in words}
    alternatives = (r"\s+".join(map(re.escape, word.split())) for word in sorted(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


_PRIORITY_RE = _priority_pattern()


def needs_priority(text: str) -> bool:
    """Whether a comment mentions self-harm, suicide or an emergency, in German or English."""
    normalised = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _PRIORITY_RE.search(normalised) is not None


# The form


class FeedbackForm(forms.Form):
    """The reader's rating, comment and optional contact details, with the spam rules.

    ``article`` is the article the form belongs to; the signed token must be for it. Control
    characters are dropped from what was typed before anything else (the comment keeps its tabs
    and line breaks), so they are neither stored nor shown again. After validation,
    ``token_status`` tells whether the submitted token may be rendered again.
    """

    rating = forms.TypedChoiceField(
        label=_("How helpful was this page?"),
        choices=Feedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how helpful this page was"),
            "invalid_choice": _("Choose how helpful this page was"),
        },
    )
    comment = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _(
                "Your comment must be 5,000 characters or fewer. It now has %(show_value)d."
            ),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": _("Your name must be 200 characters or fewer")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Your email address must be 254 characters or fewer"),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree that the editorial team stores and reads my feedback."),
        error_messages={"required": _("Agree to how your feedback is handled to send it")},
    )
    # The honeypot: people never see it (display: none), bots fill in every field.
    website = forms.CharField(required=False)
    token = forms.CharField(required=False)

    def __init__(self, data=None, *args, article: Article | None, **kwargs):
        if data is not None:
            data = data.copy()
            for name in ("comment", "name", "email"):
                if name in data:
                    data[name] = strip_control_characters(data[name], multiline=name == "comment")
        self.article = article
        self.token_status: TokenStatus | None = None
        super().__init__(data, *args, **kwargs)

    @sensitive_variables()
    def clean(self):
        cleaned = super().clean()
        self.token_status = check_token(self.data.get("token", ""), self.article)
        if self.data.get("website", "").strip():
            self.add_error(None, forms.ValidationError(SPAM_MESSAGE, code="spam"))
        elif self.token_status is TokenStatus.EXPIRED:
            self.add_error(None, forms.ValidationError(EXPIRED_MESSAGE, code="expired"))
        elif self.token_status is not TokenStatus.VALID:
            self.add_error(None, forms.ValidationError(SPAM_MESSAGE, code="spam"))
        return cleaned

    @classmethod
    def kept(cls, data, message: str) -> "FeedbackForm":
        """What a reader sent, unchecked, with ``message``: for when the article itself could
        not be looked up (the database is down), so the form cannot be validated against it.
        """
        form = cls(data, article=None)
        form._errors = ErrorDict()
        form.cleaned_data = {}
        form.add_error(None, message)
        return form

    def token_to_render(self) -> str:
        """The token for the form shown again: the submitted one while it is still good.

        Keeping it means a person who was only too fast, or who corrects a mistake, need not
        wait again; a forged or expired one is replaced.
        """
        if self.token_status in (TokenStatus.VALID, TokenStatus.TOO_FAST):
            return self.data.get("token", "")
        return issue_token(self.article)

    @sensitive_variables()
    def save(self, language: str) -> Feedback:
        data = self.cleaned_data
        return Feedback.objects.create(
            article=self.article,
            language=language,
            article_updated_on=self.article.updated_on,
            rating=data["rating"],
            comment=data["comment"],
            name=data["name"],
            email=data["email"],
            priority=needs_priority(data["comment"]),
        )
