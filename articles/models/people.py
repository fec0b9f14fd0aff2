"""The people behind the content, as readers are told about them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """How a medical reviewer is named to readers: "Checked by ⟨name, qualification⟩"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As readers see it, with the title, e.g. Dr. med. Anna Beispiel."),
    )
    qualification = models.CharField(
        _("qualification"),
        max_length=300,
        help_text=_("The medical qualification, e.g. Fachärztin für Gynäkologie."),
    )
    # Only the development reviewer (DEVELOPMENT_DATA on) has such a profile; pages then say the
    # content was not checked by a real person.
    is_development_account = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return f"{self.name}, {self.qualification}"
