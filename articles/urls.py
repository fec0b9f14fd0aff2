from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("topics/<slug:slug>/"), views.topic_detail, name="topic"),
    path(_("articles/<slug:slug>/"), views.article_detail, name="article"),
    path(_("glossary/"), views.glossary, name="glossary"),
]
