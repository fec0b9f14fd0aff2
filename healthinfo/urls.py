from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.discovery import sitemaps
from articles.discovery.robots import robots_txt

from .login_throttle import throttled
from .media import serve_media


@require_safe
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    # Looked up per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path(f"{settings.ADMIN_URL}login/", throttled(admin.site.login)),
    path(settings.ADMIN_URL, admin.site.urls),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon),
    *i18n_patterns(path("", include("articles.urls"))),
]

handler400 = "articles.views.bad_request"
handler403 = "articles.views.permission_denied"
handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
