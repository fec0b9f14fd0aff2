from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import PreviousAddress


@admin.register(PreviousAddress)
class PreviousAddressAdmin(admin.ModelAdmin):
    """Old addresses, kept by the site itself when an address changes: to see, not to edit.

    Deleting one makes its address a 404 again (and free for a new page).
    """

    list_display = ("path", "language", "leads_to", "created_at")
    list_filter = ("language",)
    search_fields = ("path",)
    readonly_fields = ("path", "language", "kind", "object_id", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("leads to"))
    def leads_to(self, address):
        target = address.target()
        return str(target) if target is not None else _("gone (410)")
