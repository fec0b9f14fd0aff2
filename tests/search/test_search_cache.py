"""Search results are cached under the page cache's ``search`` tag: a change to what search
finds shows in the very next search, and a search costs the same queries however large the
catalogue is. On SQLite and on PostgreSQL."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, CacheTag, GlossaryTerm
from articles.page_cache import tags
from articles.search import index
from articles.search.query import PAGE_SIZE, search

BONE = {
    "body_de": "Ein Bisphosphonat stärkt den Knochen.",
    "body_en": "A bisphosphonate strengthens the bone.",
}


def titles(results, kind="article") -> list[str]:
    return [result.title for result in results.results if result.kind == kind]


def queries_of(*args) -> int:
    with CaptureQueriesContext(connection) as queries:
        search(*args)
    return len(queries)


def search_tag() -> int:
    return CacheTag.versions([tags.SEARCH])[tags.SEARCH]


def test_a_repeated_search_is_answered_from_the_cache_in_one_query(
    make_article, django_assert_num_queries
):
    make_article(**BONE)
    first = search("Knochenmetastasn", "de")

    with django_assert_num_queries(1):
        again = search("Knochenmetastasn", "de")

    assert again == first


def test_a_save_shows_in_the_next_search_however_it_was_cached(make_article):
    article = make_article(**BONE)
    assert search("Zoledronat", "de", correct=False).results == []
    assert titles(search("Bisphosphonat", "de")) == ["Knochenmetastasen verstehen"]

    article.body_de = "Zoledronat stärkt den Knochen."
    article.save()

    assert titles(search("Zoledronat", "de", correct=False)) == ["Knochenmetastasen verstehen"]
    assert titles(search("Bisphosphonat", "de")) == []


def test_a_new_article_shows_in_a_search_cached_before_it(make_article):
    make_article(**BONE)
    assert titles(search("Bisphosphonat", "de")) == ["Knochenmetastasen verstehen"]

    make_article(key="second", slug_de="zweiter", slug_en="second", title_de="Zweiter", **BONE)

    found = titles(search("Bisphosphonat", "de"))
    assert sorted(found) == ["Knochenmetastasen verstehen", "Zweiter"]


def test_an_article_taken_offline_leaves_a_search_cached_before(make_article):
    article = make_article(**BONE)
    assert titles(search("Bisphosphonat", "de")) == ["Knochenmetastasen verstehen"]

    article.status = Article.Status.DRAFT
    article.save()

    assert search("Bisphosphonat", "de").results == []


def test_a_new_title_and_address_show_in_a_search_cached_before(make_article):
    article = make_article(**BONE)
    assert search("Bisphosphonat", "de").results[0].url.endswith("/knochenmetastasen-verstehen/")

    article.title_de = "Metastasen im Knochen"
    article.slug_de = "metastasen-im-knochen"
    article.save()

    (result,) = search("Bisphosphonat", "de").results
    assert result.title == "Metastasen im Knochen"
    assert result.url == "/de/artikel/metastasen-im-knochen/"


def test_an_edited_glossary_term_shows_in_a_search_cached_before(db):
    term = GlossaryTerm.objects.create(
        key="fatigue", term_de="Fatigue", slug_de="fatigue", definition_de="Große Müdigkeit."
    )
    assert titles(search("Müdigkeit", "de"), "term") == ["Fatigue"]

    term.definition_de = "Anhaltende Erschöpfung."
    term.save()

    assert titles(search("Müdigkeit", "de", correct=False), "term") == []
    assert titles(search("Erschöpfung", "de"), "term") == ["Fatigue"]


def test_the_index_raises_the_search_tag_when_written_without_a_models_signals(make_article):
    # As the migration that builds the index and the search benchmark write entries.
    article = make_article(**BONE)
    before = search_tag()
    rendered = "<p>Zoledronat stärkt den Knochen.</p>"
    Article.objects.filter(pk=article.pk).update(body_html_de=rendered)
    assert titles(search("Bisphosphonat", "de")) == ["Knochenmetastasen verstehen"]

    index.write_entries(index.ARTICLE, Article.objects.get(pk=article.pk))

    assert search_tag() > before
    assert search("Bisphosphonat", "de", correct=False).results == []
    index.delete_entries(index.ARTICLE, article.pk)
    assert search("Zoledronat", "de", correct=False).results == []


def test_a_release_makes_cached_results_unused(make_article):
    # ``render_content`` raises SITE after a release: results pickled by the old code go.
    make_article(**BONE)
    search("Bisphosphonat", "de")
    assert queries_of("Bisphosphonat", "de") == 1

    CacheTag.bump({tags.SITE})

    assert queries_of("Bisphosphonat", "de") > 1


def test_a_search_costs_the_same_queries_whatever_the_size_of_the_catalogue(make_article):
    def make(numbers):
        for n in numbers:
            make_article(key=f"a-{n}", slug_de=f"a-{n}", slug_en=f"a-{n}", **BONE)
        GlossaryTerm.objects.create(
            key=f"term-{numbers[0]}",
            term_de=f"Bisphosphonat {numbers[0]}",
            slug_de=f"bisphosphonat-{numbers[0]}",
            definition_de="Ein Medikament.",
        )

    make(range(2))
    # A word found and one misspelt, each on a page that shows articles and a term.
    small = [queries_of("Bisphosphonat", "de"), queries_of("Bisphosfonat", "de")]

    make(range(2, 3 * PAGE_SIZE + 1))

    last = 4
    large = [queries_of("Bisphosphonat", "de", last), queries_of("Bisphosfonat", "de", last)]
    assert large == small
    results = search("Bisphosphonat", "de", last)
    assert (results.pages, results.articles, results.terms) == (last, 3 * PAGE_SIZE + 1, 2)
    assert {result.kind for result in results.results} == {"article", "term"}
