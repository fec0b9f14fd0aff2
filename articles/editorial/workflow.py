"""How a change reaches readers: working copy, review, publishing per language, schedule.

- The article row holds what readers see. Editing a published article edits its *working
  copy* (``start_working_copy``): a row of its own, with ``live_article`` set, that readers,
  feeds and search never see. A never published article is its own draft.
- A version (the row's ``version``, raised by every save) is *sent for review*; a medical
  reviewer who did not edit it *approves* it, for the languages they checked, or *sends it
  back* with a comment. Any later save makes a new version that needs a new approval.
- A publisher *publishes* an approved version, language by language: the language's text and
  the shared parts (sources, topics, dates, image) go to the article, with "Checked by" and
  "Updated on" taken from the records. A language still in translation stays in the working
  copy until it is approved and published too.
- A publisher may *schedule* that instead; ``publish_scheduled`` carries it out.

Every step is a ``ReviewRecord``. Every function here checks who may do it and refuses with a
translated ``WorkflowError`` that names the reason, changing nothing.
"""

import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import get_language_info, gettext

from ..models import (
    ARTICLE_TEXT_FIELDS,
    LANGUAGE_CODES,
    SOURCE_FIELDS,
    Article,
    ArticleChange,
    ReviewerProfile,
    ReviewRecord,
    Source,
    translated,
)
from .publishing import missing_for_publishing

Action = ReviewRecord.Action
# Written per language by editors; publishing a language copies these.
LANGUAGE_FIELDS = (*ARTICLE_TEXT_FIELDS, "author")
# Shared by the languages; every publication copies them.
SHARED_FIELDS = ("kind", "image", "next_update_on", "evidence_version")
# Decisions on a version; the last one for a version is its state.
DECISIONS = (Action.SUBMITTED, Action.APPROVED, Action.SENT_BACK)


class WorkflowError(Exception):
    """A step refused; ``message`` says why, translated, for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def language_name(code: str) -> str:
    return str(get_language_info(code)["name_translated"])


def _in_order(languages) -> list[str]:
    """The chosen languages, each once, in the site's order."""
    return [code for code in LANGUAGE_CODES if code in set(languages)]


def _unscheduled() -> dict:
    """The fields of a row with no publication scheduled (new values each time: one is a list)."""
    return {"go_live_at": None, "go_live_languages": [], "go_live_version": None}


def _names(codes) -> str:
    return ", ".join(language_name(code) for code in codes)


# Which row is which


def live_of(row: Article) -> Article:
    """The article readers know: the row itself, or the one a working copy belongs to."""
    return row.live_article if row.is_working_copy else row


def working_copy_of(article: Article) -> Article | None:
    return Article.all_objects.filter(live_article=article).first()


def editable_version(article: Article) -> Article | None:
    """The row with the next version: the working copy, or a draft itself; None when a
    published article has no changes waiting."""
    if article.is_working_copy:
        return article
    if (copy := working_copy_of(article)) is not None:
        return copy
    return None if article.is_published else article


def has_pending_changes(row: Article) -> bool:
    """A working copy that was changed, or a draft (all of it is pending)."""
    return row.pending_since is not None if row.is_working_copy else not row.is_published


# Working copies


def _copy(source: Article, **values) -> Article:
    """A new row with everything editors set on ``source``, its sources and change notes."""
    skip = {"id", "live_article", "created_at", "modified_at"}
    fields = {
        field.attname: getattr(source, field.attname)
        for field in Article._meta.concrete_fields
        if field.name not in skip
    }
    copy = Article(**(fields | values))
    # The copy carries the source's bookkeeping (when each language's text changed), as is.
    copy._keep_bookkeeping = True
    copy.save()
    copy.topics.set(source.topics.all())
    copy.related.set(source.related.all())
    _copy_parts(source, copy)
    return copy


def _copy_parts(source: Article, target: Article):
    """Sources and change notes of ``source`` replace those of ``target``."""
    target.sources.all().delete()
    Source.objects.bulk_create(
        Source(
            article=target,
            position=s.position,
            **{name: getattr(s, name) for name in SOURCE_FIELDS},
        )
        for s in source.sources.all()
    )
    target.changes.all().delete()
    notes = [f"note_{code}" for code in LANGUAGE_CODES]
    for change in source.changes.all():
        # One by one: saving sends the signals that refresh cached pages.
        ArticleChange.objects.create(
            article=target,
            changed_on=change.changed_on,
            **{name: getattr(change, name) for name in notes},
        )


def _next_version(article: Article) -> int:
    # Above every version an approval was ever recorded for: an old approval can never
    # match a new version.
    recorded = article.review_records.order_by("-version").values_list("version", flat=True)
    return max(article.version, next(iter(recorded), 0)) + 1


def start_working_copy(article: Article) -> Article:
    """The working copy of a published article, made if there is none yet."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if (copy := working_copy_of(article)) is not None:
            return copy
        return _copy(
            article,
            live_article=article,
            status=Article.Status.DRAFT,
            version=_next_version(article),
            minor_change=False,
            pending_since=None,
            ends_at=None,
            **_unscheduled(),
        )


def note_edit(row: Article, user):
    """After an editor saved ``row``: they contributed to this version, which now waits."""
    if user is not None:
        row.contributors.add(user)
    if row.is_working_copy and row.pending_since is None:
        row.pending_since = timezone.now()
        Article.all_objects.filter(pk=row.pk).update(pending_since=row.pending_since)


# Review


def last_decision(row: Article) -> ReviewRecord | None:
    """The last review step recorded for ``row``'s current version."""
    return (
        live_of(row)
        .review_records.filter(version=row.version, action__in=DECISIONS)
        .select_related("user")
        .first()
    )


def approval(row: Article) -> ReviewRecord | None:
    """The approval of ``row``'s current version, if that is its last decision."""
    decision = last_decision(row)
    return decision if decision is not None and decision.action == Action.APPROVED else None


def review_state(row: Article) -> str:
    """ "editing", or the last decision on the current version ("submitted", …)."""
    decision = last_decision(row)
    return decision.action if decision is not None else "editing"


def _locked(row: Article) -> Article:
    return Article.all_objects.select_for_update().get(pk=row.pk)


def _refuse_stale(row: Article, seen_version: int | None):
    if seen_version is not None and seen_version != row.version:
        raise WorkflowError(
            gettext(
                "The text was changed after you opened it (version %(seen)d, now "
                "%(version)d). Nothing was recorded; look at the new version first."
            )
            % {"seen": seen_version, "version": row.version}
        )


def _refuse_decided(row: Article, wanted: str):
    decision = last_decision(row)
    if decision is None or decision.action == Action.SUBMITTED:
        if wanted != Action.SUBMITTED and decision is None:
            raise WorkflowError(gettext("This version has not been sent for review yet."))
        if wanted == Action.SUBMITTED and decision is not None:
            raise WorkflowError(gettext("This version has already been sent for review."))
        return
    who = decision.name or (decision.user.get_username() if decision.user else "–")
    raise WorkflowError(
        gettext("Version %(version)d was already %(step)s by %(who)s at %(time)s.")
        % {
            "version": row.version,
            "step": decision.get_action_display(),
            "who": who,
            "time": localize(timezone.localtime(decision.created_at)),
        }
    )


def _record(row: Article, action: str, user, **values) -> ReviewRecord:
    return ReviewRecord.objects.create(
        article=live_of(row), version=row.version, action=action, user=user, **values
    )


def submit(row: Article, user, seen_version: int | None = None) -> ReviewRecord:
    """Send ``row``'s current version to the medical reviewers; ``user`` None is the import."""
    if user is not None and not user.has_perm("articles.change_article"):
        raise WorkflowError(gettext("Only editors send versions for review."))
    with transaction.atomic():
        row = _locked(row)
        _refuse_stale(row, seen_version)
        if not has_pending_changes(row):
            raise WorkflowError(gettext("There are no changes to review."))
        _refuse_decided(row, Action.SUBMITTED)
        return _record(row, Action.SUBMITTED, user, languages=row.available_languages())


def _reviewer_profile(user) -> ReviewerProfile:
    if not user.has_perm("articles.review_article"):
        raise WorkflowError(gettext("Only medical reviewers approve or send back versions."))
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None or not (profile.name.strip() and profile.qualification.strip()):
        raise WorkflowError(
            gettext(
                "Readers are told who checked an article and their qualification: your "
                "reviewer profile needs both before you can review."
            )
        )
    return profile


def approve(
    row: Article, user, languages, comment: str = "", seen_version: int | None = None
) -> ReviewRecord:
    """Approve ``row``'s current version for ``languages``, as ``user``."""
    profile = _reviewer_profile(user)
    languages = _in_order(languages)
    with transaction.atomic():
        row = _locked(row)
        _refuse_stale(row, seen_version)
        _refuse_decided(row, Action.APPROVED)
        if row.contributors.filter(pk=user.pk).exists():
            raise WorkflowError(
                gettext(
                    "You edited this version, so someone else must check it: nobody approves "
                    "their own change."
                )
            )
        if not languages:
            raise WorkflowError(gettext("Choose the languages you checked."))
        untranslated = [code for code in languages if not row.is_translated(code)]
        if untranslated:
            raise WorkflowError(
                gettext("There is no text to check in: %(languages)s.")
                % {"languages": _names(untranslated)}
            )
        return _record(
            row,
            Action.APPROVED,
            user,
            languages=languages,
            name=profile.name,
            qualification=profile.qualification,
            is_development_account=profile.is_development_account,
            comment=comment,
        )


def send_back(row: Article, user, comment: str, seen_version: int | None = None) -> ReviewRecord:
    """Return ``row``'s current version to its authors with what to change."""
    profile = _reviewer_profile(user)
    if not comment.strip():
        raise WorkflowError(gettext("Say what needs to change: the comment is required."))
    with transaction.atomic():
        row = _locked(row)
        _refuse_stale(row, seen_version)
        _refuse_decided(row, Action.SENT_BACK)
        return _record(
            row,
            Action.SENT_BACK,
            user,
            languages=row.available_languages(),
            name=profile.name,
            qualification=profile.qualification,
            comment=comment,
        )


# Publishing


def _refuse_unpublishable(row: Article, languages: list[str], user) -> ReviewRecord:
    if user is not None and not user.has_perm("articles.publish_article"):
        raise WorkflowError(gettext("Only publishers publish."))
    if not languages:
        raise WorkflowError(gettext("Choose the languages to publish."))
    if not has_pending_changes(row):
        raise WorkflowError(gettext("There are no changes to publish."))
    approved = approval(row)
    if approved is None:
        raise WorkflowError(
            gettext(
                "Version %(version)d has not been approved by a medical reviewer: only an "
                "approved version is published. If it was approved before, it changed since."
            )
            % {"version": row.version}
        )
    unapproved = [code for code in languages if code not in approved.languages]
    if unapproved:
        raise WorkflowError(
            gettext("Not approved in: %(languages)s.") % {"languages": _names(unapproved)}
        )
    missing = missing_for_publishing(row, row.sources.count(), languages)
    if missing:
        raise WorkflowError(" ".join(m.message for m in missing))
    return approved


def publish(
    row: Article,
    languages,
    user,
    *,
    now: datetime.datetime | None = None,
    seen_version: int | None = None,
) -> Article:
    """Publish ``row``'s approved version in ``languages``; returns the live article.

    ``user`` None is the scheduler, carrying out what a publisher scheduled, or the import of
    a local trial (``settings.DEVELOPMENT_DATA``).
    """
    now = now or timezone.now()
    languages = _in_order(languages)
    with transaction.atomic(), reversion.create_revision():
        row = _locked(row)
        _refuse_stale(row, seen_version)
        approved = _refuse_unpublishable(row, languages, user)
        scheduled_by = _scheduled_by(row) if user is None else None
        checked_on = timezone.localdate(approved.created_at)
        live, version = _put_online(row, languages, approved.checked_by, checked_on, now)
        record = ReviewRecord.objects.create(
            article=live,
            version=version,
            action=Action.PUBLISHED,
            user=user or scheduled_by,
            languages=languages,
            comment=gettext("Checked by %(name)s.") % {"name": approved.checked_by},
        )
        reversion.set_user(record.user)
        reversion.set_comment(
            gettext("Published version %(version)d (%(languages)s).")
            % {"version": version, "languages": _names(languages)}
        )
    return live


def _put_online(row: Article, languages, checked_by: str, checked_on, now) -> tuple[Article, int]:
    """``row``'s text in ``languages`` and its shared parts to the live article, with "Checked
    by" and the dates readers see. Returns the live article and the version published."""
    live = _locked(row.live_article) if row.is_working_copy else row
    # Kept before the article's own version moves on (a draft is its own row).
    version, minor = row.version, row.minor_change
    was_public = {code: live.is_public(code) for code in LANGUAGE_CODES}
    if row.pk == live.pk:
        _publish_draft(live, languages)
    else:
        _copy_into(row, live, languages)
    for code in languages:
        setattr(live, f"reviewer_{code}", checked_by)
        setattr(live, f"reviewed_on_{code}", checked_on)
        if not (minor and was_public[code]):
            setattr(live, f"updated_on_{code}", timezone.localdate(now))
    live.status, live.minor_change = Article.Status.PUBLISHED, False
    live.first_published_at = live.first_published_at or now
    live.version = max(live.version, version) + 1
    live._keep_bookkeeping = True
    _save_checked(live)
    if row.pk != live.pk:
        _copy_parts(row, live)
        live.topics.set(row.topics.all())
        live.related.set(row.related.all())
        _finish_working_copy(row, live)
    return live, version


def _publish_draft(draft: Article, languages: list[str]):
    """A draft published in some of its languages: the others move to a working copy."""
    waiting = [code for code in draft.available_languages() if code not in languages]
    if waiting:
        copy = _copy(
            draft,
            live_article=draft,
            status=Article.Status.DRAFT,
            pending_since=timezone.now(),
            ends_at=None,
            **_unscheduled(),
        )
        # The same version: its approval and its contributors go with it.
        copy.contributors.set(draft.contributors.all())
        for code in waiting:
            for name in LANGUAGE_FIELDS:
                setattr(draft, f"{name}_{code}", "")
    draft.contributors.clear()
    for name, value in _unscheduled().items():
        setattr(draft, name, value)


def _copy_into(copy: Article, live: Article, languages: list[str]):
    for code in languages:
        for name in (*LANGUAGE_FIELDS, "text_changed_at"):
            setattr(live, f"{name}_{code}", getattr(copy, f"{name}_{code}"))
    for name in SHARED_FIELDS:
        value = getattr(copy, name)
        setattr(live, name, value.name if name == "image" else value)


def _finish_working_copy(copy: Article, live: Article):
    """Gone once everything it holds is published; else it keeps the languages waiting."""
    differs = any(
        translated(copy, name, code) != translated(live, name, code)
        for name in LANGUAGE_FIELDS
        for code in LANGUAGE_CODES
    )
    if not differs:
        copy.delete()
        return
    Article.all_objects.filter(pk=copy.pk).update(minor_change=False, **_unscheduled())


def _save_checked(live: Article):
    try:
        live.validate_constraints()
        live.clean()
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    live.save()


def unpublish(article: Article, user, *, now: datetime.datetime | None = None) -> Article:
    """Take ``article`` offline (readers get "gone"); a working copy stays as it is."""
    if user is not None and not user.has_perm("articles.publish_article"):
        raise WorkflowError(gettext("Only publishers take articles offline."))
    with transaction.atomic(), reversion.create_revision():
        live = _locked(live_of(article))
        if not live.is_published:
            raise WorkflowError(gettext("The article is not online."))
        live.status = Article.Status.DRAFT
        live.ends_at = None
        live._keep_bookkeeping = True
        live.version += 1
        live.save()
        ReviewRecord.objects.create(
            article=live, version=live.version, action=Action.UNPUBLISHED, user=user
        )
        reversion.set_user(user)
        reversion.set_comment(gettext("Taken offline."))
    return live


# Schedule


def schedule(
    row: Article, languages, user, when: datetime.datetime, *, now=None, seen_version=None
) -> ReviewRecord:
    """Publish ``row``'s approved version in ``languages`` at ``when``."""
    now = now or timezone.now()
    languages = _in_order(languages)
    if when <= now:
        raise WorkflowError(gettext("The time to go live has passed: choose a later one."))
    with transaction.atomic():
        row = _locked(row)
        _refuse_stale(row, seen_version)
        _refuse_unpublishable(row, languages, user)
        Article.all_objects.filter(pk=row.pk).update(
            go_live_at=when, go_live_languages=languages, go_live_version=row.version
        )
        return _record(
            row,
            Action.SCHEDULED,
            user,
            languages=languages,
            comment=localize(timezone.localtime(when)),
        )


def schedule_end(article: Article, user, when: datetime.datetime | None, *, now=None):
    """Take ``article`` offline at ``when`` (None: keep it online)."""
    now = now or timezone.now()
    if not user.has_perm("articles.publish_article"):
        raise WorkflowError(gettext("Only publishers set when an article goes offline."))
    if when is not None and when <= now:
        raise WorkflowError(gettext("The time to go offline has passed: choose a later one."))
    Article.objects.filter(pk=live_of(article).pk).update(ends_at=when)


def _scheduled_by(row: Article):
    record = (
        live_of(row).review_records.filter(action=Action.SCHEDULED, version=row.version).first()
    )
    return record.user if record is not None else None


def run_scheduled(now: datetime.datetime | None = None) -> list[str]:
    """Carry out every publication and end that is due; returns what was done, one line each.

    Safe on several servers at once: each row is taken under a lock that others skip, and
    checked again once held, so each publication happens once.
    """
    now = now or timezone.now()
    done = []
    due = Article.all_objects.filter(go_live_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            row = (
                Article.all_objects.select_for_update(skip_locked=True)
                .filter(pk=pk, go_live_at__lte=now)
                .first()
            )
            if row is None:
                continue
            languages, version = row.go_live_languages, row.go_live_version
            try:
                if version != row.version:
                    raise WorkflowError(
                        gettext("Version %(version)d changed after it was scheduled.")
                        % {"version": version}
                    )
                live = publish(row, languages, None, now=now)
            except WorkflowError as error:
                Article.all_objects.filter(pk=pk).update(**_unscheduled())
                done.append(f"not published: {row.key} ({error.message})")
                continue
            done.append(f"published: {live.key} ({', '.join(languages)})")
    ending = Article.objects.filter(ends_at__lte=now, status=Article.Status.PUBLISHED)
    for pk in list(ending.values_list("pk", flat=True)):
        with transaction.atomic():
            live = (
                Article.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, ends_at__lte=now, status=Article.Status.PUBLISHED)
                .first()
            )
            if live is None:
                continue
            unpublish(live, None, now=now)
            done.append(f"taken offline: {live.key}")
    return done


# What waits for whom (the admin index)


def rows_waiting():
    """Working copies with changes and drafts, each with the last decision on its current
    version (``last_action``, None while it is being edited)."""
    last = ReviewRecord.objects.filter(
        article_id=OuterRef("identity"), version=OuterRef("version"), action__in=DECISIONS
    ).order_by("-created_at", "-pk")
    return (
        Article.all_objects.filter(
            Q(live_article__isnull=False, pending_since__isnull=False)
            | Q(live_article__isnull=True, status=Article.Status.DRAFT)
        )
        .annotate(identity=Coalesce(F("live_article_id"), F("pk")))
        .annotate(last_action=Subquery(last.values("action")[:1]))
    )
