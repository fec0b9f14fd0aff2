"""An edit makes stale only the pages that show what changed; a stale page is rendered once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles import views
from articles.models import GlossaryTerm, Topic
from articles.page_cache import middleware as page_cache

BONE = "/de/artikel/knochenmetastasen-verstehen/"
OTHER = "/de/artikel/lokale-behandlung/"
TOPIC = "/de/themen/behandlung/"


@pytest.fixture
def other(make_article):
    return make_article(
        key="local-treatment",
        title_de="Lokale Behandlung",
        slug_de="lokale-behandlung",
        slug_en="local-treatment",
        summary_de="- Bestrahlung hilft gegen Schmerzen.",
        body_de="Eine Operation ist selten nötig.",
    )


def served_from_cache(client, url) -> bool:
    """Whether ``url`` came from the cache: a cached page costs one query, its tags' numbers."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries) == 1


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert served_from_cache(client, url), url


def test_an_edit_to_one_article_leaves_another_articles_page_cached(client, article, other):
    warm(client, BONE, OTHER)
    article.title_de = "Knochenmetastasen einfach erklärt"
    article.save()

    assert served_from_cache(client, OTHER)
    assert not served_from_cache(client, BONE)
    assert "Knochenmetastasen einfach erklärt" in client.get(BONE).content.decode()


def test_an_edit_to_an_article_makes_its_topic_page_and_the_start_page_stale(
    client, article, other
):
    warm(client, TOPIC, "/de/", OTHER)
    article.title_de = "Knochenmetastasen einfach erklärt"
    article.save()

    assert "Knochenmetastasen einfach erklärt" in client.get(TOPIC).content.decode()
    assert "Knochenmetastasen einfach erklärt" in client.get("/de/").content.decode()
    assert served_from_cache(client, OTHER)


def test_a_changed_glossary_term_makes_stale_exactly_the_articles_that_use_it(
    client, article, other, django_capture_on_commit_callbacks
):
    warm(client, BONE, OTHER)
    # The articles are rendered again by the background task, queued when the save commits.
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            key="radiotherapy",
            term_de="Bestrahlung",
            slug_de="bestrahlung",
            definition_de="Eine Behandlung mit energiereichen Strahlen.",
        )

    assert served_from_cache(client, BONE)
    assert 'popovertarget="summary-term-bestrahlung"' in client.get(OTHER).content.decode()


def test_a_renamed_related_article_is_renamed_on_the_pages_that_list_it(client, article, other):
    article.related.add(other)
    warm(client, BONE)
    other.title_de = "Bestrahlung und Operation"
    other.save()

    assert "Bestrahlung und Operation" in client.get(BONE).content.decode()


def test_an_article_joining_a_topic_appears_on_its_page_at_once(client, article, make_article):
    second = Topic.objects.create(key="living", title_de="Leben mit Krebs", slug_de="leben")
    warm(client, "/de/themen/leben/", BONE)
    article.topics.add(second)

    assert "Knochenmetastasen verstehen" in client.get("/de/themen/leben/").content.decode()
    assert "Leben mit Krebs" in client.get(BONE).content.decode()


def test_a_stale_page_is_served_as_it_was_while_another_process_renders_it(client, article):
    warm(client, BONE)
    article.title_de = "Knochenmetastasen einfach erklärt"
    article.save()
    # Another app server has started rendering the page again.
    lock = page_cache._key(RequestFactory().get(BONE)) + ":rendering"
    assert cache.add(lock, True, 30)

    during = client.get(BONE).content.decode()
    cache.delete(lock)
    after = client.get(BONE).content.decode()

    assert "Knochenmetastasen verstehen" in during
    assert "Knochenmetastasen einfach erklärt" in after


def test_only_the_process_that_took_the_render_lock_renders_a_stale_page(
    client, article, monkeypatch
):
    warm(client, BONE)
    article.title_de = "Knochenmetastasen einfach erklärt"
    article.save()
    renders = []
    real = views.render_article_page

    def counting(request, *args, **kwargs):
        renders.append(request.path)
        # Readers who arrive while the page is rendered get the copy they would have had.
        assert "Knochenmetastasen verstehen" in client.get(BONE).content.decode()
        return real(request, *args, **kwargs)

    monkeypatch.setattr(views, "render_article_page", counting)
    assert "einfach erklärt" in client.get(BONE).content.decode()
    assert renders == [BONE]


def test_a_page_rendered_while_an_edit_was_saved_is_not_kept(client, article, other, monkeypatch):
    real = views.render_article_page

    def edited_meanwhile(request, *args, **kwargs):
        response = real(request, *args, **kwargs)
        other.title_de = "Während des Ladens geändert"
        other.save()
        return response

    monkeypatch.setattr(views, "render_article_page", edited_meanwhile)
    client.get(BONE)
    monkeypatch.setattr(views, "render_article_page", real)

    assert not served_from_cache(client, BONE)
    assert served_from_cache(client, BONE)


@pytest.mark.parametrize("query", ["page=2", "page=17"])
def test_a_page_of_a_paginated_list_is_cached_like_any_other(client, article, query):
    warm(client, f"{BONE}?{query}")
    assert "public" in client.get(f"{BONE}?{query}")["Cache-Control"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=2&x=1", "q=Knochen", "page=02"])
def test_other_query_strings_are_never_cached(client, article, query):
    client.get(f"{BONE}?{query}")
    assert "public" not in client.get(f"{BONE}?{query}").get("Cache-Control", "")
