"""Template tags for the editors' admin pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import change_messages
from articles.editorial import workflow
from articles.models import Article, Feedback

register = template.Library()


@register.filter
def change_message(message: str, opts) -> str:
    """A history entry's stored message, field names in the active language."""
    return change_messages.in_active_language(message, opts.model)


@register.simple_tag
def overdue_article_count() -> int:
    """Articles whose next planned update has passed (the admin index shows it)."""
    return Article.objects.review_overdue(timezone.localdate()).count()


@register.simple_tag
def new_feedback_count() -> int:
    """Feedback messages nobody has looked at yet (the admin index shows moderators)."""
    return Feedback.objects.filter(status=Feedback.Status.NEW).count()


# How many of each list the admin index shows; the rest are counted.
TASKS_SHOWN = 10


@register.simple_tag
def editorial_tasks(user) -> list[dict]:
    """What waits for ``user``, list by list, as the admin index shows it.

    Each list: its title, up to ``TASKS_SHOWN`` rows and how many there are in all. The
    queries are limited and counted in the database, so the index stays fast for a
    catalogue of any size.
    """
    waiting = workflow.rows_waiting().order_by("pending_since", "key")
    lists = []
    if user.has_perm("articles.review_article"):
        lists.append(
            (
                _("Waiting for your review"),
                waiting.filter(last_action="submitted").exclude(contributors=user),
            )
        )
    if user.has_perm("articles.publish_article"):
        lists.append(
            (_("Approved, waiting to be published"), waiting.filter(last_action="approved"))
        )
        lists.append(
            (
                _("Scheduled"),
                Article.all_objects.filter(go_live_at__isnull=False).order_by("go_live_at"),
            )
        )
    if user.has_perm("articles.change_article"):
        lists.append(
            (
                _("Your changes sent back"),
                waiting.filter(last_action="sent-back", contributors=user),
            )
        )
    return [
        {"title": title, "rows": list(rows[:TASKS_SHOWN]), "count": rows.count()}
        for title, rows in lists
    ]
