"""export_content writes the database back in the content/ format, and the round trip is exact."""

import dataclasses
import datetime
import io
import tomllib
from pathlib import Path

from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from articles.content.exporter import toml_string
from articles.content.files import article_folders, read_article, read_glossary, read_topics
from articles.models import Article, GlossaryTerm, Topic


def import_dir(directory: Path):
    call_command("import_content", str(directory), verbosity=0)


def export_dir(directory: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_content", str(directory), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def empty_database():
    for model in (Article, GlossaryTerm, Topic):
        model.objects.all().delete()


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def comparable(article) -> dict:
    """What an article folder says, with the image as its bytes and links as sets."""
    data = dataclasses.asdict(article)
    # Where the folder is and where its texts start in it, not what they say.
    data.pop("folder")
    data.pop("body_lines")
    data["image"] = article.image.read_bytes() if article.image else None
    data["topics"], data["related"] = set(article.topics), set(article.related)
    data["changes"] = sorted(data["changes"], key=repr)
    return data


def test_importing_an_export_and_exporting_again_gives_identical_files(
    transactional_db, content_dir, tmp_path
):
    import_dir(content_dir)
    export_dir(tmp_path / "a")
    empty_database()

    import_dir(tmp_path / "a")
    export_dir(tmp_path / "b")

    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name


def test_the_export_of_the_real_content_says_what_content_says(
    imported_content, content_dir, tmp_path
):
    output = export_dir(tmp_path)

    assert "warning" not in output
    assert read_topics(tmp_path / "topics.toml") == read_topics(content_dir / "topics.toml")
    # The export lists terms by key; content/ groups them by subject.
    assert sorted(read_glossary(tmp_path / "glossary.toml"), key=repr) == sorted(
        read_glossary(content_dir / "glossary.toml"), key=repr
    )
    exported = {folder.name: read_article(folder) for folder in article_folders(tmp_path)}
    original = {folder.name: read_article(folder) for folder in article_folders(content_dir)}
    assert sorted(exported) == sorted(original)
    for key in original:
        assert comparable(exported[key]) == comparable(original[key]), key


def test_the_files_are_written_as_people_write_them(make_article, tmp_path):
    article = make_article(
        summary_en='- A "quoted" word\n- C:\\path and """ three quotes',
        evidence_version="AGO 2024.1D",
    )

    export_dir(tmp_path)

    folder = tmp_path / "articles" / article.key
    toml = (folder / "article.toml").read_text()
    assert toml.startswith(
        'kind = "overview"\nstatus = "published"\nnext_update_on = 2027-01-01\n'
        'evidence_version = "AGO 2024.1D"\n'
    )
    assert 'topics = ["treatment"]' in toml
    assert "\n[[sources]]\ncitation = " in toml
    english = (folder / "en.md").read_text()
    assert english.startswith('+++\ntitle = "Understanding bone metastases"\n')
    assert 'summary = """\n- A "quoted" word\n- C:\\\\path and ""\\" three quotes\n"""\n' in english
    assert english.endswith(
        "+++\n\nIntroduction.\n\n## Nausea and pain\n\nText.\n\n## Treatment\n\nMore.\n"
    )
    assert read_article(folder).texts["en"]["summary"] == article.summary_en
    assert read_article(folder).evidence_version == "AGO 2024.1D"


def test_the_dates_and_reviewer_readers_see_stay_out_of_the_files(make_article, tmp_path):
    # This site's own records set them when it publishes; files must not carry them back in.
    article = make_article(
        updated_on_de=datetime.date(2025, 5, 5), reviewed_on_de=datetime.date(2025, 5, 4)
    )
    Article.objects.filter(pk=article.pk).update(reviewer_de="Dr. med. A. Beispiel, Onkologin")

    export_dir(tmp_path)

    folder = tmp_path / "articles" / article.key
    for name in ("article.toml", "de.md", "en.md"):
        text = (folder / name).read_text()
        for key in ("updated_on", "reviewed_on", "reviewer"):
            assert f"{key} =" not in text, (name, key)
    read_article(folder)  # and an import takes the export


def test_line_breaks_from_the_browser_are_written_as_plain_newlines(make_article, tmp_path):
    article = make_article(body_de="Erster Absatz.\r\n\r\nZweiter Absatz.")

    export_dir(tmp_path)

    text = (tmp_path / "articles" / article.key / "de.md").read_bytes()
    assert b"\r" not in text
    assert text.endswith(b"Erster Absatz.\n\nZweiter Absatz.\n")


def test_an_unfinished_draft_is_written_and_reported(make_article, tmp_path):
    make_article(
        key="draft", status=Article.Status.DRAFT, slug_de="entwurf", slug_en="draft", summary_en=""
    )

    output = export_dir(tmp_path)

    assert "warning: an import would refuse" in output
    assert "en.md: summary: must not be empty" in output
    assert (tmp_path / "articles" / "draft" / "en.md").exists()


def test_an_export_replaces_an_article_folder_from_an_earlier_export(make_article, tmp_path):
    article = make_article()
    stale = tmp_path / "articles" / article.key / "old-title.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")

    export_dir(tmp_path)

    assert not stale.exists()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")))
def test_any_text_survives_a_toml_string(text):
    value = tomllib.loads(f"value = {toml_string(text)}")["value"]

    if "\n" in text:
        assert value == text + "\n"  # the reader strips the line break before the quotes
    else:
        assert value == text
