"""Moderating reader feedback in the admin.

Only users with the feedback permissions (superusers and the "Moderators" group) see any of
it; editors see per article only how many messages there are and the mean rating
(``ArticleAdmin``). Feedback comes only from readers: nobody can add it here, and what the
reader wrote stays as written.
"""

import csv

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..editorial.forms import UnixLinesAdmin
from ..models import Feedback, translated

READER_FIELDS = (
    "article_page",
    "language",
    "article_updated_on",
    "created_at",
    "rating",
    "comment",
    "name",
    "email",
)
# Column headers are the fields' names in the admin's language.
CSV_COLUMNS = (
    ("id", lambda f: f.pk),
    ("created_at", lambda f: timezone.localtime(f.created_at).isoformat(timespec="seconds")),
    ("article", lambda f: f.article.key),
    ("language", lambda f: f.language),
    ("article_updated_on", lambda f: f.article_updated_on.isoformat()),
    ("rating", lambda f: f.rating),
    ("status", lambda f: f.get_status_display()),
    ("priority", lambda f: gettext("yes") if f.priority else gettext("no")),
    ("assignee", lambda f: f.assignee.get_username() if f.assignee else ""),
    ("comment", lambda f: f.comment),
    ("name", lambda f: f.name),
    ("email", lambda f: f.email),
    ("internal_note", lambda f: f.internal_note),
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """``value`` as text a spreadsheet shows instead of running (readers wrote it)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def feedback_csv(queryset) -> HttpResponse:
    """The feedback in ``queryset`` as a CSV download (UTF-8 with BOM, for spreadsheets).

    German spreadsheet programs split lines at semicolons (the comma is the decimal mark
    there): the German admin exports with semicolons, the English one with commas.
    """
    filename = f"feedback-{timezone.localdate().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if get_language() == "de" else ",")
    fields = Feedback._meta
    writer.writerow([capfirst(fields.get_field(name).verbose_name) for name, _value in CSV_COLUMNS])
    for feedback in queryset.select_related("article", "assignee"):
        writer.writerow([spreadsheet_safe(value(feedback)) for _name, value in CSV_COLUMNS])
    return response


STATUS_ACTIONS = {
    Feedback.Status.NEW: _("Set status to “new”"),
    Feedback.Status.IN_REVIEW: _("Set status to “in review”"),
    Feedback.Status.DONE: _("Set status to “done”"),
    Feedback.Status.SPAM: _("Set status to “spam”"),
}


def _status_action(status: Feedback.Status):
    def action(modeladmin, request, queryset):
        changed = 0
        for feedback in queryset.exclude(status=status):
            feedback.status = status
            feedback.save(update_fields=["status"])
            # Logged like a change on the form; the entry names the field, never the text.
            modeladmin.log_change(request, feedback, [{"changed": {"fields": ["Status"]}}])
            changed += 1
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d feedback message set to “%(status)s”.",
                "%(count)d feedback messages set to “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status.value}"
    return admin.action(permissions=["change"], description=STATUS_ACTIONS[status])(action)


@admin.register(Feedback)
class FeedbackAdmin(UnixLinesAdmin, admin.ModelAdmin):
    # Few, narrow columns, so that the list fits 1280 px beside the filters; the language
    # and the assignee are in the form (and the filters).
    list_display = ("sent_at", "priority", "status", "stars", "article_title", "excerpt")
    list_display_links = ("sent_at", "excerpt")
    list_filter = (
        "status",
        "priority",
        ("article", admin.RelatedOnlyFieldListFilter),
        "language",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "rating",
        "created_at",
    )
    list_select_related = ("article", "assignee")
    search_fields = ("comment",)
    ordering = ("-priority", "-created_at")
    readonly_fields = READER_FIELDS
    fieldsets = (
        (
            _("What the reader sent"),
            {
                "fields": (
                    "article_page",
                    "language",
                    "article_updated_on",
                    "created_at",
                    "rating",
                )
            },
        ),
        (_("Message"), {"fields": ("comment", "name", "email")}),
        (_("Moderation"), {"fields": ("status", "priority", "assignee", "internal_note")}),
    )
    actions = [
        *(_status_action(status) for status in Feedback.Status),
        "export_selected",
    ]
    change_list_template = "admin/articles/feedback/change_list.html"

    class Media:
        css = {"all": ("css/admin-lists.css",)}

    def has_add_permission(self, request):
        return False

    @method_decorator(sensitive_post_parameters())
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            # Feedback can be given only to someone allowed to read it.
            may_moderate = (
                Q(is_superuser=True)
                | Q(groups__permissions__codename="change_feedback")
                | Q(user_permissions__codename="change_feedback")
            )
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(may_moderate, is_active=True, is_staff=True)
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("sent at"), ordering="created_at")
    def sent_at(self, feedback):
        return date_format(timezone.localtime(feedback.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("rating"), ordering="rating")
    def stars(self, feedback):
        return format_html(
            '<span title="{}">{}/5</span>', feedback.get_rating_display(), feedback.rating
        )

    @admin.display(description=_("article"), ordering="article__key")
    def article_title(self, feedback):
        return Truncator(str(feedback.article)).chars(40)

    @admin.display(description=_("article"))
    def article_page(self, feedback):
        # Not a link into the article admin, which moderators may not open: the page the
        # reader was on, in a new tab, so that the message stays open beside it.
        article = feedback.article
        title = translated(article, "title", feedback.language) or article.key
        if not article.is_published:
            return format_html("{} ({})", title, gettext("not published"))
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}<span class="visually-hidden"> ({})'
            "</span></a>",
            article.get_absolute_url(feedback.language),
            title,
            gettext("opens in a new tab"),
        )

    @admin.display(description=_("comment"))
    def excerpt(self, feedback):
        return Truncator(feedback.comment).chars(60)

    @admin.action(permissions=["view"], description=_("Export selected as CSV"))
    def export_selected(self, request, queryset):
        return feedback_csv(queryset)

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="articles_feedback_export",
        )
        return [export, *super().get_urls()]

    @method_decorator(never_cache)
    def export_view(self, request):
        """The list as filtered and searched on the change list page, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest()
        return feedback_csv(changelist.queryset)
