"""A saved or deleted glossary term queues its articles to be rendered again."""

from django.db.models.signals import post_save, pre_delete

from ..models import GlossaryTerm
from . import queue


def _term_saved(sender, instance, raw=False, **kwargs):
    # Fixtures (raw) bring their articles' rendering with them.
    if not raw:
        queue.term_changed(instance)


def _term_deleting(sender, instance, **kwargs):
    queue.term_removed(instance)


def connect():
    post_save.connect(_term_saved, sender=GlossaryTerm, dispatch_uid="render-queue-term-saved")
    pre_delete.connect(
        _term_deleting, sender=GlossaryTerm, dispatch_uid="render-queue-term-deleting"
    )
