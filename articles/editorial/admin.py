"""The editors' workflow on articles in the admin, added to ``ArticleAdmin`` (articles/admin.py).

- Preview: the public article page, rendered from the form as it is (saved or not), staff
  only and never cached.
- Drafts and publishing: publishing checks ``publishing`` and is logged.
- Revisions (django-reversion): history with who and when, comparison of two revisions,
  revert.
- Concurrent edits: the form carries the version it was opened at; a save over a newer
  version is refused.
- Review dates, translation status and readability: list columns and filters.
"""

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..models import LANGUAGE_CODES, Article, ReviewerProfile
from ..views import render_article_page
from . import readability, revisions
from .publishing import blocking_save, log_status_change, missing_for_publishing

REVIEW_SOON_DAYS = 90
LANGUAGE_NAMES = dict(settings.LANGUAGES)  # translated when shown


class ArticleForm(forms.ModelForm):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = ("status",)  # The admin gives the fields of its fieldsets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding:
            self._refuse_outdated(cleaned_data.get("edit_version"))
        return cleaned_data

    def _post_clean(self):
        # Only here does the instance carry all of the form's values: modeltranslation
        # applies an emptied field of the active language as late as the model's own checks.
        super()._post_clean()
        before = None
        if not self.instance._state.adding:
            before = Article.objects.filter(pk=self.instance.pk).first()
        for missing in blocking_save(self.instance, before):
            self.add_error(missing.field if missing.field in self.fields else None, missing.message)

    def _refuse_outdated(self, opened_at: int | None):
        # ``instance.version`` is the stored version, read under a lock (ArticleWorkflowAdmin).
        if opened_at == self.instance.version:
            return
        message = gettext(
            "Someone else saved this article after you opened it. Your changes were not "
            "saved, so that they do not overwrite theirs. Open the article again in a new tab, "
            "copy your changes into it and save there."
        )
        last = Version.objects.get_for_object(self.instance).select_related("revision__user")
        last = last.first()
        if last is not None and last.revision.user is not None:
            message += " " + gettext("Last saved by %(user)s at %(time)s.") % {
                "user": last.revision.user.get_username(),
                "time": localize(timezone.localtime(last.revision.date_created)),
            }
        raise ValidationError(message, code="outdated")


class SourceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = sum(
            1 for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        before = Article.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        sources_before = before.sources.count() if before else 0
        for missing in blocking_save(self.instance, before, kept, sources_before):
            if missing.field == "sources":
                raise ValidationError(missing.message)


class ReviewFilter(admin.SimpleListFilter):
    title = _("next planned update")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("soon", _("due within %(days)d days") % {"days": REVIEW_SOON_DAYS}),
            ("unset", _("not set")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "soon":
            return queryset.review_due_within(today, REVIEW_SOON_DAYS)
        if self.value() == "unset":
            return queryset.filter(next_update_on__isnull=True)
        return queryset


def translation_status_filter(code: str):
    class TranslationStatusFilter(admin.SimpleListFilter):
        title = format_lazy(_("translation: {language}"), language=LANGUAGE_NAMES[code])
        parameter_name = f"translation_{code}"

        def lookups(self, request, model_admin):
            return Article.TranslationStatus.choices

        def queryset(self, request, queryset):
            if self.value() in Article.TranslationStatus.values:
                return queryset.with_translation_status(code, self.value())
            return queryset

    return TranslationStatusFilter


def translation_status_column(code: str):
    @admin.display(description=format_lazy(_("{language} text"), language=code.upper()))
    def column(article):
        return article.translation_status(code).label

    column.__name__ = f"translation_{code}"
    return column


def readability_column(code: str):
    @admin.display(
        description=format_lazy(
            _("readability {language} (target ≥ {target})"),
            language=code.upper(),
            target=readability.TARGET,
        ),
        ordering=f"reading_ease_{code}",
    )
    def column(article):
        score = getattr(article, f"reading_ease_{code}")
        if score is None:
            return "–"
        return number_format(score, decimal_pos=0)

    column.__name__ = f"readability_{code}"
    return column


# Made once: the admin tells columns apart by identity (sorting, for one).
TRANSLATION_COLUMNS = [translation_status_column(code) for code in LANGUAGE_CODES]
READABILITY_COLUMNS = [readability_column(code) for code in LANGUAGE_CODES]
TRANSLATION_FILTERS = [translation_status_filter(code) for code in LANGUAGE_CODES]


def readability_report(article) -> str:
    """Readability per language with the scale's name and the target, for the change form."""
    rows = []
    for code in LANGUAGE_CODES:
        score = getattr(article, f"reading_ease_{code}")
        if score is None:
            text = gettext("no text yet")
        else:
            text = f"{number_format(score, decimal_pos=0)} – {readability.band(score)}"
            if score < readability.TARGET:
                text += " – " + gettext("below the target")
        rows.append((LANGUAGE_NAMES[code], text))
    return format_html(
        "<ul>{}</ul><p>{}</p>",
        format_html_join("", "<li>{}: {}</li>", rows),
        gettext(
            "Flesch reading ease, German after Amstad, from 0 (very hard) to 100 (very easy). "
            "Patient information should reach %(target)d or more (plain language); 70 or more "
            "is easy. Updated when the article is saved."
        )
        % {"target": readability.TARGET},
    )


def translation_report(article) -> str:
    rows = []
    for code in LANGUAGE_CODES:
        changed = getattr(article, f"text_changed_at_{code}")
        when = localize(timezone.localtime(changed)) if changed else "–"
        rows.append((LANGUAGE_NAMES[code], article.translation_status(code).label, when))
    return format_html(
        "<ul>{}</ul><p>{}</p>",
        format_html_join("", "<li>{}: {} ({})</li>", rows),
        gettext(
            "Outdated: the other language's text changed after this one was last brought up "
            "to date. Editing an outdated language brings it up to date. In brackets: the "
            "date of the text."
        ),
    )


class ArticleWorkflowAdmin(VersionAdmin):
    form = ArticleForm
    object_history_template = "admin/articles/article/object_history.html"
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ("css/admin-editorial.css",)}

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        extra = [*TRANSLATION_COLUMNS, *READABILITY_COLUMNS]
        at = columns.index("next_update_on") + 1 if "next_update_on" in columns else len(columns)
        return [*columns[:at], *extra, *columns[at:]]

    def get_list_filter(self, request):
        return [
            *super().get_list_filter(request),
            ReviewFilter,
            *TRANSLATION_FILTERS,
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": (*options["fields"], "edit_version")})
        if obj is not None:
            fieldsets.append(
                (
                    _("Editorial checks"),
                    {"fields": ("translation_status", "readability")},
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), "translation_status", "readability")
        if not self.has_publish_permission(request):
            # Only publishers put an article online or take it off: for everyone else the
            # status is shown, not offered, so no form can change it.
            fields = ("status", *fields)
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    @admin.display(description=_("translation status"))
    def translation_status(self, article):
        return translation_report(article)

    @admin.display(description=_("readability"))
    def readability(self, article):
        return readability_report(article)

    # Concurrent edits

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is None:
            return None
        before_revert = getattr(request, "article_version_before_revert", None)
        if before_revert is not None:
            # Reverting wrote the old revision's row, its version number included; the form
            # must carry, and be checked against, the version the article really has.
            article.version = before_revert
        elif request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Locked until the save is done, so two saves of one version cannot both pass.
            article.version = (
                Article.objects.select_for_update()
                .values_list("version", flat=True)
                .get(pk=article.pk)
            )
        return article

    def revision_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic():
            request.article_version_before_revert = (
                Article.objects.select_for_update()
                .filter(pk=unquote(object_id))
                .values_list("version", flat=True)
                .first()
            )
            return super().revision_view(request, object_id, version_id, extra_context)

    # Publishing

    def save_model(self, request, obj, form, change):
        # From the stored article: for editors who may not publish, status is not in the form.
        was_published = (
            change and Article.objects.filter(pk=obj.pk, status=Article.Status.PUBLISHED).exists()
        )
        super().save_model(request, obj, form, change)
        message = log_status_change(request.user, obj, was_published)
        if message and reversion.is_active():
            reversion.set_comment(message)

    def log_change(self, request, obj, message):
        status_message = reversion.get_comment() if reversion.is_active() else ""
        entry = super().log_change(request, obj, message)
        if status_message:
            # The revision's comment names the change of status next to the fields changed.
            reversion.set_comment(f"{entry.get_change_message()} {status_message}")
        return entry

    def log_addition(self, request, obj, message):
        status_message = reversion.get_comment() if reversion.is_active() else ""
        entry = super().log_addition(request, obj, message)
        if status_message:
            reversion.set_comment(f"{entry.get_change_message()} {status_message}")
        return entry

    def changelist_view(self, request, extra_context=None):
        # Not in one revision for the whole list, as VersionAdmin has it: an action that
        # changes several articles gives each a revision of its own (``_change_status``), so
        # that reverting one article never reverts the others with it.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(request, context | (extra_context or {}))

    @admin.action(permissions=["publish"], description=_("Publish selected articles"))
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            missing = missing_for_publishing(article, article.sources.count())
            if missing:
                self.message_user(
                    request,
                    gettext("“%(article)s” was not published: %(missing)s")
                    % {"article": article, "missing": " ".join(m.message for m in missing)},
                    messages.ERROR,
                )
                continue
            self._change_status(request, article, Article.Status.PUBLISHED)
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d article published.", "%(count)d articles published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(permissions=["publish"], description=_("Unpublish selected articles (to draft)"))
    def unpublish_selected(self, request, queryset):
        articles = list(queryset.filter(status=Article.Status.PUBLISHED))
        for article in articles:
            self._change_status(request, article, Article.Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d article unpublished.", "%(count)d articles unpublished.", len(articles)
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )

    def _change_status(self, request, article, status):
        was_published = article.is_published
        with transaction.atomic(), reversion.create_revision():
            article.status = status
            article.save()
            reversion.set_user(request.user)
            reversion.set_comment(log_status_change(request.user, article, was_published))

    # Preview and comparison

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{info}_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info}_compare",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        """The article as readers will see it in ``language``, drafts too.

        GET shows the saved article. POST, sent by the change form's Preview buttons, shows
        the form as it is, unsaved; nothing is stored. The admin wraps this view in
        ``never_cache``.
        """
        if language not in LANGUAGE_CODES:
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            form_class = self.get_form(request, article, change=True)
            form = form_class(request.POST, request.FILES, instance=article)
            # Every valid field is applied to ``article``; errors are for saving, not here.
            form.is_valid()
            article = form.instance
        with override(language):
            article.render()
            response = render_article_page(
                request,
                article,
                template="articles/article_preview.html",
                url_for=lambda code: reverse(
                    "admin:articles_article_preview", args=[article.pk, code]
                ),
            )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def compare_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            chosen = [versions.get(revision_id=int(request.GET[name])) for name in ("old", "new")]
        except (KeyError, ValueError, Version.DoesNotExist):
            self.message_user(request, gettext("Choose two revisions to compare."), messages.ERROR)
            return redirect("admin:articles_article_history", article.pk)
        old, new = sorted(chosen, key=lambda version: version.revision.date_created)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": gettext("Compare revisions of “%(article)s”") % {"article": article},
            "old": old,
            "new": new,
            "diffs": revisions.compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """How each medical reviewer is named to readers; kept by whoever manages the accounts."""

    list_display = ("name", "qualification", "user")
    search_fields = ("name", "qualification", "user__username")
    autocomplete_fields = ("user",)
