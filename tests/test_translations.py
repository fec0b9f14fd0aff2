"""The German interface text is complete and the addresses are translated."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import gettext, override

GERMAN_PO = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
_PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    context: str | None = None


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry, target = None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgid":
                entry.msgid += value
            elif target == "msgctxt":
                entry.context = (entry.context or "") + value
            elif target == "msgstr":
                entry.msgstrs[-1] += value
        else:
            keyword, _space, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword == "msgid":
                target, entry.msgid = "msgid", value
            elif keyword == "msgctxt":
                target, entry.context = "msgctxt", value
            elif keyword == "msgid_plural":
                target = "msgid_plural"
            elif keyword.startswith("msgstr"):
                target = "msgstr"
                entry.msgstrs.append(value)
            else:
                raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    return [e for e in entries if e.msgstrs]


@pytest.fixture(scope="module")
def german_entries() -> list[Entry]:
    return [entry for entry in read_po(GERMAN_PO) if entry.msgid]


def test_the_po_reader_finds_the_german_entries(german_entries):
    by_msgid = {entry.msgid: entry for entry in german_entries}

    assert len(german_entries) > 50
    assert by_msgid["Updated on"].msgstrs == ["Aktualisiert am"]
    assert by_msgid["articles/<slug:slug>/"].msgstrs == ["artikel/<slug:slug>/"]
    # Wrapped over several lines in the file:
    assert (
        by_msgid[
            "There is no page at this address. It may have moved, or the address may be mistyped."
        ]
        .msgstrs[0]
        .startswith("Unter dieser Adresse gibt es keine Seite.")
    )


def test_every_german_message_is_translated(german_entries):
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in german_entries
        if not all(msgstr.strip() for msgstr in entry.msgstrs)
    ]

    assert untranslated == []


def test_no_german_translation_is_marked_fuzzy(german_entries):
    # The header (msgid "") is left out: msgfmt keeps it even when it is marked fuzzy.
    fuzzy = [
        f"line {entry.line}: {entry.msgid!r}" for entry in german_entries if "fuzzy" in entry.flags
    ]

    assert fuzzy == []


def test_german_translations_keep_their_placeholders(german_entries):
    broken = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in german_entries
        for msgstr in entry.msgstrs
        if sorted(_PLACEHOLDER_RE.findall(msgstr)) != sorted(_PLACEHOLDER_RE.findall(entry.msgid))
    ]

    assert broken == []


def test_the_compiled_german_catalogue_matches_the_po_file(german_entries):
    # A stale django.mo shows readers old or English text; `make` recompiles it.
    with override("de"):
        stale = [
            entry.msgid
            for entry in german_entries
            if entry.context is None
            and len(entry.msgstrs) == 1
            and gettext(entry.msgid) != entry.msgstrs[0]
        ]

    assert stale == []


@pytest.mark.parametrize(
    ("name", "kwargs", "german", "english"),
    [
        ("articles:home", {}, "/de/", "/en/"),
        ("articles:topic", {"slug": "x"}, "/de/themen/x/", "/en/topics/x/"),
        ("articles:article", {"slug": "x"}, "/de/artikel/x/", "/en/articles/x/"),
    ],
)
def test_the_addresses_are_translated(name, kwargs, german, english):
    with override("de"):
        assert reverse(name, kwargs=kwargs) == german
    with override("en"):
        assert reverse(name, kwargs=kwargs) == english


def test_an_address_translates_into_the_other_language():
    # As in a request: the address is read in its own language.
    with override("de"):
        assert translate_url("/de/artikel/x/", "en") == "/en/articles/x/"
    with override("en"):
        assert translate_url("/en/topics/x/", "de") == "/de/themen/x/"


@pytest.mark.parametrize("path", ["/de/articles/x/", "/en/artikel/x/", "/de/topics/x/"])
def test_an_address_in_the_wrong_language_does_not_resolve(path):
    with pytest.raises(Resolver404):
        resolve(path)
