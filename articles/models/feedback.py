"""Readers' feedback on an article: confidential, seen only by moderators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .article import Article


class Feedback(models.Model):
    """What a reader told the editors about one article: confidential, never published.

    Only moderators see it. Its text, name and email never appear in ``__str__``, so neither
    in the admin history (``LogEntry.object_repr``) nor in messages that name the object.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        DONE = "done", _("Done")
        SPAM = "spam", _("Spam")

    class Rating(models.IntegerChoices):
        NOT_AT_ALL = 1, _("Not helpful at all")
        NOT_VERY = 2, _("Not very helpful")
        SOMEWHAT = 3, _("Somewhat helpful")
        HELPFUL = 4, _("Helpful")
        VERY = 5, _("Very helpful")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language of the page the reader was on."),
    )
    article_updated_on = models.DateField(
        _("article updated on"),
        help_text=_("The article's 'Updated on' date when the feedback was sent."),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        choices=Rating.choices,
        help_text=_("How helpful the page was: 1 not helpful at all, 5 very helpful."),
    )
    comment = models.TextField(_("comment"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(
        _("email address"), blank=True, help_text=_("Given only by readers who want a reply.")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    priority = models.BooleanField(
        _("priority"),
        default=False,
        help_text=_(
            "Set automatically when the comment mentions self-harm, suicide or an emergency. "
            "Read these first."
        ),
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen only by moderators.")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_feedback",
        verbose_name=_("assigned to"),
    )

    class Meta:
        ordering = ["-priority", "-created_at"]
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return gettext("Feedback #%(number)s") % {"number": self.pk}
