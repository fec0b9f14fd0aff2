"""What every translated model shares: the site's languages, and reading one language's value."""

from django.conf import settings
from django.db import models
from django.db.models import Q

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def unique_slug_per_language(model: str, among: Q | None = None) -> list[models.UniqueConstraint]:
    """Each language's address is unique among the filled ones (untranslated ones are empty),
    and only among the rows ``among`` selects, if given."""
    return [
        models.UniqueConstraint(
            fields=[f"slug_{code}"],
            condition=~Q(**{f"slug_{code}": ""}) & (among or Q()),
            name=f"unique_{model}_slug_{code}",
        )
        for code in LANGUAGE_CODES
    ]


def translated(instance: models.Model, name: str, language: str):
    """The value of a modeltranslation field in one language, e.g. ``title`` in ``en``.

    Translation fields left unset are NULL; they read as "", like a field an editor emptied.
    """
    return getattr(instance, f"{name}_{language}") or ""
