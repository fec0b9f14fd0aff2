"""Blanking readers' names and email addresses once the editors no longer need them.

The privacy page promises readers a number of days (``FEEDBACK_PERSONAL_DATA_DAYS``);
``manage.py purge_feedback_personal_data`` calls this, daily from cron. Rating and comment stay.
"""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Feedback


def expired_personal_data(days: int) -> QuerySet:
    """Feedback older than ``days`` days that still has a name or an email address."""
    cutoff = timezone.now() - timedelta(days=days)
    # Excluding only messages where both are already blank.
    return Feedback.objects.filter(created_at__lt=cutoff).exclude(name="", email="")


def purge_personal_data(days: int) -> int:
    """Blank the name and email address of feedback older than ``days`` days; how many."""
    return expired_personal_data(days).update(name="", email="")
