"""Loading checked content files into the database.

Each article is written in its own transaction, and only after all its files were read and
checked, so a bad file never leaves half an article behind. An article whose files match the
database is not saved again: importing twice changes nothing.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Article, ArticleChange, GlossaryTerm, Source, Topic
from .files import (
    ARTICLE_TEXT_FIELDS,
    LANGUAGE_CODES,
    ArticleData,
    ContentError,
    GlossaryData,
    TopicData,
    article_folders,
    read_article,
    read_glossary,
    read_topics,
)

GLOSSARY_FILE = "glossary.toml"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def _apply(instance, values: dict) -> bool:
    """Set ``values`` on ``instance``; True when anything differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def import_topic(data: TopicData) -> str:
    topic = Topic.objects.filter(key=data.key).first()
    created = topic is None
    topic = topic or Topic(key=data.key)
    values = {"order": data.order}
    for code, texts in data.texts.items():
        values.update({f"{name}_{code}": text for name, text in texts.items()})
    if _apply(topic, values) or created:
        topic.save()
        return "created" if created else "updated"
    return "unchanged"


def import_term(data: GlossaryData, path: Path) -> str:
    term = GlossaryTerm.objects.filter(key=data.key).first()
    created = term is None
    term = term or GlossaryTerm(key=data.key)
    values = {"exact_case": data.exact_case, "compounds": data.compounds, "general": data.general}
    for code in LANGUAGE_CODES:
        texts = data.texts.get(code, {})
        values.update(
            {
                f"term_{code}": texts.get("term", ""),
                f"slug_{code}": texts.get("slug", ""),
                f"variants_{code}": "\n".join(texts.get("variants", [])),
                f"definition_{code}": texts.get("definition", ""),
                f"explanation_{code}": texts.get("explanation", ""),
            }
        )
    if not (_apply(term, values) or created):
        return "unchanged"
    _full_clean(term, data.key, path)
    term.save()
    return "created" if created else "updated"


def _full_clean(instance, label: str, path: Path, **options):
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise ContentError(path, f"{label}: {' '.join(messages)}", field=field_name) from None


def _image_name(data: ArticleData) -> tuple[str, bytes | None]:
    if data.image is None:
        return "", None
    content = data.image.read_bytes()
    digest = hashlib.sha256(content).hexdigest()[:12]
    # The hash in the name changes with the picture, so browsers never keep an old one.
    return f"articles/{data.key}-{digest}{data.image.suffix.lower()}", content


def _source_rows(sources) -> list[tuple]:
    return [(s.citation, s.url, s.doi, s.accessed_on) for s in sources]


def _change_rows(changes) -> list[tuple]:
    """Date and notes of change notes, in the order the page lists them (newest first)."""
    return sorted(
        ((c.changed_on, *(c.notes.get(code, "") for code in LANGUAGE_CODES)) for c in changes),
        reverse=True,
    )


def _stored_change_rows(article: Article) -> list[tuple]:
    return sorted(
        (
            (c.changed_on, *(getattr(c, f"note_{code}") or "" for code in LANGUAGE_CODES))
            for c in article.changes.all()
        ),
        reverse=True,
    )


def import_article(data: ArticleData, *, write_files: bool = True) -> str:
    topics = list(Topic.objects.filter(key__in=data.topics))
    missing = sorted(set(data.topics) - {t.key for t in topics})
    if missing:
        raise ContentError(
            data.folder / "article.toml", f"unknown topic {', '.join(missing)}", field="topics"
        )
    for code, texts in data.texts.items():
        others = Article.objects.exclude(key=data.key)
        clash = others.filter(**{f"slug_{code}": texts["slug"]}).first()
        if clash is not None:
            raise ContentError(
                data.folder / f"{code}.md",
                f"address already used by article {clash.key!r}",
                field="slug",
            )
    article = Article.objects.filter(key=data.key).first()
    created = article is None
    article = article or Article(key=data.key)
    values = {
        "kind": data.kind,
        "status": data.status,
        "updated_on": data.updated_on,
        "next_update_on": data.next_update_on,
        "reviewed_on": data.reviewed_on,
    }
    for code in LANGUAGE_CODES:
        texts = data.texts.get(code, {})
        for name in ARTICLE_TEXT_FIELDS:
            values[f"{name}_{code}"] = texts.get(name, "")
    image_name, image_content = _image_name(data)
    changed = _apply(article, values)
    if article.image.name != image_name:
        changed = True
        # The name holds the picture's hash: a stored file of that name is this picture, and
        # saving it again would store a copy under a new name on every import.
        stored = image_content is None or article.image.storage.exists(image_name)
        if write_files and not stored:
            article.image.save(Path(image_name).name, ContentFile(image_content), save=False)
        else:
            article.image.name = image_name
    if created or changed:
        _full_clean(article, data.key, data.folder, exclude=["related", "topics"])
        article.save()
    if {t.pk for t in article.topics.all()} != {t.pk for t in topics}:
        article.topics.set(topics)
        changed = True
    if _source_rows(article.sources.all()) != _source_rows(data.sources):
        article.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=article, position=position, **vars(source))
            for position, source in enumerate(data.sources, start=1)
        )
        changed = True
    if _stored_change_rows(article) != _change_rows(data.changes):
        article.changes.all().delete()
        # One by one, not bulk_create: saving sends the signals that refresh cached pages.
        for change in data.changes:
            ArticleChange.objects.create(
                article=article,
                changed_on=change.changed_on,
                **{f"note_{code}": change.notes.get(code, "") for code in LANGUAGE_CODES},
            )
        changed = True
    if created:
        return "created"
    return "updated" if changed else "unchanged"


def link_related(data: ArticleData) -> bool:
    article = Article.objects.get(key=data.key)
    related = list(Article.objects.filter(key__in=data.related))
    missing = sorted(set(data.related) - {a.key for a in related})
    if missing:
        raise ContentError(
            data.folder / "article.toml", f"unknown article {', '.join(missing)}", field="related"
        )
    if {a.pk for a in article.related.all()} != {a.pk for a in related}:
        article.related.set(related)
        return True
    return False


def import_content(content_dir: Path, *, dry_run: bool = False) -> ImportReport:
    """Import topics and articles from ``content_dir``; with ``dry_run`` nothing is kept."""
    report = ImportReport()
    with transaction.atomic():
        _import_all(content_dir, report, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _record(report: ImportReport, label: str, outcome: str):
    getattr(report, outcome).append(label)


def _import_all(content_dir: Path, report: ImportReport, dry_run: bool):
    topics_file = content_dir / "topics.toml"
    if topics_file.exists():
        try:
            topics = read_topics(topics_file)
        except ContentError as error:
            report.errors.append(error)
            topics = []
        for topic in topics:
            with transaction.atomic():
                _record(report, f"topic {topic.key}", import_topic(topic))

    glossary_file = content_dir / GLOSSARY_FILE
    if glossary_file.exists():
        try:
            terms = read_glossary(glossary_file)
        except ContentError as error:
            report.errors.append(error)
            terms = []
        for term in terms:
            try:
                with transaction.atomic():
                    _record(report, f"term {term.key}", import_term(term, glossary_file))
            except ContentError as error:
                report.errors.append(error)

    articles = []
    for folder in article_folders(content_dir):
        try:
            articles.append(read_article(folder))
        except ContentError as error:
            report.errors.append(error)
    imported = []
    # Related articles are linked once all are in; checking their keys first keeps an article
    # with an unknown one from being saved before the error shows.
    known = {data.key for data in articles} | set(Article.objects.values_list("key", flat=True))
    for data in articles:
        try:
            unknown = sorted(set(data.related) - known)
            if unknown:
                raise ContentError(
                    data.folder / "article.toml",
                    f"unknown article {', '.join(unknown)}",
                    field="related",
                )
            with transaction.atomic():
                outcome = import_article(data, write_files=not dry_run)
        except ContentError as error:
            report.errors.append(error)
            continue
        imported.append((data, outcome))
    for data, outcome in imported:
        try:
            with transaction.atomic():
                if link_related(data) and outcome == "unchanged":
                    outcome = "updated"
        except ContentError as error:
            report.errors.append(error)
        _record(report, f"article {data.key}", outcome)
