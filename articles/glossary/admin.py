"""The glossary in the admin: each term with its matching options, the articles using it and
its revisions."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..content.forms import CheckedMarkdownForm, show_content_warnings
from ..editorial.forms import UnixLinesAdmin
from ..editorial.history import RevisionHistoryAdmin
from ..editorial.revisions import register_models
from ..editorial.side_by_side import SideBySideTranslationAdmin
from ..models import LANGUAGE_CODES, GlossaryTerm, TermUsage, translated
from ..models.languages import LANGUAGE_NAMES
from ..render_queue import queue
from ..search.admin_search import TextSearchAdmin
from ..search.index import TERM

# Before GlossaryTermAdmin below, which would otherwise register the terms on its own.
register_models()


class UsageFilter(admin.SimpleListFilter):
    title = _("use in articles")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("used", _("used")), ("unused", _("unused"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.filter(usages__isnull=False).distinct()
        if self.value() == "unused":
            return queryset.filter(usages__isnull=True)
        return queryset


class GlossaryTermUsageAdmin(admin.ModelAdmin):
    """Where a glossary term is used, per language, and which terms no article uses."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), UsageFilter]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Use in articles"), {"fields": ("rendering", "used_in")}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "rendering", "used_in")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            gettext(
                "The articles that use the term are rendered again in the background. "
                "Its page here shows how many are still waiting."
            ),
            messages.INFO,
        )

    @admin.display(description=_("rendering"))
    def rendering(self, term):
        """How far the articles are from showing this version of the term, and what failed."""
        return render_to_string(
            "admin/articles/glossaryterm/_rendering.html", {"state": queue.progress(term)}
        )

    @admin.display(description=_("used in"))
    def used_in(self, term):
        # Only what the list shows: an article's row holds its rendered HTML in each language.
        usages = (
            TermUsage.objects.filter(term=term)
            .select_related("article")
            .only(
                "language", "article__key", *(f"article__title_{code}" for code in LANGUAGE_CODES)
            )
        )
        sections = []
        for code in LANGUAGE_CODES:
            articles = sorted(
                (u.article for u in usages if u.language == code), key=lambda a: a.key
            )
            items = format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        translated(article, "title", code) or article.key,
                    )
                    for article in articles
                ),
            )
            sections.append(
                format_html(
                    "<p>{}</p>{}",
                    LANGUAGE_NAMES[code],
                    format_html("<ul>{}</ul>", items)
                    if articles
                    else gettext("No article uses it in this language."),
                )
            )
        return format_html_join("", "{}", ((section,) for section in sections))


class GlossaryTermForm(CheckedMarkdownForm):
    # The definition is plain text (GlossaryTerm.clean refuses markup in it).
    markdown_fields = ("explanation",)
    address_kind = "term"

    class Meta:
        model = GlossaryTerm
        fields = ("key",)  # The admin gives the fields of its fieldsets.


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(
    TextSearchAdmin,
    UnixLinesAdmin,
    GlossaryTermUsageAdmin,
    RevisionHistoryAdmin,
    SideBySideTranslationAdmin,
):
    """Terms; history, comparison and revert of their revisions come from
    ``RevisionHistoryAdmin`` (editorial/history.py)."""

    form = GlossaryTermForm

    list_display = (
        "term", "key", "marking", "exact_case", "compounds", "general", "article_count",
        "render_state",
    )  # fmt: skip
    list_filter = ("marking", "exact_case", "compounds", "general")
    slug_sources = {"slug": "term"}
    radio_fields = {"marking": admin.VERTICAL}
    search_fields = ("key", "term_de", "term_en", "variants_de", "variants_en")
    search_kind = TERM
    fieldsets = (
        (None, {"fields": ("key",)}),
        (_("Text"), {"fields": ("term", "slug", "variants", "definition", "explanation")}),
        (_("Matching"), {"fields": ("marking", "exact_case", "compounds", "general")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        show_content_warnings(request, form)

    def render_change_form(self, request, context, *args, **kwargs):
        # A form refused for its mistakes shows what may be intended too.
        show_content_warnings(request, context["adminform"].form)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_queryset(self, request):
        terms = super().get_queryset(request)
        return queue.with_progress(
            terms.annotate(article_total=Count("usages__article", distinct=True))
        )

    @admin.display(description=_("articles using it"), ordering="article_total")
    def article_count(self, term):
        return term.article_total

    @admin.display(description=_("still to render"))
    def render_state(self, term):
        parts = []
        if term.render_waiting:
            parts.append(
                ngettext("%(count)s waiting", "%(count)s waiting", term.render_waiting)
                % {"count": term.render_waiting}
            )
        if term.render_failed:
            parts.append(
                ngettext("%(count)s failed", "%(count)s failed", term.render_failed)
                % {"count": term.render_failed}
            )
        return ", ".join(parts) or "–"
