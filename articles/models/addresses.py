"""Addresses that once showed an article or topic, and where they lead now."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGE_CODES, translated

# The longest address kept; article addresses are at most 200 characters plus their prefix.
MAX_PATH_LENGTH = 400


class PreviousAddress(models.Model):
    """An address an article or topic had in one language before it got another one.

    It leads to the article or topic itself, not to its next address: however often the
    address changed, readers are sent straight to the current one. With no object it leads
    nowhere: what was there is gone (410).
    """

    path = models.CharField(_("address"), max_length=MAX_PATH_LENGTH, unique=True)
    language = models.CharField(_("language"), max_length=8)
    # The model it leads to, by name ("article", "topic"): a small fixed set of this app's.
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("previous address")
        verbose_name_plural = _("previous addresses")
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return self.path

    def target(self):
        """The article or topic this address leads to; None if it is gone."""
        if self.object_id is None:
            return None
        return apps.get_model("articles", self.kind).objects.filter(pk=self.object_id).first()


def public_paths(instance) -> dict[str, str]:
    """The public address of an article or topic per language, where it has one."""
    paths = {}
    for code in LANGUAGE_CODES:
        if instance.is_public(code):
            with override(code):
                paths[code] = instance.get_absolute_url(code)
    return paths


def address_conflicts(instance) -> dict[str, str]:
    """{slug field: why} for each address another page's old address still leads from."""
    conflicts = {}
    own_kind = instance._meta.model_name
    # A working copy takes over its published article's addresses, old ones included.
    own_id = getattr(instance, "live_article_id", None) or instance.pk
    for code in LANGUAGE_CODES:
        if not translated(instance, "slug", code):
            continue
        with override(code):
            path = instance.get_absolute_url(code)
        previous = (
            PreviousAddress.objects.filter(path=path, object_id__isnull=False)
            .exclude(kind=own_kind, object_id=own_id)
            .first()
        )
        target = previous.target() if previous is not None else None
        # An address that only answers "gone" may be given to a new page.
        if target is not None and target.is_public(code):
            conflicts[f"slug_{code}"] = gettext(
                "This address used to belong to another page and now leads readers there. "
                "Choose another address."
            )
    return conflicts
