"""Long lists in numbered pages: ``?page=N``, the links between the pages, and bad numbers.

Page 1 is the list's own address, without ``?page``: ``?page=1`` leads there permanently, so
that each page has one address. Any other value that is not a page of the list (0, -1, 1.5,
abc, a number past the last page) is not found. The template ``articles/_pagination.html``
shows the links; ``_page_meta.html`` names the previous and next page in the head. The search,
which cuts its own results into pages, shows its links through ``page_links``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponsePermanentRedirect

# Digits without a leading zero; seven are more pages than any list here has.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,6}")


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: pages left out between the ones shown
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    page: Page
    links: list[PageLink]
    previous_url: str | None
    next_url: str | None

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def is_paginated(self) -> bool:
        return self.page.paginator.num_pages > 1


def first_page_redirect(request) -> HttpResponsePermanentRedirect | None:
    """From ``?page=1`` to the same address without it; None for any other request."""
    if request.GET.get("page") != "1":
        return None
    return HttpResponsePermanentRedirect(page_url(request, 1))


def paginate(request, items, per_page: int) -> Pagination:
    """The page of ``items`` that ``?page=`` asks for; Http404 if the list has no such page.

    ``items`` is a sliceable queryset: only the page's rows are read, and their number once.
    """
    value = request.GET.get("page", "1")
    if not _PAGE_NUMBER.fullmatch(value):
        raise Http404
    paginator = Paginator(items, per_page)
    number = int(value)
    if number > paginator.num_pages:
        raise Http404
    return page_links(paginator.page(number), lambda shown: page_url(request, shown))


def page_links(page: Page, url_for: Callable[[int], str]) -> Pagination:
    """The links from ``page`` to the others: the first, the last and two on each side of it.

    ``url_for(number)`` is the address of page ``number``.
    """
    number = page.number
    links = [
        PageLink(None)
        if shown == Paginator.ELLIPSIS
        else PageLink(shown, url_for(shown), shown == number)
        for shown in page.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
    return Pagination(
        page=page,
        links=links,
        previous_url=url_for(number - 1) if page.has_previous() else None,
        next_url=url_for(number + 1) if page.has_next() else None,
    )


def page_url(request, number: int) -> str:
    """The address of page ``number`` of this list, other query parameters kept."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
