"""The app's models, one module per concern, all imported from here (``articles.models``).

The models use ``rendering``, the glossary matcher and ``readability`` to render on save; they
never import views, admin or urls (tests/test_architecture.py).
"""

from .addresses import PreviousAddress
from .article import (
    ARTICLE_TEXT_FIELDS,
    RENDER_SOURCE_FIELDS,
    RENDERED_FIELDS,
    SOURCE_FIELDS,
    Article,
    ArticleChange,
    ArticleQuerySet,
    Source,
    Topic,
)
from .feedback import Feedback
from .glossary import GlossaryTerm, GlossaryTermQuerySet, TermUsage, articles_containing
from .languages import LANGUAGE_CODES, by_code_point, translated, unique_slug_per_language
from .page_cache import CacheTag
from .people import ReviewerProfile
from .render_queue import PendingRender
from .review import ReviewRecord
from .search import SearchEntry, SearchWord

__all__ = [
    "ARTICLE_TEXT_FIELDS",
    "LANGUAGE_CODES",
    "RENDERED_FIELDS",
    "RENDER_SOURCE_FIELDS",
    "SOURCE_FIELDS",
    "Article",
    "ArticleChange",
    "ArticleQuerySet",
    "CacheTag",
    "Feedback",
    "GlossaryTerm",
    "GlossaryTermQuerySet",
    "PendingRender",
    "PreviousAddress",
    "ReviewRecord",
    "ReviewerProfile",
    "SearchEntry",
    "SearchWord",
    "Source",
    "TermUsage",
    "Topic",
    "articles_containing",
    "by_code_point",
    "translated",
    "unique_slug_per_language",
]
