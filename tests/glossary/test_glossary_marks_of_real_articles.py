"""The real articles stay readable: no page has more glossary marks than the aim."""

from articles.glossary.matcher import MARKS_PER_PAGE_AIM
from articles.models import Article


def test_no_real_article_has_more_than_40_glossary_marks_in_either_language(
    client, imported_content
):
    articles = list(Article.objects.published())
    assert len(articles) >= 3

    for article in articles:
        for code in ("de", "en"):
            page = client.get(article.get_absolute_url(code)).content.decode()
            marks = page.count('class="term-button"')
            assert marks == getattr(article, f"glossary_marks_{code}"), article.key
            assert 0 < marks <= MARKS_PER_PAGE_AIM, f"{article.key} ({code}): {marks} marks"
