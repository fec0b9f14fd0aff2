"""What every translated model shares: the site's languages, reading one language's value, and
sorting by a stored sort key."""

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.text import capfirst

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_NAMES = dict(settings.LANGUAGES)  # lazily translated: in the language active when shown


def language_label(label, code: str) -> str:
    """A translated field's label that names its language: "Titel (Deutsch)"."""
    return f"{capfirst(label)} ({LANGUAGE_NAMES[code]})"


# Collations that compare text character by character, as Python compares strings.
_CODE_POINT_COLLATIONS = {"postgresql": "C", "sqlite": "BINARY"}


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


def by_code_point(name: str):
    """The field ``name`` for ``order_by`` and comparisons, character by character.

    Stored sort keys (``sort_key``: case and umlauts already folded) must sort as Python sorts
    them; a database's own collation (de_DE.UTF-8 …) would add rules of its own, e.g. skip
    hyphens and spaces.
    """
    collation = _CODE_POINT_COLLATIONS.get(connection.vendor)
    return Collate(F(name), collation) if collation else F(name)
