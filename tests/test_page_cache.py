"""Anonymous readers get cached pages with HTTP caching headers; any edit makes them fresh."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import GlossaryTerm, Topic

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


def test_changing_a_glossary_term_makes_the_article_fresh_at_once(client, warm):
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
