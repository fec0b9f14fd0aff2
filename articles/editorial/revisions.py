"""Revisions of articles and glossary terms (django-reversion) and the comparison of two.

Every save in the admin, and every import that creates or changes one, stores a revision: the
article with all its language fields (``title_de``, ``title_en`` …), its sources and its
change notes, or the glossary term with its texts in every language, with who saved and why.
Reverting restores all of them at once, in every language. Two revisions are compared field
by field, paragraph by paragraph, and word by word within a changed paragraph.
"""

import difflib
import re
from dataclasses import dataclass

import reversion
from django.utils.translation import gettext
from reversion.models import Version

from ..models import (
    LANGUAGE_CODES,
    SOURCE_FIELDS,
    Article,
    ArticleChange,
    GlossaryTerm,
    Source,
    Topic,
)
from ..models.languages import LANGUAGE_NAMES

# Compared field by field; rendered HTML and bookkeeping follow from these.
SHARED_FIELDS = ("key", "kind", "status")
LANGUAGE_FIELDS = (
    "title", "slug", "summary", "body", "description", "image_alt", "image_caption",
    "author", "reviewer",
)  # fmt: skip
DATE_FIELDS = ("image", "next_update_on", "evidence_version")
# What editors write per language: "Checked by" comes from the review records.
EDITED_LANGUAGE_FIELDS = tuple(name for name in LANGUAGE_FIELDS if name != "reviewer")
TERM_LANGUAGE_FIELDS = ("term", "slug", "variants", "definition", "explanation")
TERM_SHARED_FIELDS = ("marking", "exact_case", "compounds", "general")


def register_models():
    """Register articles with what belongs to them, and glossary terms; the admin calls
    this before it loads, the importer before it imports.

    Only after modeltranslation added the language fields, so that reversion records them.
    """
    if reversion.is_registered(Article):
        return
    reversion.register(Source)
    reversion.register(ArticleChange)
    reversion.register(Article, follow=("sources", "changes"))
    reversion.register(GlossaryTerm)


@dataclass
class WordDiff:
    label: str
    parts: list[tuple[str, str]]  # (" " same | "-" removed | "+" added, text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` to ``new`` word by word, spaces kept, as (mark, text) runs."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append((" ", _context("".join(before[i1:i2]), index, len(opcodes))))
            continue
        if i2 > i1:
            parts.append(("-", "".join(before[i1:i2])))
        if j2 > j1:
            parts.append(("+", "".join(after[j1:j2])))
    return parts


# Unchanged text around a change is cut to this many characters on each side.
CONTEXT = 120


def _context(text: str, index: int, count: int) -> str:
    """Unchanged ``text``, the opcode ``index`` of ``count``: only what is near a change."""
    if len(text) <= 2 * CONTEXT + 5:
        return text
    # Cut between words, never inside one.
    head = "" if index == 0 else text[:CONTEXT].rsplit(maxsplit=1)[0] + " …"
    tail = "" if index == count - 1 else "… " + text[-CONTEXT:].split(maxsplit=1)[-1]
    return "\n".join(part for part in (head, tail) if part)


def _row_sources(article: Article) -> str:
    return "\n".join(
        " · ".join(str(v) for v in (getattr(s, name) for name in SOURCE_FIELDS) if v)
        for s in article.sources.all()
    )


def row_values(article: Article) -> list[tuple[str, str]]:
    """(label, text) for every field an editor changes, from a stored row, like
    ``comparable_values`` does from a revision; labels name the language."""
    meta = Article._meta
    values = [(meta.get_field("kind").verbose_name, _as_text(article.kind))]
    for name in EDITED_LANGUAGE_FIELDS:
        for code in LANGUAGE_CODES:
            label = f"{meta.get_field(name).verbose_name} ({LANGUAGE_NAMES[code]})"
            values.append((label, _as_text(getattr(article, f"{name}_{code}"))))
    for name in DATE_FIELDS:
        values.append((meta.get_field(name).verbose_name, _as_text(getattr(article, name))))
    for name in ("topics", "related"):
        keys = "\n".join(sorted(getattr(article, name).values_list("key", flat=True)))
        values.append((meta.get_field(name).verbose_name, keys))
    values.append((Source._meta.verbose_name_plural, _row_sources(article)))
    return values


def compare_rows(published: Article, pending: Article) -> list[WordDiff]:
    """What the pending version changes in the published one, field by field, word by word."""
    return [
        WordDiff(str(label), word_diff(before, after))
        for (label, before), (_label, after) in zip(
            row_values(published), row_values(pending), strict=True
        )
        if before != after
    ]


@dataclass
class FieldDiff:
    label: str
    # Paragraph by paragraph (lines of the text), each as word_diff's (mark, text) runs; a
    # paragraph left out between changes is ("@", "…").
    lines: list[list[tuple[str, str]]]


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
        # .get: revisions stored before a field existed lack it.
        " · ".join(str(value) for value in (row.get(name) for name in SOURCE_FIELDS) if value)
        for row in rows
    )


def _as_text(value) -> str:
    # A file field's text is its stored name, a date's its ISO form.
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "" if value is None else str(value)


def _field_values(model, fields: dict, shared, per_language) -> list[tuple[str, str]]:
    meta = model._meta
    values = [(meta.get_field(name).verbose_name, _as_text(fields.get(name))) for name in shared]
    for name in per_language:
        for code in LANGUAGE_CODES:
            field = meta.get_field(f"{name}_{code}")
            # .get: revisions stored before a field existed lack it.
            values.append((field.verbose_name, _as_text(fields.get(field.attname))))
    return values


def comparable_values(version: Version) -> list[tuple[str, str]]:
    """(label, text) for every field an editor can change, in the order of the form."""
    fields = version.field_dict
    if version._model is GlossaryTerm:
        return _field_values(GlossaryTerm, fields, ("key",), TERM_LANGUAGE_FIELDS) + (
            _field_values(GlossaryTerm, fields, TERM_SHARED_FIELDS, ())
        )
    meta = Article._meta
    values = _field_values(Article, fields, SHARED_FIELDS, LANGUAGE_FIELDS)
    values += _field_values(Article, fields, DATE_FIELDS, ())
    for name, model in (("topics", Topic), ("related", Article)):
        values.append((meta.get_field(name).verbose_name, _keys(model, fields.get(name, []))))
    values.append((Source._meta.verbose_name_plural, _sources(version)))
    return values


# Paragraphs of unchanged text kept around a change.
CONTEXT_LINES = 2
# Paragraphs that share at least this part of the shorter one's words are shown as one, with
# their changed words marked; others as one removed and one added.
ALIKE = 0.5


def _alike(old: str, new: str) -> bool:
    before, after = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared > 0 and shared >= ALIKE * min(len(before), len(after))


def _changed_lines(before: list[str], after: list[str]) -> list[list[tuple[str, str]]]:
    """Lines that replace others, paired up in order where they are alike."""
    lines = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        if old is not None and new is not None and _alike(old, new):
            lines.append(word_diff(old, new))
            continue
        if old is not None:
            lines.append([("-", old)])
        if new is not None:
            lines.append([("+", new)])
    return lines


def text_diff(old: str, new: str) -> list[list[tuple[str, str]]]:
    """The paragraphs (lines) that differ, with changed words marked within a paragraph,
    and two unchanged paragraphs around each change."""
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines = []
    groups = list(matcher.get_grouped_opcodes(CONTEXT_LINES))
    for group in groups:
        if group[0][1] > 0:
            lines.append([("@", "…")])
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [[(" ", line)] for line in before[i1:i2]]
            else:
                lines += _changed_lines(before[i1:i2], after[j1:j2])
    if groups and groups[-1][-1][2] < len(before):
        lines.append([("@", "…")])
    return lines


def compare(old: Version, new: Version) -> list[FieldDiff]:
    """The fields that differ between two revisions of one article or glossary term."""
    return [
        FieldDiff(str(label), text_diff(before, after))
        for (label, before), (_label, after) in zip(
            comparable_values(old), comparable_values(new), strict=True
        )
        if before != after
    ]
