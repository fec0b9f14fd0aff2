"""Translated fields side by side in the admin: the language being edited next to the other one.

Replaces modeltranslation's language tabs, whose markup nests links in tab controls (axe:
nested-interactive) and hides the other language while translating. Each translated field
becomes one line with two columns: the edited language's field, then the other language's,
read-only (still sent with the form, so saving keeps it as it is). Labels name the language:
"Titel (Deutsch)".

Which language is edited comes from ``?language=`` and is remembered in the session, so that
"Save and continue editing" comes back to it.
"""

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import get_language
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from ..models.languages import LANGUAGE_CODES, LANGUAGE_NAMES, language_label

SESSION_KEY = "admin_editing_language"


def editing_language(request) -> str:
    """The language the person edits: asked for, last chosen, or the admin's own."""
    asked = request.GET.get("language")
    if asked in LANGUAGE_CODES:
        request.session[SESSION_KEY] = asked
        return asked
    chosen = request.session.get(SESSION_KEY)
    if chosen in LANGUAGE_CODES:
        return chosen
    own = (get_language() or "")[:2]
    return own if own in LANGUAGE_CODES else LANGUAGE_CODES[0]


def other_languages(language: str) -> list[str]:
    return [code for code in LANGUAGE_CODES if code != language]


class TranslationReference:
    """The other language's text in a read-only widget; with ``change``, what changed in it
    since the edited language was last brought up to date, word by word."""

    def __init__(self, *args, change=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.change = change

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        if self.change is None:
            return field
        # From the site's templates, which the form renderer does not search.
        change = render_to_string(
            "admin/widgets/_translation_change.html",
            {"id": f"{(attrs or {}).get('id', name)}_change", "parts": self.change},
        )
        return field + change

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if self.change is not None and "id" in attrs:
            described = (attrs.get("aria-describedby", ""), f"{attrs['id']}_change")
            attrs["aria-describedby"] = " ".join(filter(None, described))
        return attrs


class ReferenceTextarea(TranslationReference, forms.Textarea):
    pass


class ReferenceTextInput(TranslationReference, forms.TextInput):
    pass


def reference_widget(widget: forms.Widget, change) -> forms.Widget | None:
    """``widget`` made read-only, or None for a widget that cannot be (a file, a choice)."""
    if isinstance(widget, forms.Textarea):
        kind = ReferenceTextarea
    elif isinstance(widget, forms.TextInput):
        kind = ReferenceTextInput
    else:
        return None
    attrs = {**widget.attrs, "readonly": True}
    attrs["class"] = f"{attrs.get('class', '')} translation-reference".strip()
    if change is not None:
        attrs["class"] += " translation-outdated"
    return kind(attrs=attrs, change=change)


class LanguageLabels:
    """Labels of translated fields that name the language, for admins and inlines."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        code = getattr(db_field, "language", None)
        if field is not None and code in LANGUAGE_NAMES:
            field.label = language_label(db_field.translated_field.verbose_name, code)
        return field


class SideBySideTranslationAdmin(LanguageLabels, TranslationAdmin):
    """A ``TranslationAdmin`` that shows each translated field in both languages at once."""

    class Media:
        css = {"all": ("css/admin-editorial.css",)}
        js = ("js/admin-change-form.js",)

    # Address field → the field it is filled in from while empty (admin-change-form.js).
    slug_sources = {"slug": "title"}
    # Whether ``translation_changes`` marks outdated text (the form's help then says so).
    marks_outdated = False

    def translation_changes(self, request, obj, language: str) -> dict[str, list]:
        """Per field of the other language (``title_en``): what changed in it since
        ``language`` was brought up to date, as word-diff parts. Empty: nothing to show."""
        return {}

    def get_fieldsets(self, request, obj=None):
        language = editing_language(request)
        return [
            (name, {**options, "fields": self._paired(options["fields"], language)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def _paired(self, fields, language: str) -> list:
        """``title_de``, ``title_en`` … as one line each, the edited language first."""
        order = [language, *other_languages(language)]
        lines, seen = [], set()
        for line in fields:
            name = line if isinstance(line, str) else None
            original = self._translated_original(name)
            if original is None:
                lines.append(line)
                continue
            if original in seen:
                continue
            seen.add(original)
            lines.append(tuple(build_localized_fieldname(original, code) for code in order))
        return lines

    def _translated_original(self, name: str | None) -> str | None:
        for original in self.trans_opts.all_fields:
            if name in {build_localized_fieldname(original, code) for code in LANGUAGE_CODES}:
                return original
        return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        language = editing_language(request)
        changes = self.translation_changes(request, obj, language) if obj is not None else {}
        originals = list(self.trans_opts.all_fields)
        slug_sources = self.slug_sources

        class SideBySideForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for slug, source in slug_sources.items():
                    for code in LANGUAGE_CODES:
                        if field := self.fields.get(build_localized_fieldname(slug, code)):
                            source_name = build_localized_fieldname(source, code)
                            field.widget.attrs["data-slug-from"] = f"id_{source_name}"
                for original in originals:
                    for code in other_languages(language):
                        name = build_localized_fieldname(original, code)
                        if (field := self.fields.get(name)) is not None:
                            widget = reference_widget(field.widget, changes.get(name))
                            field.widget = widget or field.widget

        SideBySideForm.__name__ = form.__name__
        return SideBySideForm

    def render_change_form(self, request, context, *args, **kwargs):
        language = editing_language(request)
        context["editing_language"] = language
        context["marks_outdated"] = self.marks_outdated
        context["editing_languages"] = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES]
        return super().render_change_form(request, context, *args, **kwargs)
