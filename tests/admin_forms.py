"""Filling in admin forms as a browser would: every field as the page shows it, then changes."""

import lxml.html

ARTICLE_FORM = "article_form"


def form_data(response, form_id: str = ARTICLE_FORM) -> dict[str, list[str]]:
    """What the browser would send for the form ``form_id`` on the page, unchanged."""
    page = lxml.html.fromstring(response.content.decode())
    form = page.get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def submit(client, url: str, changes: dict | None = None, form_id: str = ARTICLE_FORM, **extra):
    """Open the form at ``url``, change some fields and send it, as an editor would.

    A published article's form leads to its working copy; the form is sent there.
    """
    page = client.get(url, follow=True)
    assert page.status_code == 200, page.status_code
    url = page.request["PATH_INFO"]
    return send(client, url, page, changes, form_id, **extra)


def send(client, url: str, page, changes: dict | None = None, form_id=ARTICLE_FORM, **extra):
    """Send the form of an already opened ``page`` with ``changes``."""
    data = form_data(page, form_id)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    data.update({name: [value] for name, value in extra.items()})
    return client.post(url, data)


def errors(response) -> list[str]:
    """Every error message on an admin form page: the form's, per field and the inlines'."""
    context = response.context
    found = [str(m) for messages in context["adminform"].form.errors.values() for m in messages]
    for inline in context["inline_admin_formsets"]:
        found += [str(e) for e in inline.formset.non_form_errors()]
    return found
