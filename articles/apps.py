from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Health information")

    def ready(self):
        from .addresses import signals as address_signals
        from .page_cache import signals as page_cache_signals
        from .render_queue import signals as render_queue_signals
        from .search.index import connect_signals

        connect_signals()
        page_cache_signals.connect()
        address_signals.connect()
        render_queue_signals.connect()
