from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from .rendering import render_markdown

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def translated(instance: models.Model, name: str, language: str):
    """The value of a modeltranslation field in one language, e.g. ``title`` in ``en``."""
    return getattr(instance, f"{name}_{language}")


class Topic(models.Model):
    key = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("Stable identifier used by the content files. Do not change it."),
    )
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(
        _("address"),
        max_length=120,
        help_text=_("Last part of the page address, e.g. behandlung. Lower case, no spaces."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two plain sentences shown on the topic page and in search results."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Topics with smaller numbers are listed first.")
    )

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=[f"slug_{code}"],
                condition=~Q(**{f"slug_{code}": ""}),
                name=f"unique_topic_slug_{code}",
            )
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.title or self.key

    def get_absolute_url(self, language: str | None = None):
        language = language or get_language()
        with override(language):
            return reverse("articles:topic", kwargs={"slug": translated(self, "slug", language)})

    def is_translated(self, language: str) -> bool:
        return bool(translated(self, "title", language) and translated(self, "slug", language))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def translated_into(self, language: str):
        return self.exclude(**{f"title_{language}": ""}).exclude(**{f"body_{language}": ""})

    def by_slug(self, slug: str, language: str):
        """The article whose address in ``language`` is ``slug``."""
        return self.get(**{f"slug_{language}": slug})


class Article(models.Model):
    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Overview")
        EXPLAINER = "explainer", _("Explainer")
        GUIDELINE_SUMMARY = "guideline-summary", _("Guideline summary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    key = models.SlugField(
        _("key"),
        unique=True,
        help_text=_(
            "Stable identifier: the folder name in content/articles/. Do not change it once "
            "the article is published."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OVERVIEW,
        help_text=_(
            "Overview: an 'At a glance' box and a contents list. Explainer: a key message and a "
            "title image. Guideline summary: recommendations with their grades."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published articles are shown to readers."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    slug = models.SlugField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Last part of the page address in this language, e.g. knochenmetastasen-verstehen. "
            "Lower case letters, digits and hyphens."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "Overview and guideline summary: the 'At a glance' box, 3 to 5 bullets (lines "
            "starting with '- '). Explainer: the key message, one short paragraph. Markdown."
        ),
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The article in Markdown. '## ' starts a section (listed in the contents), '### ' a "
            "subsection. Callouts: !!! warning \"Title\", !!! note \"Title\", !!! germany "
            '"Title" with the text indented below. Grades: {{LoE 2a}}, {{GR B}}, {{AGO ++}}.'
        ),
    )
    description = models.CharField(
        _("meta description"),
        max_length=300,
        blank=True,
        help_text=_("Shown by search engines under the title. 120 to 160 characters."),
    )
    image = models.FileField(
        _("title image"),
        upload_to="articles/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg", "webp"])],
        help_text=_("Optional. Shown above the text of explainers."),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Required when there is an image: what the image shows, for people who cannot see it."
        ),
    )
    image_caption = models.CharField(
        _("image caption"), max_length=300, blank=True, help_text=_("Shown under the image.")
    )
    updated_on = models.DateField(
        _("updated on"), default=timezone.localdate, help_text=_("Shown as 'Updated on …'.")
    )
    next_update_on = models.DateField(
        _("next planned update"),
        null=True,
        blank=True,
        help_text=_("When the article will next be checked. Readers see the year."),
    )
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("topics")
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        verbose_name=_("related articles"),
        help_text=_("Articles readers of this one may want next."),
    )
    # Rendered once on save from summary and body; page requests read these, never Markdown.
    summary_html = models.TextField(editable=False, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    headings = models.JSONField(editable=False, default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=[f"slug_{code}"],
                condition=~Q(**{f"slug_{code}": ""}),
                name=f"unique_article_slug_{code}",
            )
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.title or self.key

    def save(self, *args, **kwargs):
        self.render()
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None):
        language = language or get_language()
        slug = translated(self, "slug", language)
        if not slug:
            # No address in this language: the other language's address, where the page
            # explains that the translation is missing.
            slug = next(translated(self, "slug", code) for code in LANGUAGE_CODES)
        with override(language):
            return reverse("articles:article", kwargs={"slug": slug})

    def render(self):
        """Render summary and body in every language into the stored HTML fields."""
        for code in LANGUAGE_CODES:
            summary = render_markdown(translated(self, "summary", code), code)
            body = render_markdown(translated(self, "body", code), code)
            setattr(self, f"summary_html_{code}", summary.html)
            setattr(self, f"body_html_{code}", body.html)
            setattr(self, f"headings_{code}", body.headings)

    def is_translated(self, language: str) -> bool:
        return bool(
            translated(self, "title", language)
            and translated(self, "slug", language)
            and translated(self, "body", language)
        )

    def available_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.is_translated(code)]

    @property
    def original_language(self) -> str:
        """The first language the article is written in, for notices about a missing one."""
        return next(iter(self.available_languages()), LANGUAGE_CODES[0])

    @property
    def original_title(self) -> str:
        return translated(self, "title", self.original_language)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Source(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    citation = models.TextField(
        _("citation"),
        help_text=_("Authors. Title. Journal or publisher, year. As published; not translated."),
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, help_text=_("For example 10.1000/xyz123.")
    )
    accessed_on = models.DateField(
        _("accessed on"),
        null=True,
        blank=True,
        help_text=_("For web pages: the day the page was read."),
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.citation[:80]

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""
