"""import_content: who wrote an article, and its "What changed" notes."""

import datetime

import pytest

from articles.models import Article, ArticleChange
from tests.content.test_import_content import (
    ARTICLE_TOML,
    TOPICS_TOML,
    import_error,
    language_file,
    real_articles,
    run_import,
    write_article,
)

CHANGES = """
[[changes]]
changed_on = 2024-01-23
note_de = "Neue Empfehlungen."
note_en = "New recommendations."

[[changes]]
changed_on = 2023-05-01
note_de = "Neue Zahlen."
"""


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    (root / "topics.toml").write_text(TOPICS_TOML)
    return root


def test_authors_are_imported_per_language(db, content):
    write_article(
        content,
        de=language_file("de", author="healthinfo-Redaktion"),
        en=language_file("en", author="healthinfo editorial team"),
    )

    run_import(content)

    article = Article.objects.get()
    assert article.author_de == "healthinfo-Redaktion"
    assert article.author_en == "healthinfo editorial team"


@pytest.mark.parametrize(
    ("file_name", "files", "key"),
    [
        ("article.toml", {"toml": "updated_on = 2024-01-23\n" + ARTICLE_TOML}, "updated_on"),
        ("article.toml", {"toml": "reviewed_on = 2024-01-20\n" + ARTICLE_TOML}, "reviewed_on"),
        ("de.md", {"de": language_file("de", reviewer="Dr. A. Beispiel")}, "reviewer"),
    ],
)
def test_dates_and_reviewers_copied_from_the_sources_are_refused(
    db, content, file_name, files, key
):
    # Readers' "Updated on" and "Checked by" come from this site's own publishing records.
    write_article(content, **files)

    errors = import_error(content)

    assert f"bone-metastases/{file_name}: {key}: no longer read: set by this site" in errors
    assert "remove this line" in errors
    assert Article.objects.count() == 0


def test_change_notes_are_imported_with_their_date_in_each_language(db, content):
    write_article(content, toml=ARTICLE_TOML + CHANGES)

    run_import(content)

    changes = ArticleChange.objects.order_by("-changed_on")
    assert [(c.changed_on, c.note_de, c.note_en) for c in changes] == [
        (datetime.date(2024, 1, 23), "Neue Empfehlungen.", "New recommendations."),
        (datetime.date(2023, 5, 1), "Neue Zahlen.", ""),
    ]


def test_importing_change_notes_twice_changes_nothing(db, content):
    write_article(content, toml=ARTICLE_TOML + CHANGES)
    run_import(content)
    ids = list(ArticleChange.objects.values_list("pk", flat=True))

    out, _err = run_import(content)

    assert "unchanged: article bone-metastases" in out
    assert list(ArticleChange.objects.values_list("pk", flat=True)) == ids


def test_a_changed_note_updates_the_article(db, content):
    write_article(content, toml=ARTICLE_TOML + CHANGES)
    run_import(content)
    write_article(content, toml=ARTICLE_TOML + CHANGES.replace("Neue Zahlen.", "Neuere Zahlen."))

    out, _err = run_import(content)

    assert "updated: article bone-metastases" in out
    assert set(ArticleChange.objects.values_list("note_de", flat=True)) == {
        "Neue Empfehlungen.",
        "Neuere Zahlen.",
    }


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ("[[changes]]\nchanged_on = 2024-01-23\n", "changes[1]", "needs a note"),
        ('[[changes]]\nnote_de = "Neu."\n', "changes[1].changed_on", "required field is missing"),
        (
            '[[changes]]\nchanged_on = 2024-01-23\nnote = "Neu."\n',
            "changes[1].note",
            "unknown field",
        ),
        (
            '[[changes]]\nchanged_on = "gestern"\nnote_de = "Neu."\n',
            "changes[1].changed_on",
            "must be a date",
        ),
        (
            '[[changes]]\nchanged_on = 2024-01-23\nnote_de = "<b>Neu</b>"\n',
            "changes[1].note_de",
            "contains HTML",
        ),
    ],
)
def test_it_rejects_a_bad_change_note(db, content, changes, field, reason):
    write_article(content, toml=ARTICLE_TOML + changes)

    errors = import_error(content)

    assert f"bone-metastases/article.toml: {field}: {reason}" in errors
    assert Article.objects.count() == 0


def test_every_real_article_names_its_authors_and_invents_no_reviewer(content_dir):
    for key, languages in real_articles(content_dir).items():
        assert languages["de"]["author"] == "healthinfo-Redaktion", key
        assert languages["en"]["author"] == "healthinfo editorial team", key
        assert "reviewer" not in languages["de"] and "reviewer" not in languages["en"], key
