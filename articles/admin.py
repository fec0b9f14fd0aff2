from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .addresses import admin as addresses_admin  # noqa: F401  (registers old addresses)
from .editorial.admin import ArticleWorkflowAdmin
from .editorial.forms import UnixLinesAdmin
from .editorial.revisions import register_models
from .editorial.side_by_side import LanguageLabels, SideBySideTranslationAdmin
from .feedback import admin as feedback_admin  # noqa: F401  (registers the moderation admin)
from .glossary import admin as glossary_admin  # noqa: F401  (registers the glossary admin)
from .models import SOURCE_FIELDS, Article, ArticleChange, Feedback, Source, Topic
from .search.admin_search import TextSearchAdmin
from .search.index import ARTICLE

# The site's name rather than Django's: read from the settings when a page is shown.
_site_name = lazy(lambda: settings.SITE_NAME, str)()
admin.site.site_header = format_lazy(_("{site}: editorial office"), site=_site_name)
admin.site.site_title = format_lazy(_("{site} editorial office"), site=_site_name)
admin.site.index_title = _("Articles, glossary and feedback")

# Before ArticleAdmin below: reversion would otherwise register Article without its
# change notes.
register_models()


class SourceForm(forms.ModelForm):
    # Sized for a table row: the default widgets made the article form 2,300 px wide.
    class Meta:
        model = Source
        fields = ("position", *SOURCE_FIELDS)
        widgets = {
            "position": forms.NumberInput(attrs={"class": "source-position"}),
            "citation": forms.Textarea(attrs={"rows": 3, "class": "source-citation"}),
            "language": forms.TextInput(attrs={"class": "source-language"}),
            "url": forms.URLInput(attrs={"class": "source-url"}),
            "doi": forms.TextInput(attrs={"class": "source-doi"}),
        }


class SourceInline(UnixLinesAdmin, admin.TabularInline):
    model = Source
    form = SourceForm
    template = "admin/edit_inline/tabular_labelled.html"
    extra = 0
    fields = ("position", *SOURCE_FIELDS)


class ArticleChangeInline(UnixLinesAdmin, LanguageLabels, TranslationTabularInline):
    """The public "What changed" list: significant updates only, not corrected typos."""

    model = ArticleChange
    template = "admin/edit_inline/tabular_labelled.html"
    extra = 0
    fields = ("changed_on", "note")


@admin.register(Topic)
class TopicAdmin(UnixLinesAdmin, TabbedTranslationAdmin):
    list_display = ("title", "key", "order")
    search_fields = ("key", "title_de", "title_en")
    prepopulated_fields = {"slug_de": ("title_de",), "slug_en": ("title_en",)}


@admin.register(Article)
class ArticleAdmin(TextSearchAdmin, ArticleWorkflowAdmin, SideBySideTranslationAdmin):
    """Articles; preview, publishing, revisions, review dates, translation status and
    readability come from ``ArticleWorkflowAdmin`` (editorial/admin.py)."""

    list_display = ("title", "publication", "next_update", "feedback_count")
    list_filter = ("status", "kind", "topics")
    search_fields = ("key", "title_de", "title_en")
    # Checkboxes rather than filter_horizontal, whose search box and buttons fail axe.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    search_kind = ARTICLE

    class Media:
        css = {"all": ("css/admin-lists.css",)}

    inlines = [SourceInline, ArticleChangeInline]
    fieldsets = (
        (None, {"fields": ("key", "kind", "status")}),
        (_("Text"), {"fields": ("title", "slug", "summary", "body", "description")}),
        (_("Title image"), {"fields": ("image", "image_alt", "image_caption")}),
        (_("Authors and review"), {"fields": ("author", "reviewer", "reviewed_on")}),
        (
            _("Dates"),
            {"fields": ("updated_on", "minor_change", "next_update_on", "evidence_version")},
        ),
        (_("Links"), {"fields": ("topics", "related")}),
    )

    @admin.display(description=_("status"), ordering="status")
    def publication(self, article):
        if article.has_changes_waiting:
            return format_html("{}<br>{}", article.get_status_display(), _("changes waiting"))
        return article.get_status_display()

    def lookup_allowed(self, lookup, value, request=None):
        # The list may be filtered through any relation, and ?feedback=2 would tell which
        # article a confidential message is about: only for those who may read feedback.
        through_feedback = (
            lookup.split(LOOKUP_SEP)[0] == Feedback._meta.get_field("article").related_query_name()
        )
        if through_feedback and not (
            request is not None and request.user.has_perm("articles.view_feedback")
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        # Editors see how readers rate an article, never what they wrote: only the number
        # of messages and their mean rating, spam left out. Subqueries, so that the topic
        # filter's join cannot count a message twice.
        feedback = (
            Feedback.objects.filter(article=OuterRef("pk"))
            .exclude(status=Feedback.Status.SPAM)
            .order_by()
            .values("article")
        )
        waiting = Article.all_objects.filter(
            live_article=OuterRef("pk"), pending_since__isnull=False
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_changes_waiting=Exists(waiting),
                feedback_total=Coalesce(
                    Subquery(feedback.annotate(n=Count("pk")).values("n")),
                    Value(0),
                    output_field=IntegerField(),
                ),
                rating_mean=Subquery(feedback.annotate(m=Avg("rating")).values("m")),
            )
        )

    @admin.display(description=_("next planned update"), ordering="next_update_on")
    def next_update(self, article):
        if article.next_update_on is None:
            return "–"
        return date_format(article.next_update_on, "SHORT_DATE_FORMAT")

    @admin.display(description=_("feedback (mean rating)"), ordering="feedback_total")
    def feedback_count(self, article):
        if article.rating_mean is None:
            return article.feedback_total
        return f"{article.feedback_total} ({number_format(article.rating_mean, decimal_pos=1)})"
