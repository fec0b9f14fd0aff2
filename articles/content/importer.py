"""Loading checked content files into the database, through the editorial workflow.

Each article is written in its own transaction, and only after all its files were read and
checked, so a bad file never leaves half an article behind. An article whose files match the
database is not saved again: importing twice changes nothing. Each article keeps the fingerprint
of the folder it was imported from, so an unchanged folder is recognised without reading its
text; text that differs only in line breaks or surrounding blank space (as the admin's text
areas and the exporter write it) is unchanged too.

What readers see changes only as ``articles.editorial.workflow`` lets it. The files' text goes
into a draft, or into the working copy of a published article, and is kept as a revision;
so is each glossary term the files create or change. An article or term stored without any
revision (terms kept none before) first gets one of what it holds, so that the first edit in
the admin can be undone. When the files say ``status = "published"``:

- on a local trial (``settings.DEVELOPMENT_DATA``) the development reviewer approves it and it
  is published, so "Checked by" names that account and the pages say it is development data;
- otherwise, as in production, it is sent for review and waits; readers keep what they had.
  There is no way around the review: no medical text reaches readers unless a reviewer,
  named on the page, approved it.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext
from reversion.models import Version

from ..editorial import workflow
from ..editorial.development import development_reviewer
from ..editorial.revisions import register_models
from ..glossary.matcher import unix_lines
from ..models import (
    SOURCE_FIELDS,
    Article,
    ArticleChange,
    GlossaryTerm,
    Source,
    Topic,
    translated,
)
from .checks import SiteAddresses
from .files import (
    ARTICLE_TEXT_FIELDS,
    LANGUAGE_CODES,
    ArticleData,
    ContentError,
    GlossaryData,
    TopicData,
    article_folders,
    check_text,
    folder_digest,
    read_article,
    read_article_settings,
    read_glossary,
    read_removed_terms,
    read_topics,
)

GLOSSARY_FILE = "glossary.toml"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    # What may be intended (a long paragraph, an http:// link): reported, imported all the same.
    warnings: list[ContentError] = field(default_factory=list)
    # What became of an article that is not simply online as its files say, by label.
    notes: dict[str, str] = field(default_factory=dict)


def _same(stored, value) -> bool:
    """Whether a stored value says what the files say.

    Text the admin stored may have CR LF line breaks and blank space around it, which the
    files (and the exporter) leave out; a language field never set is NULL, which the files
    write as "".
    """
    if isinstance(value, str) and (stored is None or isinstance(stored, str)):
        return _text(stored) == _text(value)
    return stored == value


def _apply(instance, values: dict) -> bool:
    """Set ``values`` on ``instance``; True when anything differed (always for a new row,
    which gets every value as the files write it)."""
    changed = instance._state.adding
    for name, value in values.items():
        if changed or not _same(getattr(instance, name), value):
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


def import_term(
    data: GlossaryData, path: Path, term: GlossaryTerm | None = None, *, user=None
) -> str:
    """Create or update the term the files describe, kept as a revision; ``term`` is its
    stored row, if any."""
    term = term or GlossaryTerm.objects.filter(key=data.key).first()
    created = term is None
    term = term or GlossaryTerm(key=data.key)
    values = {
        "exact_case": data.exact_case,
        "compounds": data.compounds,
        "general": data.general,
        "marking": data.marking,
    }
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
    with reversion.create_revision():
        term.save()
        _describe_revision(term, user)
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


def _text(value: str | None) -> str:
    """Text as the files hold it (see ``_same``)."""
    return unix_lines(value or "").strip()


def _source_rows(sources) -> list[tuple]:
    return [
        tuple(_text(v) if isinstance(v, str) else v for v in (getattr(s, n) for n in SOURCE_FIELDS))
        for s in sources
    ]


def _change_rows(changes) -> list[tuple]:
    """Date and notes of change notes, in the order the page lists them (newest first)."""
    return sorted(
        ((c.changed_on, *(_text(c.notes.get(code)) for code in LANGUAGE_CODES)) for c in changes),
        reverse=True,
    )


def _stored_change_rows(article: Article) -> list[tuple]:
    return sorted(
        (
            (c.changed_on, *(_text(getattr(c, f"note_{code}")) for code in LANGUAGE_CODES))
            for c in article.changes.all()
        ),
        reverse=True,
    )


def _values(data: ArticleData) -> dict:
    values = {
        "kind": data.kind,
        "next_update_on": data.next_update_on,
        "evidence_version": data.evidence_version,
    }
    for code in LANGUAGE_CODES:
        texts = data.texts.get(code, {})
        for name in ARTICLE_TEXT_FIELDS:
            values[f"{name}_{code}"] = texts.get(name, "")
    return values


def _matches(row: Article, data: ArticleData, values: dict, image_name: str) -> bool:
    """Whether ``row`` holds what the files say (related articles apart)."""
    return (
        all(_same(getattr(row, name), value) for name, value in values.items())
        and row.image.name == image_name
        and set(row.topics.values_list("key", flat=True)) == set(data.topics)
        and _source_rows(row.sources.all()) == _source_rows(data.sources)
        and _stored_change_rows(row) == _change_rows(data.changes)
    )


def import_article(
    data: ArticleData, *, write_files: bool = True, user=None
) -> tuple[str, Article]:
    """Write the files' article into its draft or working copy; returns the outcome and row.

    A published article whose files differ gets the text in its working copy: readers keep the
    published text until the workflow publishes the new one.
    """
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
    values = _values(data)
    image_name, image_content = _image_name(data)
    live = Article.objects.filter(key=data.key).first()
    if live is None:
        row = Article(key=data.key)
    elif live.is_published and not _matches(live, data, values, image_name):
        row = workflow.working_copy_of(live) or workflow.start_working_copy(live)
        _refuse_overwriting_edits(row, data, values, image_name)
    else:
        row = live
    if live is not None and _matches(row, data, values, image_name):
        return "unchanged", row
    with reversion.create_revision():
        _apply(row, values)
        if row.image.name != image_name:
            # The name holds the picture's hash: a stored file of that name is this picture,
            # and saving it again would store a copy under a new name on every import.
            stored = image_content is None or row.image.storage.exists(image_name)
            if write_files and not stored:
                row.image.save(Path(image_name).name, ContentFile(image_content), save=False)
            else:
                row.image.name = image_name
        _full_clean(row, data.key, data.folder, exclude=["related", "topics"])
        row.save()
        _write_parts(row, data, topics)
        workflow.note_edit(row, user)
        _describe_revision(row, user)
    return ("created" if live is None else "updated"), row


def _refuse_overwriting_edits(row: Article, data: ArticleData, values: dict, image_name: str):
    """An editor's pending changes in the admin are never overwritten by files."""
    editors = sorted(row.contributors.values_list("username", flat=True))
    if editors and not _matches(row, data, values, image_name):
        raise ContentError(
            data.folder / "article.toml",
            f"its working copy has changes by {', '.join(editors)} waiting in the admin; "
            "publish or discard them first (or export them), then import again",
            field="key",
        )


def _write_parts(row: Article, data: ArticleData, topics: list[Topic]):
    if {t.pk for t in row.topics.all()} != {t.pk for t in topics}:
        row.topics.set(topics)
    if _source_rows(row.sources.all()) != _source_rows(data.sources):
        row.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=row, position=position, **vars(source))
            for position, source in enumerate(data.sources, start=1)
        )
    if _stored_change_rows(row) != _change_rows(data.changes):
        row.changes.all().delete()
        # One by one, not bulk_create: saving sends the signals that refresh cached pages.
        for change in data.changes:
            ArticleChange.objects.create(
                article=row,
                changed_on=change.changed_on,
                **{f"note_{code}": change.notes.get(code, "") for code in LANGUAGE_CODES},
            )


def _describe_revision(row: Article | GlossaryTerm, user, comment: str = ""):
    # Added again at the end, so that the revision holds the sources and notes just written.
    reversion.add_to_revision(row)
    reversion.set_comment(comment or gettext("Imported from the content files."))
    reversion.set_user(user)


def _record_first_revisions(rows: QuerySet, user):
    """A revision for each of ``rows`` that has none, so that its first edit in the admin can
    be undone: rows imported before their kind kept revisions (glossary terms) have none."""
    kept = set(Version.objects.get_for_model(rows.model).values_list("object_id", flat=True))
    missing = [pk for pk in rows.values_list("pk", flat=True) if str(pk) not in kept]
    for row in rows.filter(pk__in=missing):
        with reversion.create_revision():
            _describe_revision(row, user, gettext("The text as it was stored before this import."))


def link_related(data: ArticleData, row: Article, user=None) -> tuple[bool, Article]:
    """Link the related articles the files name; a published article gets them in its working
    copy. Returns whether anything changed, and the row that now holds the article's next
    version."""
    related = list(Article.objects.filter(key__in=data.related))
    missing = sorted(set(data.related) - {a.key for a in related})
    if missing:
        raise ContentError(
            data.folder / "article.toml", f"unknown article {', '.join(missing)}", field="related"
        )
    wanted = {a.pk for a in related}
    if {a.pk for a in row.related.all()} == wanted:
        return False, row
    if row.is_published:
        copy = workflow.working_copy_of(row)
        if copy is None:
            copy = workflow.start_working_copy(row)
            # Links to other articles change nothing readers are told: the date stays.
            copy.minor_change = True
        row = copy
        if {a.pk for a in row.related.all()} == wanted:
            return False, row
    with reversion.create_revision():
        row.related.set(related)
        # A new version: the links are part of what is reviewed and published.
        row.save()
        workflow.note_edit(row, user)
        _describe_revision(row, user)
    return True, row


def _languages_to_publish(row: Article) -> list[str]:
    """The languages whose text the row changes; all of them when only shared parts did."""
    available = row.available_languages()
    live = workflow.live_of(row)
    if live.pk == row.pk:
        return available
    changed = [
        code
        for code in available
        if any(
            translated(row, name, code) != translated(live, name, code)
            for name in workflow.LANGUAGE_FIELDS
        )
    ]
    return changed or available


def carry_out(data: ArticleData, row: Article, *, user=None) -> str:
    """Take the row's version as far as the files ask and the setting allows; says how far.

    Raises ``WorkflowError`` when a step is refused.
    """
    live = workflow.live_of(row)
    if data.status != "published":
        if live.is_published and settings.DEVELOPMENT_DATA:
            workflow.unpublish(live, None)
            return "taken offline"
        return "still online: a publisher takes it offline" if live.is_published else "draft"
    if not workflow.has_pending_changes(row):
        return ""
    languages = _languages_to_publish(row)
    if settings.DEVELOPMENT_DATA:
        if workflow.review_state(row) == "editing":
            workflow.submit(row, user)
        if workflow.approval(row) is None:
            workflow.approve(row, development_reviewer(), languages)
        workflow.publish(row, languages, None)
        return f"published in {', '.join(languages)}, approved by the development reviewer"
    if workflow.review_state(row) == "editing":
        workflow.submit(row, user)
    return "waiting for review"


def import_content(content_dir: Path, *, dry_run: bool = False, user=None) -> ImportReport:
    """Import topics and articles from ``content_dir``; with ``dry_run`` nothing is kept.

    ``user`` is who imports (named in revisions and records).
    """
    register_models()
    report = ImportReport()
    with transaction.atomic():
        _import_all(content_dir, report, dry_run, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _record(report: ImportReport, label: str, outcome: str):
    getattr(report, outcome).append(label)


def _import_all(content_dir: Path, report: ImportReport, dry_run: bool, *, user):
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
    terms = []
    if glossary_file.exists():
        try:
            terms = read_glossary(glossary_file)
        except ContentError as error:
            report.errors.append(error)

    last_imports = _last_imports()
    # (files, folder fingerprint, the stored row when the folder is unchanged since it was
    # imported); in folder order.
    articles: list[tuple[ArticleData, str, Article | None]] = []
    for folder in article_folders(content_dir):
        try:
            digest = folder_digest(folder)
            last = last_imports.get(folder.name)
            if last is not None and last.row.imported_digest == digest:
                data = read_article_settings(folder, tables=False)
                if last.still_holds(data):
                    articles.append((data, digest, last.row))
                    continue
            articles.append((read_article(folder), digest, None))
        except ContentError as error:
            report.errors.append(error)
    keys = [data.key for data, _digest, _row in articles]
    _record_first_revisions(Article.objects.filter(key__in=keys), user)
    # Links may lead to any article or term of this import, whichever comes first.
    addresses = _addresses(terms, [data for data, _digest, _row in articles])

    # One query for all stored terms: most are unchanged, and comparing needs no more.
    stored = GlossaryTerm.objects.in_bulk([term.key for term in terms], field_name="key")
    _record_first_revisions(GlossaryTerm.objects.filter(key__in=stored), user)
    for index, term in enumerate(terms, start=1):
        try:
            report.warnings += _check_term_links(term, index, glossary_file, addresses)
            with transaction.atomic():
                outcome = import_term(term, glossary_file, stored.get(term.key), user=user)
                _record(report, f"term {term.key}", outcome)
        except ContentError as error:
            report.errors.append(error)
    if terms:
        # Deleting, not skipping: the deleted term's addresses answer 410 (addresses).
        for term in GlossaryTerm.objects.filter(key__in=read_removed_terms(glossary_file)):
            term.delete()
            _record(report, f"term {term.key}", "deleted")

    imported = []
    # Related articles are linked once all are in; checking their keys first keeps an article
    # with an unknown one from being saved before the error shows.
    known = {data.key for data, _digest, _row in articles}
    known |= set(Article.objects.values_list("key", flat=True))
    for data, digest, unchanged in articles:
        if unchanged is not None:
            # Publishing reads the texts (which languages to publish): a draft has them loaded.
            row = unchanged if unchanged.is_published else Article.objects.get(pk=unchanged.pk)
            imported.append((data, digest, None, row))
            continue
        try:
            unknown = sorted(set(data.related) - known)
            if unknown:
                raise ContentError(
                    data.folder / "article.toml",
                    f"unknown article {', '.join(unknown)}",
                    field="related",
                )
            report.warnings += _check_article_links(data, addresses)
            with transaction.atomic():
                outcome, row = import_article(data, write_files=not dry_run, user=user)
        except ContentError as error:
            report.errors.append(error)
            continue
        imported.append((data, digest, outcome, row))
    for data, digest, outcome, row in imported:
        label = f"article {data.key}"
        if outcome is None and data.status == row.status == Article.Status.PUBLISHED:
            # Skipped unread, and online as the files say: nothing to link or publish.
            _record(report, label, "unchanged")
            continue
        try:
            with transaction.atomic():
                if outcome is None:
                    # Skipped unread: its links were compared in _last_imports.
                    outcome = "unchanged"
                else:
                    linked, row = link_related(data, row, user)
                    if linked and outcome == "unchanged":
                        outcome = "updated"
                if note := carry_out(data, row, user=user):
                    report.notes[label] = note
                # The article holds these files' text, unless it waits in a working copy
                # (which is read every time: editors may change it).
                Article.objects.filter(key=data.key, working_copy__isnull=True).update(
                    imported_digest=digest, imported_version=F("version")
                )
        except ContentError as error:
            report.errors.append(error)
        except workflow.WorkflowError as error:
            report.errors.append(ContentError(data.folder, error.message))
        _record(report, label, outcome)


def _addresses(terms: list[GlossaryData], articles: list[ArticleData]) -> SiteAddresses:
    """This site's addresses as they will be once the files' articles and terms are in."""
    addresses = SiteAddresses()
    for term in terms:
        for code, texts in term.texts.items():
            addresses.add("term", code, texts["slug"])
    for article in articles:
        for code, texts in article.texts.items():
            addresses.add("article", code, texts["slug"])
    return addresses


def _check_article_links(data: ArticleData, addresses: SiteAddresses) -> list[ContentError]:
    """Raise the first link to a page of this site that does not exist; returns the warnings.

    Reading the files checked everything else (``files.check_text``), without the database.
    """
    warnings = []
    for code, texts in data.texts.items():
        path = data.folder / f"{code}.md"
        for name, first_line in (("summary", None), ("body", data.body_lines[code])):
            warnings += check_text(
                path,
                texts[name],
                language=code,
                field_name=name,
                first_line=first_line,
                addresses=addresses,
            )
    return warnings


def _check_term_links(
    term: GlossaryData, index: int, path: Path, addresses: SiteAddresses
) -> list[ContentError]:
    """As ``_check_article_links``, for the explanations of the ``index``-th term of the file."""
    warnings = []
    for code, texts in term.texts.items():
        warnings += check_text(
            path,
            texts["explanation"],
            language=code,
            field_name=f"terms[{index}].{code}.explanation",
            addresses=addresses,
        )
    return warnings


@dataclass
class _LastImport:
    """What an earlier import left of an article, to tell whether its folder needs reading."""

    row: Article  # the live row, with only the fields named in _last_imports loaded
    topics: set[str]
    related: set[str]
    has_working_copy: bool

    def still_holds(self, data: ArticleData) -> bool:
        """Whether the row is as the import of these files left it: no save since (which
        raises the version), no working copy whose content nobody can tell without reading
        the text, and no topic or related article deleted and made again since."""
        return (
            self.row.imported_version == self.row.version
            and not self.has_working_copy
            and self.topics == set(data.topics)
            and self.related == set(data.related)
        )


def _last_imports() -> dict[str, _LastImport]:
    """Each imported article's fingerprint, version and links, in four queries whatever the
    catalogue's size."""
    rows = Article.objects.exclude(imported_digest="").only(
        "key", "status", "version", "live_article", "imported_digest", "imported_version"
    )
    topics, related = defaultdict(set), defaultdict(set)
    for article_id, key in Article.topics.through.objects.values_list("article_id", "topic__key"):
        topics[article_id].add(key)
    links = Article.related.through.objects.values_list("from_article_id", "to_article__key")
    for article_id, key in links:
        related[article_id].add(key)
    copies = set(
        Article.all_objects.filter(live_article__isnull=False).values_list(
            "live_article_id", flat=True
        )
    )
    return {
        row.key: _LastImport(row, topics[row.pk], related[row.pk], row.pk in copies) for row in rows
    }
