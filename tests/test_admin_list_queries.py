"""The admin's lists ask the database the same number of questions however large the catalogue:
the article, glossary and feedback lists, and the admin's text search over them."""

import pytest

from articles.models import Article, Feedback
from tests.test_article_queries import queries_for

LISTS = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/?q=Artikel",
    "/admin/articles/glossaryterm/",
    "/admin/articles/glossaryterm/?q=Wort",
    "/admin/articles/feedback/",
]


@pytest.fixture
def feedback_on_each():
    """One reader's message on each article there is."""

    def send(articles):
        Feedback.objects.bulk_create(
            Feedback(
                article=article,
                language="de",
                article_updated_on=article.updated_on_de,
                rating=4,
                comment="Hilfreich.",
            )
            for article in articles
            if not article.feedback.exists()
        )

    return send


def test_each_admin_list_makes_as_many_queries_for_sixty_articles_and_terms_as_for_five(
    admin_client, catalogue, feedback_on_each
):
    catalogue(5)
    feedback_on_each(Article.objects.all())
    few = {url: len(queries_for(admin_client, url)) for url in LISTS}

    catalogue(60)
    feedback_on_each(Article.objects.all())
    many = {url: len(queries_for(admin_client, url)) for url in LISTS}

    assert many == few
