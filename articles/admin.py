from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, Source, Topic


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
