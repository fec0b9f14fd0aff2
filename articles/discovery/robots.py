"""``/robots.txt``: everything public may be crawled; the sitemap says where it all is."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_safe

from ..models import LANGUAGE_CODES


@require_safe
def robots_txt(request):
    # The admin is left out: naming its address here would publish it.
    lines = ["User-agent: *"]
    # Result pages are endless and say "noindex"; the search engine has its own search.
    for code in LANGUAGE_CODES:
        with override(code):
            lines.append(f"Disallow: {reverse('articles:search')}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
