"""Reading and checking the files in ``content/`` (format: content/README.md).

Everything here works on files only and never touches the database, so that a bad file is
reported with its name, line or field and reason before anything is written.
"""

import datetime
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import override

from ..glossary.matcher import contains_markup
from ..models.article import LANGUAGE_TAG, SOURCE_FIELDS
from ..rendering import incomplete_urgent_advice, uncaptioned_tables
from .checks import SiteAddresses, check_markdown

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
KINDS = ("overview", "explainer", "guideline-summary")
STATUSES = ("draft", "published")
MARKINGS = ("mark", "glossary-only")  # GlossaryTerm.Marking; a term without one is marked
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_FENCE = "+++"
_TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column \d+\)")
_TABLE_HEADER_RE = re.compile(r"^[ \t]*\[", re.M)


class ContentError(Exception):
    """A problem in one content file, pointing at the place to fix."""

    def __init__(self, path: Path, reason: str, *, line: int | None = None, field: str = ""):
        self.path, self.reason, self.line, self.field = path, reason, line, field
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {field + ': ' if field else ''}{reason}")


@dataclass
class SourceData:
    citation: str
    url: str = ""
    doi: str = ""
    accessed_on: datetime.date | None = None
    language: str = ""  # of the cited work, e.g. "en"


@dataclass
class ChangeData:
    """A significant update, listed under "What changed": its date and a note per language."""

    changed_on: datetime.date
    notes: dict[str, str]  # language → note


@dataclass
class TopicData:
    key: str
    order: int
    texts: dict[str, dict[str, str]]  # language → title, slug, description


@dataclass
class ArticleData:
    key: str
    folder: Path
    kind: str
    status: str
    next_update_on: datetime.date | None
    topics: list[str]
    related: list[str]
    image: Path | None
    sources: list[SourceData]
    evidence_version: str = ""
    changes: list[ChangeData] = field(default_factory=list)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language → field → text
    body_lines: dict[str, int] = field(default_factory=dict)  # language → body's first line


ARTICLE_TEXT_FIELDS = (
    "title", "slug", "description", "summary", "image_alt", "image_caption", "author", "body",
)  # fmt: skip
_FRONT_MATTER_KEYS = {
    "title": True,
    "slug": True,
    "description": True,
    "summary": True,
    "image_alt": False,
    "image_caption": False,
    "author": False,
}  # fmt: skip  (key → required)
# Keys older files have: this site's own records say who checked an article and when it was
# checked and updated, never dates or names copied from the source documents.
RETIRED_KEYS = {
    "updated_on": "set by this site when it publishes a change",
    "reviewed_on": "set by this site from the medical review",
    "reviewer": "set by this site from the medical review",
}


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(path, "file is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(path, f"not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise ContentError(path, "not UTF-8 text") from None


def _load_toml_settings(path: Path) -> dict:
    """The keys above the first table ([[sources]] …) of a TOML file, which TOML puts first.

    The whole file where cutting it there gives no TOML (a multi-line value with a line that
    starts with "[").
    """
    try:
        text = path.read_text(encoding="utf-8")
        first_table = _TABLE_HEADER_RE.search(text)
        return tomllib.loads(text[: first_table.start()] if first_table else text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return _load_toml(path)


def _check_keys(path: Path, data: dict, allowed: set[str], required: set[str], where: str = ""):
    prefix = f"{where}." if where else ""
    for key in data:
        if key not in allowed:
            raise ContentError(path, "unknown field (spelling?)", field=prefix + key)
    for key in sorted(required):
        if key not in data:
            raise ContentError(path, "required field is missing", field=prefix + key)


def _refuse_retired_keys(path: Path, data: dict):
    for key in data:
        if key in RETIRED_KEYS:
            raise ContentError(
                path, f"no longer read: {RETIRED_KEYS[key]}; remove this line", field=key
            )


def _string(path: Path, data: dict, key: str, *, required: bool, where: str = "") -> str:
    value = data.get(key, "")
    name = f"{where}.{key}" if where else key
    if not isinstance(value, str):
        raise ContentError(path, "must be text in quotes", field=name)
    value = value.strip()
    if required and not value:
        raise ContentError(path, "must not be empty", field=name)
    if any(ord(char) < 32 and char not in "\n\t" for char in value):
        raise ContentError(path, "contains control characters", field=name)
    return value


def _slug(path: Path, data: dict, key: str = "slug", where: str = "") -> str:
    value = _string(path, data, key, required=True, where=where)
    if not SLUG_RE.match(value):
        name = f"{where}.{key}" if where else key
        raise ContentError(
            path, f"{value!r} is not a valid address: use a-z, 0-9 and hyphens", field=name
        )
    return value


def _date(path: Path, data: dict, key: str, *, required: bool, where: str = ""):
    value = data.get(key)
    name = f"{where}.{key}" if where else key
    if value is None:
        if required:
            raise ContentError(path, "required field is missing", field=name)
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ContentError(path, "must be a date like 2024-01-23 (no quotes)", field=name)
    return value


def _key_list(path: Path, data: dict, key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ContentError(path, 'must be a list of keys, e.g. ["treatment"]', field=key)
    return value


def read_topics(path: Path) -> list[TopicData]:
    data = _load_toml(path)
    _check_keys(path, data, {"topics"}, set())
    topics, seen = [], {}
    for index, entry in enumerate(data.get("topics", []), start=1):
        where = f"topics[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(path, "must be a [[topics]] table", field=where)
        _check_keys(path, entry, {"key", "order", *LANGUAGE_CODES}, {"key", *LANGUAGE_CODES}, where)
        key = _slug(path, entry, "key", where)
        order = entry.get("order", 0)
        if not isinstance(order, int) or order < 0:
            raise ContentError(path, "must be a whole number", field=f"{where}.order")
        texts = {}
        for code in LANGUAGE_CODES:
            lang_where = f"{where}.{code}"
            block = entry[code]
            if not isinstance(block, dict):
                raise ContentError(path, "must be a table", field=lang_where)
            _check_keys(
                path, block, {"title", "slug", "description"}, {"title", "slug"}, lang_where
            )
            texts[code] = {
                "title": _string(path, block, "title", required=True, where=lang_where),
                "slug": _slug(path, block, where=lang_where),
                "description": _string(
                    path, block, "description", required=False, where=lang_where
                ),
            }
            slug_key = (code, texts[code]["slug"])
            if slug_key in seen:
                raise ContentError(
                    path, f"address already used by topic {seen[slug_key]!r}", field=lang_where
                )
            seen[slug_key] = key
        if key in {topic.key for topic in topics}:
            raise ContentError(path, f"key {key!r} is used twice", field=where)
        topics.append(TopicData(key=key, order=order, texts=texts))
    return topics


def split_front_matter(path: Path, text: str) -> tuple[dict, str, int]:
    """Front matter, body and the line number where the body starts."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentError(path, "must start with a +++ line that opens the front matter", line=1)
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FRONT_MATTER_FENCE:
            front = "".join(lines[1 : number - 1])
            body = "".join(lines[number:])
            break
    else:
        raise ContentError(path, "the front matter is not closed by a +++ line", line=1)
    try:
        data = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION_RE.search(message)
        # tomllib counts from the first line inside the fence; the file has the fence above.
        line = int(position.group(1)) + 1 if position else 1
        raise ContentError(
            path, f"front matter is not valid TOML: {_TOML_POSITION_RE.sub('', message)}", line=line
        ) from None
    return data, body, number + 1


def check_text(
    path: Path,
    text: str,
    *,
    language: str,
    field_name: str,
    first_line: int | None = None,
    addresses: SiteAddresses | None = None,
) -> list[ContentError]:
    """Raise the first mistake in the Markdown ``text`` (articles.content.checks); returns the
    warnings, placed as errors are. ``first_line`` is the text's first line in the file, None
    when not known; links to this site are checked only with ``addresses``."""
    # In English, as everything else import_content says.
    with override("en"):
        findings = check_markdown(
            text, language=language, field=field_name, label=field_name, addresses=addresses
        )
    for finding in findings:
        if finding.is_error:
            raise _text_error(path, finding.message, finding.line, first_line, field_name)
    return [_text_error(path, f.message, f.line, first_line, field_name) for f in findings]


def _text_error(path: Path, reason: str, line: int, first_line: int | None, field_name: str):
    """An error at ``line`` of a text, at its line in the file where that is known."""
    if first_line is None:
        return ContentError(path, f"line {line}: {reason}", field=field_name)
    return ContentError(path, reason, line=first_line + line - 1, field=field_name)


def _check_blocks(path: Path, text: str, first_line: int | None, field_name: str, captions: bool):
    """Urgent-advice boxes need a title and text; with ``captions``, every table a caption."""
    checks = [
        (
            incomplete_urgent_advice,
            "an urgent-advice box needs a title in quotes, saying what to do, and its text "
            "indented by four spaces below it",
        )
    ]
    if captions:
        checks.append(
            (
                uncaptioned_tables,
                'a table in a guideline summary needs a caption: a paragraph "Table: what '
                'the table shows" before it, with a blank line between',
            )
        )
    for find, message in checks:
        for line in find(text):
            raise _text_error(path, message, line, first_line, field_name)


def _read_language_file(path: Path, has_image: bool, kind: str) -> tuple[dict[str, str], int]:
    """The texts of a de.md or en.md, and the line where its body (as stored) starts."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(path, "file is missing") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(path, "not UTF-8 text", line=line) from None
    data, body, body_line = split_front_matter(path, text)
    _refuse_retired_keys(path, data)
    _check_keys(
        path, data, set(_FRONT_MATTER_KEYS), {k for k, req in _FRONT_MATTER_KEYS.items() if req}
    )
    texts = {
        key: _string(path, data, key, required=required)
        for key, required in _FRONT_MATTER_KEYS.items()
    }
    texts["slug"] = _slug(path, data)
    if len(texts["description"]) > 300:
        raise ContentError(path, "longer than 300 characters", field="description")
    if has_image and not texts["image_alt"]:
        raise ContentError(
            path, "the article has an image, so it needs alt text", field="image_alt"
        )
    texts["body"] = body.strip("\n")
    if not texts["body"].strip():
        raise ContentError(path, "the article text after the front matter is empty", line=body_line)
    body_line += len(body) - len(body.lstrip("\n"))
    language = path.stem
    # A TOML string's line in the file is not known; the field name and its own line point to
    # the place. Guideline summaries are mostly tables of recommendations: each must say what
    # it shows.
    captions = kind == "guideline-summary"
    for name, first_line in (("summary", None), ("body", body_line)):
        check_text(path, texts[name], language=language, field_name=name, first_line=first_line)
        _check_blocks(path, texts[name], first_line, name, captions)
    return texts, body_line


def _read_sources(path: Path, entries) -> list[SourceData]:
    if not isinstance(entries, list):
        raise ContentError(path, "must be a list of [[sources]] tables", field="sources")
    sources = []
    for index, entry in enumerate(entries, start=1):
        where = f"sources[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(path, "must be a [[sources]] table", field=where)
        _check_keys(path, entry, set(SOURCE_FIELDS), {"citation"}, where)
        url = _string(path, entry, "url", required=False, where=where)
        if url and not url.startswith(("https://", "http://")):
            raise ContentError(path, "must start with https:// or http://", field=f"{where}.url")
        language = _string(path, entry, "language", required=False, where=where)
        if language and not re.fullmatch(LANGUAGE_TAG, language):
            raise ContentError(
                path, "must be a language code such as de, en or pt-BR", field=f"{where}.language"
            )
        sources.append(
            SourceData(
                citation=_string(path, entry, "citation", required=True, where=where),
                url=url,
                doi=_string(path, entry, "doi", required=False, where=where),
                accessed_on=_date(path, entry, "accessed_on", required=False, where=where),
                language=language,
            )
        )
    return sources


def _read_changes(path: Path, entries) -> list[ChangeData]:
    if not isinstance(entries, list):
        raise ContentError(path, "must be a list of [[changes]] tables", field="changes")
    note_keys = {f"note_{code}": code for code in LANGUAGE_CODES}
    changes = []
    for index, entry in enumerate(entries, start=1):
        where = f"changes[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(path, "must be a [[changes]] table", field=where)
        _check_keys(path, entry, {"changed_on", *note_keys}, {"changed_on"}, where)
        notes = {
            code: _string(path, entry, key, required=False, where=where)
            for key, code in note_keys.items()
        }
        notes = {code: note for code, note in notes.items() if note}
        if not notes:
            raise ContentError(path, f"needs a note, e.g. {', '.join(note_keys)}", field=where)
        for code, note in notes.items():
            if contains_markup(note):
                raise ContentError(
                    path, "contains HTML, which would be removed; use plain text",
                    field=f"{where}.note_{code}",
                )  # fmt: skip
        changes.append(
            ChangeData(
                changed_on=_date(path, entry, "changed_on", required=True, where=where),
                notes=notes,
            )
        )
    return changes


def read_article(folder: Path) -> ArticleData:
    """The article in ``folder``: its settings and its text in each language."""
    article = read_article_settings(folder)
    for code in LANGUAGE_CODES:
        language_file = folder / f"{code}.md"
        if language_file.exists():
            article.texts[code], article.body_lines[code] = _read_language_file(
                language_file, article.image is not None, article.kind
            )
    if not article.texts:
        raise ContentError(
            folder, f"needs at least one of {', '.join(c + '.md' for c in LANGUAGE_CODES)}"
        )
    return article


def read_article_settings(folder: Path, *, tables: bool = True) -> ArticleData:
    """The article in ``folder`` as ``article.toml`` sets it, without its texts.

    With ``tables`` False, without its sources and change notes too: only the settings above
    them are read, which is enough to publish an article whose files did not change since the
    last import, and quick however long its list of sources.
    """
    path = folder / "article.toml"
    data = _load_toml(path) if tables else _load_toml_settings(path)
    _refuse_retired_keys(path, data)
    _check_keys(
        path, data,
        {"kind", "status", "next_update_on", "evidence_version", "topics", "related", "image",
         "sources", "changes"},
        {"kind", "status"},
    )  # fmt: skip
    key = folder.name
    if not SLUG_RE.match(key):
        raise ContentError(folder, "folder name must use a-z, 0-9 and hyphens only")
    kind = _string(path, data, "kind", required=True)
    if kind not in KINDS:
        raise ContentError(path, f"must be one of {', '.join(KINDS)}", field="kind")
    status = _string(path, data, "status", required=True)
    if status not in STATUSES:
        raise ContentError(path, f"must be one of {', '.join(STATUSES)}", field="status")
    image = None
    if data.get("image"):
        name = _string(path, data, "image", required=True)
        image = folder / name
        if Path(name).name != name or image.suffix.lower() not in IMAGE_SUFFIXES:
            raise ContentError(
                path, f"must be a file name in this folder ending in {', '.join(IMAGE_SUFFIXES)}",
                field="image",
            )  # fmt: skip
        if not image.is_file():
            raise ContentError(path, f"the image file {name!r} is missing", field="image")
    article = ArticleData(
        key=key,
        folder=folder,
        kind=kind,
        status=status,
        next_update_on=_date(path, data, "next_update_on", required=False),
        topics=_key_list(path, data, "topics"),
        related=_key_list(path, data, "related"),
        image=image,
        sources=_read_sources(path, data.get("sources", [])),
        evidence_version=_string(path, data, "evidence_version", required=False),
        changes=_read_changes(path, data.get("changes", [])),
    )
    return article


def folder_digest(folder: Path) -> str:
    """A fingerprint of every file in an article's folder, names and bytes alike.

    Equal fingerprints mean equal files: an import compares it with the one the article
    stored and skips the folder, unread, when both are the same.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        content = file.read_bytes()
        # Name and length first, so that no two different folders give the same stream.
        digest.update(f"{file.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def article_folders(content_dir: Path) -> list[Path]:
    articles_dir = content_dir / "articles"
    if not articles_dir.is_dir():
        return []
    return sorted(p for p in articles_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


@dataclass
class GlossaryData:
    key: str
    exact_case: bool
    compounds: bool
    general: bool
    marking: str  # GlossaryTerm.Marking: "mark" or "glossary-only"
    texts: dict[str, dict]  # language → term, slug, variants (list), definition, explanation


def read_removed_terms(path: Path) -> list[str]:
    """The keys ``removed = [...]`` lists: terms taken out of the glossary, which the import
    deletes so that their addresses answer "gone"."""
    removed = _load_toml(path).get("removed", [])
    if not isinstance(removed, list) or not all(
        isinstance(key, str) and SLUG_RE.match(key) for key in removed
    ):
        raise ContentError(path, "must be a list of term keys", field="removed")
    return removed


def read_glossary(path: Path) -> list[GlossaryData]:
    data = _load_toml(path)
    _check_keys(path, data, {"terms", "removed"}, set())
    removed = set(read_removed_terms(path))
    terms: list[GlossaryData] = []
    claimed: dict[tuple[str, str], str] = {}  # (language, folded form or slug) → key
    for index, entry in enumerate(data.get("terms", []), start=1):
        where = f"terms[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(path, "must be a [[terms]] table", field=where)
        options = {"exact_case", "compounds", "general"}
        _check_keys(path, entry, {"key", "marking", *options, *LANGUAGE_CODES}, {"key"}, where)
        key = _slug(path, entry, "key", where)
        if any(term.key == key for term in terms):
            raise ContentError(path, f"key {key!r} is used twice", field=where)
        if key in removed:
            raise ContentError(path, f"key {key!r} is also listed as removed", field=where)
        flags = {}
        for option in options:
            flags[option] = entry.get(option, False)
            if not isinstance(flags[option], bool):
                raise ContentError(path, "must be true or false", field=f"{where}.{option}")
        flags["marking"] = entry.get("marking", MARKINGS[0])
        if flags["marking"] not in MARKINGS:
            raise ContentError(
                path, f"must be one of {', '.join(MARKINGS)}", field=f"{where}.marking"
            )
        texts = {}
        for code in LANGUAGE_CODES:
            if code not in entry:
                continue
            texts[code] = _read_term_language(path, entry[code], f"{where}.{code}", code)
            forms = [texts[code]["term"], *texts[code]["variants"]]
            for form in forms:
                owner = claimed.get((code, form.casefold()))
                if owner:
                    raise ContentError(
                        path, f"{form!r} already belongs to term {owner!r}", field=f"{where}.{code}"
                    )
                claimed[(code, form.casefold())] = key
            slug_owner = claimed.get((code, "slug:" + texts[code]["slug"]))
            if slug_owner:
                raise ContentError(
                    path,
                    f"address already used by term {slug_owner!r}",
                    field=f"{where}.{code}.slug",
                )
            claimed[(code, "slug:" + texts[code]["slug"])] = key
        if not texts:
            raise ContentError(path, "needs at least one language", field=where)
        terms.append(GlossaryData(key=key, texts=texts, **flags))
    return terms


def _read_term_language(path: Path, block, where: str, language: str) -> dict:
    if not isinstance(block, dict):
        raise ContentError(path, "must be a table", field=where)
    _check_keys(
        path, block, {"term", "slug", "variants", "definition", "explanation"},
        {"term", "slug", "definition"}, where,
    )  # fmt: skip
    variants = block.get("variants", [])
    if not isinstance(variants, list) or not all(
        isinstance(v, str) and v.strip() for v in variants
    ):
        raise ContentError(path, "must be a list of non-empty texts", field=f"{where}.variants")
    texts = {
        "term": _string(path, block, "term", required=True, where=where),
        "slug": _slug(path, block, where=where),
        "variants": [v.strip() for v in variants],
        "definition": _string(path, block, "definition", required=True, where=where),
        "explanation": _string(path, block, "explanation", required=False, where=where),
    }
    for name in ("term", "definition"):
        if contains_markup(texts[name]):
            raise ContentError(
                path,
                "contains HTML, which would be removed; use plain text",
                field=f"{where}.{name}",
            )
    check_text(path, texts["explanation"], language=language, field_name=f"{where}.explanation")
    forms = [texts["term"].casefold(), *(v.casefold() for v in texts["variants"])]
    if len(set(forms)) < len(forms):
        raise ContentError(
            path, "a variant repeats the term or another variant", field=f"{where}.variants"
        )
    return texts
