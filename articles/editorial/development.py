"""The development reviewer: approves imported content on local trials, never in production.

``make run`` and ``make serve`` show the articles at once. Their approval comes from this
account, whose profile says plainly that nobody checked anything, and pages carry a notice
that they show development data (``settings.DEVELOPMENT_DATA``). With that setting off, as in
production, the account is never made.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from ..models import ReviewerProfile

USERNAME = "reviewer"
REVIEWERS = "Medical reviewers"  # made by migration 0010
# A profile holds one name for both languages: readers of either read theirs.
NAME = "Entwicklungskonto / development account"
QUALIFICATION = "keine medizinische Prüfung / not medically checked"


def development_reviewer():
    """The development reviewer account, made when missing (without a usable password)."""
    if not settings.DEVELOPMENT_DATA:
        raise ImproperlyConfigured(
            "Refusing to make the development reviewer: DJANGO_DEVELOPMENT_DATA is off, so "
            "this may be production."
        )
    user, created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=REVIEWERS))
    ReviewerProfile.objects.update_or_create(
        user=user,
        defaults={"name": NAME, "qualification": QUALIFICATION, "is_development_account": True},
    )
    return user
