"""Any change readers could see moves the content version on, which refreshes cached pages."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from ..models import Article, ArticleChange, ContentVersion, GlossaryTerm, Source, Topic

_WATCHED = (Article, ArticleChange, GlossaryTerm, Source, Topic)


def _bump(**kwargs):
    # Inside the editor's transaction: the new number becomes visible together with the new
    # content, so no request can store old content under the new number.
    ContentVersion.bump()


def connect():
    for model in _WATCHED:
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"content-version-save-{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"content-version-delete-{model.__name__}"
        )
    for through in (Article.topics.through, Article.related.through):
        m2m_changed.connect(_bump, sender=through, dispatch_uid=f"content-version-m2m-{through}")
