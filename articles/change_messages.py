"""The admin's history entries in the reader's language, field names included.

Django keeps each entry's changed fields as their English labels ("Summary (German)",
"Assigned to") and translates them when shown, which finds no translation for the language-suffixed
labels of translated fields, nor for labels that are capitalised verbose names. Here each
stored label is matched to the field it names and shown with that field's label now.
"""

import json

from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import override

from .models.languages import LANGUAGE_NAMES, language_label


def _label(field, name) -> str:
    """The label the admin gives ``field`` in the active language; a language field of a
    translated one names its language ("Summary (German)")."""
    code = getattr(field, "language", None)
    if code in LANGUAGE_NAMES:
        return language_label(field.translated_field.verbose_name, code)
    return capfirst(str(name))


def _labels(model: type[models.Model]) -> dict[str, str]:
    """Stored label → label in the active language, for ``model`` and the models whose rows
    are edited with it (sources and change notes of an article)."""
    related = [field.related_model for field in model._meta.related_objects]
    labels = {}
    for each in (model, *related):
        for field in each._meta.get_fields():
            name = getattr(field, "verbose_name", None)
            if name is None:
                continue
            with override(None):
                stored = _label(field, name)
            labels.setdefault(stored, _label(field, name))
    return labels


def in_active_language(message: str, model: type[models.Model]) -> str:
    """A stored change message (a history entry, a revision's comment) as the admin shows it,
    with the names of ``model``'s fields in the active language."""
    try:
        parts = json.loads(message or "")
    except ValueError:
        parts = None
    if isinstance(parts, list):
        labels = _labels(model)
        for part in parts:
            changed = part.get("changed") if isinstance(part, dict) else None
            if isinstance(changed, dict) and isinstance(changed.get("fields"), list):
                changed["fields"] = [labels.get(name, name) for name in changed["fields"]]
        message = json.dumps(parts)
    return LogEntry(change_message=message).get_change_message()
