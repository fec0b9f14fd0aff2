"""import_content refuses a file with a mistake in its Markdown, naming file, field and line;
what may be intended (a long paragraph, an http:// link) is a warning and imported."""

import pytest

from articles.models import Article, GlossaryTerm, PreviousAddress
from tests.content.test_glossary_import import METASTASIS, term_toml
from tests.content.test_import_content import (
    TOPICS_TOML,
    import_error,
    language_file,
    run_import,
    write_article,
    write_second_article,
)


@pytest.fixture
def content(tmp_path):
    """A content folder with one topic and the glossary's term "metastasis"; tests add more."""
    root = tmp_path / "content"
    root.mkdir()
    (root / "topics.toml").write_text(TOPICS_TOML)
    (root / "glossary.toml").write_text(METASTASIS)
    return root


# language_file's front matter takes lines 1-9 and a blank line: the body starts at line 11,
# so the line after "Einleitung." and a blank line is 13.
MISTAKES = {
    "unknown callout kind": (
        "de",
        '!!! warnung "Achtung"\n    Sofort anrufen.\n',
        "de.md:13: body: unknown callout kind “warnung”. Allowed: immediate, urgent",
    ),
    "table row without the header's cells": (
        "de",
        "| Behandlung | AGO |\n| --- | --- |\n| Operation | {{AGO +}} | mehr |\n",
        "de.md:15: body: this table row has 3 cells, its header 2",
    ),
    "image": (
        "en",
        "![A spine](spine.png)\n",
        "en.md:13: body: images in the text (![…](…)) are not shown on this site",
    ),
    "unknown grade": (
        "de",
        "Eine Operation {{LoE 9z}} hilft.\n",
        "de.md:13: body: unknown grade “{{LoE 9z}}”. LoE grades are: 1 1a 1b",
    ),
    "raw html": (
        "de",
        "Ein <b>wichtiger</b> Satz.\n",
        "de.md:13: body: “<b>” is HTML, which this site does not use",
    ),
    "link to an article that does not exist": (
        "de",
        "Mehr im [Artikel](/de/artikel/gibt-es-nicht/).\n",
        "de.md:13: body: the link leads to /de/artikel/gibt-es-nicht/, but no article has",
    ),
    "link to a glossary term that does not exist": (
        "en",
        "See the [glossary](/en/glossary/nope/).\n",
        "en.md:13: body: the link leads to /en/glossary/nope/, but no glossary term has",
    ),
    "link to no page of the site": (
        "en",
        "See [this](/en/nowhere/at-all/).\n",
        "en.md:13: body: the link leads to /en/nowhere/at-all/, but this site has no such page",
    ),
    "empty link": (
        "de",
        "Mehr dazu [hier]().\n",
        "de.md:13: body: the link “hier” has no address",
    ),
    "heading level skipped": (
        "en",
        "## Treatment\n\n#### Surgery\n",
        "en.md:15: body: heading level skipped: “Surgery” (####) follows a ## heading. Use ###",
    ),
    "heading below the title skipped": (
        "de",
        "### Behandlung\n",
        "de.md:13: body: heading level skipped: “Behandlung” (###) comes before any ##",
    ),
}


def body_with(text: str, language: str) -> str:
    intro = {"de": "Einleitung.", "en": "Introduction."}[language]
    return f"{intro}\n\n{text}"


@pytest.mark.parametrize(("language", "text", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_it_refuses_an_article_with_a_mistake_naming_file_field_and_line(
    db, content, language, text, message
):
    write_article(content, **{language: language_file(language, body=body_with(text, language))})
    write_second_article(content)

    errors = import_error(content)

    assert f"bone-metastases/{message}" in errors
    assert list(Article.objects.values_list("key", flat=True)) == ["local-treatment"]


def test_a_mistake_in_the_summary_is_named_with_the_summary_and_its_own_line(db, content):
    summary = "- Metastasen im Knochen sind Brustkrebs.\n- Mehr [dazu]()."
    write_article(content, de=language_file("de", summary=summary))

    errors = import_error(content)

    assert "bone-metastases/de.md: summary: line 2: the link “dazu” has no address" in errors


def test_a_mistake_in_a_term_explanation_refuses_that_term(db, content):
    explanation = '"Siehe auch [Knoten](/de/glossar/gibt-es-nicht/)."'
    (content / "glossary.toml").write_text(METASTASIS + term_toml(de={"explanation": explanation}))

    errors = import_error(content)

    assert "glossary.toml: terms[2].de.explanation: line 1: the link leads to" in errors
    assert "no glossary term has this address" in errors
    assert list(GlossaryTerm.objects.values_list("key", flat=True)) == ["metastasis"]


def test_links_to_articles_and_terms_of_the_same_import_are_accepted(db, content):
    explanation = '"Mehr im [Artikel](/de/artikel/local-treatment-de/)."'
    (content / "glossary.toml").write_text(METASTASIS + term_toml(de={"explanation": explanation}))
    body = "[Metastase](/de/glossar/metastase/) und [mehr](/de/artikel/local-treatment-de/).\n"
    write_article(content, de=language_file("de", body=body))
    write_second_article(content)

    run_import(content)

    assert Article.objects.count() == 2
    assert GlossaryTerm.objects.count() == 2


def test_links_to_stored_articles_their_old_addresses_and_site_pages_are_accepted(db, content):
    write_second_article(content)
    run_import(content)
    PreviousAddress.objects.create(
        path="/en/articles/old-address/", language="en", kind="article",
        object_id=Article.objects.get().pk,
    )  # fmt: skip
    body = (
        "See [the other](/en/articles/local-treatment/#section), [before](/en/articles/"
        "old-address/), [the glossary](/en/glossary/) and [about us](/en/about/).\n"
    )
    write_article(content, en=language_file("en", body=body))

    run_import(content)

    assert Article.objects.count() == 2


def test_a_link_to_an_old_address_that_now_leads_nowhere_is_refused(db, content):
    PreviousAddress.objects.create(path="/en/articles/gone/", language="en", kind="article")
    write_article(content, en=language_file("en", body="See [it](/en/articles/gone/).\n"))

    errors = import_error(content)

    assert "en.md:11: body: the link leads to /en/articles/gone/, but no article has" in errors


def test_what_may_be_intended_is_imported_with_a_warning(db, content):
    long_paragraph = " ".join(["Wort"] * 130)
    body = f"{long_paragraph}\n\nMehr bei [der Gesellschaft](http://example.org/).\n"
    write_article(content, de=language_file("de", body=body))

    out, err = run_import(content)

    assert Article.objects.get().body_de.startswith("Wort")
    assert "de.md:11: body: this paragraph has 130 words. More than 120" in err
    assert "de.md:13: body: the link to http://example.org/ starts with http://, not https://" in (
        err
    )
    assert err.count("warning: ") == 2
    assert "0 with errors" in out


def test_the_real_articles_and_glossary_import_without_a_mistake(db, content_dir):
    out, err = run_import(content_dir)

    assert "error:" not in err
    assert "0 with errors" in out
