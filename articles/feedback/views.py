"""The feedback form page, where the form is sent, and the confirmation.

Why no CSRF token: the form is also part of every article page, and article pages are cached
for anonymous readers by shared caches (CDN, reverse proxy). A cached page cannot carry a token
for each visitor, and asking for one would set a cookie and make the page ``Vary: Cookie``,
which ends shared caching. So the view that receives the form is exempt from Django's
token check and makes its own, strict same-origin check instead (``is_same_origin``): browsers
say where a request comes from in headers a web page cannot forge (``Sec-Fetch-Site``, or
``Origin`` in older browsers), so a form posted from another site is refused. No login or
cookie is involved here, so this is the whole of what CSRF protection has to ensure: that
another site cannot make visitors' browsers send feedback in their name.

Everything here is ``Cache-Control: no-store``: the pages can show what a reader typed.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from healthinfo.middleware import not_logged_as_error, warn_database_unavailable

from ..models import Article, translated
from ..views import language_links, permission_denied
from .forms import ALREADY_SENT_MESSAGE, RATE_LIMITED_MESSAGE, UNAVAILABLE_MESSAGE, FeedbackForm
from .spam import claim_token, issue_token, release_token, within_rate_limit


def is_same_origin(request) -> bool:
    """Whether the browser says this request comes from a page of this site.

    ``Sec-Fetch-Site`` is sent by every current browser; where it is missing, ``Origin`` must
    name this site (or one of ``CSRF_TRUSTED_ORIGINS``, e.g. behind a proxy that changes the
    scheme). A request with neither is refused: browsers send ``Origin`` with every POST.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin", "").lower()
    if not origin or origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}".lower()
    trusted = {o.lower() for o in settings.CSRF_TRUSTED_ORIGINS}
    return origin == own or origin in trusted


# Signed tokens are about 80 characters; anything much longer was not made here.
MAX_TOKEN_LENGTH = 500


@dataclass(frozen=True)
class ArticleAddress:
    """An article known only by its address in the current language, when the database that
    holds the rest is down: enough to send the feedback form to the right place again."""

    slug: str
    title: str = ""

    def get_absolute_url(self) -> str:
        return reverse("articles:article", kwargs={"slug": self.slug})


def feedback_url(article: Article, language: str, name: str = "articles:feedback") -> str:
    with override(language):
        return reverse(name, kwargs={"slug": translated(article, "slug", language)})


def _article_or_404(slug: str) -> Article:
    language = get_language()
    article = Article.objects.published().filter(**{f"slug_{language}": slug}).first()
    if article is None or not article.is_translated(language):
        raise Http404
    return article


def _alternates(request, article: Article, name: str):
    available = article.available_languages()
    return language_links(
        request,
        lambda code: (
            feedback_url(article, code, name)
            if code in available
            else article.get_absolute_url(code)
        ),
        available,
    )


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@never_cache
@sensitive_variables()
def feedback(request, slug):
    """GET: the form on its own page. POST: store it, or show it again with what is wrong."""
    if request.method != "POST":
        article = _article_or_404(slug)
        return _form_page(request, article, FeedbackForm(article=article), issue_token(article))

    if not is_same_origin(request):
        return permission_denied(request, reason="cross-site")
    if _content_length(request) > settings.FEEDBACK_MAX_REQUEST_SIZE:
        # Answered like Django's own limit: the translated 400 page (handler400).
        raise RequestDataTooBig("The feedback form was larger than FEEDBACK_MAX_REQUEST_SIZE.")
    try:
        article = _article_or_404(slug)
    except DatabaseError as error:
        warn_database_unavailable(error)
        # The article cannot be looked up, so the form is not checked now: it comes back with
        # everything the reader typed, to be sent again.
        form = FeedbackForm.kept(request.POST, UNAVAILABLE_MESSAGE)
        token = request.POST.get("token", "")[:MAX_TOKEN_LENGTH]
        return _unavailable(_form_page(request, ArticleAddress(slug), form, token, status=503))

    form = FeedbackForm(request.POST, article=article)
    if not form.is_valid():
        return _form_page(request, article, form, form.token_to_render(), status=400)
    token = form.data.get("token", "")
    if not claim_token(request, token):
        # Sent before (a replay, or the same cached page): a new form, with the text kept.
        form.add_error(None, ALREADY_SENT_MESSAGE)
        return _form_page(request, article, form, issue_token(article), status=400)
    if not within_rate_limit(request):
        release_token(request, token)
        form.add_error(None, RATE_LIMITED_MESSAGE)
        response = _form_page(request, article, form, token, status=429)
        response["Retry-After"] = str(settings.FEEDBACK_RATE_WINDOW)
        return response
    try:
        _save_with_retries(form)
    except DatabaseError as error:
        warn_database_unavailable(error)
        # Nothing is lost: the form comes back with everything the reader typed.
        release_token(request, token)
        form.add_error(None, UNAVAILABLE_MESSAGE)
        return _unavailable(_form_page(request, article, form, token, status=503))
    # 303 See Other: reloading the confirmation never sends the form again.
    response = HttpResponseRedirect(
        feedback_url(article, get_language(), "articles:feedback_thanks")
    )
    response.status_code = 303
    return response


def _unavailable(response):
    response["Retry-After"] = "30"
    return not_logged_as_error(response)


def _save_with_retries(form, attempts: int = 4):
    """Store the feedback, riding out a database that is locked or restarting for a moment."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                form.save(language=get_language())
            return
        except (OperationalError, InterfaceError):
            if attempt == attempts - 1:
                raise
            # A broken connection is replaced on the next query; a lock may clear meanwhile.
            if not connection.in_atomic_block:
                connection.close()
            time.sleep(0.25 * 2**attempt)


def _form_page(request, article, form, token, status=200):
    if isinstance(article, ArticleAddress):
        alternates = language_links(request, lambda code: f"/{code}/", available=())
    else:
        alternates = _alternates(request, article, "articles:feedback")
    return render(
        request,
        "articles/feedback.html",
        {"article": article, "form": form, "token": token, "alternates": alternates},
        status=status,
    )


@require_safe
@never_cache
def feedback_thanks(request, slug):
    article = _article_or_404(slug)
    return render(
        request,
        "articles/feedback_thanks.html",
        {
            "article": article,
            "alternates": _alternates(request, article, "articles:feedback_thanks"),
        },
    )
