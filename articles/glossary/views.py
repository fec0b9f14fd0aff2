"""The glossary: the letters A–Z with their numbers of terms, a page per letter, one per term.

Every page reads only what it shows: the letters' numbers are counted by the database, a letter
page reads its page of terms and the first few articles using each, never rendered texts.
"""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

from ..models import LANGUAGE_CODES, Article, GlossaryTerm, TermUsage, by_code_point, translated
from ..page_cache import tags
from ..page_cache.tags import depends_on
from ..pagination import first_page_redirect, page_url, paginate
from ..views import language_links
from .letters import LETTERS, OTHER, label

# A letter page lists this many terms per page.
TERMS_PER_PAGE = 50
# A letter page names this many articles using each term and links to its page for the rest.
USED_IN_LISTED = 3
# How many articles a term's page lists; search finds the rest.
USED_IN_SHOWN = 10


def _letters(language: str, counts: dict[str, int], current: str | None = None) -> list[dict]:
    """A … Z, then # if any term starts otherwise, each with its number of terms."""
    shown = [*LETTERS, OTHER] if counts.get(OTHER) else LETTERS
    letters = []
    for group in shown:
        with override(language):
            url = reverse("articles:glossary_letter", kwargs={"letter": group})
        letters.append(
            {
                "group": group,
                "label": label(group),
                "count": counts.get(group, 0),
                "url": url,
                "current": group == current,
            }
        )
    return letters


def glossary(request):
    language = get_language()
    depends_on(request, tags.glossary(language))
    counts = GlossaryTerm.objects.letter_counts(language)
    return render(
        request,
        "articles/glossary.html",
        {
            "letters": _letters(language, counts),
            "term_count": sum(counts.values()),
            "alternates": language_links(request, lambda c: translate_url(request.path, c)),
        },
    )


def glossary_letter(request, letter):
    """The terms of one letter, in pages, each with a few of the articles that use it."""
    if letter != letter.lower():
        path = reverse("articles:glossary_letter", kwargs={"letter": letter.lower()})
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
    if redirect := first_page_redirect(request):
        return redirect
    language = get_language()
    terms = GlossaryTerm.objects.in_letter(letter, language).only(
        "key", *(f"{name}_{language}" for name in ("term", "slug", "definition"))
    )
    pagination = paginate(request, terms, TERMS_PER_PAGE)
    entries = list(pagination.page.object_list)
    used = _articles_using([term.pk for term in entries], language, USED_IN_LISTED)
    for term in entries:
        term.listed_articles, term.article_count = used.get(term.pk, ([], 0))
    # Which terms the letter has; each term's entry and "used in" list.
    depends_on(request, tags.glossary(language), *(tags.term(term.pk) for term in entries))

    def url_for(code):
        # Each language has its own terms under a letter: its list starts at its first page.
        with override(code):
            url = reverse("articles:glossary_letter", kwargs={"letter": letter})
        return page_url(request, pagination.number) if code == language else url

    counts = GlossaryTerm.objects.letter_counts(language)
    return render(
        request,
        "articles/glossary_letter.html",
        {
            "group": letter,
            "label": label(letter),
            "is_letter": letter in LETTERS,
            "terms": entries,
            "pagination": pagination,
            "letters": _letters(language, counts, current=letter),
            # The other language lists other words under the letter: not a translation.
            "alternates": language_links(request, url_for, [language]),
        },
    )


def _articles_using(term_ids: list[int], language: str, count: int) -> dict[int, tuple]:
    """{term id: (the first ``count`` published articles using it, by title; how many do)}.

    One query for all terms: the usages are numbered per term and only the first ``count`` of
    each are read, with only the columns a link needs.
    """
    readable = Article.objects.published().readable_in(language)
    usages = (
        TermUsage.objects.filter(term_id__in=term_ids, language=language, article__in=readable)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=F("term_id"),
                order_by=[
                    by_code_point(f"article__sort_title_{language}"),
                    by_code_point("article__key"),
                ],
            ),
            total=Window(Count("pk"), partition_by=F("term_id")),
        )
        .filter(position__lte=count)
        .select_related("article")
        .only(
            "term_id",
            "article__key",
            "article__status",
            f"article__title_{language}",
            *(f"article__slug_{code}" for code in LANGUAGE_CODES),
        )
        .order_by("term_id", "position")
    )
    found: dict[int, tuple] = {}
    for usage in usages:
        articles, total = found.get(usage.term_id, ([], usage.total))
        articles.append(usage.article)
        found[usage.term_id] = (articles, total)
    return found


def _letter_page_url(term: GlossaryTerm, language: str) -> str:
    """The address of the term's entry on its letter's page, on the page that lists it."""
    group = translated(term, "letter", language)
    sort_name = translated(term, "sort_name", language)
    before = (
        GlossaryTerm.objects.filter(**{f"letter_{language}": group})
        .alias(order=by_code_point(f"sort_name_{language}"), key_order=by_code_point("key"))
        .filter(Q(order__lt=sort_name) | Q(order=sort_name, key_order__lt=term.key))
        .count()
    )
    with override(language):
        path = reverse("articles:glossary_letter", kwargs={"letter": group})
    number = before // TERMS_PER_PAGE + 1
    query = f"?page={number}" if number > 1 else ""
    return f"{path}{query}#{translated(term, 'slug', language)}"


def term_page(request, slug):
    """One term: its definition and explanation, and the articles that use it."""
    language = get_language()
    term = GlossaryTerm.objects.filter(**{f"slug_{language}": slug}).first()
    if term is None or not term.is_public(language):
        raise Http404
    # The "used in" list: an article that changes raises the tags of the terms it uses. The
    # glossary: the breadcrumb leads to the term's place among the others of its letter.
    depends_on(request, tags.term(term.pk), tags.glossary(language))
    articles, count = _articles_using([term.pk], language, USED_IN_SHOWN).get(term.pk, ([], 0))

    def url_for(code):
        if term.is_public(code):
            return term.get_absolute_url(code)
        with override(code):
            return reverse("articles:glossary")

    return render(
        request,
        "articles/glossary_term.html",
        {
            "term": term,
            "articles": articles,
            "article_count": count,
            "more_articles": count > len(articles),
            "letter": label(translated(term, "letter", language)),
            "letter_url": _letter_page_url(term, language),
            "alternates": language_links(
                request, url_for, [c for c in LANGUAGE_CODES if term.is_public(c)]
            ),
        },
    )
