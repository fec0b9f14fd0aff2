"""Text for search: readers' queries made safe, words folded for matching, snippets built.

Nothing here touches the database. ``query`` uses it on both database backends, so
readers get the same query handling and the same kind of snippet on SQLite and PostgreSQL.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

import lxml.html
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are cut: no sensible search needs more, and every word costs a lookup.
MAX_QUERY_LENGTH = 200
# Letters and digits only: no underscore, which SQL's LIKE would read as a wildcard.
_WORD_RE = re.compile(r"[^\W_]+")
# Words shorter than this match only as whole words in snippets: "CT" is not the "ct" in "fact".
_MIN_PART_LENGTH = 4
# Rendered HTML that readers do not see as running text: glossary popovers (their definitions
# would repeat in every snippet) and the words screen readers speak for guideline grades.
_HIDDEN_CLASSES = ("term-popover", "visually-hidden")
_BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "br")
SNIPPET_WORDS = 30
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Query:
    """A reader's query after cleaning."""

    text: str  # shown back to the reader and passed to PostgreSQL
    shortened: bool  # the reader's text was longer than MAX_QUERY_LENGTH

    @property
    def words(self) -> list[str]:
        """The folded words to search for, each once, in the reader's order."""
        return list(dict.fromkeys(fold(word) for word in _WORD_RE.findall(self.text)))


def clean_query(raw: str) -> Query:
    """The reader's text without control characters, with single spaces, at most 200 characters.

    Control characters never reach the database: PostgreSQL refuses a NUL in any string.
    """
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    if shortened:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return Query(text=text, shortened=shortened)


# Snippets fold every word of the articles found, and the same words come back on every
# search: remembering them makes a search page several times faster.
@functools.lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A word as search compares it: case and accents ignored, so Übelkeit matches ubelkeit."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def index_text(text: str) -> str:
    """``text`` as folded words with single spaces, the form the SQLite index stores.

    Spaces at word boundaries let a short word be found as a whole word: `` ct `` in
    ``" pet ct "``, never the "ct" inside "fact".
    """
    return " ".join(fold(word) for word in _WORD_RE.findall(text))


# The articles' HTML changes only when they are edited; parsing it is the other large cost of a
# search page. A few dozen texts are kept (an edited text is simply a new key).
@functools.lru_cache(maxsize=32)
def plain_text(html: str) -> str:
    """The running text of stored, rendered HTML, as a reader sees it on the page."""
    # Control characters show nothing, and lxml refuses to write text that contains them.
    html = _CONTROL_RE.sub(" ", html)
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for name in _HIDDEN_CLASSES:
        for element in root.find_class(name):
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        # Block elements end a word, even where the HTML has no space between them.
        element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


def _matches(word: str, needles: list[str]) -> bool:
    folded = fold(word)
    for needle in needles:
        if folded == needle:
            return True
        if len(needle) >= _MIN_PART_LENGTH and needle in folded:
            return True
    return False


def make_snippet(text: str, needles: list[str], length: int = SNIPPET_WORDS) -> SafeString:
    """About ``length`` words of ``text`` around the words that match, each in ``<mark>``.

    ``needles`` are folded: query words and, on PostgreSQL, their stems. A word matches when
    it is one of them or, for needles of four letters or more, contains one (so "Hochdruck"
    marks "Bluthochdruck" and the stem "behandl" marks "Behandlung"). The text is escaped;
    ``<mark>`` is the only markup added.
    """
    words = list(_WORD_RE.finditer(text))
    if not words:
        return mark_safe(escape(text))
    # Each different word is compared once; a long article uses the same words many times.
    matching = {word for word in {m.group() for m in words} if _matches(word, needles)}
    hits = [index for index, match in enumerate(words) if match.group() in matching]
    start = _best_window_start(words, hits, needles, length)
    end = min(len(words), start + length)
    begin = 0 if start == 0 else words[start].start()
    finish = len(text) if end == len(words) else words[end - 1].end()
    pieces = ["… " if begin else ""]
    position = begin
    for index in hits:
        if start <= index < end:
            match = words[index]
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:finish]))
    pieces.append(" …" if finish < len(text) else "")
    return mark_safe("".join(pieces))


def _best_window_start(words, hits, needles, length) -> int:
    """Where the window of ``length`` words starts that shows the most different needles."""
    if not hits:
        return 0
    folded = {index: fold(words[index].group()) for index in hits}
    best_start, best_score = 0, -1
    # The first matches are enough candidates: a common word may match hundreds of times.
    for first in hits[:50]:
        # Start a few words before the first match, so that it is read in context.
        start = max(0, min(first - 5, len(words) - length))
        shown = {folded[index] for index in hits if start <= index < start + length}
        score = sum(1 for needle in needles if any(needle in word for word in shown))
        if score > best_score:
            best_start, best_score = start, score
    return best_start
