"""The overview and the explainer as a patient-information editor checks them before launch.

Safe (emergency signs say what to do; no "rare" that plays a sign down), honestly sourced (the
page each article is based on comes first, with its own date), short sentences, and questions
to take to the next appointment.

Sentences are counted on the Markdown a reader reads: every paragraph, heading, box title, list
item and table cell is a unit of its own, split at the same sentence ends as the readability
figure (articles/editorial/readability.py). List items and cells count on their own rather than
being left out or joined to the line before them: a reader reads each as one piece, and a long
sentence is as hard to read in a list or a table as in a paragraph.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.content.files import LANGUAGE_CODES, ArticleData, article_folders, read_article
from articles.models import Article
from articles.rendering import (
    GRADE_PATTERN,
    LANGUAGE_PHRASE_PATTERN,
    TABLE_SEPARATOR_RE,
    read_callout,
)
from tests.content.callouts import callouts

CONTENT_DIR = Path(settings.CONTENT_DIR)
# Each patient article, with the page it is based on: words its citation names, and that page's
# own date as the citation gives it.
BASED_ON = {
    "metastatic-breast-cancer": (
        ("IQWiG", "Metastatic breast cancer", "informedhealth.org"),
        "updated 23 January 2024",
    ),
    "bone-metastases": (("Visite-Medizin", "Knochenmetastasen verstehen"), "28. Oktober 2025"),
}
PATIENT_ARTICLES = sorted(BASED_ON)
MAX_SENTENCE_WORDS = 25
QUESTIONS = range(4, 9)
# The front matter and body a reader sees.
READER_TEXT_FIELDS = ("title", "description", "summary", "body", "image_alt", "image_caption")
# Words that play a warning sign down or tell readers that nobody has checked the page.
PLAYED_DOWN = ("(das ist selten)", "(this is rare)")
REVIEW_PENDING = re.compile(
    r"review pending|pending (?:medical )?review|not yet (?:medically )?(?:reviewed|checked)|"
    r"prüfung ausstehend|noch nicht (?:ärztlich |medizinisch )?geprüft",
    re.IGNORECASE,
)
# The addresses the explainer had before it got its own title.
OLD_EXPLAINER_PATHS = {
    "de": "/de/artikel/knochenmetastasen-verstehen/",
    "en": "/en/articles/understanding-bone-metastases/",
}

_LIST_MARKER_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_LANG_PHRASE_RE = re.compile(LANGUAGE_PHRASE_PATTERN)
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_GRADE_RE = re.compile(GRADE_PATTERN)
# Full stops that end an abbreviation, not a sentence.
_ABBREVIATION_RE = re.compile(
    r"\b(?:z\.\s?B|d\.\s?h|u\.\s?a|o\.\s?J|o\.\s?ä|e\.\s?g|i\.\s?e|bzw|ca|etc|usw|ggf|evtl|"
    r"vs|Dr|Prof|Nr|aktual)\."
)
# Where the readability figure ends a sentence; a full stop inside "0.5" does not.
_SENTENCE_END_RE = re.compile(r"[.!?;:…](?=\s|$)")
_WORD_RE = re.compile(r"[^\W_][\w'’%-]*")


def patient_article(key: str) -> ArticleData:
    return read_article(CONTENT_DIR / "articles" / key)


def reading_units(markdown: str) -> list[str]:
    """What a reader reads as one piece: paragraphs, headings, box titles, items and cells."""
    units = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line == "+++" or TABLE_SEPARATOR_RE.match(line):
            continue
        if box := read_callout(line):
            units.append(box.title)
        elif line.startswith("|"):
            units.extend(cell.strip() for cell in line.strip("|").split("|"))
        else:
            units.append(_LIST_MARKER_RE.sub("", line.lstrip("#").strip()))
    return [unit for unit in units if unit]


def plain(unit: str) -> str:
    unit = _LANG_PHRASE_RE.sub(r"\1", unit)
    unit = _LINK_RE.sub(r"\1", unit)
    unit = _GRADE_RE.sub(r"\2", unit)
    return re.sub(r"[*_`\\]", "", unit)


def sentences(markdown: str) -> list[str]:
    found = []
    for unit in reading_units(markdown):
        text = _ABBREVIATION_RE.sub(lambda match: match.group(0).replace(".", "\0"), plain(unit))
        found.extend(
            part.replace("\0", ".").strip() for part in _SENTENCE_END_RE.split(text) if part.strip()
        )
    return found


def word_count(sentence: str) -> int:
    return len(_WORD_RE.findall(sentence))


def all_articles() -> list[ArticleData]:
    return [read_article(folder) for folder in article_folders(CONTENT_DIR)]


@pytest.mark.parametrize("key", PATIENT_ARTICLES)
def test_each_patient_article_names_the_page_it_is_based_on_first_with_its_date(key):
    words, date = BASED_ON[key]
    first = patient_article(key).sources[0].citation

    missing = [word for word in (*words, date) if word not in first]
    assert not missing, f"{key}: the first source {first!r} lacks {', '.join(missing)}"


@pytest.mark.parametrize("key", PATIENT_ARTICLES)
def test_no_source_of_a_patient_article_claims_an_access_this_site_never_made(key):
    # The reference lists carry their authors' access dates, not this site's.
    accessed = [s.citation for s in patient_article(key).sources if s.accessed_on]

    assert not accessed, f"{key}: access dates on " + "; ".join(accessed)


@pytest.mark.parametrize("key", PATIENT_ARTICLES)
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_no_sentence_in_a_patient_article_is_longer_than_25_words(key, code):
    texts = patient_article(key).texts[code]

    too_long = [
        f"{word_count(sentence)} words: {sentence}"
        for name in READER_TEXT_FIELDS
        for sentence in sentences(texts[name])
        if word_count(sentence) > MAX_SENTENCE_WORDS
    ]
    assert not too_long, f"{key} ({code}), sentences to split:\n" + "\n".join(too_long)


def test_the_sentence_count_splits_at_sentence_ends_but_not_at_abbreviations_or_decimals():
    text = 'Ein Satz, z. B. mit 0.5 %. Noch einer!\n\n- ein Punkt: zwei\n\n!!! note "Titel"'

    assert sentences(text) == [
        "Ein Satz, z. B. mit 0.5 %",
        "Noch einer",
        "ein Punkt",
        "zwei",
        "Titel",
    ]


@pytest.mark.parametrize("key", PATIENT_ARTICLES)
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_each_patient_article_ends_with_four_to_eight_questions_to_ask(key, code):
    body = patient_article(key).texts[code]["body"]
    boxes = callouts(body)

    assert boxes and boxes[-1][0] == "questions", f"{key} ({code}) ends without !!! questions"
    _kind, title, lines = boxes[-1]
    questions = [line for line in lines if _LIST_MARKER_RE.match(line)]
    assert title, f"{key} ({code}): the questions box has no title"
    assert len(questions) in QUESTIONS, f"{key} ({code}): {len(questions)} questions"
    assert all(question.endswith("?") for question in questions)
    last_lines = [line for line in body.splitlines() if line.strip()]
    assert last_lines[-1].strip() == questions[-1], f"{key} ({code}): text after the questions"


def test_the_explainer_tells_readers_to_call_112_at_once_for_signs_of_spinal_cord_pressure():
    article = patient_article("bone-metastases")
    signs = {"de": ("Beine", "gehen", "Blase"), "en": ("legs", "walk", "bladder")}

    for code in LANGUAGE_CODES:
        immediate = [box for box in callouts(article.texts[code]["body"]) if box[0] == "immediate"]
        assert immediate, f"bone-metastases ({code}) has no !!! immediate box"
        _kind, title, lines = immediate[0]
        assert "112" in title
        missing = [sign for sign in signs[code] if sign not in "\n".join(lines)]
        assert not missing, f"bone-metastases ({code}): the box lacks {', '.join(missing)}"


def test_every_immediate_box_says_what_to_do_and_when():
    empty = [
        f"{article.key} ({code})"
        for article in all_articles()
        for code in LANGUAGE_CODES
        for kind, title, lines in callouts(article.texts[code]["body"])
        if kind == "immediate" and not (title.strip() and lines)
    ]

    assert not empty, "immediate boxes without a title or text: " + ", ".join(empty)


def test_no_article_plays_a_warning_sign_down_or_says_its_review_is_pending():
    found = []
    for article in all_articles():
        for code in LANGUAGE_CODES:
            text = "\n".join(article.texts[code][name] for name in READER_TEXT_FIELDS)
            found += [f"{article.key} ({code}): {p}" for p in PLAYED_DOWN if p in text.casefold()]
            found += [f"{article.key} ({code}): {m}" for m in REVIEW_PENDING.findall(text)]

    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_the_explainers_old_addresses_lead_to_its_new_ones_after_an_import(
    client, content_dir, settings
):
    settings.DEVELOPMENT_DATA = True  # published at once, as on a local trial
    call_command("import_content", str(content_dir), verbosity=0)
    explainer = Article.objects.get(key="bone-metastases")
    # As the site had it before the explainer got its own title; the import then reads the
    # files again, as it does for a folder that changed.
    Article.objects.filter(pk=explainer.pk).update(
        slug_de="knochenmetastasen-verstehen",
        slug_en="understanding-bone-metastases",
        imported_digest="",
    )

    call_command("import_content", str(content_dir), verbosity=0)

    explainer.refresh_from_db()
    for code, old in OLD_EXPLAINER_PATHS.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == explainer.get_absolute_url(code)
        assert client.get(response["Location"]).status_code == 200
