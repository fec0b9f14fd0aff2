"""A guideline summary in content/ reads as patient information, not as copied slides.

It names the guideline it reflects first among its sources, says in words what the guideline
recommends before the graded tables, keeps sentences short, warns plainly where a sign is an
emergency and ends with questions to take to the next appointment.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.content.files import LANGUAGE_CODES, article_folders, read_article
from articles.editorial.readability import plain_text
from articles.rendering import GRADE_PATTERN, render_markdown
from tests.content.callouts import callouts

CONTENT_DIR = Path(settings.CONTENT_DIR)
GUIDELINE_SUMMARIES = [
    folder
    for folder in article_folders(CONTENT_DIR)
    if read_article(folder).kind == "guideline-summary"
]
for_each_guideline_summary = pytest.mark.parametrize(
    "folder", GUIDELINE_SUMMARIES, ids=lambda folder: folder.name
)

READER_TEXT_FIELDS = ("title", "description", "summary", "body", "image_alt", "image_caption")
# The rule for overviews and explainers is 25 words; a guideline summary names
# treatments and grades and may run a little longer, never much.
MAX_SENTENCE_WORDS = 30
MIN_QUESTIONS, MAX_QUESTIONS = 4, 8
# Plain sentences a section gives before its first graded table.
MIN_PLAIN_SENTENCES = 2
EMERGENCY_NUMBER = "112"
EMERGENCY_DEPARTMENT = {"de": "Notaufnahme", "en": "emergency department"}
# Words of the slides and trial registries that mean nothing to a reader.
SLIDE_WORDS_RE = re.compile(r"\bFolien?\b|\bslides?\b|\bNCT\s?\d", re.IGNORECASE)
# The spinal cord compression the guideline grades, in each language.
SPINAL_COMPRESSION = {"de": "Rückenmark", "en": "spinal cord"}

_GRADE_RE = re.compile(GRADE_PATTERN)
_SECTION_RE = re.compile(r"^##\s")
_LIST_ITEM_RE = re.compile(r"^\s*[-*+]\s+\S")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS_RE = re.compile(r"\b(?:z\. B|d\. h|u\. a|e\. g|i\. e|bzw|ca|etc|usw|vs|Dr|Nr)\.")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
_WORD_RE = re.compile(r"\w[\w'’-]*")


def sentences(markdown_text: str, language: str) -> list[str]:
    """The prose sentences a reader reads in ``markdown_text``, without tables and headings."""
    text = plain_text(render_markdown(markdown_text, language).html)
    protected = _ABBREVIATIONS_RE.sub(lambda match: match.group(0).replace(".", "\x00"), text)
    return [
        sentence.replace("\x00", ".")
        for line in protected.splitlines()
        for sentence in _SENTENCE_SPLIT_RE.split(line)
        if sentence.strip()
    ]


def word_count(sentence: str) -> int:
    return len(_WORD_RE.findall(sentence))


def sections(body: str) -> list[list[str]]:
    """The lines of the body, one list per ``##`` section; the introduction first."""
    parts: list[list[str]] = [[]]
    for line in body.splitlines():
        if _SECTION_RE.match(line):
            parts.append([])
        parts[-1].append(line)
    return parts


def graded_rows(section: list[str]) -> list[str]:
    """The table rows of a section that carry a guideline grade."""
    return [line for line in section if line.lstrip().startswith("|") and _GRADE_RE.search(line)]


def prose_before_first_graded_table(section: list[str]) -> str | None:
    """The paragraphs of a section before its first table with grades; None without one."""
    rows = graded_rows(section)
    if not rows:
        return None
    first_row = section.index(rows[0])
    table_start = first_row
    while table_start > 0 and section[table_start - 1].lstrip().startswith("|"):
        table_start -= 1
    prose = [
        line
        for line in section[1:table_start]
        if line.strip() and not line.startswith(("#", "Table:", "|", "!!!", "    ", "\\*"))
    ]
    return "\n\n".join(prose)


def test_the_content_folder_holds_a_guideline_summary():
    assert GUIDELINE_SUMMARIES, f"{CONTENT_DIR / 'articles'} holds no guideline summary"


@for_each_guideline_summary
def test_the_first_source_is_the_guideline_version_the_summary_reflects(folder):
    article = read_article(folder)
    organisation, version = article.evidence_version.split()
    first = article.sources[0].citation

    assert organisation in first and f"Guidelines Breast Version {version}" in first, (
        f"{folder / 'article.toml'}: the first source must be the {article.evidence_version} "
        f"guideline the summary is based on, not {first!r}"
    )


@for_each_guideline_summary
def test_no_reader_text_speaks_of_slides_or_trial_registry_numbers(folder):
    article = read_article(folder)
    found = [
        f"{code} {name}: {', '.join(words)}"
        for code in LANGUAGE_CODES
        for name in READER_TEXT_FIELDS
        if (words := SLIDE_WORDS_RE.findall(article.texts[code][name]))
    ]

    assert not found, f"{folder.name}: say what the guideline says, without:\n" + "\n".join(found)


@for_each_guideline_summary
def test_every_section_with_graded_tables_first_says_in_plain_sentences_what_they_recommend(
    folder,
):
    article = read_article(folder)

    too_short = []
    for code in LANGUAGE_CODES:
        for section in sections(article.texts[code]["body"]):
            prose = prose_before_first_graded_table(section)
            if prose is not None and len(sentences(prose, code)) < MIN_PLAIN_SENTENCES:
                too_short.append(f"{code}: {section[0] or '(introduction)'}")

    assert not too_short, (
        f"{folder.name}: sections whose graded table comes without {MIN_PLAIN_SENTENCES} "
        "plain sentences before it:\n" + "\n".join(too_short)
    )


@for_each_guideline_summary
def test_no_sentence_is_longer_than_30_words(folder):
    article = read_article(folder)

    too_long = [
        f"{code} ({word_count(sentence)} words): {sentence}"
        for code in LANGUAGE_CODES
        for name in ("summary", "body")
        for sentence in sentences(article.texts[code][name], code)
        if word_count(sentence) > MAX_SENTENCE_WORDS
    ]

    assert not too_long, f"{folder.name}: sentences to split:\n" + "\n".join(too_long)


@for_each_guideline_summary
def test_every_immediate_box_title_names_112_and_the_emergency_department(folder):
    # Reading the files already refuses a box without a title or text; this is what it says.
    article = read_article(folder)

    unclear = [
        f"{code}: {title!r}"
        for code in LANGUAGE_CODES
        for kind, title, _content in callouts(article.texts[code]["body"])
        if kind == "immediate"
        and not (EMERGENCY_NUMBER in title and EMERGENCY_DEPARTMENT[code] in title)
    ]

    assert not unclear, (
        f"{folder.name}: immediate boxes whose title does not say to call {EMERGENCY_NUMBER} "
        f"or go to the emergency department: {unclear}"
    )


@for_each_guideline_summary
def test_the_section_grading_radiotherapy_for_spinal_cord_compression_says_to_call_112(folder):
    article = read_article(folder)

    missing = []
    for code in LANGUAGE_CODES:
        grading = [
            "\n".join(section)
            for section in sections(article.texts[code]["body"])
            if any(SPINAL_COMPRESSION[code] in row for row in graded_rows(section))
        ]
        warned = [
            text
            for text in grading
            for kind, title, content in callouts(text)
            if kind == "immediate" and EMERGENCY_NUMBER in title + "\n".join(content)
        ]
        if not warned:
            missing.append(code)

    assert not missing, (
        f"{folder.name}: no section that grades treatment of spinal cord compression has an "
        f"immediate box saying to call {EMERGENCY_NUMBER}: {missing}"
    )


@for_each_guideline_summary
def test_the_body_ends_with_four_to_eight_questions_for_the_next_appointment(folder):
    article = read_article(folder)

    counts = {}
    for code in LANGUAGE_CODES:
        boxes = [box for box in callouts(article.texts[code]["body"]) if box[0] == "questions"]
        assert len(boxes) == 1, f"{folder.name} ({code}): {len(boxes)} questions boxes"
        _kind, title, content = boxes[0]
        assert title.strip(), f"{folder.name} ({code}): the questions box has no title"
        counts[code] = sum(bool(_LIST_ITEM_RE.match(line)) for line in content)

    assert all(MIN_QUESTIONS <= count <= MAX_QUESTIONS for count in counts.values()), (
        f"{folder.name}: questions per language {counts}, {MIN_QUESTIONS} to {MAX_QUESTIONS} wanted"
    )
