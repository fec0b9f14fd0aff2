"""Articles waiting to be rendered again in the background (``articles.render_queue``).

A glossary change, ``render_content`` or a large import leaves one row per article to render,
and the worker deletes the rows once the article shows the change. A row without an article
stands for a saved term whose articles the worker has yet to find. Rows that keep failing
stay, with the error, for the term's admin page.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .article import Article
from .glossary import GlossaryTerm


class PendingRenderQuerySet(models.QuerySet):
    def finding(self):
        """Saved terms whose articles are still to be found."""
        return self.filter(article__isnull=True)

    def waiting(self):
        """Articles to render, those given up on left out."""
        return self.filter(article__isnull=False, failed_at__isnull=True)

    def failing(self):
        """Articles whose rendering failed: retried, or given up on after the last try."""
        return self.filter(article__isnull=False, attempts__gt=0)

    def article_count(self) -> int:
        # An article may wait for several changes at once; it is rendered once for all.
        return self.aggregate(count=Count("article", distinct=True))["count"]


class PendingRender(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_renders",
        verbose_name=_("article"),
    )
    # The change the article waits for; empty for render_content, a large import or a term
    # that was deleted.
    term = models.ForeignKey(
        GlossaryTerm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_renders",
        verbose_name=_("glossary term"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    # Set when the retries ran out: the article keeps its last good rendering until it is
    # rendered again (render_content, or another change of the term).
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    objects = PendingRenderQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("article waiting to be rendered")
        verbose_name_plural = _("articles waiting to be rendered")
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False) | Q(term__isnull=False),
                name="pending_render_names_an_article_or_a_term",
            )
        ]

    def __str__(self):
        return f"{self.article_id or '?'} for {self.term_id or 'catalogue'}"
