"""The glossary itself: the words the articles need, each with a definition of its own.

A medical editor's review found definitions that only restated the word, variants that lent a
word another word's definition, and words the articles use without explaining them. These
checks keep those from coming back.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.content.files import LANGUAGE_CODES, GlossaryData, read_glossary, read_removed_terms
from articles.models import GlossaryTerm

GLOSSARY_FILE = Path(settings.CONTENT_DIR) / "glossary.toml"
# Words readers of the three articles meet and the review found unexplained.
NEEDED_TERMS = (
    "registry-study",
    "oligorecurrence",
    "oligoprogression",
    "oligopersistence",
    "radiosurgery",
    "sbrt",
    "skeletal-related-events",
    "bone-turnover-markers",
    "central-nervous-system",
    "cerebrospinal-fluid",
    "care-level",
    "household-help",
    "prescription",
    "embolisation",
    "thoracotomy",
)
# (language, a word, the term that must not own it): each would show that term's definition
# where the word stands, and that definition says something else.
WRONG_OWNERS = (
    ("de", "Registerstudie", "clinical-trial"),
    ("en", "registry study", "clinical-trial"),
    ("de", "Eingriff", "surgery"),
    ("de", "Heilung", "curative"),
    ("en", "cure", "curative"),
    ("de", "cN1", "clinical-nodal-status"),
    ("en", "cN1", "clinical-nodal-status"),
    ("de", "teilstationär", "inpatient"),
    ("de", "stereotaktische Radiochirurgie", "stereotactic-radiotherapy"),
    ("en", "stereotactic radiosurgery", "stereotactic-radiotherapy"),
    ("de", "SRS", "sbrt"),
    ("en", "SRS", "sbrt"),
)
# A word with a glossary entry of its own, which must win over a shorter term it contains.
OWN_ENTRIES = (
    ("de", "Oligorezidiv", "oligorecurrence"),
    ("en", "oligorecurrence", "oligorecurrence"),
    ("de", "Registerstudie", "registry-study"),
    ("de", "cN1", "clinical-nodal-status-affected"),
    ("de", "Radiochirurgie", "radiosurgery"),
    ("de", "Wirbel", "vertebra"),
)
# "Ein Chemotherapie-Medikament." names a drug's group and says nothing a reader can use.
MIN_DEFINITION_WORDS = 5
# Words that carry no meaning of their own in a definition.
FUNCTION_WORDS = {
    "de": {"ein", "eine", "einer", "der", "die", "das", "den", "dem", "des", "in", "im", "am"},
    "en": {"a", "an", "the", "in", "of", "on"},
}
# Claims the sources do not support, found by the review.
UNSUPPORTED = (
    ("stage-iv", "de", "das letzte stadium"),
    ("stage-iv", "en", "the last stage"),
    ("triple-negative", "de", "wirken dann nicht"),
    ("triple-negative", "en", "do not work"),
    ("pleurodesis", "de", "kein erguss mehr"),
    ("pleurodesis", "en", "no longer collect"),
    ("histology", "de", "zeigt sicher"),
    ("cancer-counselling-centre", "de", "kostenlos"),
)
_WORD_RE = re.compile(r"\w+")


@cache
def glossary() -> dict[str, GlossaryData]:
    return {term.key: term for term in read_glossary(GLOSSARY_FILE)}


def owner_of(code: str, form: str) -> str | None:
    """The key of the term whose headword or variant ``form`` is in language ``code``."""
    folded = form.casefold()
    for term in glossary().values():
        texts = term.texts.get(code)
        if texts and folded in {f.casefold() for f in (texts["term"], *texts["variants"])}:
            return term.key
    return None


@pytest.mark.parametrize("key", NEEDED_TERMS)
def test_the_terms_the_articles_need_are_explained_in_both_languages(key):
    term = glossary().get(key)

    assert term is not None, f"content/glossary.toml has no term {key!r}"
    assert set(term.texts) == set(LANGUAGE_CODES), f"{key}: languages {sorted(term.texts)}"
    for code, texts in term.texts.items():
        assert texts["term"].strip() and texts["definition"].strip(), f"{key} ({code})"


def test_no_definition_only_restates_its_headword():
    restating = []
    for term in glossary().values():
        for code, texts in term.texts.items():
            headword = texts["term"].casefold()
            words = {w for w in _WORD_RE.findall(texts["definition"].casefold())}
            meaningful = words - FUNCTION_WORDS[code]
            if all(word in headword for word in meaningful):
                restating.append(f"{term.key} ({code}): {texts['definition']!r}")

    assert not restating, "definitions that only repeat the word:\n" + "\n".join(restating)


def test_every_definition_says_more_than_the_kind_of_thing_it_is():
    empty = [
        f"{term.key} ({code}): {texts['definition']!r}"
        for term in glossary().values()
        for code, texts in term.texts.items()
        if len(_WORD_RE.findall(texts["definition"])) < MIN_DEFINITION_WORDS
    ]

    assert not empty, "definitions that say next to nothing:\n" + "\n".join(empty)


def test_no_variant_of_one_term_is_the_headword_of_another():
    clashes = []
    for code in LANGUAGE_CODES:
        headwords = {
            term.texts[code]["term"].casefold(): term.key
            for term in glossary().values()
            if code in term.texts
        }
        for term in glossary().values():
            for variant in term.texts.get(code, {}).get("variants", []):
                owner = headwords.get(variant.casefold())
                if owner and owner != term.key:
                    clashes.append(f"{variant!r} ({code}): variant of {term.key}, term {owner}")

    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(("code", "form", "wrong_key"), WRONG_OWNERS)
def test_a_word_does_not_borrow_the_definition_of_another(code, form, wrong_key):
    assert owner_of(code, form) != wrong_key, f"{form!r} ({code}) shows {wrong_key}'s definition"


@pytest.mark.parametrize(("code", "form", "key"), OWN_ENTRIES)
def test_a_word_the_review_named_has_its_own_entry(code, form, key):
    assert owner_of(code, form) == key


@pytest.mark.parametrize(("key", "code", "claim"), UNSUPPORTED)
def test_no_definition_makes_a_claim_the_review_found_unsupported(key, code, claim):
    texts = glossary()[key].texts[code]

    assert claim not in (texts["definition"] + texts["explanation"]).casefold()


def test_the_oligo_situations_use_the_number_of_the_guidelines_definitions():
    # The guideline's table: ESMO and ABC-7 up to five lesions, ESTRO/ASTRO 1-5.
    up_to_five = {"de": "bis zu fünf", "en": "up to five"}
    for key in ("oligorecurrence", "oligoprogression", "oligopersistence"):
        for code, texts in glossary()[key].texts.items():
            assert up_to_five[code] in texts["definition"], f"{key} ({code})"
            assert "OligoCare" in texts["explanation"], f"{key} ({code}): name the source"


def test_a_removed_term_is_not_also_in_the_glossary():
    removed = read_removed_terms(GLOSSARY_FILE)

    assert {"liver-metastasis", "lung-metastasis"} <= set(removed)
    assert not set(removed) & set(glossary())


def test_the_import_deletes_a_stored_removed_term_and_its_page_answers_gone(client, db):
    GlossaryTerm.objects.create(
        key="lung-metastasis",
        term_de="Lungenmetastase",
        slug_de="lungenmetastase",
        definition_de="Eine Metastase in der Lunge.",
        term_en="lung metastasis",
        slug_en="lung-metastasis",
        definition_en="A metastasis in the lung.",
    )
    assert client.get("/de/glossar/lungenmetastase/").status_code == 200

    call_command("import_content", str(GLOSSARY_FILE.parent), verbosity=0)

    assert not GlossaryTerm.objects.filter(key="lung-metastasis").exists()
    assert client.get("/de/glossar/lungenmetastase/").status_code == 410
    assert client.get("/en/glossary/lung-metastasis/").status_code == 410
