"""The glossary: its terms, where articles use them, and the compiled matcher per language."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from ..glossary.letters import GROUPS, group_of, is_group_address
from ..glossary.matcher import GlossaryMatcher, TermEntry, contains_markup, sort_key
from ..rendering import render_markdown
from .addresses import address_conflicts
from .article import Article
from .languages import LANGUAGE_CODES, by_code_point, translated, unique_slug_per_language


class GlossaryTermQuerySet(models.QuerySet):
    def in_language(self, language: str):
        # Translation fields left unset are NULL, not "": exclude both.
        return self.exclude(Q(**{f"term_{language}": ""}) | Q(**{f"term_{language}__isnull": True}))

    def listed(self, language: str):
        """The terms readers of ``language`` find in the A–Z: those with a page (``is_public``)."""
        return self.filter(**{f"letter_{language}__in": GROUPS})

    def in_letter(self, group: str, language: str):
        """The terms listed under ``group`` (a … z, ``OTHER``), in alphabetical order."""
        return self.filter(**{f"letter_{language}": group}).order_by(
            by_code_point(f"sort_name_{language}"), by_code_point("key")
        )

    def letter_counts(self, language: str) -> dict[str, int]:
        """{group: how many terms it lists}, for the groups that list any."""
        rows = (
            self.listed(language)
            .order_by()
            .values_list(f"letter_{language}")
            .annotate(count=models.Count("pk"))
        )
        return dict(rows)

    def version(self) -> tuple:
        """Changes whenever a term is added, edited or removed."""
        summary = self.aggregate(count=models.Count("pk"), latest=models.Max("modified_at"))
        return summary["count"], summary["latest"]

    def matcher(self, language: str, version: tuple | None = None) -> GlossaryMatcher:
        """The compiled matcher for ``language``, rebuilt only when the glossary changed.

        ``version`` is the glossary's ``version()`` when the caller has just read it.
        """
        key = (language, version or self.version())
        matcher = _matchers.get(key)
        if matcher is None:
            # Keep the other languages' matchers of this version: articles render each in turn.
            for stale in [k for k in _matchers if k[1] != key[1]]:
                del _matchers[stale]
            entries = [term.entry(language) for term in self.in_language(language)]
            matcher = _matchers[key] = GlossaryMatcher(entries, language)
        return matcher


# Where the A–Z lists a term, per language: derived from its texts on every save.
_LISTING_FIELDS = tuple(
    f"{name}_{code}" for name in ("letter", "sort_name") for code in LANGUAGE_CODES
)

# Compiled matchers of this process, keyed by language and glossary version.
_matchers: dict[tuple, GlossaryMatcher] = {}


class GlossaryTerm(models.Model):
    class Marking(models.TextChoices):
        MARK = "mark", _("Mark it in articles")
        GLOSSARY_ONLY = "glossary-only", _("Explain it in the glossary only")

    key = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("Stable identifier used by content/glossary.toml. Do not change it."),
    )
    term = models.CharField(
        _("term"),
        max_length=120,
        blank=True,
        help_text=_("The word as readers look it up, e.g. Metastase. Leave empty if unused."),
    )
    slug = models.SlugField(
        _("address"),
        max_length=120,
        blank=True,
        help_text=_("Anchor on the glossary page, e.g. metastase. Lower case, no spaces."),
    )
    variants = models.TextField(
        _("variants"),
        blank=True,
        help_text=_(
            "Other forms found in texts, one per line: plurals, other cases, synonyms, "
            "spellings (e.g. Metastasen)."
        ),
    )
    definition = models.TextField(
        _("short definition"),
        blank=True,
        max_length=400,
        help_text=_("One or two plain sentences, shown where the word stands. No markup."),
    )
    explanation = models.TextField(
        _("longer explanation"),
        blank=True,
        help_text=_("Optional, shown on the glossary page. Markdown."),
    )
    exact_case = models.BooleanField(
        _("match exact case"),
        default=False,
        help_text=_("For abbreviations: PET should not match the word 'pet'."),
    )
    compounds = models.BooleanField(
        _("match at the end of compounds"),
        default=False,
        help_text=_("German compounds: Metastase also marks Knochenmetastasen."),
    )
    general = models.BooleanField(
        _("general term"),
        default=False,
        help_text=_("Keep in the glossary even when no article uses it."),
    )
    marking = models.CharField(
        _("in articles"),
        max_length=16,
        choices=Marking.choices,
        default=Marking.MARK,
        help_text=_(
            "Mark it: where a page first uses the word, readers can open its short definition "
            "there. Glossary only: for words every reader of this site knows (breast cancer, "
            "metastasis, operation) and names an article need not explain where it lists them "
            "(medicines named as examples). They stay in the glossary and in search, but are "
            "not marked, so that the marks that remain stand out."
        ),
    )
    explanation_html = models.TextField(editable=False, blank=True)
    # Where the A–Z lists the term, kept by save: its group (a … z, 0-9; empty while the term
    # has no page in the language) and its place there (``sort_key``).
    letter = models.CharField(max_length=3, blank=True, default="", editable=False)
    sort_name = models.CharField(max_length=120, blank=True, default="", editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = unique_slug_per_language("glossary")
        indexes = [
            models.Index(fields=[f"letter_{code}", f"sort_name_{code}"], name=f"glossary_az_{code}")
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.term or self.key

    def save(self, *args, **kwargs):
        # The articles that use the term are rendered again in the background, once the save
        # is committed (articles.render_queue).
        for code in LANGUAGE_CODES:
            rendered = render_markdown(translated(self, "explanation", code), code, part="glossary")
            setattr(self, f"explanation_html_{code}", rendered.html)
            term = translated(self, "term", code)
            setattr(self, f"sort_name_{code}", sort_key(term.strip()))
            setattr(self, f"letter_{code}", group_of(term) if self.is_public(code) else "")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *_LISTING_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None):
        """The term's own page, where search results and old addresses lead."""
        language = language or get_language()
        with override(language):
            return reverse(
                "articles:glossary_term", kwargs={"slug": translated(self, "slug", language)}
            )

    def is_public(self, language: str) -> bool:
        """Whether readers of ``language`` have a page of this term."""
        return bool(
            translated(self, "term", language).strip()
            and translated(self, "slug", language)
            and translated(self, "definition", language).strip()
        )

    def clean(self):
        errors = dict(address_conflicts(self))
        for code in LANGUAGE_CODES:
            if is_group_address(translated(self, "slug", code)):
                errors[f"slug_{code}"] = _(
                    "One letter (or 0-9) is the address of a letter of the glossary. Choose a "
                    "longer address, e.g. the whole word."
                )
            term = translated(self, "term", code).strip()
            texts = {name: translated(self, name, code) for name in ("variants", "definition")}
            if not term:
                if any(texts.values()):
                    errors[f"term_{code}"] = _("Enter the term, or clear this language.")
                continue
            if not translated(self, "definition", code).strip():
                errors[f"definition_{code}"] = _("Enter a short definition.")
            # The explanation is Markdown, checked with the articles' (content.checks).
            if contains_markup(translated(self, "definition", code)):
                errors[f"definition_{code}"] = _(
                    "Remove the HTML: it would be stripped. Use plain text or Markdown."
                )
            clash = self._clashing_form(code)
            if clash:
                errors[f"variants_{code}"] = _("“%(form)s” already belongs to “%(other)s”.") % {
                    "form": clash[0],
                    "other": clash[1],
                }
        if errors:
            raise ValidationError(errors)

    def _clashing_form(self, language: str):
        forms = self.forms(language)
        mine = {form.casefold(): form for form in forms}
        if len(mine) < len(forms):
            return forms[0], forms[0]
        # Only the terms that may hold one of these forms, found by the database: comparing
        # with every term would make saving (and importing) a large glossary slow. SQLite folds
        # only ASCII letters, so each form is also asked for in lower case and capitalised.
        spellings = {s for form in forms for s in (form, form.lower(), form[:1].upper() + form[1:])}
        candidates = Q()
        for spelling in spellings:
            candidates |= Q(**{f"term_{language}__iexact": spelling})
            candidates |= Q(**{f"variants_{language}__icontains": spelling})
        others = (
            GlossaryTerm.objects.in_language(language)
            .filter(candidates)
            .exclude(pk=self.pk)
            .values_list(f"term_{language}", f"variants_{language}")
        )
        for term, variants in others:
            for form in [term, *(variants or "").splitlines()]:
                if form.strip().casefold() in mine:
                    return mine[form.strip().casefold()], term
        return None

    def forms(self, language: str) -> list[str]:
        """The term and its variants in ``language``, as written."""
        term = translated(self, "term", language).strip()
        variants = translated(self, "variants", language).splitlines()
        return [form for form in [term, *(v.strip() for v in variants)] if form]

    def entry(self, language: str) -> TermEntry:
        return TermEntry(
            key=self.key,
            term=translated(self, "term", language),
            slug=translated(self, "slug", language),
            definition=translated(self, "definition", language),
            forms=tuple(self.forms(language)),
            exact_case=self.exact_case,
            compounds=self.compounds,
            mark=self.marking == self.Marking.MARK,
        )

    def search_words(self) -> dict[str, list[str]]:
        """Words to look for in stored texts, per language: a superset of what the matcher finds.

        The longest word of each form, because a phrase may be broken across lines, plus its
        lower-case spelling, because SQLite folds only ASCII letters (Ü ≠ ü) in icontains.
        """
        words = {}
        for code in LANGUAGE_CODES:
            found = set()
            for form in self.forms(code):
                parts = re.findall(r"\w+", unicodedata.normalize("NFC", form))
                longest = max(parts, key=len, default="")
                if longest:
                    found |= {longest, longest.lower()}
            words[code] = sorted(found)
        return words

    def affected_article_ids(self) -> set[int]:
        """Articles that use this term now, or whose summary or text contains one of its forms.

        It reads every article's text: the render queue's worker asks, never a request.
        """
        ids = set(self.usages.values_list("article_id", flat=True)) if self.pk else set()
        return ids | articles_containing(self.search_words())


def articles_containing(words: dict[str, list[str]]) -> set[int]:
    """Articles whose summary or text in a language contains one of that language's words."""
    contains = Q()
    for code in LANGUAGE_CODES:
        for word in words.get(code, ()):
            for name in ("summary", "body"):
                contains |= Q(**{f"{name}_{code}__icontains": word})
    if not contains:
        return set()
    return set(Article.objects.filter(contains).values_list("pk", flat=True))


class TermUsage(models.Model):
    """Which glossary terms an article's text uses, per language (kept on render).

    Marked or not: a term the page explains in brackets, one marked once higher up and one
    explained in the glossary only are still words readers meet there.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="term_usages")
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="usages")
    language = models.CharField(max_length=8)

    class Meta:
        # Named in the admin's delete confirmation of a term.
        verbose_name = _("use in an article")
        verbose_name_plural = _("uses in articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "term", "language"], name="unique_term_usage"
            )
        ]

    def __str__(self):
        return f"{self.term_id} in {self.article_id} ({self.language})"
