"""schema.org data about an article for search engines: a ``MedicalWebPage`` in JSON-LD.

The page carries it in ``<script type="application/ld+json">``, a data block that browsers
never run (a Content-Security-Policy without 'unsafe-inline' does not block it). Django's
``json_script`` filter cannot write that type, so ``as_json_ld`` escapes the same way it does.
"""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, translated

# Sources named as citations: the first of the list, where editors put the guidelines. The page
# itself lists them all; the guideline summary has almost 150, which as JSON-LD would add a
# fifth to the page's weight for what search engines do not show.
CITATIONS_NAMED = 10
# As django.utils.html.json_script: no "</script>" or "<!--" can end or change the block.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def medical_web_page(
    article: Article, language: str, *, sources, page_url: str, home_url: str
) -> dict:
    """What the article page says about itself, in schema.org terms."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": page_url,
        "name": translated(article, "title", language),
        "description": translated(article, "description", language),
        "inLanguage": language,
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": home_url},
        "citation": [_citation(source) for source in list(sources)[:CITATIONS_NAMED]],
    }
    # The dates readers of this language see on the page; none for a date not recorded.
    if updated_on := article.shown_updated_on(language):
        data["dateModified"] = updated_on.isoformat()
    if reviewed_on := getattr(article, f"reviewed_on_{language}"):
        data["lastReviewed"] = reviewed_on.isoformat()
    reviewer = translated(article, "reviewer", language)
    if reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": reviewer}
    return data


def _citation(source) -> dict:
    citation = {"@type": "CreativeWork", "name": source.citation}
    if source.url or source.doi:
        citation["url"] = source.url or source.doi_url
    return citation


def as_json_ld(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))
