"""The article page asks the database the same few questions however long its lists are."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleChange, Source, Topic
from tests.test_pages import ENGLISH_URL

# The page cache's tag numbers before and after rendering, the article, its topics, its
# related articles, its sources and its change notes: one each, whatever their number.
ARTICLE_PAGE_QUERIES = 7


def queries_for(client, url: str) -> list[str]:
    """The queries of one uncached request for ``url``."""
    for each in caches.all():
        each.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def add_parts(article, count: int):
    for n in range(count):
        Source.objects.create(article=article, position=n + 2, citation=f"Source {n}.")
        ArticleChange.objects.create(
            article=article,
            changed_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            note_de=f"Änderung {n}.",
            note_en=f"Change {n}.",
        )
        topic = Topic.objects.create(
            key=f"topic-{n}", title_en=f"Topic {n}", slug_en=f"topic-{n}", slug_de=f"thema-{n}"
        )
        article.topics.add(topic)


@pytest.fixture
def related(make_article):
    def make(article, count: int):
        for n in range(count):
            other = make_article(
                key=f"related-{n}", slug_de=f"verwandt-{n}", slug_en=f"related-{n}"
            )
            article.related.add(other)

    return make


def test_an_article_page_makes_a_small_fixed_number_of_queries(client, article):
    assert len(queries_for(client, ENGLISH_URL)) == ARTICLE_PAGE_QUERIES


def test_many_sources_topics_related_articles_and_changes_add_no_queries(client, article, related):
    one = queries_for(client, ENGLISH_URL)
    add_parts(article, 12)
    related(article, 8)

    many = queries_for(client, ENGLISH_URL)

    assert len(many) == len(one) == ARTICLE_PAGE_QUERIES
