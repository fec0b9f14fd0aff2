"""The editors' workflow on articles in the admin, added to ``ArticleAdmin`` (articles/admin.py).

- Preview: the public article page, rendered from the form as it is (saved or not), staff
  only and never cached.
- Working copies, review and publishing (``workflow``): editing a published article edits its
  working copy; the "Review and publish" page sends a version for review, approves it or sends
  it back, publishes it per language or schedules it, and compares it with the published one.
- Revisions (django-reversion, ``history``): history with who and when, comparison of two
  revisions, revert.
- Concurrent edits: the form carries the version it was opened at; a save over a newer
  version is refused.
- Review dates, translation status, readability and glossary marks: list columns and filters.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Least
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..content.forms import CheckedMarkdownForm, show_content_warnings
from ..glossary.matcher import MARKS_PER_PAGE_AIM
from ..models import LANGUAGE_CODES, Article, ReviewerProfile, ReviewRecord
from ..models.languages import LANGUAGE_NAMES
from ..views import render_article_page
from . import readability, revisions, translation_changes, workflow
from .forms import UnixLinesAdmin, WorkflowForm
from .history import RevisionHistoryAdmin

REVIEW_SOON_DAYS = 90
# Set by publishing from the review records, per language: shown, never edited.
RECORDED_FIELDS = tuple(
    f"{name}_{code}"
    for name in ("reviewer", "reviewed_on", "updated_on")
    for code in LANGUAGE_CODES
)


class ArticleForm(CheckedMarkdownForm):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    markdown_fields = ("summary", "body")

    class Meta:
        model = Article
        fields = ("key",)  # The admin gives the fields of its fieldsets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding:
            self._refuse_outdated(cleaned_data.get("edit_version"))
        return cleaned_data

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


def _per_language(article, describe) -> str:
    """One line per language, "DE: …", for a list column that stays narrow."""
    return format_html_join(
        mark_safe("<br>"), "{}: {}", ((code.upper(), describe(code)) for code in LANGUAGE_CODES)
    )


@admin.display(description=_("translation"))
def translation_column(article):
    return _per_language(article, lambda code: article.translation_status(code).label)


@admin.display(
    description=format_lazy(_("readability (target ≥ {target})"), target=readability.TARGET),
    ordering="reading_ease_lowest",
)
def readability_column(article):
    def describe(code):
        score = getattr(article, f"reading_ease_{code}")
        return "–" if score is None else number_format(score, decimal_pos=0)

    return _per_language(article, describe)


TRANSLATION_FILTERS = [translation_status_filter(code) for code in LANGUAGE_CODES]


def _per_language_report(article, field: str, describe, explanation: str) -> str:
    """A figure stored per language, described for each, with what it means below."""
    rows = [
        (LANGUAGE_NAMES[code], describe(getattr(article, f"{field}_{code}")))
        for code in LANGUAGE_CODES
    ]
    return format_html(
        "<ul>{}</ul><p>{}</p>", format_html_join("", "<li>{}: {}</li>", rows), explanation
    )


def readability_report(article) -> str:
    """Readability per language with the scale's name and the target, for the change form."""

    def describe(score):
        if score is None:
            return gettext("no text yet")
        text = f"{number_format(score, decimal_pos=0)} – {readability.band(score)}"
        if score < readability.TARGET:
            text += " – " + gettext("below the target")
        return text

    return _per_language_report(
        article,
        "reading_ease",
        describe,
        gettext(
            "Flesch reading ease, German after Amstad, from 0 (very hard) to 100 (very easy). "
            "Patient information should reach %(target)d or more (plain language); 70 or more "
            "is easy. Updated when the article is saved."
        )
        % {"target": readability.TARGET},
    )


def glossary_marks_report(article) -> str:
    """The glossary marks of each language's page, with the aim, for the change form."""

    def describe(marks):
        if marks is None:
            return gettext("not counted yet")
        if marks > MARKS_PER_PAGE_AIM:
            return f"{marks} – " + gettext("more than the aim")
        return str(marks)

    return _per_language_report(
        article,
        "glossary_marks",
        describe,
        gettext(
            "Words of the glossary that readers can open on the page, summary and text "
            "together; each term is marked once. More than %(aim)d get in the way of reading "
            "and of moving through the page by keyboard: explain words in the text, or set "
            "words every reader knows to “Explain it in the glossary only” in the glossary. "
            "Counted when the article is saved or rendered again."
        )
        % {"aim": MARKS_PER_PAGE_AIM},
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


class ArticleWorkflowAdmin(UnixLinesAdmin, RevisionHistoryAdmin):
    form = ArticleForm
    object_history_template = "admin/articles/article/object_history.html"
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ("css/admin-editorial.css",)}

    def get_list_display(self, request):
        # Narrow columns, both languages in one cell, so that the list fits 1280 px beside
        # the filters; glossary marks and the dates readers see are in the change form.
        columns = list(super().get_list_display(request))
        extra = [translation_column, readability_column]
        at = columns.index("next_update") + 1 if "next_update" in columns else len(columns)
        return [*columns[:at], *extra, *columns[at:]]

    def get_queryset(self, request):
        # The lower of the two scores: sorting finds the articles hardest to read in either.
        return (
            super()
            .get_queryset(request)
            .annotate(
                reading_ease_lowest=Least(
                    *(f"reading_ease_{code}" for code in LANGUAGE_CODES), output_field=FloatField()
                )
            )
        )

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
                    {"fields": ("translation_status", "readability", "glossary_mark_counts")},
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Status, "checked by" and the dates readers see change only by publishing, from the
        # review records: shown here, never offered.
        return (
            *super().get_readonly_fields(request, obj),
            "status",
            *RECORDED_FIELDS,
            "translation_status",
            "readability",
            "glossary_mark_counts",
        )

    marks_outdated = True

    def translation_changes(self, request, obj, language):
        return translation_changes.changes_since_in_step(obj, language)

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page: its preview (the change form's template links it in the
        # language being edited). A working copy's own address may not be public yet.
        if obj is None:
            return None
        live = workflow.live_of(obj)
        if live.is_published:
            return live.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk, LANGUAGE_CODES[0]])

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    @admin.display(description=_("translation status"))
    def translation_status(self, article):
        return translation_report(article)

    @admin.display(description=_("readability"))
    def readability(self, article):
        return readability_report(article)

    @admin.display(description=_("glossary marks"))
    def glossary_mark_counts(self, article):
        return glossary_marks_report(article)

    # Working copies

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is None:
            # The list shows articles; their working copies are opened from them.
            article = Article.all_objects.filter(
                pk__in=[object_id] if str(object_id).isdigit() else [], live_article__isnull=False
            ).first()
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
                Article.all_objects.select_for_update()
                .values_list("version", flat=True)
                .get(pk=article.pk)
            )
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        records = []
        if article is not None:
            records = workflow.live_of(article).review_records.select_related("user")
        context = {**(extra_context or {}), "records": records}
        return super().history_view(request, object_id, context)

    # The revision keeps the change as Django keeps it, field labels and all, rather than as
    # text in the saver's language: the history shows it in the reader's (change_messages).
    def log_addition(self, request, obj, message):
        entry = super(VersionAdmin, self).log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message or gettext("Initial version."))
        return entry

    def log_change(self, request, obj, message):
        entry = super(VersionAdmin, self).log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def recover_view(self, request, version_id, extra_context=None):
        request.recovering_article = True
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and article.is_published and not article.is_working_copy:
            # Reverting would change what readers see without a review.
            self.message_user(
                request,
                gettext(
                    "A published article changes only through its working copy and a review. "
                    "Open the article and take the text of that revision into the working copy."
                ),
                messages.ERROR,
            )
            return redirect("admin:articles_article_history", article.pk)
        with transaction.atomic():
            request.article_version_before_revert = (
                Article.all_objects.select_for_update()
                .filter(pk=unquote(object_id))
                .values_list("version", flat=True)
                .first()
            )
            return super().revision_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if (
            request.method == "GET"
            and article is not None
            and article.is_published
            and not article.is_working_copy
        ):
            # Readers keep the published text: editors change its working copy, made on
            # first opening; who may only look sees the pending changes if there are any.
            copy = workflow.working_copy_of(article)
            if copy is None and self.has_change_permission(request, article):
                copy = workflow.start_working_copy(article)
            if copy is not None:
                # The query goes along: the language being edited, the list's filters.
                url = reverse("admin:articles_article_change", args=[copy.pk])
                query = request.GET.urlencode()
                return redirect(f"{url}?{query}" if query else url)
        context = {**(extra_context or {}), **self._workflow_context(article)}
        return super().change_view(request, object_id, form_url, context)

    def _workflow_context(self, row):
        if row is None:
            return {}
        live = workflow.live_of(row)
        return {
            "live_article": live,
            "editable": workflow.editable_version(live),
            "review_state": workflow.review_state(row),
            "last_publication": live.review_records.filter(
                action=ReviewRecord.Action.PUBLISHED
            ).first(),
        }

    def save_model(self, request, obj, form, change):
        # Only publishing changes the status: a recovered or reverted revision keeps the
        # stored one, and a recovered article comes back as a draft.
        stored = Article.all_objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if getattr(request, "recovering_article", False):
            stored = None  # the revision's row is in the database already, status and all
        obj.status = stored or Article.Status.DRAFT
        super().save_model(request, obj, form, change)
        workflow.note_edit(obj, request.user)
        show_content_warnings(request, form)

    def render_change_form(self, request, context, *args, **kwargs):
        # A form refused for its mistakes shows what may be intended too.
        show_content_warnings(request, context["adminform"].form)
        return super().render_change_form(request, context, *args, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Deleting a published article takes it offline: that is for publishers. A working
        # copy (discarding its changes) and a draft are the editors' own.
        if obj is not None and obj.is_published and not obj.is_working_copy:
            return self.has_publish_permission(request)
        return super().has_delete_permission(request, obj)

    def response_change(self, request, obj):
        if obj.is_working_copy and "_continue" not in request.POST:
            # Back to the article list would leave the editor without the next step.
            self.message_user(
                request,
                gettext(
                    "Saved in the working copy. Readers still see the published version until "
                    "this one is reviewed and published."
                ),
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_review", obj.pk)
        return super().response_change(request, obj)

    def changelist_view(self, request, extra_context=None):
        # Not in one revision for the whole list, as VersionAdmin has it: an action that
        # changes several articles gives each a revision of its own (``_change_status``), so
        # that reverting one article never reverts the others with it.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(request, context | (extra_context or {}))

    @admin.action(
        permissions=["publish"], description=_("Publish the approved versions of the selected")
    )
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset:
            row = workflow.editable_version(article)
            approved = workflow.approval(row) if row is not None else None
            try:
                if approved is None:
                    raise workflow.WorkflowError(gettext("No approved version is waiting."))
                workflow.publish(row, approved.languages, request.user)
            except workflow.WorkflowError as error:
                self.message_user(
                    request,
                    gettext("“%(article)s” was not published: %(missing)s")
                    % {"article": article, "missing": error.message},
                    messages.ERROR,
                )
                continue
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d article published.", "%(count)d articles published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(permissions=["publish"], description=_("Take the selected articles offline"))
    def unpublish_selected(self, request, queryset):
        articles = list(queryset.filter(status=Article.Status.PUBLISHED))
        for article in articles:
            workflow.unpublish(article, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article unpublished.", "%(count)d articles unpublished.", len(articles)
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )

    # Preview and review

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{info}_preview",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{info}_review",
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
        if request.method == "GET":
            # A published article's preview is its next version, if one is waiting.
            article = workflow.editable_version(article) or article
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

    def review_view(self, request, object_id):
        """Where a version moves on: sent for review, approved or sent back, published per
        language or scheduled, with what it changes in the published text, word by word.

        A refused step shows the form again with the reason and everything typed in it.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        live = workflow.live_of(article)
        row = workflow.editable_version(live)
        initial = {"version": row.version if row else None, "action": "submit"}
        if row is not None:
            approved = workflow.approval(row)
            initial["languages"] = approved.languages if approved else row.available_languages()
        form = WorkflowForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                message = self._carry_out(request, form.cleaned_data, live, row)
            except workflow.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:articles_article_review", live.pk)
        context = {
            **self.admin_site.each_context(request),
            **self._workflow_context(row or live),
            "opts": self.opts,
            "original": live,
            "row": row,
            "form": form,
            "title": gettext("Review and publish “%(article)s”") % {"article": live},
            "pending": row is not None and workflow.has_pending_changes(row),
            "diffs": revisions.compare_rows(live, row) if row and row.is_working_copy else None,
            "records": live.review_records.select_related("user")[:50],
            "can_edit": self.has_change_permission(request, live),
            "can_review": request.user.has_perm("articles.review_article"),
            "can_publish": self.has_publish_permission(request),
        }
        return TemplateResponse(request, "admin/articles/article/review.html", context)

    def _carry_out(self, request, data, live, row) -> str:
        """Do what the pressed button asks; returns the message for the person."""
        action, user, seen = data["action"], request.user, data["version"]
        languages, comment = data["languages"], data["comment"]
        if action == "unpublish":
            workflow.unpublish(live, user)
            return gettext("The article is offline. Readers of its address are told it is gone.")
        if action == "set_end":
            workflow.schedule_end(live, user, data["ends_at"])
            return gettext("The end date is saved.")
        if row is None:
            raise workflow.WorkflowError(gettext("There are no changes to review."))
        if action == "submit":
            workflow.submit(row, user, seen)
            return gettext("Sent for review.")
        if action == "approve":
            workflow.approve(row, user, languages, comment, seen)
            return gettext("Approved. A publisher can now publish it.")
        if action == "send_back":
            workflow.send_back(row, user, comment, seen)
            return gettext("Sent back to the authors with your comment.")
        # Which article, in which languages, and when: the message is all the editor sees.
        chosen = [code for code in LANGUAGE_CODES if code in languages]
        names = ", ".join(workflow.language_name(code) for code in chosen)
        named = {"article": live, "languages": names}
        if action == "publish":
            workflow.publish(row, languages, user, seen_version=seen)
            return (
                gettext("“%(article)s” is published in %(languages)s. Readers see it now.") % named
            )
        if data["go_live_at"] is None:
            raise workflow.WorkflowError(gettext("Give the date and time to go live."))
        workflow.schedule(row, languages, user, data["go_live_at"], seen_version=seen)
        when = localize(timezone.localtime(data["go_live_at"]))
        return gettext("“%(article)s” will be published in %(languages)s on %(when)s.") % {
            **named,
            "when": when,
        }


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """How each medical reviewer is named to readers; kept by whoever manages the accounts."""

    list_display = ("name", "qualification", "user")
    search_fields = ("name", "qualification", "user__username")
    autocomplete_fields = ("user",)
