"""Saving an article or glossary term in the admin refuses mistakes in its Markdown, naming
field, language and line; what may be intended is saved and shown as a warning."""

import html

import pytest
from django.contrib.messages import get_messages

from articles.models import Article, GlossaryTerm, PreviousAddress
from tests.admin_forms import errors, submit

INTRO = "Introduction.\n\n"
# Each mistake as the third line of the English text, and what the editor is told.
MISTAKES = {
    "unknown callout kind": (
        '!!! warnung "Achtung"\n    Call now.',
        "Line 3 of “text” (English): unknown callout kind “warnung”. Allowed: immediate, urgent, "
        "non-urgent, warning, note, germany, questions.",
    ),
    "table row without the header's cells": (
        "| Treatment | AGO |\n| --- | --- |\n| Surgery |",
        "Line 5 of “text” (English): this table row has 1 cells, its header 2.",
    ),
    "image": (
        "![A spine](spine.png)",
        "Line 3 of “text” (English): images in the text (![…](…)) are not shown on this site",
    ),
    "unknown grade": (
        "Surgery {{LoE 9z}} helps.",
        "Line 3 of “text” (English): unknown grade “{{LoE 9z}}”. LoE grades are: 1 1a 1b 1c 2",
    ),
    "grade of no scale": (
        "Surgery {{Grade A}} helps.",
        "Line 3 of “text” (English): unknown grade “{{Grade A}}”: write {{LoE …}}, {{GR …}}",
    ),
    "raw html": (
        "An <em>important</em> sentence.",
        "Line 3 of “text” (English): “<em>” is HTML, which this site does not use",
    ),
    "link to an article that does not exist": (
        "More in [this article](/de/artikel/gibt-es-nicht/).",
        "Line 3 of “text” (English): the link leads to /de/artikel/gibt-es-nicht/, but no "
        "article has this address (now or before).",
    ),
    "link to a glossary term that does not exist": (
        "See the [glossary](/en/glossary/nope/).",
        "Line 3 of “text” (English): the link leads to /en/glossary/nope/, but no glossary term "
        "has this address (now or before).",
    ),
    "empty link": (
        "More [here]().",
        "Line 3 of “text” (English): the link “here” has no address",
    ),
    "heading level skipped": (
        "## Treatment\n\n#### Surgery",
        "Line 5 of “text” (English): heading level skipped: “Surgery” (####) follows a ## "
        "heading. Use ### here",
    ),
    "box line that opens no box": (
        '!!! "Achtung"',
        "Line 3 of “text” (English): this line starts with !!! but opens no box: write !!! kind "
        '"Title".',
    ),
}


@pytest.fixture
def article(make_article):
    """A draft: saving changes it in place."""
    return make_article(status=Article.Status.DRAFT)


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def change_url(obj) -> str:
    return f"/admin/articles/{obj._meta.model_name}/{obj.pk}/change/"


def warnings_on(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.parametrize(("text", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistake_in_the_text_refuses_the_save_and_names_field_language_and_line(
    editing, article, text, message
):
    response = submit(editing, change_url(article), {"body_en": INTRO + text})

    assert response.status_code == 200
    [error] = errors(response)
    assert error.startswith(message)
    assert message in html.unescape(response.content.decode())
    article.refresh_from_db()
    assert article.body_en.startswith("Introduction.\n\n## Nausea and pain")


def test_a_mistake_in_the_summary_is_named_with_the_summary_and_its_language(editing, article):
    response = submit(editing, change_url(article), {"summary_de": "- Eins.\n- Zwei {{GR E}}."})

    assert errors(response) == [
        "Line 2 of “summary” (German): unknown grade “{{GR E}}”. GR grades are: A B C D."
    ]


def test_every_mistake_of_both_languages_is_named_at_once(editing, article):
    response = submit(
        editing,
        change_url(article),
        {"body_de": "Text [leer]().\n\n![Bild](b.png)", "body_en": "#### Too deep"},
    )

    assert [error.split(":")[0] for error in errors(response)] == [
        "Line 1 of “text” (German)",
        "Line 3 of “text” (German)",
        "Line 1 of “text” (English)",
    ]


def test_the_refused_form_keeps_what_the_editor_typed(editing, article):
    response = submit(editing, change_url(article), {"body_en": "Mine {{LoE 9z}}."})

    assert "Mine {{LoE 9z}}." in response.content.decode()


def test_the_mistakes_are_told_in_the_editors_language(editing, article):
    editing.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"

    response = submit(editing, change_url(article), {"body_de": '!!! warnung "Achtung"\n    Text.'})

    [error] = errors(response)
    assert error.startswith(
        "Zeile 1 in „Text“ (Deutsch): unbekannter Hinweiskasten „warnung“. Erlaubt: immediate,"
    )


def test_code_shows_markdown_and_html_as_it_is(editing, article):
    text = "Write `![alt](src)` or `<b>` to see why.\n\n```\n<b>{{LoE 9z}}</b>\n#### x\n```"

    response = submit(editing, change_url(article), {"body_en": text})

    assert response.status_code == 302, errors(response)


def test_links_to_pages_of_this_site_that_exist_are_accepted(editing, article, make_article):
    other = make_article("local-treatment", slug_de="lokale-behandlung", slug_en="local-treatment")
    GlossaryTerm.objects.create(
        key="metastasis", term_de="Metastase", slug_de="metastase",
        definition_de="Ein Ableger des Tumors.",
    )  # fmt: skip
    PreviousAddress.objects.create(
        path="/de/artikel/frueher/", language="de", kind="article", object_id=other.pk
    )
    text = (
        "Siehe [den Artikel](/de/artikel/lokale-behandlung/#ablauf), [früher](/de/artikel/"
        "frueher/), [Metastase](/de/glossar/metastase/), [das Glossar](/de/glossar/), [diesen "
        "Artikel](/de/artikel/neue-adresse/) und [Rückmeldung](/de/artikel/lokale-behandlung/"
        "kommentar/)."
    )

    response = submit(editing, change_url(article), {"body_de": text, "slug_de": "neue-adresse"})

    assert response.status_code == 302, errors(response)


def test_what_may_be_intended_is_saved_and_shown_as_a_warning(editing, article):
    long_paragraph = " ".join(["word"] * 121)
    text = f"{long_paragraph}\n\nSee [the society](http://example.org/)."

    response = submit(editing, change_url(article), {"body_en": text, "_continue": "1"})

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.body_en == text
    page = editing.get(response["Location"])
    assert warnings_on(page) == [
        "Line 1 of “text” (English): this paragraph has 121 words. More than 120 are hard to "
        "take in at once: consider splitting it or making a list.",
        "Line 3 of “text” (English): the link to http://example.org/ starts with http://, not "
        "https://: what readers send there is not encrypted. Use https:// if that site offers it.",
    ]
    assert "this paragraph has 121 words" in page.content.decode()


def test_a_paragraph_of_a_hundred_and_twenty_words_gives_no_warning(editing, article):
    text = " ".join(["word"] * 120) + "\n\nSee [the society](https://example.org/)."

    response = submit(editing, change_url(article), {"body_en": text})

    assert response.status_code == 302, errors(response)
    assert warnings_on(response) == []


def test_a_refused_form_shows_the_warnings_too(editing, article):
    text = "See [the society](http://example.org/) {{GR E}}."

    response = submit(editing, change_url(article), {"body_en": text})

    assert len(errors(response)) == 1
    assert [w.split(":")[0] for w in warnings_on(response)] == ["Line 1 of “text” (English)"]


# The glossary: the explanation is Markdown


@pytest.fixture
def term(db):
    return GlossaryTerm.objects.create(
        key="metastasis", term_en="metastasis", slug_en="metastasis",
        definition_en="Cancer that has spread.", term_de="Metastase", slug_de="metastase",
        definition_de="Ein Ableger des Tumors.",
    )  # fmt: skip


TERM_MISTAKES = {
    "raw html": ("Metastases <script>x</script>.", "“<script>” is HTML"),
    "unknown callout kind": ('!!! danger "Careful"\n    Text.', "unknown callout kind “danger”"),
    "link to a term that does not exist": (
        "See [nope](/en/glossary/nope/).",
        "but no glossary term has this address",
    ),
    "image": ("![x](x.png)", "images in the text"),
}


@pytest.mark.parametrize(("text", "message"), TERM_MISTAKES.values(), ids=TERM_MISTAKES.keys())
def test_a_mistake_in_a_term_explanation_refuses_the_save(editing, term, text, message):
    response = submit(
        editing, change_url(term), {"explanation_en": text}, form_id="glossaryterm_form"
    )

    assert response.status_code == 200
    [error] = errors(response)
    assert error.startswith("Line 1 of “longer explanation” (English): ")
    assert message in error
    term.refresh_from_db()
    assert not term.explanation_en


def test_a_term_explanation_may_link_to_the_term_itself_and_is_warned_about(editing, term):
    text = "See [this page](/en/glossary/metastasis/) and [more](http://example.org/)."

    response = submit(
        editing, change_url(term), {"explanation_en": text}, form_id="glossaryterm_form"
    )

    assert response.status_code == 302, errors(response)
    term.refresh_from_db()
    assert term.explanation_en == text
    assert [w.split(":")[0] for w in warnings_on(editing.get(response["Location"]))] == [
        "Line 1 of “longer explanation” (English)"
    ]
