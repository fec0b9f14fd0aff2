"""The record of each step a version of an article takes towards readers.

Sent for review, approved, sent back, scheduled, published, taken offline: one row each, with
who, when, which version and which languages. Rows are never changed or deleted while the
article exists; the article's history shows them, and the names and qualifications are
copied at the time, so a later change of a profile does not rewrite what was checked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewRecord(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("sent for review")
        APPROVED = "approved", _("approved")
        SENT_BACK = "sent-back", _("sent back")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("taken offline")

    # The published (or never yet published) article, never a working copy: working copies
    # come and go, the record stays with the article.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="review_records",
        verbose_name=_("article"),
    )
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Copied from the reviewer's profile for approvals: readers are told this name.
    name = models.CharField(_("name"), max_length=200, blank=True)
    qualification = models.CharField(_("qualification"), max_length=300, blank=True)
    is_development_account = models.BooleanField(default=False)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        indexes = [models.Index(fields=["article", "version"])]

    def __str__(self):
        return f"{self.article_id} v{self.version} {self.action}"

    @property
    def checked_by(self) -> str:
        """ "Name, qualification", as readers see it."""
        return ", ".join(part for part in (self.name, self.qualification) if part)
