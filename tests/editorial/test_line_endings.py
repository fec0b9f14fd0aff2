"""Text typed in the admin is stored with LF line breaks, whatever the browser sends.

Browsers send a text area's line breaks as CR LF; imported text has LF. Stored as sent, a
language the editor left alone would count as changed on the first save.
"""

import json

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from articles.models import Article, Feedback, GlossaryTerm
from tests.admin_forms import errors, form_data

CURRENT = Article.TranslationStatus.CURRENT
OUTDATED = Article.TranslationStatus.OUTDATED


def as_browser_sends(data: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        name: [value.replace("\r\n", "\n").replace("\n", "\r\n") for value in values]
        for name, values in data.items()
    }


def send_as_browser(client, url: str, changes: dict, form_id: str = "article_form"):
    data = form_data(client.get(url), form_id)
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, as_browser_sends(data))


@pytest.fixture
def article(make_article):
    """A draft with multi-line text in both languages, as the importer stores it."""
    return make_article(status=Article.Status.DRAFT)


def test_saving_only_the_english_text_outdates_the_german_one_despite_cr_lf(editing, article):
    response = send_as_browser(
        editing,
        f"/admin/articles/article/{article.pk}/change/",
        {"body_en": "Introduction.\r\n\r\n## Nausea and pain\r\n\r\nNew text."},
    )

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert (article.translation_status("de"), article.translation_status("en")) == (
        OUTDATED,
        CURRENT,
    )
    assert "\r" not in article.body_de + article.body_en + article.summary_de
    assert article.body_en.endswith("## Nausea and pain\n\nNew text.")


def test_the_history_names_only_the_field_that_changed(editing, article):
    send_as_browser(
        editing, f"/admin/articles/article/{article.pk}/change/", {"title_en": "Bone metastases"}
    )

    entry = LogEntry.objects.get(object_id=str(article.pk))
    [change] = json.loads(entry.change_message)
    assert change["changed"]["fields"] == ["Title (English)"]


def test_sources_keep_lf_line_breaks(editing, article):
    send_as_browser(
        editing,
        f"/admin/articles/article/{article.pk}/change/",
        {"sources-0-citation": "Robert Koch-Institut.\r\nKrebs in Deutschland. 2023."},
    )

    assert article.sources.get().citation == "Robert Koch-Institut.\nKrebs in Deutschland. 2023."
    version = Version.objects.get_for_object(article).first()
    assert "\\r" not in version.serialized_data


def test_a_glossary_term_saved_in_the_admin_keeps_lf_line_breaks(editing):
    term = GlossaryTerm.objects.create(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen\nAbsiedlung",
        definition_de="Krebszellen an einer anderen Stelle im Körper.",
        explanation_de="Erster Absatz.\n\nZweiter Absatz.",
        term_en="metastasis",
        slug_en="metastasis",
        definition_en="Cancer cells somewhere else in the body.",
    )

    response = send_as_browser(
        editing,
        f"/admin/articles/glossaryterm/{term.pk}/change/",
        {"variants_en": "metastases\r\nsecondaries"},
        form_id="glossaryterm_form",
    )

    assert response.status_code == 302, errors(response)
    term.refresh_from_db()
    assert term.variants_de == "Metastasen\nAbsiedlung"
    assert term.variants_en == "metastases\nsecondaries"
    assert term.explanation_de == "Erster Absatz.\n\nZweiter Absatz."


def test_a_moderators_note_keeps_lf_line_breaks(client, moderator, article):
    client.force_login(moderator)
    feedback = Feedback.objects.create(
        article=article,
        language="de",
        article_updated_on=article.updated_on_de,
        rating=4,
        comment="Gut.",
    )

    response = send_as_browser(
        client,
        f"/admin/articles/feedback/{feedback.pk}/change/",
        {"internal_note": "Rückfrage an Dr. B.\r\nBeantwortet."},
        form_id="feedback_form",
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.internal_note == "Rückfrage an Dr. B.\nBeantwortet."
