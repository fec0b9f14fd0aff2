from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.robots import robots_txt
from articles.sitemaps import SITEMAPS

from .login_throttle import throttled
from .media import serve_media

urlpatterns = [
    path(f"{settings.ADMIN_URL}login/", throttled(admin.site.login)),
    path(settings.ADMIN_URL, admin.site.urls),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    *i18n_patterns(path("", include("articles.urls"))),
]

handler400 = "articles.views.bad_request"
handler403 = "articles.views.permission_denied"
handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
