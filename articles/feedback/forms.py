"""Reader feedback: the form, its messages, the cleaning of what was typed and the priority flag.

The form applies the spam rules that ``spam`` describes: a honeypot field and the signed
timestamp, checked there.
"""

import re
import unicodedata

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from ..glossary.matcher import unix_lines
from ..models import Article, Feedback
from .spam import TokenStatus, check_token, issue_token

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
            # The date the reader saw, so moderators know which text the feedback is about.
            article_updated_on=self.article.shown_updated_on(language) or timezone.localdate(),
            rating=data["rating"],
            comment=data["comment"],
            name=data["name"],
            email=data["email"],
            priority=needs_priority(data["comment"]),
        )
