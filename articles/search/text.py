"""Text for search: readers' queries made safe, words folded for matching, snippets built.

Nothing here touches the database. ``index`` and ``query`` use it on both database backends,
so readers get the same query handling, the same spelling suggestions and the same kind of
snippet on SQLite and PostgreSQL.
"""

import functools
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import lxml.etree
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are cut: no sensible search needs more, and every word costs a lookup.
MAX_QUERY_LENGTH = 200
# Letters and digits only: no underscore, which SQL's LIKE would read as a wildcard.
_WORD_RE = re.compile(r"[^\W_]+")
# Words shorter than this match only as whole words, in searches on SQLite and in snippets:
# "CT" is not the "ct" in "fact". Longer ones also match inside words: "Hochdruck" in
# "Bluthochdruck".
MIN_PART_LENGTH = 4
# Rendered HTML that readers do not see as running text: glossary popovers (their definitions
# would repeat in every snippet) and the words screen readers speak for guideline grades.
_HIDDEN_CLASSES = ("term-popover", "visually-hidden")
# One pass over the tree finds the elements that may have them; Python checks the names.
_MAYBE_HIDDEN = lxml.etree.XPath(
    "//*[" + " or ".join(f"contains(@class, '{name}')" for name in _HIDDEN_CLASSES) + "]"
)
_TEXT = lxml.etree.XPath("string()")
_BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "br")
SNIPPET_WORDS = 30
# Where a snippet looks for the words found: enough places to choose a good window from, few
# enough that a word used a thousand times costs no more than one used fifty times.
_SNIPPET_HITS = 50
# The vocabulary's words: shorter ones have too few trigrams to compare, and longer ones are
# codes, addresses or run-together nonsense rather than words readers type.
VOCABULARY_WORD_LENGTHS = range(3, 61)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Query:
    """A reader's query after cleaning."""

    text: str  # shown back to the reader and passed to PostgreSQL
    shortened: bool  # the reader's text was longer than MAX_QUERY_LENGTH

    @property
    def words(self) -> list[str]:
        """The folded words to search for, each once, in the reader's order."""
        return list(dict.fromkeys(folded_word(word) for word in _WORD_RE.findall(self.text)))

    def replacing(self, corrections: dict[str, str]) -> "Query":
        """This query with each word whose folded form ``corrections`` names spelt as it says.

        Everything else the reader typed (other words, quotes, ``-`` and ``or``) stays.
        """
        text = _WORD_RE.sub(
            lambda match: corrections.get(folded_word(match.group()), match.group()), self.text
        )
        return Query(text=text, shortened=self.shortened)


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


def fold(word: str) -> str:
    """A word as search compares it: case and accents ignored, so Übelkeit matches ubelkeit."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Indexing folds every word of every text saved, and the same words come back in every text:
# remembering them makes indexing an article several times faster.
@functools.lru_cache(maxsize=100_000)
def folded_word(word: str) -> str:
    """One word of a text folded to one word: never empty and without spaces.

    A few characters fold to several words (U+FDFA to four); kept as one, the folded words of
    a text stay in step with its words, which snippets rely on.
    """
    return fold(word).replace(" ", "") or word


def index_text(text: str) -> str:
    """``text`` as folded words with single spaces and a space at either end, as indexed.

    The n-th word of the result is the n-th word of ``text``, folded. The spaces at word
    boundaries let a short word be found as a whole word: `` ct `` in ``" pet ct "``, never
    the "ct" inside "fact".
    """
    return " " + " ".join(map(folded_word, _WORD_RE.findall(text))) + " "


def vocabulary(*texts: str) -> dict[str, str]:
    """The vocabulary's words in ``texts``: folded word → spelling.

    The spelling is the form the texts use most often (the first of equally frequent ones):
    "Knochenmetastasen" in German, "treatment" rather than a sentence's "Treatment".
    """
    # Counted as written first (a text has many words but few different ones), then folded.
    written = Counter(itertools.chain.from_iterable(_WORD_RE.findall(text) for text in texts))
    best: dict[str, tuple[int, str]] = {}
    for word, count in written.items():
        folded = folded_word(word)
        if is_vocabulary_word(folded) and count > best.get(folded, (0, ""))[0]:
            best[folded] = (count, word)
    return {folded: word for folded, (_count, word) in best.items()}


def is_vocabulary_word(folded: str) -> bool:
    """Whether this folded word belongs in the vocabulary: a word, not a number."""
    return len(folded) in VOCABULARY_WORD_LENGTHS and not folded.isdigit()


def trigrams(word: str) -> set[str]:
    """The trigrams of one folded word as PostgreSQL's pg_trgm counts them.

    pg_trgm pads each word with two spaces in front and one behind: "abc" has "  a", " ab",
    "abc" and "bc ".
    """
    padded = f"  {word} "
    return {padded[start : start + 3] for start in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """pg_trgm's ``similarity()`` of two folded words: shared trigrams ÷ all trigrams."""
    mine, theirs = trigrams(first), trigrams(second)
    return len(mine & theirs) / len(mine | theirs)


def plain_text(html: str) -> str:
    """The running text of stored, rendered HTML, as a reader sees it on the page."""
    # Control characters show nothing, and lxml refuses to write text that contains them.
    html = _CONTROL_RE.sub(" ", html)
    if not html.strip():
        return ""
    # lxml.etree rather than lxml.html: the same parser without lxml.html's element classes,
    # which made each save's indexing several times slower.
    root = lxml.etree.HTML(f"<div>{html}</div>")
    for element in _MAYBE_HIDDEN(root):
        if set(element.get("class").split()) & set(_HIDDEN_CLASSES):
            _drop_tree(element)
    for element in root.iter(*_BLOCK_TAGS):
        # Block elements end a word, even where the HTML has no space between them.
        element.tail = " " + (element.tail or "")
    return " ".join(_TEXT(root).split())


def _drop_tree(element):
    """Remove an element and what it contains, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return  # inside another hidden element, already removed
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _matches(word: str, needles: list[str]) -> bool:
    folded = folded_word(word)
    for needle in needles:
        if folded == needle:
            return True
        if len(needle) >= MIN_PART_LENGTH and needle in folded:
            return True
    return False


def make_snippet(
    text: str, needles: list[str], length: int = SNIPPET_WORDS, folded: str | None = None
) -> SafeString:
    """About ``length`` words of ``text`` around the words that match, each in ``<mark>``.

    ``needles`` are folded: query words and, on PostgreSQL, their stems. A word matches when
    it is one of them or, for needles of four letters or more, contains one (so "Hochdruck"
    marks "Bluthochdruck" and the stem "behandl" marks "Behandlung"). The text is escaped;
    ``<mark>`` is the only markup added.

    ``folded`` is ``index_text(text)``, as the index stores it: the matches are looked up in
    it with string search, and only the words up to the window are read from ``text``, so a
    snippet of a long article costs little more than one of a short one.
    """
    folded = (index_text(text) if folded is None else folded).strip()
    if not folded:
        return mark_safe(escape(text))
    total = folded.count(" ") + 1
    hits = _hits(folded, needles)
    start = _best_window_start(hits, needles, total, length)
    end = min(total, start + length)
    window = list(itertools.islice(_WORD_RE.finditer(text), start, end))
    if not window:
        return mark_safe(escape(text))
    begin = 0 if start == 0 else window[0].start()
    finish = len(text) if end == total else window[-1].end()
    pieces = ["… " if begin else ""]
    position = begin
    for match in window:
        if _matches(match.group(), needles):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:finish]))
    pieces.append(" …" if finish < len(text) else "")
    return mark_safe("".join(pieces))


def _hits(folded: str, needles: list[str]) -> dict[int, str]:
    """Where needles match in ``folded``, the first places of each: word number → word."""
    spaced = f" {folded} "
    starts = set()
    for needle in needles:
        # Short needles match whole words only: the spaces around them are looked for too.
        whole_word = len(needle) < MIN_PART_LENGTH
        target = f" {needle} " if whole_word else needle
        found = spaced.find(target)
        for _ in range(_SNIPPET_HITS):
            if found == -1:
                break
            starts.add(spaced.rfind(" ", 0, found + 1 + whole_word) + 1)
            found = spaced.find(target, found + 1)
    # The n-th word has n + 1 spaces before it, counted between one start and the next.
    hits, index, previous = {}, -1, 0
    for begin in sorted(starts):
        index += spaced.count(" ", previous, begin)
        hits[index] = spaced[begin : spaced.find(" ", begin)]
        previous = begin
    return hits


def _best_window_start(hits: dict[int, str], needles, total: int, length: int) -> int:
    """Where the window of ``length`` words starts that shows the most different needles."""
    places = list(hits)  # in the text's order

    def shown(words) -> int:
        return sum(1 for needle in needles if any(needle in word for word in words))

    # No window shows more than all the needles found; the first that does is taken.
    most = shown(set(hits.values()))
    best_start, best_score = 0, -1
    # The first matches are enough candidates: a common word may match hundreds of times.
    for first in places[:_SNIPPET_HITS]:
        # Start a few words before the first match, so that it is read in context.
        start = max(0, min(first - 5, total - length))
        window = places[bisect_left(places, start) : bisect_left(places, start + length)]
        score = shown({hits[place] for place in window})
        if score > best_score:
            best_start, best_score = start, score
            if score == most:
                break
    return best_start
