from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feedback_views, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("topics/<slug:slug>/"), views.topic_detail, name="topic"),
    path(_("articles/<slug:slug>/"), views.article_detail, name="article"),
    path(_("articles/<slug:slug>/feedback/"), feedback_views.feedback, name="feedback"),
    path(
        _("articles/<slug:slug>/feedback/thanks/"),
        feedback_views.feedback_thanks,
        name="feedback_thanks",
    ),
    path(_("glossary/"), views.glossary, name="glossary"),
    path(_("privacy/"), views.privacy, name="privacy"),
]
