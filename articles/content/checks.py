"""Mistakes in editor-written Markdown, found when it is saved: in the admin and on import.

Here, with the content files, because these are the rules of the content format
(content/README.md) whichever way a text arrives: ``import_content`` refuses a file with an
error, the article and glossary admin refuse to save it, and both show the warnings. Each
check reads the Markdown as ``rendering`` does (its callout reader, grade scales, table rows)
without rendering it. The database is read only for links to this site's pages, and only when
a text has one (``SiteAddresses``).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.urls import Resolver404, resolve
from django.utils.translation import gettext, override

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, PreviousAddress
from ..models.languages import LANGUAGE_NAMES
from ..rendering import (
    CALLOUT_KINDS,
    GRADE_PATTERN,
    TABLE_SEPARATOR_RE,
    URL_SCHEMES,
    grade_values,
    read_callout,
)

ERROR, WARNING = "error", "warning"
# Plain-language guidance puts one idea in a paragraph; this many words are several.
LONG_PARAGRAPH_WORDS = 120

_FENCE = ("```", "~~~")
_HEADING_RE = re.compile(r"^(#{1,6})(?!#)\s*(.*?)\s*#*\s*$")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_IMAGE_RE = re.compile(r"!\[[^\]]*\][(\[]")
# `[text](address "title")`; not an image, not a language phrase `[Wort]{lang=de}`.
_LINK_RE = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\s*\)")
_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK_RE = re.compile(r"<((?:[a-z][a-z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*)>", re.IGNORECASE)
_HTML_RE = re.compile(r"<!--|</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_GRADE_MARKER_RE = re.compile(r"\{\{[^{}]*\}\}")
_GRADE_RE = re.compile(GRADE_PATTERN)
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s")
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
# The pages whose address holds an article's or a glossary term's (SiteAddresses.KINDS).
_VIEW_KINDS = {
    "article": "article",
    "feedback": "article",
    "feedback_thanks": "article",
    "glossary_term": "term",
}


@dataclass(frozen=True)
class Finding:
    """One mistake (``ERROR``, saving refused) or one thing that may be intended (``WARNING``)."""

    severity: str
    field: str  # without language: body, summary, explanation
    language: str
    line: int  # in the field's text, from 1
    message: str  # what is wrong and what to do, translated
    label: str  # the field as editors know it, translated

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        return gettext("Line %(line)d of “%(field)s” (%(language)s): %(message)s") % {
            "line": self.line,
            "field": self.label,
            "language": LANGUAGE_NAMES[self.language],
            "message": self.message,
        }


class SiteAddresses:
    """The addresses of this site's articles and glossary terms, now and before, that a link
    may lead to; read from the database when the first link to this site is checked. Articles
    and terms about to be saved (an import's others, the form's own) are added to them."""

    KINDS = ("article", "term")

    def __init__(self):
        self._added = {kind: defaultdict(set) for kind in self.KINDS}

    def add(self, kind: str, language: str, slug: str):
        """An address of an article or term (``kind``) that is about to be saved."""
        self._added[kind][language].add(slug)

    @cached_property
    def _stored(self) -> dict:
        stored = {"article": defaultdict(set), "term": defaultdict(set)}
        for kind, model in (("article", Article.all_objects), ("term", GlossaryTerm.objects)):
            for code in LANGUAGE_CODES:
                stored[kind][code] |= set(model.values_list(f"slug_{code}", flat=True))
        stored["previous"] = set(
            PreviousAddress.objects.filter(
                object_id__isnull=False, kind__in=["article", "glossaryterm"]
            ).values_list("path", flat=True)
        )
        return stored

    def _has(self, kind: str, language: str, slug: str) -> bool:
        return slug in self._added[kind][language] or slug in self._stored[kind][language]

    def problem(self, address: str) -> str | None:
        """Why a site-relative ``address`` leads to no page; None when it leads to one, or is
        no page of a language (files, the feed)."""
        path = re.split(r"[?#]", address, maxsplit=1)[0]
        language = path.split("/")[1] if path.count("/") > 1 else ""
        if language not in LANGUAGE_CODES:
            return None
        if not path.endswith("/"):
            path += "/"
        with override(language):
            try:
                match = resolve(path)
            except Resolver404:
                match = None
        kind = _VIEW_KINDS.get(match.url_name) if match is not None else None
        if match is not None and (kind is None or self._has(kind, language, match.kwargs["slug"])):
            return None
        parts = path.strip("/").split("/")
        # An old address, or a page below one: readers are sent on to the page.
        if any(
            "/" + "/".join(parts[:end]) + "/" in self._stored["previous"]
            for end in range(3, len(parts) + 1)
        ):
            return None
        if kind == "term":
            return gettext(
                "the link leads to %(address)s, but no glossary term has this address (now or "
                "before). Check the address on the term's page."
            ) % {"address": address}
        if kind == "article":
            return gettext(
                "the link leads to %(address)s, but no article has this address (now or "
                "before). Check the address on the article's page."
            ) % {"address": address}
        return gettext("the link leads to %(address)s, but this site has no such page.") % {
            "address": address
        }


class _Checker:
    def __init__(self, text, language, field, label, addresses):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.language, self.field, self.label = language, field, label
        self.addresses = addresses
        self.findings: list[Finding] = []

    def add(self, severity: str, line: int, message: str):
        self.findings.append(
            Finding(severity, self.field, self.language, line, message, self.label)
        )

    def run(self) -> list[Finding]:
        level = 1  # the title's: the text starts with ## sections
        paragraph: list[tuple[int, str]] = []  # the lines of the paragraph being read
        in_block = False  # inside a block of lines that is no paragraph (list, table, quote)
        table_header: int | None = None  # the header's number of cells, inside a table
        in_fence = False
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith(_FENCE):
                in_fence = not in_fence
                self._end_paragraph(paragraph)
                continue
            stripped = line.strip()
            if in_fence or not stripped:
                self._end_paragraph(paragraph)
                in_block, table_header = False, None
                continue
            self._check_inline(number, line)
            table_header = self._check_table(number, stripped, table_header)
            heading = _HEADING_RE.match(line)
            if line.startswith("!!!") or heading:
                if heading:
                    level = self._check_heading(number, heading, level)
                else:
                    self._check_callout(number, line)
                # A box's indented text or a section's first paragraph may follow at once.
                self._end_paragraph(paragraph)
                in_block = False
                continue
            if table_header is not None:
                paragraph.clear()  # a table's header row, read as a paragraph's first line
                in_block = True
            elif not paragraph and not in_block:
                in_block = stripped.startswith(("|", ">")) or bool(_LIST_ITEM_RE.match(stripped))
            if not in_block:
                paragraph.append((number, stripped))
        self._end_paragraph(paragraph)
        return self.findings

    def _check_callout(self, number: int, line: str):
        box = read_callout(line)
        kinds = ", ".join(CALLOUT_KINDS)
        if box is None:
            self.add(
                ERROR,
                number,
                gettext(
                    'this line starts with !!! but opens no box: write !!! kind "Title". '
                    "Kinds: %(kinds)s."
                )
                % {"kinds": kinds},
            )
        elif box.kind not in CALLOUT_KINDS:
            self.add(
                ERROR,
                number,
                gettext("unknown callout kind “%(kind)s”. Allowed: %(kinds)s.")
                % {"kind": box.kind, "kinds": kinds},
            )

    def _check_heading(self, number: int, heading, level: int) -> int:
        new = len(heading.group(1))
        if new == 1:
            self.add(
                ERROR,
                number,
                gettext("use ## for sections; # is the title's heading, which the page has."),
            )
        elif new > level + 1:
            values = {
                "heading": heading.group(2),
                "marks": heading.group(1),
                "previous": "#" * level,
                "expected": "#" * (level + 1),
            }
            if level == 1:
                message = gettext(
                    "heading level skipped: “%(heading)s” (%(marks)s) comes before any ## "
                    "section. Use ## here, so that screen readers can follow the outline."
                )
            else:
                message = gettext(
                    "heading level skipped: “%(heading)s” (%(marks)s) follows a %(previous)s "
                    "heading. Use %(expected)s here, so that screen readers can follow the "
                    "outline."
                )
            self.add(ERROR, number, message % values)
        return new

    def _check_table(self, number: int, stripped: str, header: int | None) -> int | None:
        """The header's number of cells while inside a table, else None."""
        previous = self.lines[number - 2].strip() if number > 1 else ""
        if header is None:
            if TABLE_SEPARATOR_RE.match(stripped) and "|" in previous:
                header = len(_cells(previous))
                separator = len(_cells(stripped))
                if separator != header:
                    self.add(ERROR, number, _row_message(separator, header))
            return header
        if not stripped.startswith("|") and "|" not in stripped:
            return None
        cells = len(_cells(stripped))
        if cells != header:
            self.add(ERROR, number, _row_message(cells, header))
        return header

    def _check_inline(self, number: int, line: str):
        text = _CODE_SPAN_RE.sub("", line)
        if _IMAGE_RE.search(text):
            self.add(
                ERROR,
                number,
                gettext(
                    "images in the text (![…](…)) are not shown on this site: readers would "
                    "see nothing. Describe in words what the picture shows; an article's one "
                    "picture is its title image."
                ),
            )
        for link in _LINK_RE.finditer(text):
            if not link.group(2):
                self.add(
                    ERROR,
                    number,
                    gettext(
                        "the link “%(text)s” has no address: write it between the brackets, "
                        "[text](https://…)."
                    )
                    % {"text": link.group(1)},
                )
            else:
                self._check_address(number, link.group(2))
        for autolink in _AUTOLINK_RE.finditer(text):
            self._check_address(number, autolink.group(1))
        reference = _REFERENCE_RE.match(text)
        if reference:
            self._check_address(number, reference.group(1))
        markup = _HTML_RE.search(_AUTOLINK_RE.sub("", text))
        if markup:
            self.add(
                ERROR,
                number,
                gettext(
                    "“%(html)s” is HTML, which this site does not use: readers would see it "
                    "as text or not at all. Write Markdown instead."
                )
                % {"html": markup.group(0)},
            )
        for marker in _GRADE_MARKER_RE.finditer(text):
            self._check_grade(number, marker.group(0))

    def _check_address(self, number: int, address: str):
        scheme = _SCHEME_RE.match(address)
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            self.add(
                ERROR,
                number,
                gettext(
                    "the link to %(address)s would be removed: links start with https://, "
                    "mailto: or / (a page of this site)."
                )
                % {"address": address},
            )
        elif address.lower().startswith("http://"):
            self.add(
                WARNING,
                number,
                gettext(
                    "the link to %(address)s starts with http://, not https://: what readers "
                    "send there is not encrypted. Use https:// if that site offers it."
                )
                % {"address": address},
            )
        elif address.startswith("/") and not address.startswith("//") and self.addresses:
            problem = self.addresses.problem(address)
            if problem:
                self.add(ERROR, number, problem)

    def _check_grade(self, number: int, marker: str):
        grade = _GRADE_RE.fullmatch(marker)
        values = grade_values()
        if grade is None:
            message = gettext(
                "unknown grade “%(marker)s”: write {{LoE …}}, {{GR …}} or {{AGO …}}."
            ) % {"marker": marker}
        elif grade.group(2) not in values[grade.group(1)]:
            message = gettext("unknown grade “%(marker)s”. %(scale)s grades are: %(values)s.") % {
                "marker": marker,
                "scale": grade.group(1),
                "values": " ".join(values[grade.group(1)]),
            }
        else:
            return
        self.add(ERROR, number, message)

    def _end_paragraph(self, paragraph: list[tuple[int, str]]):
        if paragraph:
            text = " ".join(line for _number, line in paragraph)
            text = _LINK_RE.sub(r"\1", _GRADE_MARKER_RE.sub(" ", text))
            words = len(_WORD_RE.findall(text))
            if words > LONG_PARAGRAPH_WORDS:
                self.add(
                    WARNING,
                    paragraph[0][0],
                    gettext(
                        "this paragraph has %(words)d words. More than %(limit)d are hard to "
                        "take in at once: consider splitting it or making a list."
                    )
                    % {"words": words, "limit": LONG_PARAGRAPH_WORDS},
                )
        paragraph.clear()


def _cells(row: str) -> list[str]:
    """A table row's cells as Python-Markdown's tables reads them: outer pipes apart, ``\\|``
    and pipes in code kept in the cell."""
    row = _CODE_SPAN_RE.sub("code", row.strip())
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return re.split(r"(?<!\\)\|", row)


def _row_message(cells: int, header: int) -> str:
    return gettext(
        "this table row has %(cells)d cells, its header %(header)d. Give every row as many "
        "cells as the header (an empty cell is | |)."
    ) % {"cells": cells, "header": header}


def check_markdown(
    text: str,
    *,
    language: str,
    field: str,
    label: str,
    addresses: SiteAddresses | None = None,
) -> list[Finding]:
    """The mistakes and warnings in the Markdown ``text`` of ``field`` in ``language``, in the
    order of their lines. Links to this site are checked against ``addresses``; without them
    they are not."""
    return _Checker(text or "", language, field, label, addresses).run()
