"""The pages about the website itself, linked from every page's footer.

About us, how we work, the accessibility statement and the imprint; the privacy notice is in
``articles.views`` with the reader's pages it explains. The operator's details come from the
settings (``articles.context_processors.site``).
"""

from django.shortcuts import render
from django.urls import translate_url
from django.views.decorators.http import require_safe

from ..views import language_links


def _page(request, template_name: str):
    return render(
        request,
        template_name,
        {"alternates": language_links(request, lambda code: translate_url(request.path, code))},
    )


@require_safe
def about(request):
    return _page(request, "about.html")


@require_safe
def how_we_work(request):
    return _page(request, "how_we_work.html")


@require_safe
def accessibility(request):
    return _page(request, "accessibility.html")


@require_safe
def imprint(request):
    return _page(request, "imprint.html")
