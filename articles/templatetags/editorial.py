"""Template tags for the editors' admin pages."""

from django import template
from django.utils import timezone

from articles.models import Article

register = template.Library()


@register.simple_tag
def overdue_article_count() -> int:
    """Articles whose next planned update has passed (the admin index shows it)."""
    return Article.objects.review_overdue(timezone.localdate()).count()
