"""The tasks the worker runs: find the articles of changed terms, render articles in batches.

Each task reads what waits from ``PendingRender`` rather than trusting its arguments alone, so
a task that runs twice, late, or after another one did the work, does nothing more. A render
that fails is recorded on the article's rows and tried again later, with growing delays, up
to ``ATTEMPTS`` times in all.
"""

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django_tasks import task

from ..models import Article, GlossaryTerm, PendingRender, articles_containing
from .render import render_article

logger = logging.getLogger(__name__)

# Articles per render task: a task stays short, and several workers share a large change.
BATCH_SIZE = 25
# Tries in all, the first included, before the rows are given up on and shown as failed.
ATTEMPTS = 5
# The wait before the first retry, doubled before each further one (10, 20, 40, 80 seconds).
RETRY_DELAY = datetime.timedelta(seconds=10)
# More terms changed at once than this (an import): rendering every article once costs less
# than reading every article's text for each term.
MANY_TERMS = 50
# An editor's change of a term goes before the whole catalogue's rendering after a release or
# an import (the worker runs higher priorities first).
EDITOR_PRIORITY = 10


def queue_articles(
    article_ids: Iterable[int], term: GlossaryTerm | None = None, *, for_editor: bool = False
) -> int:
    """Record that these articles wait (for ``term``'s change, if given) and, once that is
    committed, queue the tasks that render them, before the catalogue's if ``for_editor``.
    Returns how many articles were queued."""
    ids = sorted(set(article_ids))
    PendingRender.objects.bulk_create(
        (PendingRender(article_id=article_id, term=term) for article_id in ids), batch_size=500
    )
    if ids:
        priority = EDITOR_PRIORITY if for_editor else render_articles.priority
        transaction.on_commit(partial(_enqueue_batches, ids, priority))
    return len(ids)


def _enqueue_batches(ids: list[int], priority: int):
    batch_task = render_articles.using(priority=priority)
    for start in range(0, len(ids), BATCH_SIZE):
        batch_task.enqueue(ids[start : start + BATCH_SIZE])


def _later(task_function, attempts: int):
    """The task, to run after the delay that follows ``attempts`` failed tries, where the
    backend can wait (the immediate backend of the tests runs it at once)."""
    if not task_function.get_backend().supports_defer:
        return task_function
    delay = RETRY_DELAY * 2 ** (attempts - 1)
    return task_function.using(run_after=timezone.now() + delay)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _record_failure(rows, error: BaseException) -> int:
    """Note a failed try on the ``rows`` not given up on yet, and give them up after the
    last one; returns the number of tries so far (0 when there was nothing to note)."""
    now = timezone.now()
    rows = rows.filter(failed_at=None)
    if not rows.update(attempts=F("attempts") + 1, error=_describe(error), last_attempt_at=now):
        return 0
    attempts = rows.aggregate(most=Max("attempts"))["most"]
    if attempts >= ATTEMPTS:
        rows.update(failed_at=now)
    return attempts


@task(priority=EDITOR_PRIORITY)
def find_articles() -> int:
    """Find the articles of every saved term still waiting for it, and queue them to render.

    Returns how many articles were queued.
    """
    markers = list(PendingRender.objects.finding().values_list("pk", "term_id", "failed_at"))
    due = sorted({term_id for _, term_id, failed_at in markers if failed_at is None})
    if len(due) > MANY_TERMS:
        groups = [(None, [pk for pk, _, _ in markers])]
    else:
        terms = GlossaryTerm.objects.in_bulk(due)
        groups = [(terms[t], [pk for pk, term_id, _ in markers if term_id == t]) for t in terms]
    queued = 0
    for term, marker_ids in groups:
        mine = PendingRender.objects.filter(pk__in=marker_ids)
        try:
            # Reads every article's text: the one part of a term's change that grows with the
            # catalogue, and the reason it is done here rather than in the editor's request.
            ids = (
                term.affected_article_ids()
                if term
                else Article.objects.values_list("pk", flat=True)
            )
            with transaction.atomic():
                mine.delete()
                queued += queue_articles(ids, term, for_editor=term is not None)
        except Exception as error:
            attempts = _record_failure(mine, error)
            logger.warning("Finding the articles of %s failed: %s", term or "the terms", error)
            if 0 < attempts < ATTEMPTS:
                _later(find_articles, attempts).enqueue()
    return queued


@task(priority=EDITOR_PRIORITY)
def render_articles_of_removed_term(words: dict[str, list[str]], article_ids: list[int]) -> int:
    """Queue the articles that used a deleted term (``article_ids``) or contain one of its
    words; returns how many."""
    with transaction.atomic():
        return queue_articles(set(article_ids) | articles_containing(words), for_editor=True)


@task()
def render_articles(article_ids: list[int]) -> int:
    """Render these articles again, each in its own transaction; returns how many changed."""
    changed = 0
    for article_id in article_ids:
        if not PendingRender.objects.filter(article_id=article_id).exists():
            continue  # rendered meanwhile, by another task or render_content --now
        try:
            changed += render_article(article_id)
        except Exception as error:
            # Whatever failed (a database briefly locked, a bug), the article keeps its last
            # good rendering; the error waits on the term's admin page, the render is retried.
            rows = PendingRender.objects.filter(article_id=article_id)
            attempts = _record_failure(rows, error)
            if 0 < attempts < ATTEMPTS:
                logger.warning("Rendering article %s failed, will retry: %s", article_id, error)
                _later(render_articles, attempts).enqueue([article_id])
            elif attempts:
                logger.error("Rendering article %s failed, given up: %s", article_id, error)
    return changed
