"""Writing the database back to files in the content/ format (content/README.md).

The inverse of ``files`` and ``importer``: importing an export into an empty
database and exporting again gives identical files, so editors' work in the admin can go back
into content/ and be reviewed as a diff. The files are written as people write them (tables
as ``[[sources]]``, short lists on one line, long texts as multi-line strings), in a fixed
order, so an export of unchanged content changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..glossary.matcher import unix_lines
from ..models import LANGUAGE_CODES, SOURCE_FIELDS, Article, GlossaryTerm, Topic, translated
from .files import (
    ARTICLE_TEXT_FIELDS,
    ContentError,
    read_article,
    read_glossary,
    read_topics,
)
from .importer import GLOSSARY_FILE

TOPICS_FILE = "topics.toml"
# Front matter keys readers of the files need even when empty; the others are left out then.
REQUIRED_FRONT_MATTER = ("title", "slug", "description", "summary")
_HEADER = "# Written by `manage.py export_content`. Format: content/README.md.\n"
_BASIC_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


@dataclass
class ExportReport:
    articles: list[str] = field(default_factory=list)
    topics: int = 0
    terms: int = 0
    # Files an import would refuse, e.g. an unfinished draft: they are written all the same.
    problems: list[ContentError] = field(default_factory=list)


def _escape_control(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04X}" if code < 0x20 or code == 0x7F else char


def toml_string(text: str) -> str:
    """``text`` as a TOML string: basic on one line, multi-line when it has line breaks."""
    text = unix_lines(text)
    if "\n" not in text:
        return '"' + "".join(_BASIC_ESCAPES.get(c) or _escape_control(c) for c in text) + '"'
    escaped = "".join(
        "\\\\" if c == "\\" else c if c in "\n\t" else _escape_control(c) for c in text
    )
    # Three quotes in a row would end the string early.
    escaped = escaped.replace('"""', '""\\"')
    # The line break after the opening quotes is not part of the value; readers strip the
    # one before the closing quotes.
    return f'"""\n{escaped}\n"""'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()  # a TOML date, unquoted
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return toml_string(value)


def toml_pairs(values: dict) -> str:
    """``key = value`` lines; None, "" and [] are left out, as the readers default them."""
    return "".join(
        f"{key} = {toml_value(value)}\n"
        for key, value in values.items()
        if value is not None and value != "" and value != []
    )


def topics_toml(topics) -> str:
    parts = [_HEADER]
    for topic in topics:
        parts.append(f"\n[[topics]]\n{toml_pairs({'key': topic.key, 'order': topic.order})}")
        for code in LANGUAGE_CODES:
            texts = {
                name: translated(topic, name, code) for name in ("title", "slug", "description")
            }
            parts.append(f"\n[topics.{code}]\n{toml_pairs(texts)}")
    return "".join(parts)


def glossary_toml(terms) -> str:
    parts = [_HEADER]
    for term in terms:
        flags = {
            "key": term.key,
            "exact_case": term.exact_case,
            "compounds": term.compounds,
            "general": term.general,
            "marking": term.marking,
        }
        parts.append(f"\n[[terms]]\n{toml_pairs(flags)}")
        for code in LANGUAGE_CODES:
            if not translated(term, "term", code):
                continue
            texts = {
                "term": translated(term, "term", code),
                "slug": translated(term, "slug", code),
                "variants": [v.strip() for v in translated(term, "variants", code).splitlines()],
                "definition": translated(term, "definition", code),
                "explanation": translated(term, "explanation", code),
            }
            texts["variants"] = [v for v in texts["variants"] if v]
            parts.append(f"\n[terms.{code}]\n{toml_pairs(texts)}")
    return "".join(parts)


def image_file_name(article: Article) -> str:
    # Stored names carry a hash of the picture (importer); in its folder it is the title
    # image, whatever its name was.
    return f"title{Path(article.image.name).suffix.lower()}" if article.image else ""


def article_toml(article: Article) -> str:
    shared = {
        "kind": article.kind,
        "status": article.status,
        "next_update_on": article.next_update_on,
        "evidence_version": article.evidence_version,
        "topics": sorted(topic.key for topic in article.topics.all()),
        "related": sorted(other.key for other in article.related.all()),
        "image": image_file_name(article),
    }
    parts = [toml_pairs(shared)]
    for source in article.sources.order_by("position", "pk"):
        row = {name: getattr(source, name) for name in SOURCE_FIELDS}
        parts.append(f"\n[[sources]]\n{toml_pairs(row)}")
    for change in article.changes.order_by("-changed_on", "pk"):
        row = {"changed_on": change.changed_on}
        row.update({f"note_{code}": translated(change, "note", code) for code in LANGUAGE_CODES})
        parts.append(f"\n[[changes]]\n{toml_pairs(row)}")
    return "".join(parts)


def language_file(article: Article, code: str) -> str | None:
    """``de.md`` or ``en.md``; None when the article has no text in that language."""
    texts = {
        name: unix_lines(translated(article, name, code)).strip() for name in ARTICLE_TEXT_FIELDS
    }
    if not any(texts.values()):
        return None
    front = {
        name: text
        for name, text in texts.items()
        if name != "body" and (text or name in REQUIRED_FRONT_MATTER)
    }
    # Required keys stay even when empty, so that reading the file back names what is missing.
    lines = "".join(f"{name} = {toml_string(text)}\n" for name, text in front.items())
    body = unix_lines(translated(article, "body", code)).strip("\n")
    return f"+++\n{lines}+++\n\n{body}\n"


def write_article(article: Article, folder: Path):
    """Write one article's folder afresh: files from an earlier export are replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    (folder / "article.toml").write_text(article_toml(article), encoding="utf-8")
    if article.image:
        with article.image.open("rb") as image:
            (folder / image_file_name(article)).write_bytes(image.read())
    for code in LANGUAGE_CODES:
        text = language_file(article, code)
        if text is not None:
            (folder / f"{code}.md").write_text(text, encoding="utf-8")


def export_content(directory: Path) -> ExportReport:
    """Write topics, glossary and every article of the database into ``directory``."""
    report = ExportReport()
    directory.mkdir(parents=True, exist_ok=True)
    topics = list(Topic.objects.order_by("order", "key"))
    (directory / TOPICS_FILE).write_text(topics_toml(topics), encoding="utf-8")
    report.topics = len(topics)
    terms = list(GlossaryTerm.objects.order_by("key"))
    (directory / GLOSSARY_FILE).write_text(glossary_toml(terms), encoding="utf-8")
    report.terms = len(terms)
    articles = Article.objects.order_by("key").prefetch_related("topics", "related")
    for article in articles:
        folder = directory / "articles" / article.key
        write_article(article, folder)
        report.articles.append(article.key)
        try:
            read_article(folder)
        except ContentError as error:
            report.problems.append(error)
    for path, read in ((TOPICS_FILE, read_topics), (GLOSSARY_FILE, read_glossary)):
        try:
            read(directory / path)
        except ContentError as error:
            report.problems.append(error)
    return report
