"""The editors' forms: the "Review and publish" page's, and text as every admin form takes it.

``UnixLinesAdmin`` is where text typed in the admin enters the models: every multi-line text
field of a model admin or inline using it stores LF line breaks, as the content files do.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..glossary.matcher import unix_lines

# Button value → what it does; the page shows each to those who may use it.
ACTIONS = ("submit", "approve", "send_back", "publish", "schedule", "unpublish", "set_end")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class WorkflowForm(forms.Form):
    # The version the person saw: a decision on a version that changed since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_(
            "Required when sending back: what needs to change. Kept with the review record."
        ),
    )
    go_live_at = forms.DateTimeField(
        label=_("Go live at"),
        widget=DateTimeInput(),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("For “Schedule”: date and time (Berlin time) the version goes online."),
    )
    ends_at = forms.DateTimeField(
        label=_("Take offline at"),
        widget=DateTimeInput(),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("For “Set end”: when readers stop seeing the article. Empty: no end."),
    )
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])


class UnixLinesField(forms.CharField):
    """A text area's text with LF line breaks. Browsers send CR LF: stored as sent, text an
    editor left alone would differ from the imported text and count as changed."""

    def to_python(self, value):
        return unix_lines(super().to_python(value))


class UnixLinesAdmin:
    """Model admin or inline mixin: its multi-line text fields (and the language fields made
    from them) are ``UnixLinesField``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", UnixLinesField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
