"""Where an article's own words explain a glossary term, so that a mark would only repeat them.

Authors of this site explain hard words where they use them. The matcher asks
``explained_here`` at the first use of each term and leaves the term unmarked when the text
around it (one text node: a sentence as written, without markup) already explains it:

- a bracket right after it explains it in words: "Szintigrafie (eine Untersuchung, die …)",
  "Mammakarzinom (Brustkrebs)", "Darmverschluss (Ileus)";
- it stands in a bracket of a few words after plain words, which name what they said:
  "offene Wunden (Exulzeration)", "Eingriffe, die Metastasen zerstören (interventionelle
  Ablation)";
- the sentence names it after saying what it is: "Das nennt man Aszites.", "This is called
  histology.", or says what it means: "„Oligometastasierung“ heißt, dass …", "VATS stands
  for …";
- it opens a list item or paragraph, followed by a colon: "TACE: transarterielle
  Chemoembolisation".

An abbreviation ("Computertomografie (CT)"), figures ("(n = 18)", "(Hazard Ratio 0,40)") or
a term that needs explaining itself ("Metastasen (Oligometastasierung)") in the bracket explain
nothing.
Imports nothing of the app.
"""

import re
from collections.abc import Callable

# A bracket right after the term, closed in the same text.
_BRACKET_AFTER_RE = re.compile(r"\s*\(([^()]*)\)")
# A word, then a bracket of a few words that opens before the term and closes after it.
_WORDS_THEN_BRACKET_RE = re.compile(r"\w\s*\(([^()]*)$")
_BRACKET_CLOSE_RE = re.compile(r"([^()]*)\)")
_NAME_WORDS = 3
# A colon after the term, perhaps after its abbreviation: "Evidenzlevel (LoE): …".
_COLON_AFTER_RE = re.compile(r"\s*(?:\([^()]*\))?\s*:")
# Quotes may stand around a term that a sentence names.
_QUOTES = "\"'„“”‚‘’»«"

# Per language: words that name the term after them ("Das nennt man einen malignen
# Pleuraerguss"), with room for an article and one more word, and words after the term that
# say what it means.
_NAMED_BEFORE = {
    "de": re.compile(
        r"\b(?:nennt man|man nennt (?:sie|ihn|es|das)|spricht man von|sprechen von|"
        r"heißt dann|heißen dann)\s+[" + _QUOTES + r"]?"
        r"(?:(?:ein|eine|einen|einem|einer|der|die|das|den|dem)\s+)?(?:[\w-]+\s+)?$",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:called|call (?:this|it|them)|known as|speak of)\s+[" + _QUOTES + r"]?"
        r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?$",
        re.IGNORECASE,
    ),
}
_MEANING_AFTER = {
    "de": re.compile(r"[" + _QUOTES + r"]?\s*(?:heißt|bedeutet|steht für)\b"),
    "en": re.compile(r"[" + _QUOTES + r"]?\s*(?:means|stands for)\b"),
}


def explained_here(
    text: str,
    start: int,
    end: int,
    *,
    language: str,
    opens_block: bool,
    term_explains: Callable[[str], bool | None],
) -> bool:
    """Whether ``text`` explains the term at ``text[start:end]`` where it stands.

    ``opens_block``: ``text`` is the first text of a paragraph, list item or cell.
    ``term_explains(words)``: None unless ``words`` are all one glossary term; then True if
    that term explains this one (it is a synonym of it, or a word every reader knows), False
    if it needs explaining itself.
    """
    after = _BRACKET_AFTER_RE.match(text, end)
    if after:
        inside = after.group(1).strip()
        if _in_words(inside) and term_explains(inside) is not False:
            return True
    opened = _WORDS_THEN_BRACKET_RE.search(text, 0, start)
    closed = _BRACKET_CLOSE_RE.match(text, end)
    if opened and closed:
        around = opened.group(1) + " " + closed.group(1)
        words = len(around.split()) + len(text[start:end].split())
        if words <= _NAME_WORDS and not any(c.isdigit() for c in around):
            return True
    named = _NAMED_BEFORE.get(language)
    if named and named.search(text, 0, start):
        return True
    meaning = _MEANING_AFTER.get(language)
    if meaning and meaning.match(text, end):
        return True
    return (
        opens_block
        and not text[:start].strip(_QUOTES + " ")
        and bool(_COLON_AFTER_RE.match(text, end))
    )


def _in_words(text: str) -> bool:
    """Words, not an abbreviation ("CT", "LoE") or figures ("n = 18", "Version 2024.1D")."""
    if any(c.isdigit() for c in text) or not any(c.islower() for c in text):
        return False
    is_abbreviation = " " not in text and sum(c.isupper() for c in text) >= 2
    return not is_abbreviation
