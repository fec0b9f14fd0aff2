"""No published page of the real content tells readers its medical check is still to come.

On local trials the import publishes the articles through the review workflow, approved by
the development reviewer (articles/editorial/development.py): each language names who
checked it, never a check that is pending or missing.
"""

import re

import pytest
from django.utils.translation import gettext, override

from articles.models import Article

# Whole words: "depending" in a source title is no pending check.
_PENDING_RE = re.compile(r"\b(?:pending|ausstehend\w*|steht noch aus|noch keine medizinische)\b")


@pytest.mark.parametrize("code", ["de", "en"])
def test_every_published_article_names_the_reviewer_who_approved_it(client, imported_content, code):
    with override(code):
        not_recorded = gettext("The medical check of this article is not recorded yet.")
    articles = list(Article.objects.published())
    assert len(articles) >= 3

    for article in articles:
        page = client.get(article.get_absolute_url(code)).content.decode()

        assert getattr(article, f"reviewer_{code}"), f"{article.key} ({code}): no reviewer"
        assert not_recorded not in page, f"{article.key} ({code})"
        pending = _PENDING_RE.search(page.casefold())
        assert pending is None, f"{article.key} ({code}): {pending.group(0)!r}"
