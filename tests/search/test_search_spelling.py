"""Search forgives spelling: a misspelt word finds what readers meant, in both languages.

The suite runs on SQLite and on PostgreSQL; both must suggest the same words, so the tests
state one expected correction for both.
"""

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import override

from articles.editorial.workflow import start_working_copy
from articles.models import Article, GlossaryTerm, SearchEntry, SearchWord
from articles.search import index
from articles.search.query import search
from articles.search.text import clean_query, similarity, trigrams

BONE = {
    "body_de": (
        "Ein Bisphosphonat stärkt den Knochen. Ein Pleuraerguss ist Flüssigkeit im Brustkorb."
    ),
    "body_en": (
        "A bisphosphonate strengthens the bone. A pleural effusion is fluid in the chest. "
        "Each metastasis is treated."
    ),
}


def titles(results) -> list[str]:
    return [result.title for result in results.results if result.kind == "article"]


def search_page(client, language: str, **params):
    with override(language):
        url = reverse("articles:search")
    response = client.get(url, params)
    assert response.status_code == 200, (params, response.status_code)
    return lxml.html.fromstring(response.content)


@pytest.mark.parametrize(
    ("language", "typed", "meant"),
    [
        ("de", "Knochenmetastasn", "Knochenmetastasen"),
        ("de", "Bisfosfonat", "Bisphosphonat"),
        ("en", "bisphosponate", "bisphosphonate"),
        ("en", "metastsis", "metastasis"),
        ("en", "pleural efusion", "pleural effusion"),
        ("en", "Understandng bone", "Understanding bone"),
    ],
)
def test_a_misspelt_word_shows_the_results_for_the_word_meant(make_article, language, typed, meant):
    article = make_article(**BONE)

    results = search(typed, language)

    assert results.corrected
    assert results.shown.text == meant
    assert titles(results) == [getattr(article, f"title_{language}")]


def test_the_misspellings_readers_make_find_the_real_articles(imported_content):
    for language, typed, article in [
        ("de", "Knochenmetastasn", "Wenn Brustkrebs die Knochen erreicht"),
        ("de", "Bisfosfonat", "Wenn Brustkrebs die Knochen erreicht"),
        ("de", "Pleuraerguß", "Lokale Behandlung von Metastasen je nach Lage"),
        ("en", "bisphosponate", "When breast cancer reaches the bones"),
        ("en", "metastsis", "Metastatic breast cancer"),
        ("en", "pleural efusion", "Local treatment of metastases by where they are"),
    ]:
        assert article in titles(search(typed, language)), (language, typed)


def test_a_word_spelt_with_sharp_s_finds_it_spelt_with_ss(make_article):
    make_article(**BONE)

    results = search("Pleuraerguß", "de")

    assert not results.corrected
    assert titles(results) == ["Knochenmetastasen verstehen"]
    assert "<mark>Pleuraerguss</mark>" in results.results[0].snippet


def test_words_found_as_typed_are_not_corrected(make_article):
    make_article(**BONE)

    results = search("Knochenmetastasen Bisphosphonat", "de")

    assert not results.corrected
    assert results.suggestion is None
    assert titles(results) == ["Knochenmetastasen verstehen"]


def test_a_correction_that_finds_nothing_is_neither_shown_nor_offered(make_article):
    make_article(**BONE)
    make_article(key="arm", slug_de="arm", slug_en="arm", title_de="Lymphödem am Arm")

    # Each word is found on its own, in different articles, but none has both.
    assert titles(search("Pleuraerguss", "de")) and titles(search("Lymphödem", "de"))
    for exact in (False, True):
        results = search("Pleuraergus Lymphödm", "de", correct=not exact)

        assert results.results == []
        assert results.shown == results.query
        assert results.suggestion is None


def test_at_most_three_words_of_a_query_are_corrected(make_article):
    make_article(body_de="Bisphosphonat und Denosumab gegen Knochenschmerzen im Alltag.")

    three = search("Bisfosfonat Denosumap Knochenschmerzn", "de")
    four = search("Bisfosfonat Denosumap Knochenschmerzn Altag", "de")

    assert three.shown.text == "Bisphosphonat Denosumab Knochenschmerzen"
    assert not four.corrected
    assert four.results == []


def test_the_reader_can_search_for_the_words_as_typed_and_is_offered_the_correction(
    make_article,
):
    make_article(**BONE)

    results = search("metastsis", "en", correct=False)

    assert results.results == []
    assert results.suggestion.text == "metastasis"


# The page


def test_the_page_shows_the_results_for_the_correction_and_offers_the_words_as_typed(
    client, make_article
):
    make_article(**BONE)

    page = search_page(client, "en", q="metastsis")

    (note,) = page.xpath("//main//p[@class='search-correction']")
    assert " ".join(note.text_content().split()) == (
        "Showing results for metastasis. Search instead for metastsis."
    )
    assert note.xpath("./strong")[0].text_content() == "metastasis"
    (link,) = note.xpath("./a")
    assert (link.text_content(), link.get("href")) == (
        "metastsis",
        "/en/search/?q=metastsis&exact=1",
    )
    # The field holds what the results are for; the title says it too.
    assert page.xpath("//main//input[@name='q']/@value") == ["metastasis"]
    assert page.xpath("//title")[0].text_content().startswith("Search for “metastasis”")
    assert page.xpath("//main//section//h3/a/text()") == ["Understanding bone metastases"]


def test_the_correction_is_offered_in_the_readers_language(client, make_article):
    make_article(**BONE)

    page = search_page(client, "de", q="Knochenmetastasn")

    (note,) = page.xpath("//main//p[@class='search-correction']")
    assert note.xpath("./strong")[0].text_content() == "Knochenmetastasen"
    assert note.xpath("./a/@href") == ["/de/suche/?q=Knochenmetastasn&exact=1"]
    assert page.xpath("//main//section//h3/a/text()") == ["Knochenmetastasen verstehen"]


def test_searching_for_the_words_as_typed_shows_no_results_and_asks_did_you_mean(
    client, make_article
):
    make_article(**BONE)

    page = search_page(client, "en", q="metastsis", exact="1")

    assert page.xpath("//main//h2")[0].text_content() == "No results for “metastsis”"
    (note,) = page.xpath("//main//p[@class='search-correction']")
    assert " ".join(note.text_content().split()) == "Did you mean metastasis?"
    assert note.xpath("./a/@href") == ["/en/search/?q=metastasis"]
    assert page.xpath("//main//input[@name='q']/@value") == ["metastsis"]


def test_a_search_without_any_correction_says_nothing_about_spelling(client, make_article):
    make_article(**BONE)

    for params in ({"q": "Xylophon"}, {"q": "Knochenmetastasen"}):
        page = search_page(client, "de", **params)

        assert page.xpath("//main//p[@class='search-correction']") == []


# The vocabulary, kept current


def suggestion(typed: str, language: str = "de") -> str | None:
    results = search(typed, language)
    return results.shown.text if results.corrected else None


def test_a_word_removed_from_every_text_is_no_longer_suggested(make_article):
    article = make_article(body_de="Zoledronat schützt die Knochen.")
    assert suggestion("Zoledronad") == "Zoledronat"

    article.body_de = "Ein Medikament schützt die Knochen."
    article.save()

    assert suggestion("Zoledronad") is None
    assert index.known_words("de", ["zoledronat", "medikament"]) == {"medikament"}


def test_a_word_stays_while_another_text_uses_it(make_article):
    first = make_article(body_de="Zoledronat schützt die Knochen.")
    second = make_article(key="second", slug_de="zweiter", slug_en="second", body_de="Zoledronat.")

    first.delete()
    assert suggestion("Zoledronad") == "Zoledronat"

    second.delete()
    assert suggestion("Zoledronad") is None


def test_a_deleted_glossary_term_takes_its_words_with_it(db):
    term = GlossaryTerm.objects.create(
        key="denosumab",
        term_de="Denosumab",
        slug_de="denosumab",
        definition_de="Ein Antikörper, der den Knochenabbau bremst.",
    )
    assert suggestion("Denosumap") == "Denosumab"
    assert suggestion("Knochenabbauu") == "Knochenabbau"

    term.delete()

    assert suggestion("Denosumap") is None
    assert not SearchWord.objects.filter(language="de").exists()


def test_the_vocabulary_counts_every_text_that_uses_a_word(make_article):
    GlossaryTerm.objects.create(
        key="bone", term_de="Knochen", slug_de="knochen", definition_de="Ein Teil vom Skelett."
    )
    first = make_article(**BONE)
    second = make_article(key="second", slug_de="zweiter", slug_en="second")
    second.body_de = "Die Knochen und das Skelett."
    second.save()
    first.delete()

    counted = {}
    for entry in SearchEntry.objects.all():
        columns = (entry.indexed_title, entry.indexed_summary, entry.indexed_body)
        for word in index._words(columns):
            counted[entry.language, word] = counted.get((entry.language, word), 0) + 1
    stored = {(w.language, w.word): w.documents for w in SearchWord.objects.all()}
    assert stored == counted
    assert stored["de", "skelett"] == 2


def test_a_word_keeps_the_spelling_the_texts_use(make_article):
    make_article(
        body_en="Treatment helps. The treatment is planned; the treatment is checked.",
        body_de="Übelkeit kommt vor.",
    )

    assert SearchWord.objects.get(language="en", word="treatment").spelling == "treatment"
    assert SearchWord.objects.get(language="de", word="ubelkeit").spelling == "Übelkeit"
    assert suggestion("Ubelkait") == "Übelkeit"


# What is never searched


def test_a_working_copy_is_neither_found_nor_suggested(make_article):
    article = make_article(**BONE)
    copy = start_working_copy(article)
    copy.body_de = "Zoledronat schützt die Knochen."
    copy.save()

    assert search("Zoledronat", "de", correct=False).results == []
    assert suggestion("Zoledronad") is None
    assert not SearchEntry.objects.filter(kind="article", object_id=copy.pk).exists()
    assert titles(search("Bisphosphonat", "de")) == ["Knochenmetastasen verstehen"]


def test_a_draft_is_neither_found_nor_suggested(make_article):
    make_article(body_de="Zoledronat schützt die Knochen.", status=Article.Status.DRAFT)

    assert search("Zoledronat", "de", correct=False).results == []
    assert suggestion("Zoledronad") is None


def test_an_article_taken_offline_leaves_the_index(make_article):
    article = make_article(body_de="Zoledronat schützt die Knochen.")
    article.status = Article.Status.DRAFT
    article.save()

    assert not SearchEntry.objects.filter(object_id=article.pk, kind="article").exists()
    assert suggestion("Zoledronad") is None


# The stored index


def test_the_stored_entry_and_its_vector_follow_each_save(make_article):
    article = make_article(body_de="Große Müdigkeit.")
    article.body_de = "Anhaltende Erschöpfung."
    article.save()

    entry = SearchEntry.objects.get(kind="article", object_id=article.pk, language="de")
    assert "Anhaltende Erschöpfung." in entry.text
    assert "Müdigkeit" not in entry.text
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT document @@ plainto_tsquery('german', %s), "
                "document @@ plainto_tsquery('german', %s) FROM articles_searchentry "
                "WHERE id = %s",
                ["Erschöpfung", "Müdigkeit", entry.pk],
            )
            assert cursor.fetchone() == (True, False)
    else:
        assert index.has_match("de", clean_query("Erschöpfung"))
        assert not index.has_match("de", clean_query("Müdigkeit"))


def test_the_similarity_is_pg_trgms_on_both_databases(db):
    pairs = [
        ("efusion", "effusion"),
        ("bisfosfonat", "bisphosphonat"),
        ("knochenmetastasn", "knochenmetastasen"),
        ("abc", "abd"),
    ]
    assert trigrams("abc") == {"  a", " ab", "abc", "bc "}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for first, second in pairs:
                cursor.execute("SELECT similarity(%s, %s)", [first, second])
                assert cursor.fetchone()[0] == pytest.approx(similarity(first, second), abs=1e-6)
    else:
        assert similarity("efusion", "effusion") == pytest.approx(0.7)
