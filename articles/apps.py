from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Health information")

    def ready(self):
        from . import content_signals
        from .search.index import connect_signals

        connect_signals()
        content_signals.connect()
