"""Rendering one stored article again, as the worker and ``render_content --now`` do."""

from django.db import models, transaction

from ..models import RENDER_SOURCE_FIELDS, RENDERED_FIELDS, Article, PendingRender

# Renders tried when an editor's save keeps coming in between, before giving up for now.
TRIES = 3


class ArticleKeptChanging(Exception):
    """The article's text changed during each rendering; the queue tries again later."""


def render_article(article_id: int, *, dry_run: bool = False) -> bool:
    """Render the article again with the current glossary; True when its stored HTML changed.

    Rendered outside any transaction, so that other writers go on meanwhile (SQLite lets one
    write at a time), then written in a short transaction of its own that holds the article's
    row, and only if its text is still the one rendered: an editor's save in between is
    rendered again rather than overwritten. If anything fails, the article keeps its last good
    rendering. Only the rendered fields are written: the editors' text is unchanged, so its
    version stays (a form an editor has open can still be saved) and so does the translation
    status. The article's waiting rows are cleared, except those that appeared meanwhile:
    they may wait for a change this rendering did not see.
    """
    waiting = list(PendingRender.objects.filter(article_id=article_id).values_list("pk", flat=True))
    for _ in range(TRIES):
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return False  # deleted meanwhile, and its rows with it
        before = [getattr(article, name) for name in RENDERED_FIELDS]
        terms = article.render()
        changed = before != [getattr(article, name) for name in RENDERED_FIELDS]
        if dry_run:
            return changed
        with transaction.atomic():
            stored = (
                Article.objects.select_for_update()
                .filter(pk=article_id)
                .values(*RENDER_SOURCE_FIELDS)
                .first()
            )
            # When the text is as rendered, so is what was rendered from it.
            if stored != {name: getattr(article, name) for name in RENDER_SOURCE_FIELDS}:
                if stored is None:
                    return False
                continue
            if changed:
                # Model.save, not Article.save: that would render again and count an edit.
                # Saved rather than updated, so the signals tell the page cache and search.
                models.Model.save(
                    article, update_fields=[*RENDERED_FIELDS, "rendered_from", "modified_at"]
                )
            else:
                # The same HTML, now known to be that of the current glossary.
                Article.objects.filter(pk=article_id).update(rendered_from=article.rendered_from)
            article.store_term_usage(terms)
            PendingRender.objects.filter(pk__in=waiting).delete()
        return changed
    raise ArticleKeptChanging(f"article {article_id} changed during each of {TRIES} renderings")
