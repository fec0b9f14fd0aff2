from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from . import views
from .discovery.feeds import ArticleFeed
from .feedback import views as feedback_views
from .glossary import views as glossary_views
from .glossary.letters import GroupConverter
from .search import views as search_views
from .trust import views as trust_views

app_name = "articles"

register_converter(GroupConverter, "glossary_letter")

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
    path(_("glossary/"), glossary_views.glossary, name="glossary"),
    # Before the terms' pages: a term's address is never a letter's (GlossaryTerm.clean).
    path(
        _("glossary/<glossary_letter:letter>/"),
        glossary_views.glossary_letter,
        name="glossary_letter",
    ),
    path(_("glossary/<slug:slug>/"), glossary_views.term_page, name="glossary_term"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("search/"), search_views.search_page, name="search"),
    path("feed/", ArticleFeed(), name="feed"),
    path(_("about/"), trust_views.about, name="about"),
    path(_("how-we-work/"), trust_views.how_we_work, name="how_we_work"),
    path(_("accessibility/"), trust_views.accessibility, name="accessibility"),
    path(_("imprint/"), trust_views.imprint, name="imprint"),
]
