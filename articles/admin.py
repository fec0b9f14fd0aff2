from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, GlossaryTerm, Source, Topic


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ("position", "citation", "url", "doi", "accessed_on")


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ("title", "key", "order")
    search_fields = ("key", "title_de", "title_en")
    prepopulated_fields = {"slug_de": ("title_de",), "slug_en": ("title_en",)}


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ("title", "kind", "status", "updated_on", "next_update_on")
    list_filter = ("status", "kind", "topics")
    search_fields = ("key", "title_de", "title_en")
    filter_horizontal = ("topics", "related")
    inlines = [SourceInline]
    fieldsets = (
        (None, {"fields": ("key", "kind", "status")}),
        (_("Text"), {"fields": ("title", "slug", "summary", "body", "description")}),
        (_("Title image"), {"fields": ("image", "image_alt", "image_caption")}),
        (_("Dates"), {"fields": ("updated_on", "next_update_on")}),
        (_("Links"), {"fields": ("topics", "related")}),
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TabbedTranslationAdmin):
    list_display = ("term", "key", "exact_case", "compounds", "general", "article_count")
    list_filter = ("exact_case", "compounds", "general")
    search_fields = ("key", "term_de", "term_en", "variants_de", "variants_en")
    fieldsets = (
        (None, {"fields": ("key",)}),
        (_("Text"), {"fields": ("term", "slug", "variants", "definition", "explanation")}),
        (_("Matching"), {"fields": ("exact_case", "compounds", "general")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            article_total=Count("usages__article", distinct=True)
        )

    @admin.display(description=_("articles using it"), ordering="article_total")
    def article_count(self, term):
        return term.article_total
