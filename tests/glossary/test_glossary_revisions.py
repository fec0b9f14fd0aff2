"""Glossary terms keep revisions as articles do: every admin save and every import that
creates or changes one; editors compare two and revert to one, in every language."""

import json

import pytest
from django.utils.translation import gettext
from reversion.models import Version

from articles.models import GlossaryTerm
from tests.admin_forms import errors, form_data, submit
from tests.content.test_glossary_import import METASTASIS
from tests.content.test_import_content import run_import

FORM = "glossaryterm_form"


def change_url(term) -> str:
    return f"/admin/articles/glossaryterm/{term.pk}/change/"


def history_url(term) -> str:
    return f"/admin/articles/glossaryterm/{term.pk}/history/"


@pytest.fixture
def glossary(tmp_path):
    """A content folder with only a glossary of one term."""
    root = tmp_path / "content"
    root.mkdir()
    (root / "glossary.toml").write_text(METASTASIS)
    return root


@pytest.fixture
def term(db, glossary):
    run_import(glossary)
    return GlossaryTerm.objects.get(key="metastasis")


def revisions_of(term) -> list[Version]:
    return list(Version.objects.get_for_object(term).order_by("pk"))


@pytest.fixture
def edited(editing, term):
    """The imported term with both definitions changed once in the admin."""
    response = submit(
        editing,
        change_url(term),
        {
            "definition_de": "Ein Ableger des Tumors an anderer Stelle im Körper.",
            "definition_en": "Cancer that has spread to another place.",
        },
        form_id=FORM,
    )
    assert response.status_code == 302, errors(response)
    return term


def test_an_imported_term_has_a_first_revision(term):
    [first] = revisions_of(term)

    assert first.revision.get_comment() == gettext("Imported from the content files.")
    assert first.field_dict["definition_de"] == "Ein Ableger des Tumors."


def test_an_admin_save_keeps_a_revision_in_every_language_with_who_saved(edited, editor):
    last = revisions_of(edited)[-1]
    data = json.loads(last.serialized_data)[0]["fields"]

    assert last.revision.user == editor
    assert data["definition_de"] == "Ein Ableger des Tumors an anderer Stelle im Körper."
    assert data["definition_en"] == "Cancer that has spread to another place."
    assert data["term_en"] == "metastasis"


def test_the_history_offers_to_compare_two_revisions(editing, edited):
    html = editing.get(history_url(edited)).content.decode()

    assert f"{history_url(edited)}compare/" in html
    assert html.count('name="old"') == 2
    for version in revisions_of(edited):
        assert f"{history_url(edited)}{version.pk}/" in html


def test_comparing_shows_the_changed_words_of_a_definition(editing, edited):
    old, new = revisions_of(edited)

    response = editing.get(
        f"{history_url(edited)}compare/", {"old": old.revision_id, "new": new.revision_id}
    )

    diffs = {diff.label: diff.lines for diff in response.context["diffs"]}
    assert diffs["short definition [de]"] == [
        [
            (" ", "Ein Ableger des "),
            ("-", "Tumors."),
            ("+", "Tumors an anderer Stelle im Körper."),
        ]
    ]
    assert "short definition [en]" in diffs
    assert "term [de]" not in diffs
    assert "Tumors an anderer Stelle im Körper.</ins>" in response.content.decode()


def test_reverting_restores_both_definitions(editing, edited):
    first = revisions_of(edited)[0]
    url = f"{history_url(edited)}{first.pk}/"
    page = editing.get(url)
    assert page.status_code == 200

    response = editing.post(url, form_data(page, FORM))

    assert response.status_code == 302, errors(response)
    edited.refresh_from_db()
    assert (edited.definition_de, edited.definition_en) == (
        "Ein Ableger des Tumors.",
        "Cancer that has spread.",
    )


def test_importing_the_unchanged_glossary_keeps_no_new_revision(term, glossary):
    out, _err = run_import(glossary)

    assert "unchanged: term metastasis" in out
    assert len(revisions_of(term)) == 1


def test_importing_a_changed_term_keeps_a_revision_of_the_change(term, glossary):
    (glossary / "glossary.toml").write_text(
        METASTASIS.replace("Ein Ableger des Tumors.", "Krebszellen an anderer Stelle.")
    )

    out, _err = run_import(glossary)

    assert "updated: term metastasis" in out
    _first, new = revisions_of(term)
    assert new.revision.get_comment() == gettext("Imported from the content files.")
    assert new.field_dict["definition_de"] == "Krebszellen an anderer Stelle."


def test_a_term_stored_without_revisions_gets_a_first_one_from_the_next_import(term, glossary):
    # As terms imported before they kept revisions are.
    Version.objects.get_for_object(term).delete()
    GlossaryTerm.objects.filter(pk=term.pk).update(definition_en="Edited before revisions.")

    out, _err = run_import(glossary)

    [kept, imported] = revisions_of(term)
    assert kept.field_dict["definition_en"] == "Edited before revisions."
    assert imported.field_dict["definition_en"] == "Cancer that has spread."
    assert "updated: term metastasis" in out
