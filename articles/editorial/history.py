"""The admin's revision pages, the same for articles and glossary terms: the history with a
choice of two revisions, their comparison (``revisions.compare``) and reverting to one."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import revisions


class RevisionHistoryAdmin(VersionAdmin):
    object_history_template = "admin/articles/revision_history.html"

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        """Two revisions, chosen in the history, field by field and word by word."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            chosen = [versions.get(revision_id=int(request.GET[name])) for name in ("old", "new")]
        except (KeyError, ValueError, Version.DoesNotExist):
            self.message_user(request, gettext("Choose two revisions to compare."), messages.ERROR)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", obj.pk)
        old, new = sorted(chosen, key=lambda version: version.revision.date_created)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare revisions of “%(name)s”") % {"name": obj},
            "old": old,
            "new": new,
            "diffs": revisions.compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/compare_revisions.html", context)
