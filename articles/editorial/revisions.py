"""Revisions of articles (django-reversion) and the comparison of two of them.

Every save in the admin stores a revision: the article with all its language fields
(``title_de``, ``title_en`` …), its sources and its change notes, with who saved and why.
Reverting restores all of them at once, in every language.
"""

import difflib
import re
from dataclasses import dataclass

import reversion
from reversion.models import Version

from ..models import LANGUAGE_CODES, Article, ArticleChange, Source, Topic

# Compared field by field; rendered HTML and bookkeeping follow from these.
SHARED_FIELDS = ("key", "kind", "status")
LANGUAGE_FIELDS = (
    "title", "slug", "summary", "body", "description", "image_alt", "image_caption",
    "author", "reviewer",
)  # fmt: skip
DATE_FIELDS = ("image", "updated_on", "next_update_on", "reviewed_on")


def register_models():
    """Register articles and what belongs to them; the admin calls this before it loads.

    Only after modeltranslation added the language fields, so that reversion records them.
    """
    if reversion.is_registered(Article):
        return
    reversion.register(Source)
    reversion.register(ArticleChange)
    reversion.register(Article, follow=("sources", "changes"))


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (" " unchanged | "-" removed | "+" added | "@" skip, text)


def _keys(model, ids) -> str:
    """Keys of the linked topics or articles, one a line (an id if one was deleted since)."""
    keys = dict(model.objects.filter(pk__in=ids).values_list("pk", "key"))
    return "\n".join(sorted(keys.get(pk, f"#{pk}") for pk in ids))


def _sources(version: Version) -> str:
    rows = [
        source.field_dict
        for source in version.revision.version_set.all()
        if source._model is Source
    ]
    rows = [row for row in rows if str(row["article_id"]) == version.object_id]
    rows.sort(key=lambda row: (row["position"], row["id"]))
    return "\n".join(
        " · ".join(
            str(value)
            for value in (row["citation"], row["url"], row["doi"], row["accessed_on"])
            if value
        )
        for row in rows
    )


def _as_text(value) -> str:
    # A file field's text is its stored name, a date's its ISO form.
    return "" if value is None else str(value)


def comparable_values(version: Version) -> list[tuple[str, str]]:
    """(label, text) for every field an editor can change, in the order of the form."""
    fields = version.field_dict
    meta = Article._meta
    values = [(meta.get_field(name).verbose_name, _as_text(fields[name])) for name in SHARED_FIELDS]
    for name in LANGUAGE_FIELDS:
        for code in LANGUAGE_CODES:
            field = meta.get_field(f"{name}_{code}")
            values.append((field.verbose_name, _as_text(fields.get(field.attname))))
    values += [(meta.get_field(name).verbose_name, _as_text(fields[name])) for name in DATE_FIELDS]
    for name, model in (("topics", Topic), ("related", Article)):
        values.append((meta.get_field(name).verbose_name, _keys(model, fields.get(name, []))))
    values.append((Source._meta.verbose_name_plural, _sources(version)))
    return values


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The lines that differ, with two lines of context, as (mark, text)."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    lines = []
    for line in list(diff)[2:]:  # the first two name the files
        if line.startswith("@@"):
            # "@@ -12,5 +12,5 @@": lines are left out before this hunk unless it starts at the top.
            if lines or int(re.match(r"@@ -(\d+)", line).group(1)) > 1:
                lines.append(("@", "…"))
        else:
            lines.append((line[:1], line[1:]))
    return lines


def compare(old: Version, new: Version) -> list[FieldDiff]:
    """The fields that differ between two revisions of one article."""
    return [
        FieldDiff(str(label), line_diff(before, after))
        for (label, before), (_label, after) in zip(
            comparable_values(old), comparable_values(new), strict=True
        )
        if before != after
    ]
