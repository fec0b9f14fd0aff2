"""The article form shows the other language read-only beside the one being edited, marks what
changed in it since an outdated translation was last brought up to date, and the review page
says what was published."""

import lxml.html
import pytest
import reversion

from articles.editorial import workflow
from articles.editorial.translation_changes import changes_since_in_step
from articles.models import Article
from tests.admin_forms import errors, submit
from tests.editorial.test_review_admin import as_user, change_url, press

pytestmark = pytest.mark.django_db


def _field(page, name):
    return lxml.html.fromstring(page.content.decode()).get_element_by_id(f"id_{name}")


def _label(page, name) -> str:
    labels = lxml.html.fromstring(page.content.decode()).xpath(f"//label[@for='id_{name}']")
    return labels[0].text_content()


def test_the_other_language_is_read_only_and_labels_name_the_language(client, editor, article):
    page = as_user(client, editor).get(change_url(article) + "?language=de", follow=True)

    assert page.status_code == 200
    assert "readonly" not in _field(page, "title_de").attrib
    assert "readonly" in _field(page, "title_en").attrib
    assert "readonly" in _field(page, "body_en").attrib
    assert _label(page, "title_de").startswith("Title (German)")
    assert _label(page, "body_en").startswith("Text (English)")


def test_the_chosen_language_stays_for_the_next_form(client, editor, article):
    as_user(client, editor).get(change_url(article) + "?language=en", follow=True)
    page = client.get(change_url(workflow.working_copy_of(article)))

    assert "readonly" in _field(page, "title_de").attrib
    assert "readonly" not in _field(page, "title_en").attrib


def test_saving_keeps_the_read_only_language_as_it_was(client, editor, article):
    as_user(client, editor)
    response = submit(client, change_url(article) + "?language=en", {"title_en": "New title"})

    assert response.status_code == 302, errors(response)
    copy = workflow.working_copy_of(article)
    assert (copy.title_en, copy.title_de) == ("New title", article.title_de)


def test_only_the_fields_changed_since_the_translation_was_in_step_are_marked(article):
    with reversion.create_revision():
        article.save()
    article.body_de += "\n\nNeuer Absatz."
    with reversion.create_revision():
        article.save()

    changes = changes_since_in_step(article, "en")

    assert list(changes) == ["body_de"]
    assert ("+", "\n\nNeuer Absatz.") in changes["body_de"]
    assert changes_since_in_step(article, "de") == {}


def test_without_a_revision_from_then_every_text_is_marked_without_a_diff(article):
    article.summary_de = "- Neu."
    article.save()

    changes = changes_since_in_step(article, "en")

    assert article.translation_status("en") == Article.TranslationStatus.OUTDATED
    assert changes["summary_de"] == [] and changes["title_de"] == []
    assert "image_caption_de" not in changes  # empty: nothing to translate


def test_the_outdated_text_and_its_change_are_shown_beside_the_field(client, editor, article):
    with reversion.create_revision():
        article.save()
    article.body_de += "\n\nNeuer Absatz."
    with reversion.create_revision():
        article.save()

    page = as_user(client, editor).get(change_url(article) + "?language=en", follow=True)

    body = _field(page, "body_de")
    assert "translation-outdated" in body.attrib["class"]
    assert "id_body_de_change" in body.attrib["aria-describedby"]
    change = lxml.html.fromstring(page.content.decode()).get_element_by_id("id_body_de_change")
    assert change.xpath(".//ins")[0].text_content().strip() == "Neuer Absatz."
    assert "translation-outdated" not in _field(page, "title_de").attrib["class"]


def test_publishing_says_what_was_published_in_which_languages(
    client, editor, reviewer, publisher, article
):
    as_user(client, editor).get(change_url(article))
    copy = workflow.working_copy_of(article)
    submit(client, change_url(copy), {"body_de": "Neuer geprüfter Text."})
    press(client, copy, "submit")
    as_user(client, reviewer)
    press(client, copy, "approve", languages=["de", "en"], comment="Geprüft.")

    as_user(client, publisher)
    page = client.get(press(client, copy, "publish", languages=["de"])["Location"])

    messages = [str(message) for message in page.context["messages"]]
    assert messages == [f"“{article.title_en}” is published in German. Readers see it now."]
