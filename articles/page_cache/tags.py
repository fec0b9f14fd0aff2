"""What a cached page shows, named: the tags that views declare and edits raise.

A view calls ``depends_on(request, …)`` with the tags of everything it shows; the middleware
stores the page with their numbers (``CacheTag``) and serves it while they are unchanged. A
page that declares nothing depends on ``ANY_EDIT``, which every edit raises: it is never
stale, only rendered more often than it needs to be. Every page depends on ``SITE``, raised
when everything must go (``render_content`` after a release).

This module imports no models, so that the models can name tags too.
"""

SITE = "site"
ANY_EDIT = "any-edit"
# The set of published articles and what lists show of them: the start page, feeds, sitemap.
ARTICLES = "articles"
# The set of topics and their names.
TOPICS = "topics"
# What search finds and shows: raised by the search index whenever it writes an entry
# (``articles.search.index``), in the same transaction; search results are cached under it.
SEARCH = "search"


def article(pk: int) -> str:
    return f"article:{pk}"


def topic(pk: int) -> str:
    """A topic's name and text, wherever they are shown."""
    return f"topic:{pk}"


def topic_articles(pk: int) -> str:
    """The articles of a topic, as its page lists them."""
    return f"topic-articles:{pk}"


def term(pk: int) -> str:
    """A glossary term: its own page, and the entries and "used in" lists that show it."""
    return f"term:{pk}"


def glossary(language: str) -> str:
    """Which terms the glossary of ``language`` has, and their names: the A–Z pages."""
    return f"glossary:{language}"


def depends_on(request, *tags: str) -> None:
    """Declare that the page for ``request`` shows what ``tags`` name."""
    request.__dict__.setdefault("_page_cache_tags", set()).update(tags)


def declared(request) -> set[str]:
    """The tags the view declared, with ``SITE``; ``ANY_EDIT`` if it declared none."""
    tags = request.__dict__.get("_page_cache_tags") or {ANY_EDIT}
    return {SITE, *tags}
