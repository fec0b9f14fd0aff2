"""Anonymous readers get cached pages with HTTP caching headers; any edit makes them fresh."""

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import GlossaryTerm, Topic
from tests.conftest import SECURITY_HEADERS

ARTICLE = "/de/artikel/knochenmetastasen-verstehen/"


@pytest.fixture
def warm(client, article):
    """The article page, requested once so that it is in the cache."""
    assert client.get(ARTICLE).status_code == 200
    return article


def test_a_public_page_may_be_kept_by_browsers_and_shared_caches(client, warm):
    response = client.get(ARTICLE)
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=60" in control
    assert "s-maxage=300" in control
    assert response["ETag"].startswith('"')
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_conditional_request_with_the_current_etag_gets_304(client, warm):
    etag = client.get(ARTICLE)["ETag"]
    response = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [ARTICLE, "/en/articles/understanding-bone-metastases/", "/de/", "/en/topics/treatment/"],
)
def test_a_warm_page_needs_one_database_query(client, warm, path, django_assert_max_num_queries):
    client.get(path)
    with django_assert_max_num_queries(1):
        assert client.get(path).status_code == 200


def test_the_glossary_page_when_warm_needs_one_query(client, imported_content):
    client.get("/de/glossar/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/de/glossar/").status_code == 200
    assert len(queries) == 1


def test_editing_an_article_makes_its_page_fresh_at_once(client, warm):
    warm.title_de = "Knochenmetastasen einfach erklärt"
    warm.save()
    assert "Knochenmetastasen einfach erklärt" in client.get(ARTICLE).content.decode()


def test_changing_a_glossary_term_makes_the_article_fresh_at_once(
    client, warm, django_capture_on_commit_callbacks
):
    # Committed, the change queues the article's rendering (run at once in the tests).
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            key="breast-cancer",
            term_de="Brustkrebs",
            slug_de="brustkrebs",
            definition_de="Eine bösartige Erkrankung, die in der Brust beginnt.",
        )
    assert 'popovertarget="summary-term-brustkrebs"' in client.get(ARTICLE).content.decode()


def test_renaming_a_topic_refreshes_the_start_page(client, warm):
    client.get("/de/")
    topic = Topic.objects.get(key="treatment")
    topic.title_de = "Therapie"
    topic.save()
    assert "Therapie" in client.get("/de/").content.decode()


def test_an_etag_from_before_an_edit_no_longer_matches(client, warm):
    etag = client.get(ARTICLE)["ETag"]
    warm.summary_de = "- Neu zusammengefasst."
    warm.save()
    assert client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_staff_are_never_served_or_stored_in_the_public_cache(client, warm):
    staff = get_user_model().objects.create_superuser("ed", "ed@example.org", "x" * 16)
    client.force_login(staff)
    response = client.get(ARTICLE)
    assert "public" not in response.get("Cache-Control", "")


def test_feedback_pages_are_never_cached(client, warm):
    response = client.get("/de/artikel/knochenmetastasen-verstehen/kommentar/")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_404_is_not_cached_as_a_page(client, warm):
    assert client.get("/de/artikel/gibt-es-nicht/").status_code == 404
    assert "public" not in client.get("/de/artikel/gibt-es-nicht/").get("Cache-Control", "")


def test_a_script_prefix_cannot_make_one_addresss_page_answer_for_another(client, warm):
    # SCRIPT_NAME "/de" and path "/de/" make request.path "/de/de/", an address with no page.
    prefixed = client.get("/de/", SCRIPT_NAME="/de")
    assert prefixed.status_code == 200

    assert client.get("/de/de/").status_code == 404


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed(client, warm):
    plain = client.get(ARTICLE)
    compressed = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert "Content-Encoding" not in plain
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]
        assert "public" in response["Cache-Control"]
    # Two representations, two validators; each answers its own conditional request.
    assert compressed["ETag"] != plain["ETag"]
    again = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert again.status_code == 304


def test_a_page_is_compressed_once_when_stored_not_on_every_request(client, warm, monkeypatch):
    client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")

    def refuse(*args, **kwargs):
        raise AssertionError("compressed again")

    monkeypatch.setattr(gzip, "compress", refuse)
    assert client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("accept", ["", "identity", "gzip;q=0", "br, gzip; q=0.0"])
def test_a_client_that_refuses_gzip_gets_the_page_uncompressed(client, warm, accept):
    response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
    assert "Content-Encoding" not in response
    assert b"<h1" in response.content


def test_pages_that_are_never_cached_are_compressed_on_the_way_out(client, warm):
    response = client.get("/de/suche/?q=Knochen", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(response.content)


@pytest.mark.parametrize("accept", ["", "gzip"])
def test_a_page_from_the_cache_carries_the_same_security_headers_as_a_fresh_one(
    client, article, accept
):
    fresh = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
    cached = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
    for header in SECURITY_HEADERS:
        assert fresh[header], header
        assert cached[header] == fresh[header], header


TWO_LEVELS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}


def test_a_warm_page_comes_from_the_process_memory_without_asking_the_shared_cache(
    client, article, settings, monkeypatch, django_assert_max_num_queries
):
    settings.CACHES = TWO_LEVELS
    first = client.get(ARTICLE)

    def refuse(*args, **kwargs):
        raise AssertionError("the shared cache was asked")

    monkeypatch.setattr(caches["default"], "get", refuse)
    with django_assert_max_num_queries(1):
        again = client.get(ARTICLE)
    assert again.content == first.content


def test_a_page_another_server_stored_is_taken_from_the_shared_cache_and_kept(
    client, article, settings, monkeypatch
):
    settings.CACHES = TWO_LEVELS
    first = client.get(ARTICLE)
    caches["pages"].clear()  # as if another app server had rendered the page

    with CaptureQueriesContext(connection) as queries:
        again = client.get(ARTICLE)
    assert len(queries) == 1
    assert again["ETag"] == first["ETag"]

    monkeypatch.setattr(caches["default"], "get", lambda *args, **kwargs: None)
    with CaptureQueriesContext(connection) as queries:
        third = client.get(ARTICLE)  # neither rendered nor fetched: kept from the last time
    assert len(queries) == 1
    assert third["ETag"] == first["ETag"]


def test_an_edit_is_seen_at_once_even_by_a_process_that_kept_the_old_page(
    client, article, settings
):
    settings.CACHES = TWO_LEVELS
    client.get(ARTICLE)
    article.title_de = "Knochenmetastasen – neu gefasst"
    article.save()

    assert "Knochenmetastasen – neu gefasst" in client.get(ARTICLE).content.decode()
