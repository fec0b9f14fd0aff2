"""The one way editor-written Markdown becomes HTML on this site.

``render_markdown`` parses Markdown, sanitises the result with nh3's allowlist and then
finishes the sanitised tree (scrollable tables, the contents list). Views, the admin preview,
the importer and the tests all call it; nothing else turns Markdown into HTML. It runs when
content is saved, never during a page request.
"""

import functools
import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import lxml.html
import markdown
import nh3
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, override
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .glossary.matcher import GlossaryMatcher, normalise

# Kinds of callout box editors may use with `!!! kind "Title"`. The urgent-advice boxes follow
# the NHS care cards: what to do, and how soon.
URGENT_ADVICE_KINDS = ("immediate", "urgent", "non-urgent")
# "questions": the questions to take to the next appointment that end each article.
CALLOUT_KINDS = (*URGENT_ADVICE_KINDS, "warning", "note", "germany", "questions")
# `!!! kind "Title"` as Python-Markdown's admonition reads it: the kind, maybe more words (which
# become classes), maybe a title in quotes. A `!!!` line it does not read stays a paragraph.
_CALLOUT_RE = re.compile(r'^!!! ?([\w-]+(?: +[\w-]+)*)(?: +"(.*?)")? *$')


@dataclass(frozen=True)
class CalloutLine:
    kind: str  # the first word in lower case, e.g. "warning"
    title: str  # empty when the box has none


def read_callout(line: str) -> CalloutLine | None:
    """The box a ``!!! kind "Title"`` line opens, as the site renders it; None for any other
    line. Every check of callout lines reads them here."""
    match = _CALLOUT_RE.match(line)
    if not match:
        return None
    return CalloutLine(kind=match.group(1).split()[0].lower(), title=(match.group(2) or "").strip())


GRADE_PATTERN = r"\{\{\s*(LoE|GR|AGO)\s+([^}\s]+)\s*\}\}"
_GRADE_RE = re.compile(GRADE_PATTERN)

# A paragraph `Table: What the table shows` right before a table is its caption.
_CAPTION_RE = re.compile(r"Table:\s+(.*)", re.DOTALL)
# A table's footnote: a paragraph after it starting with `\*` (the mark in a cell), `\*\*` …
_NOTE_RE = re.compile(r"(\*+)\s")
_MARK_RE = re.compile(r"\*+")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "a", "blockquote", "code", "pre", "sup", "sub", "small",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "span": {"aria-hidden", "lang"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {
    "div": {"callout", *(f"callout-{kind}" for kind in CALLOUT_KINDS)},
    "p": {"callout-title"},
    "span": {"grade", "grade-loe", "grade-gr", "grade-ago", "grade-symbol", "visually-hidden"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _grade_labels() -> dict[str, dict[str, str]]:
    """Words a screen reader speaks for each guideline grade, in the active language."""
    return _grade_labels_in(get_language())


# Per language, not per call: the guideline summary alone has hundreds of grades.
@functools.cache
def _grade_labels_in(language: str) -> dict[str, dict[str, str]]:
    return {
        "LoE": {
            "1": gettext("randomised trials"),
            "1a": gettext("systematic review of randomised trials"),
            "1b": gettext("a single randomised trial"),
            "1c": gettext("all-or-none evidence"),
            "2": gettext("cohort studies"),
            "2a": gettext("systematic review of cohort studies"),
            "2b": gettext("a single cohort study or a lower-quality randomised trial"),
            "2c": gettext("outcomes research"),
            "3": gettext("case-control studies"),
            "3a": gettext("systematic review of case-control studies"),
            "3b": gettext("a single case-control study"),
            "4": gettext("case series"),
            "5": gettext("expert opinion"),
        },
        "GR": {
            "A": gettext("based on consistent level 1 studies"),
            "B": gettext("based on consistent level 2 or 3 studies or extrapolated from level 1"),
            "C": gettext("based on level 4 studies or extrapolated from level 2 or 3"),
            "D": gettext("based on level 5 evidence or inconsistent studies"),
        },
        # The words of the legend each guideline summary shows: what is heard and what is
        # read must not disagree.
        "AGO": {
            "++": gettext("clear benefit, should be done"),
            "+": gettext("limited benefit, can be done"),
            "+/-": gettext("benefit not shown, can be done in individual cases"),
            "-": gettext("may harm, should rather not be done"),
            "--": gettext("clearly harms, should be avoided in all cases"),
        },
    }


@functools.cache
def _spoken_ago_grades(language: str) -> dict[str, str]:
    # Screen readers may skip "+" and "-" or read "+/-" as "slash": the grade as words.
    return {
        "++": gettext("plus plus"),
        "+": gettext("plus"),
        "+/-": gettext("plus minus"),
        "-": gettext("minus"),
        "--": gettext("minus minus"),
    }


def _callout_prefixes() -> dict[str, str]:
    """What a screen reader hears before each kind of box's heading, and the heading of a box
    whose editor gave it none."""
    return {
        "immediate": gettext("Immediate action required"),
        "urgent": gettext("Urgent advice"),
        "non-urgent": gettext("Non-urgent advice"),
        "warning": gettext("Important"),
        "note": gettext("Good to know"),
        "germany": gettext("In Germany"),
        "questions": gettext("For your next appointment"),
    }


def incomplete_urgent_advice(text: str) -> list[int]:
    """Line numbers (from 1) of urgent-advice boxes in ``text`` without a title or without
    text: a reader must be told what to do."""
    lines = text.splitlines()
    incomplete = []
    for number, line in enumerate(lines, start=1):
        box = read_callout(line)
        if not box or box.kind not in URGENT_ADVICE_KINDS:
            continue
        following = [rest for rest in lines[number:] if rest.strip()]
        has_text = bool(following) and following[0].startswith(("    ", "\t"))
        if not box.title or not has_text:
            incomplete.append(number)
    return incomplete


# The line under a table's header row, e.g. `| --- | :-: |`.
TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")


def uncaptioned_tables(text: str) -> list[int]:
    """Line numbers (from 1) of the header rows of tables in ``text`` that have no caption:
    no paragraph starting with ``Table:`` right before them, with a blank line between."""
    lines = text.splitlines()
    missing = []
    for index in range(1, len(lines)):
        if not TABLE_SEPARATOR_RE.match(lines[index]) or not lines[index - 1].strip():
            continue
        start = index - 1
        if start > 0 and lines[start - 1].strip():
            continue  # no blank line before it: Markdown reads it as part of a paragraph
        paragraph_end = start - 1
        while paragraph_end >= 0 and not lines[paragraph_end].strip():
            paragraph_end -= 1
        paragraph_start = paragraph_end
        while paragraph_start > 0 and lines[paragraph_start - 1].strip():
            paragraph_start -= 1
        if paragraph_end != start - 2 or not _CAPTION_RE.match(lines[paragraph_start].strip()):
            missing.append(start + 1)
    return missing


def _grade_scale_names() -> dict[str, str]:
    return {
        "LoE": gettext("Oxford level of evidence"),
        "GR": gettext("grade of recommendation"),
        "AGO": gettext("AGO grade"),
    }


def grade_values() -> dict[str, tuple[str, ...]]:
    """Each guideline scale (LoE, GR, AGO) with the values a grade marker may give."""
    return {scale: tuple(values) for scale, values in _grade_labels().items()}


class _GradeProcessor(InlineProcessor):
    """``{{AGO +/-}}`` → the symbol as in the guideline, plus its meaning for screen readers."""

    def handleMatch(self, m, data):
        scale, value = m.group(1), m.group(2)
        meaning = _grade_labels()[scale].get(value)
        if meaning is None:
            return None, None, None  # leave unknown markers as text; the importer reports them
        span = etree.Element("span", {"class": f"grade grade-{scale.lower()}"})
        symbol = etree.SubElement(span, "span", {"class": "grade-symbol", "aria-hidden": "true"})
        symbol.text = value
        spoken = etree.SubElement(span, "span", {"class": "visually-hidden"})
        if scale == "AGO":
            value = _spoken_ago_grades(get_language())[value]
        spoken.text = f"{_grade_scale_names()[scale]} {value}: {meaning}"
        return span, m.start(0), m.end(0)


# `[Anschlussheilbehandlung]{lang=de}`: a phrase in another language than the text around
# it, so that screen readers pronounce it in its own (WCAG 3.1.2). A language code as in
# BCP 47: two or three letters, optionally a region.
LANGUAGE_PHRASE_PATTERN = r"\[([^\[\]\n]+)\]\{lang=([a-z]{2,3}(?:-[A-Z]{2})?)\}"


class _LanguagePhraseProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        span = etree.Element("span", {"lang": m.group(2)})
        span.text = m.group(1)
        return span, m.start(0), m.end(0)


class _StructureProcessor(Treeprocessor):
    """Keeps the page's single h1 the title and turns admonitions into callout boxes."""

    def run(self, root):
        for heading in root.iter("h1"):
            heading.tag = "h2"
        for box in root.iter("div"):
            classes = box.get("class", "").split()
            if "admonition" not in classes:
                continue
            kind = next((c for c in classes if c in CALLOUT_KINDS), "note")
            box.set("class", f"callout callout-{kind}")
            for child in box:
                if child.tag == "p" and "admonition-title" in child.get("class", ""):
                    child.set("class", "callout-title")
                    # Admonition's stand-in for a missing title ("Note"), in English.
                    if child.text == kind.capitalize() and not len(child):
                        box.remove(child)


class HealthinfoExtension(Extension):
    def extendMarkdown(self, md):
        # Raw HTML is never trusted: without these, Markdown passes it through and it is
        # escaped into visible text instead.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_GradeProcessor(GRADE_PATTERN, md), "grade", 175)
        # Before links and references (160, 170), which would take the brackets for theirs.
        md.inlinePatterns.register(
            _LanguagePhraseProcessor(LANGUAGE_PHRASE_PATTERN, md), "language_phrase", 180
        )
        # Before the toc treeprocessor (priority 5) so demoted headings get ids too.
        md.treeprocessors.register(_StructureProcessor(md), "healthinfo_structure", 6)


_GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def slugify_heading(value: str, separator: str = "-") -> str:
    """A readable ASCII id: "Übelkeit und Schmerzen" → "uebelkeit-und-schmerzen"."""
    value = unicodedata.normalize("NFC", value).translate(_GERMAN_TRANSLITERATION)
    return slugify(value) or "abschnitt"


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[dict[str, str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # keys of the glossary terms used
    marked: list[str] = field(default_factory=list)  # keys of those marked: one button each
    # Keys of the terms the page has explained up to the end of this part.
    explained: frozenset[str] = frozenset()


_local = threading.local()


def _markdown_to_html(text: str) -> str:
    # Building a Markdown instance costs more than converting a short text, so each thread
    # keeps one and resets it between documents.
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = markdown.Markdown(
            extensions=["tables", "admonition", "sane_lists", "toc", HealthinfoExtension()],
            extension_configs={"toc": {"slugify": slugify_heading, "toc_depth": "2-3"}},
            output_format="html",
        )
    try:
        return md.reset().convert(text)
    finally:
        md.reset()


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _finish(
    html: str, part: str, matcher: GlossaryMatcher | None, explained: frozenset[str]
) -> Rendered:
    """Finish the sanitised tree: glossary toggletips, scrollable tables, the contents list."""
    if not html.strip():
        return Rendered(html="", explained=explained)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # Before the glossary, which leaves captions and the footnote links alone.
    _finish_tables(root, part)
    glossary = matcher.annotate(root, part, explained) if matcher else None
    _head_callouts(root)
    headings = [
        {"id": h.get("id"), "title": h.text_content().strip()}
        for h in root.iter("h2")
        if h.get("id")
    ]
    serialised = lxml.html.tostring(root, encoding="unicode")
    return Rendered(
        html=serialised.removeprefix("<div>").removesuffix("</div>"),
        headings=headings,
        terms=glossary.used if glossary else [],
        marked=glossary.marked if glossary else [],
        explained=glossary.explained if glossary else explained,
    )


def _finish_tables(root, part: str):
    """Give each table its caption, a scroll region named by it, and links between its
    footnote marks and its notes. Ids start with ``part`` and the table's number in it, so
    that they stay unique on a page of several parts."""
    for number, table in enumerate(list(root.iter("table")), start=1):
        prefix = f"{part}-table-{number}"
        wrapper = lxml.html.Element("div", {"class": "table-scroll", "role": "region"})
        caption = _caption_from_paragraph(table, f"{prefix}-caption")
        if caption is not None:
            wrapper.set("aria-labelledby", caption.get("id"))
        else:
            wrapper.set("aria-label", gettext("Table %(number)s") % {"number": number})
        # Focusable so that keyboard users can scroll it; static/js/tables.js takes the Tab
        # stop away again where the table fits.
        wrapper.set("tabindex", "0")
        table.addprevious(wrapper)
        wrapper.append(table)
        _link_footnotes(table, wrapper, prefix)


def _caption_from_paragraph(table, caption_id: str):
    """Turn a paragraph ``Table: …`` right before ``table`` into its caption."""
    paragraph = table.getprevious()
    if paragraph is None or paragraph.tag != "p":
        return None
    match = _CAPTION_RE.match(paragraph.text or "")
    if not match:
        return None
    caption = lxml.html.Element("caption", {"id": caption_id})
    caption.text = match.group(1)
    caption.extend(paragraph)
    paragraph.getparent().remove(paragraph)
    table.insert(0, caption)
    return caption


def _link_footnotes(table, wrapper, prefix: str):
    """Link each mark (``*``, ``**`` …) in a cell to the note paragraph after the table that
    starts with it, and each note back to its marks, both with names a screen reader can
    say ("Footnote 1") instead of a bare star."""
    notes = {}
    following = wrapper.getnext()
    while following is not None and following.tag == "p":
        match = _NOTE_RE.match(following.text or "")
        if not match:
            break
        notes[len(match.group(1))] = following
        following = following.getnext()
    if not notes:
        return
    backlinks = {number: [] for number in notes}
    for row_number, row in enumerate(table.iter("tr")):
        for cell in row:
            for node, attribute in _text_slots(cell):
                _link_marks(node, attribute, notes, backlinks, prefix, row_number)
    for number, note in notes.items():
        note.set("id", f"{prefix}-note-{number}")
        note.set("class", "table-note")
        stars = _NOTE_RE.match(note.text).group(1)
        mark = _span(stars, {"aria-hidden": "true"})
        name = _hidden(gettext("Footnote %(number)s:") % {"number": number})
        name.tail = " " + note.text[len(stars) :].lstrip()
        note.text = None
        note.insert(0, mark)
        note.insert(1, name)
        for mark_id, row_number in backlinks[number]:
            link = lxml.html.Element("a", {"href": f"#{mark_id}", "class": "footnote-back"})
            link.append(_span("↩\ufe0e", {"aria-hidden": "true"}))  # text, not an emoji
            link.append(_hidden(gettext("Back to row %(row)s") % {"row": row_number}))
            last = note[-1]
            last.tail = (last.tail or "").rstrip() + " "
            note.append(link)


def _text_slots(cell):
    slots = [(cell, "text")]
    for element in cell.iterdescendants():
        slots += [(element, "text"), (element, "tail")]
    return [(node, attribute) for node, attribute in slots if getattr(node, attribute)]


def _link_marks(node, attribute, notes, backlinks, prefix, row_number):
    text = getattr(node, attribute)
    found = []
    for match in _MARK_RE.finditer(text):
        number = len(match.group(0))
        if number not in notes:
            continue
        mark_id = f"{prefix}-mark-{number}-{len(backlinks[number]) + 1}"
        backlinks[number].append((mark_id, row_number))
        link = lxml.html.Element(
            "a", {"href": f"#{prefix}-note-{number}", "id": mark_id, "class": "footnote-mark"}
        )
        link.append(_span(match.group(0), {"aria-hidden": "true"}))
        link.append(_hidden(gettext("Footnote %(number)s") % {"number": number}))
        found.append((match, link))
    if not found:
        return
    ends = [match.start() for match, _ in found[1:]] + [len(text)]
    for (match, link), end in zip(found, ends, strict=True):
        link.tail = text[match.end() : end]
    setattr(node, attribute, text[: found[0][0].start()])
    if attribute == "text":
        parent, index = node, 0
    else:
        parent, index = node.getparent(), node.getparent().index(node) + 1
    for offset, (_, link) in enumerate(found):
        parent.insert(index + offset, link)


def _span(text: str, attributes: dict[str, str]):
    span = lxml.html.Element("span", attributes)
    span.text = text
    return span


def _hidden(text: str):
    return _span(text, {"class": "visually-hidden"})


def _head_callouts(root):
    """Give each callout box a real heading, one level below the section it stands in, so
    that screen reader users can find it, with a hidden prefix that says what kind of box it
    is ("Immediate action required: …"); a box without a title is headed by its kind."""
    prefixes = _callout_prefixes()
    level = 1
    for element in list(root.iter()):
        if element.tag in ("h2", "h3", "h4", "h5"):
            level = int(element.tag[1])
            continue
        classes = (element.get("class") or "").split()
        if "callout" not in classes:
            continue
        kind = next(c.removeprefix("callout-") for c in classes if c.startswith("callout-"))
        heading = lxml.html.Element(f"h{min(level + 1, 6)}", {"class": "callout-title"})
        titles = [c for c in element if "callout-title" in (c.get("class") or "").split()]
        if titles:
            title = titles[0]
            prefix = lxml.html.Element("span", {"class": "visually-hidden"})
            prefix.text = gettext("%(kind)s:") % {"kind": prefixes[kind]} + " "
            prefix.tail = title.text
            heading.append(prefix)
            heading.extend(title)
            element.remove(title)
        else:
            heading.text = prefixes[kind]
        element.insert(0, heading)


def render_markdown(
    text: str,
    language: str,
    *,
    part: str = "body",
    matcher: GlossaryMatcher | None = None,
    explained: frozenset[str] = frozenset(),
) -> Rendered:
    """Render editor-written Markdown in ``language`` to sanitised, finished HTML.

    With a glossary ``matcher``, the first occurrence of each term becomes a toggletip (see
    articles/glossary/matcher.py for the terms it leaves alone). A page of several parts
    renders them in reading order, passing on what the parts before explained (``explained``
    of the one before), so that the page marks each term once; ``part`` names the part (body,
    summary) so that their ids never clash.
    """
    text = normalise(text)
    with override(language):
        return _finish(_sanitise(_markdown_to_html(text)), part, matcher, explained)
