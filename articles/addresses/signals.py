"""Keeping the old address of an article, topic or glossary term when it changes, is
unpublished or deleted.

Before a save, the stored object's public addresses are noted; after it, each one it no longer
has becomes a ``PreviousAddress`` leading to it, and any of its current addresses stops being
one (an object that takes an old address back simply owns it again: no loops). A deleted
object leaves its addresses, and those that led to it, gone.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from ..models import Article, GlossaryTerm, Topic
from ..models.addresses import PreviousAddress, public_paths


def _note_paths(sender, instance, raw=False, **kwargs):
    stored = None
    if not raw and not instance._state.adding:
        stored = sender.objects.filter(pk=instance.pk).first()
    instance._paths_before = public_paths(stored) if stored is not None else {}


def _keep_old_paths(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = public_paths(instance)
    kind = sender._meta.model_name
    for code, path in getattr(instance, "_paths_before", {}).items():
        if now.get(code) != path:
            PreviousAddress.objects.update_or_create(
                path=path,
                defaults={"language": code, "kind": kind, "object_id": instance.pk},
            )
    PreviousAddress.objects.filter(path__in=now.values()).delete()


def _leave_gone(sender, instance, **kwargs):
    kind = sender._meta.model_name
    PreviousAddress.objects.filter(kind=kind, object_id=instance.pk).update(object_id=None)
    for code, path in public_paths(instance).items():
        PreviousAddress.objects.update_or_create(
            path=path, defaults={"language": code, "kind": kind, "object_id": None}
        )


def connect():
    for model in (Article, GlossaryTerm, Topic):
        name = model.__name__
        pre_save.connect(_note_paths, sender=model, dispatch_uid=f"addresses-pre-{name}")
        post_save.connect(_keep_old_paths, sender=model, dispatch_uid=f"addresses-post-{name}")
        post_delete.connect(_leave_gone, sender=model, dispatch_uid=f"addresses-delete-{name}")
