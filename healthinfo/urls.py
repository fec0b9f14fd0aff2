from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include("articles.urls"))),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "articles.views.bad_request"
handler403 = "articles.views.permission_denied"
handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
