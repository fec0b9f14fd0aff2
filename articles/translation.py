"""Which model fields exist once per language (``title_de``, ``title_en`` …)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Article, ArticleChange, GlossaryTerm, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description")


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "sort_title",
        "slug",
        "summary",
        "body",
        "description",
        "image_alt",
        "image_caption",
        "summary_html",
        "body_html",
        "headings",
        "author",
        "reviewer",
        "reviewed_on",
        "updated_on",
        "text_changed_at",
        "reading_ease",
        "glossary_marks",
        "glossary_words",
    )


@register(ArticleChange)
class ArticleChangeTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = (
        "term",
        "slug",
        "variants",
        "definition",
        "explanation",
        "explanation_html",
        "letter",
        "sort_name",
    )
