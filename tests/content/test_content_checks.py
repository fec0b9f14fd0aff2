"""The content itself: both languages in step, every figure traceable, nothing copied.

The source documents the articles were written from live outside the project, in
../shared/seeds/ (see its README). They are read from there and never copied in; the checks
that need them are skipped where that folder is absent.
"""

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from articles.content.files import (
    LANGUAGE_CODES,
    ArticleData,
    article_folders,
    read_article,
    read_glossary,
)
from articles.models import GlossaryTerm
from articles.rendering import GRADE_PATTERN, read_callout, uncaptioned_tables

# Which source document each article was written from.
SEED_FILES = {
    "metastatic-breast-cancer": "000_87c2cee6902333b1.txt",
    "local-treatment-of-metastases": "001_08a157b401a71243.txt",
    "bone-metastases": "002_31c2ea0baad137b1.txt",
}
# The front matter and body a reader sees; the sources are shared and cited, not written anew.
READER_TEXT_FIELDS = ("title", "description", "summary", "body", "image_alt", "image_caption")
BULLET_SUMMARY_KINDS = ("overview", "guideline-summary")
SHINGLE_LENGTH = 8
MINIMUM_ARTICLES = 3
MINIMUM_GLOSSARY_TERMS = 60
MAX_DEFINITION_LENGTH = 250
MAX_DEFINITION_SENTENCES = 2
# The closing note says, in each language, that it does not replace talking with the care team.
DOES_NOT_REPLACE = {"de": "ersetz", "en": "replace"}

CONTENT_DIR = Path(settings.CONTENT_DIR)
ARTICLE_FOLDERS = article_folders(CONTENT_DIR)

_HEADING_RE = re.compile(r"^(#{2,3})\s+(.*)")
_TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+", re.MULTILINE)
_GRADE_RE = re.compile(GRADE_PATTERN)
_DIGITS_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[\w'\u2019]+")  # U+2019: the typographic apostrophe
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL_RE = re.compile(r"(?:https?://|mailto:)\S+")
_MARKUP_RE = re.compile(r"\{\{[^}]*\}\}")
# Abbreviations end in a full stop without ending the sentence.
_ABBREVIATION_RE = re.compile(
    r"\b(?:z\.\s?B|d\.\s?h|u\.\s?a|o\.\s?ä|v\.\s?a|e\.\s?g|i\.\s?e|bzw|ca|etc|usw|ggf|evtl|inkl|"
    r"sog|vs|Dr|Prof|Nr)\.",
)
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s|$)")


def article_ids(folder: Path) -> str:
    return folder.name


for_each_article = pytest.mark.parametrize("folder", ARTICLE_FOLDERS, ids=article_ids)


@pytest.fixture
def seeds_dir() -> Path:
    """The folder with the source documents, next to the project; skipped where it is absent."""
    path = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not path.is_dir():
        pytest.skip(f"the source documents are not available: {path} is absent")
    return path


@cache
def _read_seed(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def seed_text(seeds_dir: Path, key: str) -> tuple[str, str]:
    """The name and text of the source document the article ``key`` was written from."""
    assert key in SEED_FILES, (
        f"article {key!r} has no source document in SEED_FILES; add the file it was written from"
    )
    path = seeds_dir / SEED_FILES[key]
    assert path.is_file(), f"{path}, the source document of {key!r}, is missing"
    return path.name, _read_seed(path)


def language_file(article: ArticleData, code: str) -> str:
    return str((article.folder / f"{code}.md").relative_to(settings.BASE_DIR))


def reader_texts(article: ArticleData, code: str) -> list[str]:
    return [article.texts[code][name] for name in READER_TEXT_FIELDS]


def markdown_lines(text: str):
    """The lines of ``text`` outside fenced code blocks."""
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield line


def section_outline(body: str) -> list[tuple[str, int]]:
    """Each ``##`` section with the number of ``###`` under it; the introduction comes first."""
    outline = [["(introduction)", 0]]
    for line in markdown_lines(body):
        heading = _HEADING_RE.match(line)
        if heading and heading.group(1) == "##":
            outline.append([heading.group(2).strip(), 0])
        elif heading:
            outline[-1][1] += 1
    return [(title, subsections) for title, subsections in outline]


def callout_kinds(body: str) -> list[str]:
    return [box.kind for line in markdown_lines(body) if (box := read_callout(line))]


def table_row_counts(body: str) -> list[int]:
    """The number of rows of each table, header included, separator line not."""
    tables, in_table = [], False
    for line in markdown_lines(body):
        stripped = line.strip()
        if stripped.startswith("|"):
            if not in_table:
                tables.append(0)
                in_table = True
            if not _TABLE_SEPARATOR_RE.match(stripped):
                tables[-1] += 1
        else:
            in_table = False
    return tables


def grade_markers(text: str) -> list[str]:
    return [f"{{{{{scale} {value}}}}}" for scale, value in _GRADE_RE.findall(text)]


def plain_words(text: str) -> list[str]:
    """Lower-case words of ``text``, with one kind of apostrophe."""
    text = unicodedata.normalize("NFC", text).lower()
    return [word.replace("\u2019", "'") for word in _WORD_RE.findall(text)]


def markdown_words(text: str) -> list[str]:
    """The words a reader reads in Markdown ``text``: no grades, addresses or syntax."""
    text = _MARKUP_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub(" ", text)
    text = re.sub(r"^!!!\s*\S+", " ", text, flags=re.MULTILINE)
    text = re.sub(r"[*_`#|>\\]", " ", text)
    return plain_words(text)


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {
        tuple(words[start : start + SHINGLE_LENGTH])
        for start in range(len(words) - SHINGLE_LENGTH + 1)
    }


def copied_runs(words: list[str], seed_shingles: set[tuple[str, ...]]) -> list[str]:
    """The longest stretches of ``words`` made of shingles that also occur in the seeds."""
    starts = [
        start
        for start in range(len(words) - SHINGLE_LENGTH + 1)
        if tuple(words[start : start + SHINGLE_LENGTH]) in seed_shingles
    ]
    runs: list[list[int]] = []
    for start in starts:
        if runs and start == runs[-1][1] + 1:
            runs[-1][1] = start
        else:
            runs.append([start, start])
    return [" ".join(words[first : last + SHINGLE_LENGTH]) for first, last in runs]


def all_equal(values: dict) -> bool:
    """True when every language has the same value."""
    first, *others = values.values()
    return all(other == first for other in others)


def test_the_content_folder_holds_at_least_three_articles():
    assert len(ARTICLE_FOLDERS) >= MINIMUM_ARTICLES, (
        f"{CONTENT_DIR / 'articles'} holds {len(ARTICLE_FOLDERS)} article folders"
    )


# Both languages in step


@for_each_article
def test_every_article_is_written_in_both_languages(folder):
    article = read_article(folder)

    missing = [f"{code}.md" for code in LANGUAGE_CODES if code not in article.texts]
    assert not missing, f"{folder.name}: {', '.join(missing)} missing"


@for_each_article
def test_both_languages_have_the_same_sections_and_subsections(folder):
    article = read_article(folder)
    outlines = {code: section_outline(article.texts[code]["body"]) for code in LANGUAGE_CODES}

    shapes = {code: [count for _title, count in outline] for code, outline in outlines.items()}
    assert all_equal(shapes), f"{folder.name}: sections (### under each ##) differ:\n" + "\n".join(
        f"{code}: {outline}" for code, outline in outlines.items()
    )


@for_each_article
def test_both_languages_have_the_same_callouts_in_the_same_order(folder):
    article = read_article(folder)
    kinds = {code: callout_kinds(article.texts[code]["body"]) for code in LANGUAGE_CODES}

    assert all_equal(kinds), f"{folder.name}: callouts differ: {kinds}"


@for_each_article
def test_every_table_has_a_caption(folder):
    article = read_article(folder)
    missing = {
        (code, field): uncaptioned_tables(article.texts[code][field])
        for code in LANGUAGE_CODES
        for field in ("summary", "body")
    }

    assert not any(missing.values()), f"{folder.name}: tables without a caption: {missing}"


@for_each_article
def test_both_languages_have_the_same_tables_with_the_same_rows(folder):
    article = read_article(folder)
    rows = {code: table_row_counts(article.texts[code]["body"]) for code in LANGUAGE_CODES}

    assert all_equal(rows), f"{folder.name}: rows per table differ: {rows}"


@for_each_article
def test_both_languages_have_the_same_number_of_summary_bullets(folder):
    article = read_article(folder)
    if article.kind not in BULLET_SUMMARY_KINDS:
        assert not any(
            _BULLET_RE.search(article.texts[code]["summary"]) for code in LANGUAGE_CODES
        ), f"{folder.name}: an {article.kind} summarises in one short paragraph, not bullets"
        return

    bullets = {
        code: len(_BULLET_RE.findall(article.texts[code]["summary"])) for code in LANGUAGE_CODES
    }

    assert all(bullets.values()), (
        f"{folder.name}: a {article.kind} summarises in bullets: {bullets}"
    )
    assert all_equal(bullets), f"{folder.name}: summary bullets differ: {bullets}"


@for_each_article
def test_both_languages_give_the_same_grades_in_the_same_order(folder):
    article = read_article(folder)
    grades = {
        code: grade_markers(article.texts[code]["summary"] + "\n" + article.texts[code]["body"])
        for code in LANGUAGE_CODES
    }

    first, *others = LANGUAGE_CODES
    for other in others:
        diff = difflib.unified_diff(grades[first], grades[other], first, other, lineterm="", n=1)
        assert grades[first] == grades[other], f"{folder.name}: grades differ:\n" + "\n".join(diff)


@for_each_article
def test_every_article_names_at_least_one_source(folder):
    sources = read_article(folder).sources

    assert sources, f"{folder / 'article.toml'}: no [[sources]]"


@for_each_article
def test_every_published_article_plans_its_next_update(folder):
    # "Updated on" is this site's own date, set when it publishes; the files plan the next.
    article = read_article(folder)
    if article.status != "published":
        return

    assert article.next_update_on, f"{folder / 'article.toml'}: next_update_on is missing"


@for_each_article
def test_every_guideline_summary_names_the_guideline_version_it_reflects(folder):
    article = read_article(folder)
    if article.kind != "guideline-summary":
        return

    version = article.evidence_version
    assert version, f"{folder / 'article.toml'}: evidence_version is missing"
    assert any(version.split()[-1] in source.citation for source in article.sources), (
        f"{folder / 'article.toml'}: no source names the version {version!r}"
    )


# Faithful to the source documents


# Numbers that are this site's own advice, not facts from a source: the emergency number.
SITE_NUMBERS = {"112"}


@for_each_article
def test_every_number_in_an_article_occurs_in_its_source_document(folder, seeds_dir):
    article = read_article(folder)
    seed_name, seed = seed_text(seeds_dir, folder.name)
    seed_numbers = set(_DIGITS_RE.findall(seed)) | SITE_NUMBERS

    missing = {}
    for code in LANGUAGE_CODES:
        numbers = set(_DIGITS_RE.findall("\n".join(reader_texts(article, code))))
        if unknown := numbers - seed_numbers:
            missing[language_file(article, code)] = sorted(unknown, key=int)

    assert not missing, f"numbers not found in {seed_name}:\n" + "\n".join(
        f"{path}: {', '.join(numbers)}" for path, numbers in missing.items()
    )


@for_each_article
def test_no_article_copies_eight_words_in_a_row_from_the_source_documents(folder, seeds_dir):
    article = read_article(folder)
    seed_shingles = set()
    for key in SEED_FILES:
        _name, seed = seed_text(seeds_dir, key)
        seed_shingles |= shingles(plain_words(seed))

    copied = {}
    for code in LANGUAGE_CODES:
        runs = [
            run
            for text in reader_texts(article, code)
            for run in copied_runs(markdown_words(text), seed_shingles)
        ]
        if runs:
            copied[language_file(article, code)] = runs

    assert not copied, "word runs copied from the source documents:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(runs) for path, runs in copied.items()
    )


# Glossary


def test_every_glossary_term_is_used_by_an_article_or_marked_general(imported_content):
    unused = GlossaryTerm.objects.filter(general=False, usages__isnull=True)

    assert not unused.exists(), (
        "glossary terms no article uses (use them, or mark them general = true): "
        + ", ".join(unused.order_by("key").values_list("key", flat=True))
    )


def test_the_glossary_has_enough_terms_in_both_languages():
    terms = read_glossary(CONTENT_DIR / "glossary.toml")

    assert len(terms) >= MINIMUM_GLOSSARY_TERMS, f"the glossary has {len(terms)} terms"
    one_language = [term.key for term in terms if set(term.texts) != set(LANGUAGE_CODES)]
    assert not one_language, f"terms missing a language: {', '.join(one_language)}"


def test_glossary_definitions_are_at_most_two_short_sentences():
    terms = read_glossary(CONTENT_DIR / "glossary.toml")

    too_long = []
    for term in terms:
        for code, texts in term.texts.items():
            definition = texts["definition"]
            sentences = len(_SENTENCE_END_RE.findall(_ABBREVIATION_RE.sub("", definition)))
            if len(definition) > MAX_DEFINITION_LENGTH or sentences > MAX_DEFINITION_SENTENCES:
                too_long.append(
                    f"{term.key} ({code}): {len(definition)} characters, {sentences} sentences"
                )

    assert not too_long, "definitions to shorten:\n" + "\n".join(too_long)


def test_no_glossary_term_or_variant_is_claimed_twice_in_a_language():
    # read_glossary already refuses a clash at the first one; this names every clash.
    terms = read_glossary(CONTENT_DIR / "glossary.toml")

    owners: dict[tuple[str, str], list[str]] = {}
    for term in terms:
        for code, texts in term.texts.items():
            for form in {texts["term"].casefold(), *(v.casefold() for v in texts["variants"])}:
                owners.setdefault((code, form), []).append(term.key)

    claimed_twice = {place: keys for place, keys in owners.items() if len(keys) > 1}
    assert not claimed_twice, "\n".join(
        f"{form!r} ({code}) belongs to {', '.join(keys)}"
        for (code, form), keys in claimed_twice.items()
    )


# The closing note


@for_each_article
def test_every_article_ends_with_a_note_that_it_does_not_replace_the_care_team(folder):
    article = read_article(folder)

    problems = []
    for code in LANGUAGE_CODES:
        lines = article.texts[code]["body"].splitlines()
        # The last line that starts a block; the callout's own text is indented below it. The
        # questions to take to the next appointment come after the note.
        block_starts = [i for i, line in enumerate(lines) if line.strip() and not line[0].isspace()]
        ends_with_questions = block_starts and lines[block_starts[-1]].startswith("!!! questions")
        end = block_starts.pop() if ends_with_questions else len(lines)
        last = block_starts[-1] if block_starts else 0
        callout = read_callout(lines[last]) if lines else None
        note_text = "\n".join(lines[last + 1 : end]).casefold()
        if not callout or callout.kind != "note":
            problems.append(f"{language_file(article, code)}: the body ends without a !!! note")
        elif DOES_NOT_REPLACE[code] not in note_text:
            problems.append(
                f"{language_file(article, code)}: the closing note lacks "
                f"{DOES_NOT_REPLACE[code]!r}: it must say it does not replace the care team"
            )

    assert not problems, "\n".join(problems)
