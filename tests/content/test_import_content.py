"""import_content: content files into the database, all or nothing per article."""

import io
import re
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Source, Topic

TOPICS_TOML = """\
[[topics]]
key = "treatment"
order = 1

[topics.de]
title = "Behandlung"
slug = "behandlung"
description = "Welche Behandlungen es gibt."

[topics.en]
title = "Treatment"
slug = "treatment"
description = "Which treatments there are."
"""

ARTICLE_TOML = """\
kind = "overview"
status = "published"
next_update_on = 2027-01-01
topics = ["treatment"]

[[sources]]
citation = "Robert Koch-Institut. Krebs in Deutschland. 2023."
url = "https://www.krebsdaten.de/"
accessed_on = 2024-01-10
"""

FRONT_MATTER = {
    "de": {
        "title": "Knochenmetastasen verstehen",
        "slug": "knochenmetastasen-verstehen",
        "description": "Was Knochenmetastasen sind und wie man sie behandelt.",
        "summary": "- Metastasen im Knochen sind Brustkrebs.\n- Sie sind behandelbar.",
    },
    "en": {
        "title": "Understanding bone metastases",
        "slug": "understanding-bone-metastases",
        "description": "What bone metastases are and how they are treated.",
        "summary": "- Metastases in bone are breast cancer.\n- They can be treated.",
    },
}
BODY = {
    "de": "Einleitung.\n\n## Übelkeit und Schmerzen\n\nText.\n",
    "en": "Introduction.\n\n## Nausea and pain\n\nText.\n",
}


def language_file(language: str, *, body: str | None = None, **fields) -> str:
    """A de.md or en.md; keyword arguments replace front matter fields, None drops one."""
    values = {**FRONT_MATTER[language], **fields}
    lines = ["+++"]
    for name, value in values.items():
        if value is None:
            continue
        if "\n" in value:
            lines.append(f'{name} = """\n{value}\n"""')
        else:
            lines.append(f'{name} = "{value}"')
    lines.append("+++")
    return "\n".join(lines) + "\n\n" + (BODY[language] if body is None else body)


def write_article(root: Path, key: str = "bone-metastases", *, toml=ARTICLE_TOML, de=None, en=None):
    folder = root / "articles" / key
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "article.toml": toml,
        "de.md": language_file("de") if de is None else de,
        "en.md": language_file("en") if en is None else en,
    }
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


def write_explainer_with_image(root: Path, **languages) -> Path:
    toml = ARTICLE_TOML.replace('kind = "overview"', 'kind = "explainer"\nimage = "title.svg"')
    texts = {
        "de": language_file("de", image_alt="Eine Wirbelsäule."),
        "en": language_file("en", image_alt="A spine."),
        **languages,
    }
    folder = write_article(root, toml=toml, **texts)
    (folder / "title.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    return folder


@pytest.fixture
def content(tmp_path) -> Path:
    """An empty content folder with one topic; tests add articles."""
    root = tmp_path / "content"
    root.mkdir()
    (root / "topics.toml").write_text(TOPICS_TOML)
    return root


def run_import(directory: Path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_content", str(directory), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_error(directory: Path) -> str:
    """The error lines of an import that must fail."""
    err = io.StringIO()
    with pytest.raises(CommandError, match=r" [1-9]\d* with errors$"):
        call_command("import_content", str(directory), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def front_matter_of(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return tomllib.loads(text.split("+++")[1])


# The real content folder


def real_articles(content_dir: Path) -> dict[str, dict[str, dict]]:
    """Key → language → front matter, read straight from content/articles/."""
    return {
        folder.name: {
            language: front_matter_of(folder / f"{language}.md")
            for language in ("de", "en")
            if (folder / f"{language}.md").exists()
        }
        for folder in sorted((content_dir / "articles").iterdir())
        if folder.is_dir()
    }


def test_importing_the_content_folder_creates_its_topics(db, content_dir):
    run_import(content_dir)

    topics = tomllib.loads((content_dir / "topics.toml").read_text())["topics"]
    assert len(topics) >= 1
    for entry in topics:
        topic = Topic.objects.get(key=entry["key"])
        assert topic.title_de == entry["de"]["title"]
        assert topic.slug_de == entry["de"]["slug"]
        assert topic.title_en == entry["en"]["title"]
        assert topic.slug_en == entry["en"]["slug"]


def test_importing_the_content_folder_creates_its_articles_in_both_languages(db, content_dir):
    expected = real_articles(content_dir)
    assert len(expected) >= 2

    out, _err = run_import(content_dir)

    assert set(Article.objects.values_list("key", flat=True)) == set(expected)
    for key, languages in expected.items():
        article = Article.objects.get(key=key)
        assert f"created: article {key}" in out
        for language, front in languages.items():
            assert getattr(article, f"title_{language}") == front["title"]
            assert getattr(article, f"slug_{language}") == front["slug"]
            assert getattr(article, f"body_html_{language}").strip()
            assert getattr(article, f"summary_html_{language}").strip()
        assert article.available_languages() == list(languages)
        settings_file = tomllib.loads((content_dir / "articles" / key / "article.toml").read_text())
        assert article.status == settings_file["status"]
        assert set(article.topics.values_list("key", flat=True)) == set(settings_file["topics"])
        assert set(article.related.values_list("key", flat=True)) == set(
            settings_file.get("related", [])
        )
        assert article.sources.count() == len(settings_file.get("sources", []))


def test_at_least_two_real_articles_are_readable_in_both_languages(imported_content):
    assert Article.objects.translated_into("de").translated_into("en").count() >= 2


def test_importing_twice_changes_nothing(db, content_dir):
    run_import(content_dir)
    modified = dict(Article.objects.values_list("key", "modified_at"))
    sources = list(Source.objects.values_list("pk", flat=True))

    out, _err = run_import(content_dir)

    assert "created:" not in out
    assert "updated:" not in out
    assert re.search(r"0 created, 0 updated, \d+ unchanged, 0 with errors", out)
    for key in modified:
        assert f"unchanged: article {key}" in out
    assert dict(Article.objects.values_list("key", "modified_at")) == modified
    assert list(Source.objects.values_list("pk", flat=True)) == sources


def test_importing_twice_changes_nothing_when_the_image_file_is_already_stored(
    db, content, media_root
):
    write_explainer_with_image(content)
    run_import(content)
    stored = Article.objects.get().image.name
    # A fresh database next to the media folder of an earlier one, as after `rm db.sqlite3`.
    Article.objects.all().delete()
    run_import(content)
    modified = Article.objects.get().modified_at

    out, _err = run_import(content)

    assert "unchanged: article bone-metastases" in out
    assert Article.objects.get().modified_at == modified
    assert Article.objects.get().image.name == stored
    assert [p.name for p in (media_root / "articles").iterdir()] == [Path(stored).name]


def test_a_dry_run_reports_but_keeps_nothing(db, content_dir):
    out, _err = run_import(content_dir, "--dry-run")

    assert "[dry run]" in out
    assert "created: article" in out
    assert Article.objects.count() == 0
    assert Topic.objects.count() == 0
    assert Source.objects.count() == 0


def test_a_dry_run_leaves_existing_articles_as_they_were(db, content):
    write_article(content)
    run_import(content)
    before = Article.objects.values().get()
    write_article(content, en=language_file("en", title="A new title"))

    out, _err = run_import(content, "--dry-run")

    assert "[dry run] updated: article bone-metastases" in out
    assert Article.objects.values().get() == before


# Small content folders


def test_a_changed_file_updates_its_article(db, content):
    write_article(content)
    run_import(content)
    write_article(content, en=language_file("en", body="Introduction.\n\n## Side effects\n"))

    out, _err = run_import(content)

    assert "updated: article bone-metastases" in out
    article = Article.objects.get()
    assert article.headings_en == [{"id": "side-effects", "title": "Side effects"}]


def test_an_article_without_an_english_file_is_imported_in_german_only(db, content):
    folder = write_article(content)
    (folder / "en.md").unlink()

    run_import(content)

    article = Article.objects.get()
    assert article.available_languages() == ["de"]
    assert article.slug_en == ""


@pytest.mark.parametrize(
    ("de", "line", "reason"),
    [
        ("title = 'x'\n+++\n\nText.\n", 1, "must start with a +++ line"),
        ("+++\ntitle = 'x'\nslug = 'x'\n\nText.\n", 1, "not closed by a +++ line"),
        ("\n+++\ntitle = 'x'\n+++\n\nText.\n", 1, "must start with a +++ line"),
    ],
)
def test_it_rejects_front_matter_without_an_opening_or_closing_fence(db, content, de, line, reason):
    write_article(content, de=de)

    errors = import_error(content)

    assert f"bone-metastases/de.md:{line}: " in errors
    assert reason in errors


def test_it_rejects_front_matter_that_is_not_toml_with_its_line(db, content):
    de = (
        "+++\n"
        'title = "Knochenmetastasen"\n'
        'slug = "knochenmetastasen"\n'
        "description = Was Knochenmetastasen sind\n"
        'summary = "Kurz."\n'
        "+++\n\nText.\n"
    )
    write_article(content, de=de)

    errors = import_error(content)

    assert "bone-metastases/de.md:4: front matter is not valid TOML" in errors


@pytest.mark.parametrize(
    ("file_name", "kwargs", "field"),
    [
        ("de.md", {"de": language_file("de", titel="Knochen")}, "titel"),
        ("en.md", {"en": language_file("en", summery="Short.")}, "summery"),
        ("article.toml", {"toml": 'colour = "blue"\n' + ARTICLE_TOML}, "colour"),
    ],
)
def test_it_rejects_an_unknown_field(db, content, file_name, kwargs, field):
    write_article(content, **kwargs)

    errors = import_error(content)

    assert f"bone-metastases/{file_name}: {field}: unknown field" in errors


def test_it_rejects_an_unknown_field_in_a_source(db, content):
    write_article(content, toml=ARTICLE_TOML + 'urll = "https://example.org"\n')

    errors = import_error(content)

    assert "bone-metastases/article.toml: sources[1].urll: unknown field" in errors


def test_it_imports_the_language_of_a_sources_title(db, content):
    write_article(content, toml=ARTICLE_TOML + 'language = "de"\n')

    run_import(content)

    assert Article.objects.get(key="bone-metastases").sources.get().language == "de"


@pytest.mark.parametrize("language", ["German", "DE", "de_DE", "d"])
def test_it_rejects_a_source_language_that_is_not_a_language_code(db, content, language):
    write_article(content, toml=ARTICLE_TOML + f'language = "{language}"\n')

    errors = import_error(content)

    assert "bone-metastases/article.toml: sources[1].language: must be a language code" in errors


@pytest.mark.parametrize(
    ("file_name", "kwargs", "field"),
    [
        ("de.md", {"de": language_file("de", summary=None)}, "summary"),
        ("en.md", {"en": language_file("en", slug=None)}, "slug"),
        ("en.md", {"en": language_file("en", title=None)}, "title"),
        ("article.toml", {"toml": ARTICLE_TOML.replace('kind = "overview"\n', "")}, "kind"),
        ("article.toml", {"toml": ARTICLE_TOML.replace('status = "published"\n', "")}, "status"),
    ],
)
def test_it_rejects_a_missing_required_field(db, content, file_name, kwargs, field):
    write_article(content, **kwargs)

    errors = import_error(content)

    assert f"bone-metastases/{file_name}: {field}: required field is missing" in errors


@pytest.mark.parametrize("slug", ["Knochen-Metastasen", "knochen metastasen", "knöchen", "-a", ""])
def test_it_rejects_a_bad_address(db, content, slug):
    write_article(content, de=language_file("de", slug=slug))

    errors = import_error(content)

    assert "bone-metastases/de.md: slug: " in errors
    assert "valid address" in errors or "must not be empty" in errors


def test_it_rejects_an_unknown_kind(db, content):
    write_article(content, toml=ARTICLE_TOML.replace('"overview"', '"essay"'))

    errors = import_error(content)

    assert "bone-metastases/article.toml: kind: must be one of overview, explainer" in errors


def test_it_rejects_an_unknown_status(db, content):
    write_article(content, toml=ARTICLE_TOML.replace('"published"', '"online"'))

    errors = import_error(content)

    assert "bone-metastases/article.toml: status: must be one of draft, published" in errors


def test_it_rejects_an_unknown_topic(db, content):
    write_article(content, toml=ARTICLE_TOML.replace('["treatment"]', '["treatment", "diet"]'))

    errors = import_error(content)

    assert "bone-metastases/article.toml: topics: unknown topic diet" in errors


def test_it_rejects_an_unknown_related_article(db, content):
    write_article(content, toml='related = ["no-such-article"]\n' + ARTICLE_TOML)

    errors = import_error(content)

    assert "bone-metastases/article.toml: related: unknown article no-such-article" in errors


def write_second_article(root: Path, key: str = "local-treatment") -> Path:
    """Another article, with addresses of its own."""
    return write_article(
        root, key, de=language_file("de", slug=f"{key}-de"), en=language_file("en", slug=key)
    )


def test_related_articles_may_be_new_in_the_same_import(db, content):
    write_article(content, toml='related = ["local-treatment"]\n' + ARTICLE_TOML)
    write_second_article(content)

    run_import(content)

    article = Article.objects.get(key="bone-metastases")
    assert list(article.related.values_list("key", flat=True)) == ["local-treatment"]


def test_it_rejects_a_level_one_heading_with_its_line(db, content):
    # Front matter: lines 1-9 (the summary takes four); blank line 10; body from line 11.
    body = "Einleitung.\n\n# Übelkeit\n\nText.\n"
    write_article(content, de=language_file("de", body=body))

    errors = import_error(content)

    assert "bone-metastases/de.md:13: body: use ## for sections" in errors


def test_a_hash_line_inside_a_code_block_is_not_a_heading(db, content):
    body = "Einleitung.\n\n```\n# kein Titel\n```\n"
    write_article(content, de=language_file("de", body=body))

    run_import(content)

    assert Article.objects.count() == 1


def test_it_rejects_an_unknown_grade_with_its_line(db, content):
    body = "Einleitung.\n\n## Empfehlungen\n\nOperation {{GR E}} im Einzelfall.\n"
    write_article(content, en=language_file("en", body=body))

    errors = import_error(content)

    assert "bone-metastases/en.md:15: body: unknown grade “{{GR E}}”" in errors


def test_it_rejects_an_unknown_grade_in_the_summary(db, content):
    write_article(content, de=language_file("de", summary="- Operation {{AGO +++}}"))

    errors = import_error(content)

    # The summary's own line: its first line in the file is not known.
    assert "bone-metastases/de.md: summary: line 1: unknown grade “{{AGO +++}}”" in errors


def test_it_rejects_an_unknown_callout_kind_with_its_line(db, content):
    body = 'Einleitung.\n\n!!! danger "Sofort zum Arzt"\n    Bei Lähmung.\n'
    write_article(content, de=language_file("de", body=body))

    errors = import_error(content)

    assert "bone-metastases/de.md:13: body: unknown callout kind “danger”" in errors
    assert "immediate, urgent, non-urgent, warning, note, germany, questions" in errors


def test_it_rejects_an_urgent_advice_box_without_a_title_with_its_line(db, content):
    body = "Einleitung.\n\n!!! immediate\n    Bei Lähmung.\n"
    write_article(content, de=language_file("de", body=body))

    errors = import_error(content)

    assert "bone-metastases/de.md:13: body: an urgent-advice box needs a title in quotes" in errors


GUIDELINE_SUMMARY_TOML = ARTICLE_TOML.replace('kind = "overview"', 'kind = "guideline-summary"')
TABLE = "| Empfehlung | AGO |\n| --- | --- |\n| Operation | {{AGO +/-}} |\n"


def test_it_rejects_a_table_without_a_caption_in_a_guideline_summary_with_its_line(db, content):
    body = f"Einleitung.\n\n{TABLE}"
    write_article(content, toml=GUIDELINE_SUMMARY_TOML, de=language_file("de", body=body))

    errors = import_error(content)

    assert "de.md:13: body: a table in a guideline summary needs a caption" in errors
    assert '"Table: what the table shows"' in errors


def test_it_imports_a_guideline_summary_whose_tables_have_captions(db, content):
    body = f"Einleitung.\n\nTable: Was die Leitlinie zur Operation sagt\n\n{TABLE}"
    write_article(content, toml=GUIDELINE_SUMMARY_TOML, de=language_file("de", body=body))

    run_import(content)

    assert "<caption" in Article.objects.get().body_html_de


def test_it_imports_a_table_without_a_caption_in_other_kinds_of_article(db, content):
    write_article(content, de=language_file("de", body=f"Einleitung.\n\n{TABLE}"))

    _, err = run_import(content)

    assert err == ""
    assert "<table>" in Article.objects.get().body_html_de


def test_it_rejects_an_image_that_is_named_but_missing(db, content):
    folder = write_explainer_with_image(content)
    (folder / "title.svg").unlink()

    errors = import_error(content)

    assert "bone-metastases/article.toml: image: the image file 'title.svg' is missing" in errors


def test_it_rejects_an_image_without_alt_text(db, content):
    write_explainer_with_image(content, en=language_file("en"))

    errors = import_error(content)

    assert "bone-metastases/en.md: image_alt: the article has an image, so it needs alt text" in (
        errors
    )


def test_it_imports_an_image_with_alt_text_in_both_languages(db, content, media_root):
    write_explainer_with_image(content)

    run_import(content)

    article = Article.objects.get()
    assert article.image_alt_de == "Eine Wirbelsäule."
    assert article.image_alt_en == "A spine."
    assert re.fullmatch(r"articles/bone-metastases-[0-9a-f]{12}\.svg", article.image.name)
    assert (media_root / article.image.name).read_text().startswith("<svg")


def test_a_changed_picture_is_stored_under_a_new_name(db, content, media_root):
    folder = write_explainer_with_image(content)
    run_import(content)
    old_name = Article.objects.get().image.name
    (folder / "title.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="2"/>')

    out, _err = run_import(content)

    assert "updated: article bone-metastases" in out
    new_name = Article.objects.get().image.name
    assert new_name != old_name
    assert 'width="2"' in (media_root / new_name).read_text()


def test_a_dry_run_stores_no_image(db, content, media_root):
    write_explainer_with_image(content)

    run_import(content, "--dry-run")

    assert not media_root.exists() or not any(media_root.rglob("*.svg"))


def test_it_rejects_a_file_that_is_not_utf8_with_its_line(db, content):
    text = language_file("de").encode("utf-8") + "Übelkeit.\n".encode("latin-1")
    write_article(content, de=text)

    errors = import_error(content)

    assert "bone-metastases/de.md:16: not UTF-8 text" in errors


def test_it_rejects_an_article_toml_that_is_not_utf8(db, content):
    write_article(content, toml=ARTICLE_TOML.encode() + "# Größe\n".encode("latin-1"))

    errors = import_error(content)

    assert "bone-metastases/article.toml: not UTF-8 text" in errors


def test_it_rejects_an_article_toml_that_is_not_toml(db, content):
    write_article(content, toml=ARTICLE_TOML + "topics = [\n")

    errors = import_error(content)

    assert "bone-metastases/article.toml: not valid TOML" in errors


def test_it_reports_every_bad_file_and_still_imports_the_good_ones(db, content):
    write_article(content, "aaa-bad", de=language_file("de", slug="Bad Slug"))
    write_article(
        content,
        "zzz-good",
        de=language_file("de", slug="guter-artikel"),
        en=language_file("en", slug="good-article"),
    )
    write_article(content, "mmm-bad", toml=ARTICLE_TOML.replace('"overview"', '"essay"'))

    errors = import_error(content)

    assert "aaa-bad/de.md: slug:" in errors
    assert "mmm-bad/article.toml: kind:" in errors
    assert list(Article.objects.values_list("key", flat=True)) == ["zzz-good"]


# A bad file never leaves half an article behind

BAD_UPDATES = {
    "bad front matter": {"de": "+++\ntitle = 'Neu'\n"},
    "bad address": {"en": language_file("en", title="New title", slug="New Title")},
    "unknown topic": {"toml": ARTICLE_TOML.replace('["treatment"]', '["diet"]')},
    "unknown related article": {
        "toml": 'related = ["no-such-article"]\n'
        + ARTICLE_TOML.replace("2027-01-01", "2028-01-01"),
        "en": language_file("en", title="New title"),
    },
    "unknown grade": {"en": language_file("en", title="New title", body="Text {{GR Z}}.\n")},
    "level one heading": {"de": language_file("de", title="Neuer Titel", body="# Neu\n")},
    "not UTF-8": {"de": language_file("de", title="Neu").encode() + b"\xff\n"},
}


@pytest.mark.parametrize("update", BAD_UPDATES.values(), ids=BAD_UPDATES.keys())
def test_an_existing_article_stays_as_it_was_when_its_updated_file_is_bad(db, content, update):
    write_article(content)
    run_import(content)
    before = Article.objects.values().get()
    sources = list(Source.objects.values())
    topics = list(Article.objects.get().topics.values_list("key", flat=True))
    write_article(content, **update)

    import_error(content)

    assert Article.objects.values().get() == before
    assert list(Source.objects.values()) == sources
    assert list(Article.objects.get().topics.values_list("key", flat=True)) == topics


@pytest.mark.parametrize("update", BAD_UPDATES.values(), ids=BAD_UPDATES.keys())
def test_a_new_article_with_a_bad_file_is_not_created_at_all(db, content, update):
    write_article(content, **update)

    import_error(content)

    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


def test_an_address_used_by_another_article_is_reported_not_a_crash(db, content):
    write_article(content, "aaa-first")
    write_article(content, "bbb-second", en=language_file("en", slug="a-different-english-address"))

    errors = import_error(content)

    assert "bbb-second/de.md: slug: address already used by article 'aaa-first'" in errors
    assert list(Article.objects.values_list("key", flat=True)) == ["aaa-first"]


def test_a_changed_address_that_clashes_leaves_the_article_as_it_was(db, content):
    write_article(content, "aaa-first")
    write_article(
        content,
        "bbb-second",
        de=language_file("de", slug="zweiter-artikel"),
        en=language_file("en", slug="second-article"),
    )
    run_import(content)
    before = Article.objects.values().get(key="bbb-second")
    write_article(
        content,
        "bbb-second",
        de=language_file("de", title="Neu", slug="zweiter-artikel"),
        en=language_file("en", title="New", slug="understanding-bone-metastases"),
    )

    errors = import_error(content)

    assert "bbb-second/en.md: slug: address already used by article 'aaa-first'" in errors
    assert Article.objects.values().get(key="bbb-second") == before


def test_it_stops_with_an_error_for_a_folder_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_content", str(tmp_path / "missing"))
