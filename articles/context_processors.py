from django.conf import settings

from .search.text import MAX_QUERY_LENGTH

# The main navigation's entries and the pages that belong to each (URL names): its own page
# is the current page, the others are within its section.
SECTIONS = {
    "home": {"topic", "article", "feedback", "feedback_thanks"},
    "glossary": {"glossary_letter", "glossary_term"},
}


def _current_in_navigation(request) -> dict[str, str]:
    """``aria-current`` for each entry of the main navigation: "page", "true" or absent."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else None
    current = {}
    for entry, members in SECTIONS.items():
        if name == entry:
            current[entry] = "page"
        elif name in members:
            current[entry] = "true"
    return current


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "search_max_length": MAX_QUERY_LENGTH,
        "development_data": settings.DEVELOPMENT_DATA,
        "navigation_current": _current_in_navigation(request),
        # Named in the imprint, the privacy notice and the accessibility statement.
        "operator": {
            "name": settings.OPERATOR_NAME,
            "address": settings.OPERATOR_ADDRESS,
            "email": settings.OPERATOR_EMAIL,
            "phone": settings.OPERATOR_PHONE,
        },
    }
