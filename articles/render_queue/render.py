"""Rendering one stored article again, as the worker and ``render_content --now`` do."""

from django.db import models, transaction

from ..models import RENDERED_FIELDS, Article, PendingRender


def render_article(article_id: int, *, dry_run: bool = False) -> bool:
    """Render the article again with the current glossary; True when its stored HTML changed.

    In a transaction of its own, holding the article's row, so that an editor's save waits
    rather than being overwritten with a rendering of the text from before it; if anything
    fails, the article keeps its last good rendering. Only the rendered fields are written: the
    editors' text is unchanged, so its version stays (a form an editor has open can still be
    saved) and so does the translation status. The article's waiting rows are cleared, except
    those that appeared meanwhile: they may wait for a change this rendering did not see.
    """
    with transaction.atomic():
        waiting = list(
            PendingRender.objects.filter(article_id=article_id).values_list("pk", flat=True)
        )
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return False  # deleted meanwhile, and its rows with it
        before = [getattr(article, name) for name in RENDERED_FIELDS]
        terms = article.render()
        changed = before != [getattr(article, name) for name in RENDERED_FIELDS]
        if dry_run:
            return changed
        if changed:
            # Model.save, not Article.save: that would render again and count an edit. Saved
            # rather than updated, so the signals tell the page cache and search.
            models.Model.save(article, update_fields=[*RENDERED_FIELDS, "modified_at"])
        article.store_term_usage(terms)
        PendingRender.objects.filter(pk__in=waiting).delete()
    return changed
