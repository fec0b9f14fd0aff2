"""Admin forms check their Markdown fields on save, as ``import_content`` checks the files."""

from django import forms
from django.contrib import messages

from ..models import LANGUAGE_CODES
from .checks import SiteAddresses, check_markdown


class CheckedMarkdownForm(forms.ModelForm):
    """A model form that refuses Markdown with mistakes (``checks.check_markdown``): each one
    is an error of its field, in its language. What may be intended waits in
    ``content_warnings`` for the admin to show (``show_content_warnings``)."""

    markdown_fields: tuple[str, ...] = ()
    # What the form's object is to SiteAddresses, so that its links to itself count.
    address_kind = "article"

    def clean(self):
        cleaned_data = super().clean()
        addresses = SiteAddresses()
        for code in LANGUAGE_CODES:
            if slug := cleaned_data.get(f"slug_{code}"):
                addresses.add(self.address_kind, code, slug)
        self.content_warnings = []
        for name in self.markdown_fields:
            label = self._meta.model._meta.get_field(name).verbose_name
            for code in LANGUAGE_CODES:
                field = f"{name}_{code}"
                if field not in self.fields or field not in cleaned_data:
                    continue
                findings = check_markdown(
                    cleaned_data[field], language=code, field=name, label=label,
                    addresses=addresses,
                )  # fmt: skip
                for finding in findings:
                    if finding.is_error:
                        self.add_error(field, str(finding))
                    else:
                        self.content_warnings.append(finding)
        return cleaned_data


def show_content_warnings(request, form):
    """The form's warnings as messages above the next page: the form again, or where saving
    leads."""
    for finding in getattr(form, "content_warnings", []):
        messages.warning(request, str(finding))
