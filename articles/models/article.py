"""Topics, articles, their sources and their public change notes."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from ..editorial.readability import reading_ease
from ..glossary.matcher import sort_key
from ..page_cache import tags as page_cache_tags
from ..rendering import render_markdown
from .addresses import address_conflicts
from .languages import LANGUAGE_CODES, translated, unique_slug_per_language
from .page_cache import CacheTag


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
        constraints = unique_slug_per_language("topic")

    def __str__(self):
        return self.title or self.key

    def get_absolute_url(self, language: str | None = None):
        """The topic's page; the start page in a language the topic has no address in."""
        language = language or get_language()
        slug = translated(self, "slug", language)
        with override(language):
            if not slug:
                return reverse("articles:home")
            return reverse("articles:topic", kwargs={"slug": slug})

    def is_translated(self, language: str) -> bool:
        return bool(translated(self, "title", language) and translated(self, "slug", language))

    def is_public(self, language: str) -> bool:
        """Whether readers of ``language`` have a page of this topic."""
        return self.is_translated(language)

    def clean(self):
        if conflicts := address_conflicts(self):
            raise ValidationError(conflicts)


# What editors write per language, the address included.
ARTICLE_TEXT_FIELDS = (
    "title", "slug", "summary", "body", "description", "image_alt", "image_caption",
)  # fmt: skip
# The text a translator translates: when any of these changes, the other language's
# translation is outdated until it is edited too. An address is no such text: each language
# chooses its own.
TRANSLATED_FIELDS = tuple(name for name in ARTICLE_TEXT_FIELDS if name != "slug")
# What Article.render() writes, per language.
RENDERED_FIELDS = tuple(
    f"{name}_{code}"
    for name in (
        "summary_html",
        "body_html",
        "headings",
        "reading_ease",
        "glossary_marks",
        "glossary_words",
    )
    for code in LANGUAGE_CODES
)
# What it is rendered from.
RENDER_SOURCE_FIELDS = tuple(
    f"{name}_{code}" for name in ("summary", "body") for code in LANGUAGE_CODES
)


# A language as BCP 47 writes it, in the short form editors need: de, en, pt-BR.
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Z]{2})?$"
# What an article's source says, as editors and the content files set it (besides its place
# in the list).
SOURCE_FIELDS = ("citation", "language", "url", "doi", "accessed_on")


def _missing_text(language: str) -> Q:
    # Translation fields left unset are NULL, not "": both mean missing.
    missing = Q()
    for name in ("title", "slug", "body"):
        missing |= Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
    return missing


def _changed_later(language: str, other: str) -> Q:
    mine, theirs = f"text_changed_at_{language}", f"text_changed_at_{other}"
    return Q(**{f"{theirs}__gt": models.F(mine)}) | Q(
        **{f"{mine}__isnull": True, f"{theirs}__isnull": False}
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def readable_in(self, language: str):
        """Articles with a title, an address and a text in ``language`` (``is_translated``)."""
        return self.exclude(_missing_text(language))

    def with_original_language(self):
        """Each article with the first language it is written in (``original_language_code``),
        its title and sort key there (``original_language_title``, ``original_sort_title``):
        for lists of missing translations that need not read every language's text."""

        def in_original(name: str):
            return models.Case(
                *(
                    models.When(~_missing_text(code), then=F(f"{name}_{code}"))
                    for code in LANGUAGE_CODES
                ),
                default=F(f"{name}_{LANGUAGE_CODES[0]}"),
                output_field=models.CharField(),
            )

        return self.annotate(
            original_language_code=models.Case(
                *(
                    models.When(~_missing_text(code), then=models.Value(code))
                    for code in LANGUAGE_CODES
                ),
                default=models.Value(LANGUAGE_CODES[0]),
            ),
            original_language_title=in_original("title"),
            original_sort_title=in_original("sort_title"),
        )

    def translated_into(self, language: str):
        # Translation fields left unset are NULL, not "": exclude both.
        missing = Q()
        for name in ("title", "body"):
            missing |= Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
        return self.exclude(missing)

    def by_slug(self, slug: str, language: str):
        """The article whose address in ``language`` is ``slug``."""
        return self.get(**{f"slug_{language}": slug})

    def with_translation_status(self, language: str, status: str):
        """Articles whose ``language`` version is missing, current or outdated (see
        ``Article.translation_status``)."""
        if status == Article.TranslationStatus.MISSING:
            return self.filter(_missing_text(language))
        outdated = Q(pk__in=[])
        for other in LANGUAGE_CODES:
            if other != language:
                outdated |= ~_missing_text(other) & _changed_later(language, other)
        translated = self.exclude(_missing_text(language))
        if status == Article.TranslationStatus.OUTDATED:
            return translated.filter(outdated)
        return translated.exclude(outdated)

    def review_overdue(self, today: datetime.date):
        return self.filter(next_update_on__lt=today)

    def review_due_within(self, today: datetime.date, days: int):
        """Articles whose next planned update is today or within ``days`` days."""
        return self.filter(
            next_update_on__gte=today, next_update_on__lte=today + datetime.timedelta(days=days)
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles as readers, feeds, search and the catalogue know them: without working copies.

    A working copy is a row of its own that only the editors' admin and the editorial workflow
    (``articles.editorial.workflow``) reach, through ``Article.all_objects``.
    """

    def get_queryset(self):
        return super().get_queryset().filter(live_article__isnull=True)


class Article(models.Model):
    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Overview")
        EXPLAINER = "explainer", _("Explainer")
        GUIDELINE_SUMMARY = "guideline-summary", _("Guideline summary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class TranslationStatus(models.TextChoices):
        MISSING = "missing", _("missing")
        CURRENT = "current", _("current")
        OUTDATED = "outdated", _("outdated")

    key = models.SlugField(
        _("key"),
        help_text=_(
            "Stable identifier: the folder name in content/articles/. Do not change it once "
            "the article is published."
        ),
    )
    # Set on a working copy only: the published article whose next version it is. Readers
    # never see a working copy; publishing copies its text, language by language, to the
    # article it belongs to.
    live_article = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copy",
        verbose_name=_("published article"),
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
    # The title as lists sort it (``sort_key``), so that the database can sort them; kept by save.
    sort_title = models.CharField(max_length=200, blank=True, default="", editable=False)
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
            'subsection. Callouts: !!! warning "Title", !!! note "Title", !!! germany '
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
        _("updated on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Shown as 'Updated on …': the day this site published the last change of the text "
            "in this language (changes marked as minor keep the date). Set by publishing."
        ),
    )
    minor_change = models.BooleanField(
        _("minor change"),
        default=False,
        help_text=_(
            "Tick for corrections that change no content (spelling, layout): readers keep the "
            "date 'Updated on' when this version is published."
        ),
    )
    evidence_version = models.CharField(
        _("based on (version)"),
        max_length=100,
        blank=True,
        help_text=_(
            "The version of the guideline or source the article reflects, e.g. AGO 2024.1D. "
            "Readers see it once the next planned update has passed."
        ),
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
    # What the stored HTML was rendered from (Article.rendering_source): a save that changed
    # neither text nor glossary keeps it, rather than rendering a long article several times
    # over in one import or workflow step. Copies of a row carry it with the HTML.
    rendered_from = models.CharField(max_length=64, editable=False, blank=True)
    author = models.CharField(
        _("written by"),
        max_length=200,
        blank=True,
        help_text=_("Who wrote the text, e.g. the editorial team and its medical writer."),
    )
    # "Checked by … on …" in each language: from the approval the published text carries,
    # copied from the reviewer's profile at the time, never typed in.
    reviewer = models.CharField(_("checked by"), max_length=600, blank=True, editable=False)
    reviewed_on = models.DateField(_("checked on"), null=True, blank=True, editable=False)
    # Who edited this version since it was last published: none of them may approve it.
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, editable=False, related_name="+"
    )
    # A working copy (or draft) that waits for its own version to go live at a set time.
    go_live_at = models.DateTimeField(_("go live at"), null=True, blank=True, editable=False)
    go_live_languages = models.JSONField(default=list, blank=True, editable=False)
    go_live_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(
        _("take offline at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The published article is taken offline then (readers get 'gone')."),
    )
    # When the working copy was first changed; None while it still equals the published text.
    pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Flesch reading ease of summary and text (German: after Amstad), figured on save.
    reading_ease = models.FloatField(_("readability"), null=True, blank=True, editable=False)
    # Glossary buttons on the page (summary and text), counted on render.
    glossary_marks = models.PositiveSmallIntegerField(
        _("glossary marks"), null=True, blank=True, editable=False
    )
    # The marked terms with their definitions, in the order of first use, rendered with the
    # page: paper cannot open a definition, so a printout lists them after the text.
    glossary_words = models.JSONField(default=list, blank=True, editable=False)
    # When the text of each language last changed (translation status compares them).
    text_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Raised on every save; a form opened at an older version cannot overwrite a newer one.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The fingerprint of the content folder the last import read (``folder_digest``) and the
    # version that import left: while both still hold, the next import skips the folder
    # without reading its text, so importing unchanged files is quick and changes nothing.
    imported_digest = models.CharField(max_length=64, blank=True, editable=False)
    imported_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleManager()
    all_objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Keys and addresses are unique among articles; a working copy repeats its article's.
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(live_article__isnull=True), name="unique_article_key"
            ),
            *unique_slug_per_language("article", among=Q(live_article__isnull=True)),
        ]
        permissions = [
            ("publish_article", _("Can publish and unpublish articles")),
            ("review_article", _("Can check articles for medical accuracy")),
        ]

    def __str__(self):
        return self.title or self.key

    def save(self, *args, **kwargs):
        # The glossary models refer to Article, so they are imported when first needed.
        from .glossary import GlossaryTerm

        glossary_version = GlossaryTerm.objects.version()
        if self.rendered_from == self.rendering_source(glossary_version):
            terms = None  # stored with this very rendering
        else:
            terms = self.render(glossary_version)
        for code in LANGUAGE_CODES:
            setattr(self, f"sort_title_{code}", sort_key(translated(self, "title", code).strip()))
        if kwargs.get("update_fields") is not None:
            sort_fields = [f"sort_title_{code}" for code in LANGUAGE_CODES]
            kwargs["update_fields"] = {*kwargs["update_fields"], *sort_fields}
        # The editorial workflow copies rows and versions as they are (``_keep_bookkeeping``).
        keep = self.__dict__.pop("_keep_bookkeeping", False)
        if kwargs.get("update_fields") is None and not keep:
            self.record_edit()
        super().save(*args, **kwargs)
        if not self.is_working_copy and terms is not None:
            # Glossary pages list where readers meet a term: published text only.
            self.store_term_usage(terms)

    def get_absolute_url(self, language: str | None = None):
        language = language or get_language()
        slug = translated(self, "slug", language)
        if not slug:
            # No address in this language: the other language's address, where the page
            # explains that the translation is missing.
            slug = next(filter(None, (translated(self, "slug", code) for code in LANGUAGE_CODES)))
        with override(language):
            return reverse("articles:article", kwargs={"slug": slug})

    @property
    def is_working_copy(self) -> bool:
        return self.live_article_id is not None

    def render(self, glossary_version: tuple | None = None):
        """Render summary and body in every language into the stored HTML fields.

        Returns the glossary terms used, per language. ``glossary_version`` is the glossary's
        ``version()`` when the caller has just read it.
        """
        from .glossary import GlossaryTerm

        version = glossary_version or GlossaryTerm.objects.version()
        terms = {}
        for code in LANGUAGE_CODES:
            matcher = GlossaryTerm.objects.matcher(code, version)
            summary = render_markdown(
                translated(self, "summary", code), code, part="summary", matcher=matcher
            )
            body = render_markdown(
                translated(self, "body", code), code, matcher=matcher, explained=summary.explained
            )
            marked = summary.marked + body.marked
            setattr(self, f"glossary_marks_{code}", len(marked))
            setattr(self, f"glossary_words_{code}", matcher.word_list(marked))
            setattr(self, f"summary_html_{code}", summary.html)
            setattr(self, f"body_html_{code}", body.html)
            setattr(self, f"headings_{code}", body.headings)
            setattr(self, f"reading_ease_{code}", reading_ease(summary.html + body.html, code))
            terms[code] = set(summary.terms) | set(body.terms)
        self.rendered_from = self.rendering_source(version)
        return terms

    def rendering_source(self, glossary_version: tuple) -> str:
        """A fingerprint of what the rendering is made of: the text and the glossary."""
        texts = (getattr(self, name) or "" for name in RENDER_SOURCE_FIELDS)
        return hashlib.sha256("\0".join((repr(glossary_version), *texts)).encode()).hexdigest()

    def record_edit(self):
        """Raise the version, note when each language's text changed, and first publication.

        Called by every save except those that only store rendered HTML again. Editing an
        outdated translation brings it up to date: it is then in step with the other
        language's text, which stays current.
        """
        now = timezone.now()
        names = [f"{name}_{code}" for name in TRANSLATED_FIELDS for code in LANGUAGE_CODES]
        stored = None
        if not self._state.adding:
            stored = Article.all_objects.filter(pk=self.pk).values(*names).first()
            self.version += 1

        def differs(name: str) -> bool:
            before = "" if stored is None else stored[name] or ""
            return (getattr(self, name) or "") != before

        changed = [
            code
            for code in LANGUAGE_CODES
            if any(differs(f"{name}_{code}") for name in TRANSLATED_FIELDS)
        ]
        outdated = self.TranslationStatus.OUTDATED
        for code in changed:
            stamp = now
            if len(changed) == 1 and self.translation_status(code) == outdated:
                # Brought up to date: in step with the other languages' newest text.
                stamp = max(self._text_changed_at_of_others(code))
            setattr(self, f"text_changed_at_{code}", stamp)
        if self.is_published and self.first_published_at is None:
            self.first_published_at = now

    def _text_changed_at_of_others(self, language: str) -> list[datetime.datetime]:
        return [
            stamp
            for code in LANGUAGE_CODES
            if code != language and (stamp := getattr(self, f"text_changed_at_{code}"))
        ]

    def translation_status(self, language: str) -> "Article.TranslationStatus":
        """Missing: no title, address or text. Outdated: another language's text changed
        after this language's was last edited. Otherwise current."""
        if not self.is_translated(language):
            return self.TranslationStatus.MISSING
        mine = getattr(self, f"text_changed_at_{language}")
        for other in LANGUAGE_CODES:
            theirs = getattr(self, f"text_changed_at_{other}")
            if other == language or theirs is None or not self.is_translated(other):
                continue
            if mine is None or theirs > mine:
                return self.TranslationStatus.OUTDATED
        return self.TranslationStatus.CURRENT

    def store_term_usage(self, terms: dict[str, set[str]]):
        from .glossary import GlossaryTerm, TermUsage

        wanted = {
            (term_id, code)
            for code, keys in terms.items()
            for term_id in GlossaryTerm.objects.filter(key__in=keys).values_list("pk", flat=True)
        }
        existing = set(self.term_usages.values_list("term_id", "language"))
        for term_id, code in existing - wanted:
            self.term_usages.filter(term_id=term_id, language=code).delete()
        TermUsage.objects.bulk_create(
            TermUsage(article=self, term_id=term_id, language=code)
            for term_id, code in wanted - existing
        )
        if existing != wanted:
            # The pages of the terms whose "used in" lists gained or lost this article.
            changed = {page_cache_tags.term(term_id) for term_id, _code in existing ^ wanted}
            CacheTag.bump({page_cache_tags.ANY_EDIT, *changed})

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

    def is_public(self, language: str) -> bool:
        """Whether readers of ``language`` have a page of this article."""
        return self.is_published and self.is_translated(language)

    def shown_updated_on(self, language: str) -> datetime.date | None:
        """The "Updated on" date readers of ``language`` see, for the page, feeds and sitemaps.

        Publishing records it per language; a language published before that was recorded
        falls back to the day this site first published the article, the last date known to
        be this site's own.
        """
        recorded = getattr(self, f"updated_on_{language}")
        if recorded is not None or self.first_published_at is None:
            return recorded
        return timezone.localdate(self.first_published_at)

    def is_review_overdue(self, today: datetime.date) -> bool:
        """Whether the next planned update has passed (as ``review_overdue`` selects)."""
        return self.next_update_on is not None and self.next_update_on < today

    def clean(self):
        if conflicts := address_conflicts(self):
            raise ValidationError(conflicts)
        if self.is_working_copy:
            self._refuse_taken_addresses()

    def _refuse_taken_addresses(self):
        # The constraints leave working copies out: another article's address is checked
        # here, before publishing would fail on it.
        taken = {}
        others = Article.objects.exclude(pk=self.live_article_id)
        for code in LANGUAGE_CODES:
            slug = translated(self, "slug", code)
            if slug and others.filter(**{f"slug_{code}": slug}).exists():
                taken[f"slug_{code}"] = _("Another article has this address. Choose another.")
        if taken:
            raise ValidationError(taken)

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
    language = models.CharField(
        _("language of the work"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                LANGUAGE_TAG, _("A language code such as de, en or fr, optionally with a region.")
            )
        ],
        help_text=_(
            "The language the cited work is written in, as a code: de, en, fr … Screen "
            "readers then pronounce its title in that language on both language versions."
        ),
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


class ArticleChange(models.Model):
    """A significant update of an article, listed publicly under "What changed"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("One or two plain sentences readers see, e.g. 'New figures on survival.'"),
    )

    class Meta:
        ordering = ["article", "-changed_on", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self):
        return f"{self.changed_on}"
