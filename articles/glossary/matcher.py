"""Finding glossary words in rendered article text and explaining them where they stand.

``GlossaryMatcher`` works on the text nodes of the sanitised HTML tree, never on markup. Text is
split into Unicode words (umlauts and ß are letters), and at each word the longest glossary
phrase that starts there wins. A term is explained once per page, at its first occurrence, as a
popover toggletip: a button plus a definition that opens without JavaScript. It is not marked
where the text explains it itself (``explained``), nor if it is a word every reader of the site
knows (``mark`` off: explained in the glossary only). Tables come after the text around them,
so a cell is marked only with what the text has not explained.
"""

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import lxml.html
import nh3
from django.urls import reverse
from django.utils.translation import gettext, override
from lxml import etree

from .explained import explained_here

_WORD_RE = re.compile(r"\w+")
# Inside these the words are already a link, a heading or code, or a caption, which names its
# table's scroll region (a button would end up inside that name): never mark them there.
SKIPPED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "code", "pre", "script", "caption",
}  # fmt: skip
SKIPPED_CLASSES = {"callout-title", "grade", "term"}
# Stands for a term's address in the address of its page.
_SLUG = "term-slug"
# A compound must keep at least this much of its own word before the glossary word.
_MIN_COMPOUND_PREFIX = 3
# More marks than this on one page (per language) get in readers' way: the admin points them
# out, and the tests hold the real articles to it.
MARKS_PER_PAGE_AIM = 40
# Blocks whose first words may be a term and its explanation after a colon.
_DEFINING_BLOCKS = {"p", "li", "dt", "dd", "td", "th"}
_INLINE_TAGS = {"strong", "b", "em", "i"}


@dataclass(frozen=True)
class TermEntry:
    """What the matcher needs of one glossary term in one language."""

    key: str
    term: str
    slug: str
    definition: str
    forms: tuple[str, ...]  # the term and its variants
    exact_case: bool = False
    compounds: bool = False
    mark: bool = True  # False: explained in the glossary only, never marked in articles


@dataclass(frozen=True)
class Annotation:
    """What annotating one part of a page found."""

    used: list[str]  # keys of the terms the text contains, marked or not
    marked: list[str]  # keys of the terms that became toggletips here
    explained: frozenset[str]  # keys the page explains so far: marked, or by its own words


# Control characters HTML cannot carry (lxml refuses them); tab, newline and return stay.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFC, without control characters: the form every text has before it meets the tree."""
    return _CONTROL_RE.sub("", unicodedata.normalize("NFC", text or ""))


def unix_lines(text: str) -> str:
    """``text`` with every line break as LF; browsers send a textarea's line breaks as CR LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text))


def contains_markup(text: str) -> bool:
    """True when the sanitiser would remove something from ``text`` (tags, comments)."""
    # The HTML parser turns CR LF and CR into LF, so compare with the text as it would.
    text = unix_lines(text)
    return html.unescape(nh3.clean(text, tags=set())) != text


def sort_key(term: str) -> str:
    """Alphabetical order for the A–Z page: Ärzte under A, case ignored."""
    decomposed = unicodedata.normalize("NFD", term)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class GlossaryMatcher:
    """All terms of one language, compiled once for a glossary version."""

    def __init__(self, entries: list[TermEntry], language: str):
        self.language = language
        self.entries = {entry.key: entry for entry in entries}
        # First word (folded unless exact case) → phrases starting with it, longest first.
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str, bool]]] = {}
        self._compound_endings: dict[str, str] = {}
        for entry in entries:
            for form in entry.forms:
                form = normalise(form)
                found = list(_WORD_RE.finditer(form))
                if not found:
                    continue
                words = tuple(m.group() for m in found)
                if not entry.exact_case:
                    words = tuple(w.casefold() for w in words)
                joins = tuple(form[a.end() : b.start()] for a, b in pairwise(found))
                self._phrases.setdefault(words[0], []).append(
                    (words, joins, entry.key, entry.exact_case)
                )
                if entry.compounds and len(words) == 1:
                    self._compound_endings[words[0].casefold()] = entry.key
        for phrases in self._phrases.values():
            phrases.sort(key=lambda item: -len(item[0]))
        self._ending_lengths = sorted({len(e) for e in self._compound_endings}, reverse=True)
        with override(language):
            # Reversed once with a stand-in, not once per marked word: a page has hundreds.
            self._term_url = reverse("articles:glossary_term", kwargs={"slug": _SLUG})
            self._link_text = gettext("More in the glossary")
            self._hint_text = " – " + gettext("explanation")
            self._close_text = gettext("Close explanation")

    def find(self, text: str):
        """Yield ``(start, end, key)`` for every glossary phrase in ``text``, left to right."""
        tokens = list(_WORD_RE.finditer(text))
        index = 0
        while index < len(tokens):
            match = self._phrase_at(text, tokens, index)
            if match:
                length, key = match
                yield tokens[index].start(), tokens[index + length - 1].end(), key
                index += length
                continue
            key = self._compound(tokens[index].group())
            if key:
                yield tokens[index].start(), tokens[index].end(), key
            index += 1

    def _phrase_at(self, text, tokens, index):
        word = tokens[index].group()
        candidates = self._phrases.get(word, []) + self._phrases.get(word.casefold(), [])
        best = None
        for words, joins, key, exact in candidates:
            n = len(words)
            if index + n > len(tokens) or (best and n <= best[0]):
                continue
            found = tokens[index : index + n]
            texts = [t.group() if exact else t.group().casefold() for t in found]
            # Words of a phrase may be joined by spaces (a line break is one), a hyphen, or
            # exactly what joins them in the glossary (PET/CT).
            joins_ok = all(
                (between.strip() in ("", "-") and between != "") or between == join
                for between, join in zip(
                    (text[a.end() : b.start()] for a, b in pairwise(found)), joins, strict=True
                )
            )
            if tuple(texts) == words and joins_ok:
                best = (n, key)
        return best

    def _compound(self, word: str) -> str | None:
        folded = word.casefold()
        for length in self._ending_lengths:
            if len(folded) - length >= _MIN_COMPOUND_PREFIX:
                key = self._compound_endings.get(folded[-length:])
                if key:
                    return key
        return None

    def annotate(self, root, part: str, explained: Iterable[str] = ()) -> Annotation:
        """Mark the first occurrence of each term inside the lxml ``root`` that needs a mark.

        ``part`` keeps popover ids unique when several rendered parts share one page;
        ``explained`` holds the terms that the parts before it on the page have explained.
        """
        # Every text slot in document order, collected before the tree changes.
        text_slots, table_slots = [], []
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                node, attribute, container = element, "text", element
            elif element is not root:
                node, attribute, container = element, "tail", element.getparent()
            else:
                continue
            if not getattr(node, attribute):
                continue
            place = _place(container)
            if place is not None:
                slot = (node, attribute, attribute == "text" and _opens_block(node))
                (table_slots if place == "table" else text_slots).append(slot)
        found = _Found(used={}, marked=[], explained=set(explained))
        # A table is read after the text that leads to it, and a popover in a narrow cell is
        # the hardest to use: a cell gets only the marks the text around has not made.
        for node, attribute, opens_block in text_slots + table_slots:
            self._annotate_text(node, attribute, opens_block, found, part)
        return Annotation(
            used=list(found.used), marked=found.marked, explained=frozenset(found.explained)
        )

    def _annotate_text(self, node, attribute, opens_block, found, part):
        text = getattr(node, attribute)
        pieces, position = [], 0
        for start, end, key in self.find(text):
            found.used[key] = None
            if key in found.explained or not self.entries[key].mark:
                continue
            found.explained.add(key)
            if explained_here(
                text,
                start,
                end,
                language=self.language,
                opens_block=opens_block,
                term_explains=lambda words, key=key: self._explains(words, key),
            ):
                continue
            found.marked.append(key)
            pieces.append((text[position:start], self._toggletip(text[start:end], key, part)))
            position = end
        if not pieces:
            return
        setattr(node, attribute, pieces[0][0])
        rest = text[position:]
        # Elements go after `node` (for a tail) or at the start of `node` (for its text).
        anchor_parent, insert_at = (
            (node.getparent(), node.getparent().index(node) + 1)
            if attribute == "tail"
            else (node, 0)
        )
        for offset, (before, element) in enumerate(pieces):
            if offset:
                pieces[offset - 1][1].tail = before
            anchor_parent.insert(insert_at + offset, element)
        pieces[-1][1].tail = rest

    def word_list(self, keys: Iterable[str]) -> list[dict[str, str]]:
        """The term and definition of each of ``keys``: the list of medical words that a
        printed page ends with."""
        return [
            {
                "term": normalise(self.entries[key].term),
                "definition": normalise(self.entries[key].definition),
            }
            for key in keys
        ]

    def _explains(self, words: str, key: str) -> bool | None:
        """None unless ``words`` are all one term; then whether they explain the term ``key``:
        as its synonym, or as a word every reader knows."""
        whole = next((k for s, e, k in self.find(words) if s == 0 and e == len(words)), None)
        if whole is None:
            return None
        return whole == key or not self.entries[whole].mark

    def _toggletip(self, text, key, part):
        entry = self.entries[key]
        popover_id = f"{part}-term-{entry.slug}"
        wrapper = lxml.html.Element("span", {"class": "term"})
        button = etree.SubElement(
            wrapper,
            "button",
            {"type": "button", "class": "term-button", "popovertarget": popover_id},
        )
        button.text = text
        # Said after the word, so that a screen reader announces what the button opens.
        hint = etree.SubElement(button, "span", {"class": "term-hint visually-hidden"})
        hint.text = self._hint_text
        # A dialog named by its term: announced as "<term>, dialog" when it opens.
        tip = etree.SubElement(
            wrapper,
            "span",
            {
                "id": popover_id,
                "class": "term-popover",
                "popover": "auto",
                "role": "dialog",
                "aria-labelledby": f"{popover_id}-name",
            },
        )
        name = etree.SubElement(tip, "strong", {"class": "term-name", "id": f"{popover_id}-name"})
        name.text = normalise(entry.term)
        name.tail = " " + normalise(entry.definition) + " "
        link = etree.SubElement(tip, "a", {"href": self._term_url.replace(_SLUG, entry.slug)})
        link.text = self._link_text
        close = etree.SubElement(
            tip,
            "button",
            {
                "type": "button",
                "class": "term-close",
                "popovertarget": popover_id,
                "popovertargetaction": "hide",
                "aria-label": self._close_text,
            },
        )
        close.text = "×"
        return wrapper


@dataclass
class _Found:
    used: dict[str, None]  # an ordered set
    marked: list[str]
    explained: set[str]


def _opens_block(node) -> bool:
    """Whether the text of ``node`` is the first text of a paragraph, list item or cell."""
    if node.tag in _DEFINING_BLOCKS:
        return True
    parent = node.getparent()
    return (
        node.tag in _INLINE_TAGS
        and parent is not None
        and parent.tag in _DEFINING_BLOCKS
        and parent.index(node) == 0
        and not (parent.text or "").strip()
    )


def _place(node) -> str | None:
    """Where text inside ``node`` stands: "table", "text", or None where nothing is marked."""
    place = "text"
    current = node
    while current is not None:
        if current.tag in SKIPPED_TAGS:
            return None
        if SKIPPED_CLASSES & set((current.get("class") or "").split()):
            return None
        if current.tag == "table":
            place = "table"
        current = current.getparent()
    return place
