"""Search: ranked articles and glossary terms with marked snippets, on SQLite and PostgreSQL.

The suite runs on both databases. Where they differ by design (PostgreSQL stems words,
SQLite's trigrams find parts of words), a test states what each one does.
"""

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import override

from articles.models import LANGUAGE_CODES, Article, GlossaryTerm
from articles.search.index import _sqlite_found
from articles.search.query import search
from articles.search.text import MAX_QUERY_LENGTH, clean_query, make_snippet, plain_text

IN_TEXT_ONLY = {
    "key": "living",
    "title_de": "Leben mit Krebs",
    "slug_de": "leben-mit-krebs",
    "summary_de": "- Alltag und Familie.",
    "body_de": "Ein Lymphödem am Arm kommt vor. Ein Lymphödem lässt sich behandeln.",
    "title_en": "Living with cancer",
    "slug_en": "living-with-cancer",
    "summary_en": "- Everyday life and family.",
    "body_en": "Lymphoedema of the arm happens. Lymphoedema can be treated.",
}
IN_TITLE = {
    "key": "lymphoedema",
    "title_de": "Lymphödem am Arm",
    "slug_de": "lymphoedem",
    "summary_de": "- Eine Schwellung.",
    "body_de": "Eine Schwellung nach der Operation.",
    "title_en": "Lymphoedema of the arm",
    "slug_en": "lymphoedema",
    "summary_en": "- A swelling.",
    "body_en": "A swelling after the operation.",
}


def found(query: str, language: str) -> list:
    """The first page of results for the words as typed, without spelling correction."""
    return search(query, language, correct=False).results


def titles(results, kind="article") -> list[str]:
    return [result.title for result in results if result.kind == kind]


def search_page(client, language: str, query: str, status: int = 200):
    with override(language):
        url = reverse("articles:search")
    response = client.get(url, {"q": query})
    assert response.status_code == status, (query, response.status_code)
    return lxml.html.fromstring(response.content)


# Ranking


@pytest.mark.parametrize(("language", "query"), [("de", "Lymphödem"), ("en", "lymphoedema")])
def test_a_match_in_the_title_ranks_above_a_match_in_the_text_only(make_article, language, query):
    make_article(**IN_TEXT_ONLY)
    make_article(**IN_TITLE)

    results = found(query, language)

    assert titles(results) == [IN_TITLE[f"title_{language}"], IN_TEXT_ONLY[f"title_{language}"]]


def test_a_match_in_the_summary_ranks_above_a_match_in_the_text_only(make_article):
    make_article(**IN_TEXT_ONLY)
    make_article(**{**IN_TITLE, "title_de": "Nach der Operation", "summary_de": "- Ein Lymphödem."})

    assert titles(found("Lymphödem", "de")) == ["Nach der Operation", "Leben mit Krebs"]


def test_every_word_of_the_query_must_occur(make_article):
    make_article(**IN_TEXT_ONLY)
    make_article(**IN_TITLE)

    assert titles(found("Lymphödem Familie", "de")) == ["Leben mit Krebs"]


# What is searched


def test_only_published_articles_readable_in_the_language_are_found(make_article):
    make_article(**IN_TITLE)
    make_article(**{**IN_TEXT_ONLY, "status": Article.Status.DRAFT})
    make_article(
        key="german-only",
        slug_de="nur-deutsch",
        title_de="Lymphödem im Bein",
        title_en="",
        slug_en="",
        summary_en="",
        body_en="",
    )

    assert titles(found("Lymphödem", "de")) == ["Lymphödem am Arm", "Lymphödem im Bein"]
    assert titles(found("Lymphödem", "en")) == []
    assert titles(found("lymphoedema", "en")) == ["Lymphoedema of the arm"]


def test_glossary_terms_of_the_language_are_found_after_the_articles(make_article):
    make_article(**IN_TITLE)
    GlossaryTerm.objects.create(
        key="lymphoedema",
        term_de="Lymphödem",
        slug_de="lymphoedem",
        definition_de="Eine Schwellung durch gestaute Lymphflüssigkeit.",
        term_en="lymphoedema",
        slug_en="lymphoedema",
        definition_en="A swelling caused by lymph fluid that cannot drain.",
    )

    results = found("Lymphödem", "de")

    assert [(r.kind, r.title) for r in results] == [
        ("article", "Lymphödem am Arm"),
        ("term", "Lymphödem"),
    ]
    assert results[1].url == "/de/glossar/lymphoedem/"
    assert "Schwellung" in results[1].snippet


def test_an_edited_article_is_found_by_its_new_words_and_no_longer_by_the_old(article):
    article.body_de = "Neuer Text über Fatigue."
    article.save()

    assert titles(found("Fatigue", "de")) == [article.title_de]
    assert titles(found("Einleitung", "de")) == []


def test_a_deleted_article_is_no_longer_found(article):
    article.delete()

    assert found("Knochenmetastasen", "de") == []


def test_an_edited_glossary_term_is_found_by_its_new_words(db):
    term = GlossaryTerm.objects.create(
        key="fatigue", term_de="Fatigue", slug_de="fatigue", definition_de="Große Müdigkeit."
    )
    term.definition_de = "Anhaltende Erschöpfung."
    term.save()

    assert titles(found("Erschöpfung", "de"), "term") == ["Fatigue"]
    assert titles(found("Müdigkeit", "de"), "term") == []


# Words in other forms


@pytest.mark.parametrize("query", ["Übelkeit", "übelkeit", "ÜBELKEIT", "Ubelkeit"])
def test_umlauts_match_in_any_case_and_without_their_dots(make_article, query):
    make_article(body_de="Gegen Übelkeit helfen Medikamente.")

    results = found(query, "de")

    assert titles(results) == ["Knochenmetastasen verstehen"]
    assert "<mark>Übelkeit</mark>" in results[0].snippet


@pytest.mark.parametrize(("query", "word"), [("Metastase", "Metastasen"), ("Schmerz", "Schmerzen")])
def test_a_word_finds_its_longer_forms(make_article, query, word):
    make_article(summary_de="- Kurz.", body_de=f"Über {word} reden.", title_de="Ein Titel")

    results = found(query, "de")

    assert titles(results) == ["Ein Titel"]
    assert f"<mark>{word}</mark>" in results[0].snippet


def test_how_far_a_word_matches_other_forms_depends_on_the_database(make_article):
    make_article(
        body_de="Bluthochdruck ist häufig.",
        body_en="The treatment helps.",
        summary_en="- Short.",
    )

    found_by_stem = titles(found("treatments", "en")) != []
    found_inside_a_compound = titles(found("Hochdruck", "de")) != []

    if connection.vendor == "postgresql":
        # Stemming: "treatments" and "treatment" share a stem; words are never split.
        assert (found_by_stem, found_inside_a_compound) == (True, False)
    else:
        # Trigrams: any part of a word is found, so German compounds are; a longer form is not.
        assert (found_by_stem, found_inside_a_compound) == (False, True)


def test_a_short_word_is_found_as_a_whole_word_only(make_article):
    make_article(
        key="ct",
        slug_en="ct",
        slug_de="ct",
        title_en="Imaging",
        body_en="A CT scan shows the bones.",
    )
    make_article(key="effect", slug_en="effect", slug_de="wirkung", body_en="The effect lasts.")

    assert titles(found("CT", "en")) == ["Imaging"]


# Snippets


def test_the_snippet_shows_the_text_around_the_words_found_in_mark(make_article):
    before = " ".join(f"Vorher{n}." for n in range(60))
    after = " ".join(f"Nachher{n}." for n in range(60))
    make_article(body_de=f"{before} Ein Lymphödem kommt vor. {after}")

    (result,) = found("Lymphödem", "de")

    assert "<mark>Lymphödem</mark>" in result.snippet
    assert result.snippet.startswith("… ")
    assert result.snippet.endswith(" …")
    assert "Vorher0." not in result.snippet
    assert "Nachher59." not in result.snippet


def test_the_snippet_is_escaped_and_adds_no_markup_but_mark(make_article):
    make_article(body_de='Ein Lymphödem & <b onclick="x()">fett</b> "zitiert".')

    (result,) = found("Lymphödem", "de")

    fragment = lxml.html.fragment_fromstring(str(result.snippet), create_parent="p")
    assert {element.tag for element in fragment.iter()} == {"p", "mark"}
    assert '<b onclick="x()">' in fragment.text_content()


def test_the_snippet_leaves_out_glossary_definitions_and_hidden_grade_labels(make_article):
    GlossaryTerm.objects.create(
        key="lymphoedema",
        term_de="Lymphödem",
        slug_de="lymphoedem",
        definition_de="Eine Schwellung durch gestaute Lymphflüssigkeit.",
    )
    make_article(body_de="Ein Lymphödem am Arm {{AGO ++}}.")

    (result,) = [r for r in found("Lymphödem", "de") if r.kind == "article"]

    assert "Lymphflüssigkeit" not in result.snippet
    assert "empfohlen" not in result.snippet
    assert "++" in result.snippet


def test_the_text_for_snippets_leaves_out_control_characters():
    assert plain_text("<p>Ein</p>\x07<p>Lymph\x00ödem</p>\x0b") == "Ein Lymph ödem"


def test_a_snippet_marks_whole_words_and_never_splits_one():
    snippet = make_snippet("Bluthochdruck und Hochdruck, dazu Fakten.", ["hochdruck", "ct"])

    assert snippet == "<mark>Bluthochdruck</mark> und <mark>Hochdruck</mark>, dazu Fakten."


# Queries readers type


def test_a_query_is_cleaned_of_control_characters_and_extra_spaces():
    query = clean_query("  Knochen\x00\x07  Schmerzen\n\t ")

    assert query.text == "Knochen Schmerzen"
    assert query.words == ["knochen", "schmerzen"]
    assert not query.shortened


def test_a_long_query_is_cut_to_the_maximum_length():
    query = clean_query("Knochen " * 100)

    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.shortened


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"Knochen',
        "*",
        "Knochen*",
        "NEAR(",
        "NEAR(Knochen Schmerz, 2)",
        "AND",
        "Knochen AND OR NOT",
        "-",
        "title:Knochen",
        "^Knochen",
        "(",
        ")",
        "'; DROP TABLE articles_article; --",
        "%_%",
        "\\",
        "\x00",
        "\x07Knochen\x1b",
        "\u202eKnochen",
        "😀",
        "!!!???",
        "Knochen " * 500,
        "a" * 5000,
    ],
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_no_query_breaks_the_search_page(client, article, language, query):
    page = search_page(client, language, query)

    assert page.xpath("//main//form[@role='search']//input[@name='q']")


def test_search_syntax_is_read_as_words(make_article):
    make_article(body_de="Wie NEAR und AND im Text.")

    assert titles(found('NEAR( AND "', "de")) == ["Knochenmetastasen verstehen"]


# The search page


@pytest.mark.parametrize(
    ("language", "heading", "link"),
    [("de", "So suchen Sie", "/de/glossar/"), ("en", "How to search", "/en/glossary/")],
)
def test_an_empty_search_explains_how_to_search(client, db, language, heading, link):
    page = search_page(client, language, "")

    assert [h.text_content() for h in page.xpath("//main//h2")] == [heading]
    assert link in page.xpath("//main//a/@href")
    assert page.xpath("//main//ol[@class='search-results']") == []


def test_the_search_page_lists_articles_and_glossary_terms_with_snippets(client, article):
    GlossaryTerm.objects.create(
        key="metastasis",
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de="Krebszellen an einer anderen Stelle im Körper.",
    )

    page = search_page(client, "de", "Metastasen")

    sections = page.xpath("//main//section")
    assert [s.xpath("./h2")[0].text_content() for s in sections] == [
        "1 Artikel",
        "1 Glossareintrag",
    ]
    (link,) = sections[0].xpath(".//h3/a")
    assert (link.text_content(), link.get("href")) == (
        "Knochenmetastasen verstehen",
        "/de/artikel/knochenmetastasen-verstehen/",
    )
    assert sections[0].xpath(".//p[@class='search-snippet']/mark")


def test_a_search_without_results_suggests_what_to_do(client, article):
    page = search_page(client, "en", "xylophone")

    assert page.xpath("//main//h2")[0].text_content() == "No results for “xylophone”"
    assert "/en/" in page.xpath("//main//a/@href")


def test_a_query_without_letters_asks_for_a_word(client, article):
    page = search_page(client, "en", "?!…")

    assert page.xpath("//main//h2")[0].text_content() == "Nothing to search for"


def test_a_long_query_is_shortened_with_a_note(client, article):
    page = search_page(client, "de", "Knochen " * 60)

    (field,) = page.xpath("//main//input[@name='q']")
    assert len(field.get("value")) <= MAX_QUERY_LENGTH
    assert field.get("maxlength") == str(MAX_QUERY_LENGTH)
    note = page.xpath("//p[@class='search-note']")[0].text_content()
    assert "200" in note


def test_search_pages_are_not_indexed_by_search_engines(client, article):
    page = search_page(client, "de", "Knochen")

    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


@pytest.mark.parametrize(
    ("url", "action", "label"),
    [
        ("/de/", "/de/suche/", "Diese Website durchsuchen"),
        ("/en/articles/understanding-bone-metastases/", "/en/search/", "Search this website"),
        ("/en/glossary/", "/en/search/", "Search this website"),
        ("/de/gibt-es-nicht/", "/de/suche/", "Diese Website durchsuchen"),
    ],
)
def test_every_page_has_a_labelled_search_form_in_its_header(client, article, url, action, label):
    page = lxml.html.fromstring(client.get(url).content)

    (form,) = page.xpath("//header//form[@role='search']")
    assert form.get("action") == action
    assert form.get("method") == "get"
    (field,) = form.xpath(".//input[@name='q']")
    (field_label,) = form.xpath(f".//label[@for='{field.get('id')}']")
    assert field_label.text_content() == label
    assert form.xpath(".//button[@type='submit']")


def test_the_language_switcher_keeps_the_query(client, article):
    page = search_page(client, "de", "Knochen")

    assert page.xpath("//nav[@class='language-switcher']//a/@href") == ["/en/search/?q=Knochen"]


# The index itself


def test_the_search_index_exists_on_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename LIKE %s AND indexdef LIKE %s",
                ["articles_search%", "%USING gin%"],
            )
            expected = {
                "articles_searchentry_document_de",
                "articles_searchentry_document_en",
                "articles_searchword_trigrams",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE %s", ["%USING fts5%"])
            expected = {"articles_search", "articles_searchword_trigrams"}
        assert {row[0] for row in cursor.fetchall()} == expected


def test_postgresql_answers_a_search_from_its_stored_vectors_and_sqlite_from_its_table(article):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The GIN index of the language's stored vectors answers the query search makes;
            # no vector is computed from the text at query time. With three rows, the planner
            # would rather filter them from another index: it goes with the test's transaction.
            cursor.execute("ALTER TABLE articles_searchentry DROP CONSTRAINT unique_search_entry")
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT object_id FROM articles_searchentry "
                "WHERE language = 'de' AND document @@ websearch_to_tsquery('german', %s)",
                ["Knochen"],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "articles_searchentry_document_de" in plan
            assert "to_tsvector" not in plan
        else:
            # The full-text rows are numbered after what they index: id, kind and language.
            cursor.execute(
                "SELECT rowid FROM articles_search WHERE articles_search MATCH %s", ['"knochen"']
            )
            (rowid,) = (row[0] for row in cursor.fetchall())
            assert _sqlite_found(rowid) == ("article", article.pk)
            assert rowid % len(LANGUAGE_CODES) == LANGUAGE_CODES.index("de")


def test_a_search_leaves_the_planners_settings_as_they_were(transactional_db, article):
    # PostgreSQL reads the indexes because the search's own query string turns sequential
    # scans off; in autocommit, as requests run, that ends with the query.
    assert found("Knochenmetastasen", "de")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"
