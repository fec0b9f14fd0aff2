"""What the rest of the app calls: note what waits, queue the tasks, tell how far they got.

Nothing here reads an article's text: a request that saves a term writes one row and, once
committed, one task, however many articles use the term.
"""

from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, PendingRender
from . import tasks

# Failures listed on a term's admin page; the rest are counted.
FAILURES_SHOWN = 20


def term_changed(term: GlossaryTerm):
    """Note that the articles of ``term`` must show its change, for the worker to find."""
    PendingRender.objects.create(term=term)
    _find_articles_on_commit()


def term_removed(term: GlossaryTerm):
    """Before ``term`` is deleted: queue its articles once the deletion is committed.

    The term and its usages are gone by then, so what finds them goes with the task.
    """
    words = term.search_words()
    article_ids = sorted(set(term.usages.values_list("article_id", flat=True)))
    enqueue = partial(tasks.render_articles_of_removed_term.enqueue, words, article_ids)
    # robust: the deletion is committed; a queue that fails now is logged, not a server error.
    transaction.on_commit(enqueue, robust=True)


def queue_catalogue() -> int:
    """Queue every article to be rendered again (after a release, or a large import)."""
    with transaction.atomic():
        return tasks.queue_articles(Article.objects.values_list("pk", flat=True))


class _FindArticles:
    """Queues the task that finds the articles of the terms saved in one transaction."""

    def __init__(self):
        self.called = False

    def __call__(self):
        self.called = True
        tasks.find_articles.enqueue()


def _find_articles_on_commit():
    """Queue ``find_articles`` once the transaction commits, once however often this is asked.

    An import saves hundreds of terms in one transaction: one task finds all their articles.
    A transaction rolled back drops what it would have queued, so the next save asks anew.
    Outside a transaction Django queues it at once. robust: the editor's save is committed; a
    queue that fails now is logged, and the next task finds this term's articles too.
    """
    connection = transaction.get_connection()
    queued = getattr(connection, "render_queue_find_articles", None)
    if queued and not queued.called and any(f is queued for _, f, _ in connection.run_on_commit):
        return
    connection.render_queue_find_articles = _FindArticles()
    transaction.on_commit(connection.render_queue_find_articles, robust=True)


@dataclass
class Progress:
    """How far the articles of one term are from showing its current version."""

    # Saved, and the worker has yet to find the articles: the oldest such change, with the
    # errors of the tries so far, if any.
    finding: PendingRender | None = None
    # Articles still to render for this term.
    waiting: int = 0
    # Articles waiting for render_content or a large import, this term's perhaps among them.
    catalogue: int = 0
    failures: list[PendingRender] = field(default_factory=list)
    more_failures: int = 0

    @property
    def done(self) -> bool:
        return not (self.finding or self.waiting or self.catalogue or self.failures)


def progress(term: GlossaryTerm) -> Progress:
    """Where ``term``'s change has got to, in a handful of queries whatever the catalogue."""
    rows = PendingRender.objects.filter(term=term)
    failing = (
        rows.failing()
        .select_related("article")
        .only(
            "attempts",
            "error",
            "failed_at",
            "last_attempt_at",
            "article__key",
            *(f"article__title_{code}" for code in LANGUAGE_CODES),
        )
        .order_by("-last_attempt_at", "pk")
    )
    failures = list(failing[: FAILURES_SHOWN + 1])
    return Progress(
        finding=rows.finding().order_by("requested_at").first(),
        waiting=rows.waiting().article_count(),
        catalogue=PendingRender.objects.filter(term=None).waiting().article_count(),
        failures=failures[:FAILURES_SHOWN],
        more_failures=failing.count() - FAILURES_SHOWN if len(failures) > FAILURES_SHOWN else 0,
    )


def with_progress(queryset: QuerySet) -> QuerySet:
    """Terms annotated with ``render_waiting`` and ``render_failed`` article counts."""

    def count(rows):
        counted = (
            rows.filter(term=OuterRef("pk"))
            .order_by()
            .values("term")
            .annotate(count=Count("article", distinct=True))
            .values("count")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return queryset.annotate(
        render_waiting=count(PendingRender.objects.waiting()),
        render_failed=count(PendingRender.objects.filter(failed_at__isnull=False)),
    )
