"""Every change readers could see raises the tags of the pages that show it (``tags``).

The numbers are raised inside the editor's transaction, after the change: the new numbers
become visible together with the new content.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from ..models import Article, ArticleChange, CacheTag, GlossaryTerm, Source, TermUsage, Topic
from ..models.languages import LANGUAGE_CODES
from . import tags


def _article_tags(article) -> set[str]:
    """An article's page, the lists that show it: its topics' and terms' pages, the pages of
    the articles that list it as related."""
    found = {tags.article(article.pk), tags.ARTICLES}
    found |= {tags.topic_articles(pk) for pk in article.topics.values_list("pk", flat=True)}
    listing = Article.related.through.objects.filter(to_article_id=article.pk)
    found |= {tags.article(pk) for pk in listing.values_list("from_article_id", flat=True)}
    terms = TermUsage.objects.filter(article_id=article.pk).values_list("term_id", flat=True)
    found |= {tags.term(pk) for pk in set(terms)}
    return found


def _bump(found):
    CacheTag.bump({tags.ANY_EDIT, *found})


def _article_saved(sender, instance, raw=False, **kwargs):
    # Working copies are never shown to readers.
    if not instance.is_working_copy:
        _bump(_article_tags(instance))


def _article_deleting(sender, instance, **kwargs):
    # Its topics and terms are gone once it is deleted: note them now, raise them after.
    if not instance.is_working_copy:
        instance._page_cache_tags = _article_tags(instance)


def _article_deleted(sender, instance, **kwargs):
    if not instance.is_working_copy:
        _bump(instance.__dict__.pop("_page_cache_tags", {tags.article(instance.pk)}))


def _part_changed(sender, instance, **kwargs):
    """A source or change note: shown on its article's page (and the change notes in lists)."""
    _bump({tags.article(instance.article_id), tags.ARTICLES})


def _topic_changed(sender, instance, **kwargs):
    _bump({tags.topic(instance.pk), tags.TOPICS})


def _term_changed(sender, instance, **kwargs):
    # Its entry on the A–Z pages and its own page; the articles that explain it are rendered
    # again (GlossaryTerm.save), which raises their own tags.
    _bump({tags.term(instance.pk), *(tags.glossary(code) for code in LANGUAGE_CODES)})


def _relation_changed(kind):
    """Topics or related articles of an article, changed from either side."""
    other = tags.topic_articles if kind == "topics" else tags.article

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        mine, theirs = _columns(sender, reverse)
        if action == "pre_clear":
            # After the clear nothing tells what was related: note it now.
            instance._page_cache_cleared = set(
                sender.objects.filter(**{mine: instance.pk}).values_list(theirs, flat=True)
            )
        if action.startswith("pre_"):
            return
        pks = set(pk_set or ()) | instance.__dict__.pop("_page_cache_cleared", set())
        if reverse:
            found = {other(instance.pk), *(tags.article(pk) for pk in pks)}
        else:
            found = {tags.article(instance.pk), *(other(pk) for pk in pks)}
        _bump(found | {tags.ARTICLES})

    return changed


def _columns(through, reverse: bool) -> tuple[str, str]:
    """The through table's columns for the instance's side and for the other side."""
    article, other = (field.attname for field in through._meta.fields if field.is_relation)
    return (other, article) if reverse else (article, other)


def connect():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="page-cache-article")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid="page-cache-article-pre")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="page-cache-article-del")
    for model in (Source, ArticleChange):
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"page-cache-{model}-{name}")
    for model, handler in ((Topic, _topic_changed), (GlossaryTerm, _term_changed)):
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(handler, sender=model, dispatch_uid=f"page-cache-{model}-{name}")
    for kind, through in (("topics", Article.topics.through), ("related", Article.related.through)):
        m2m_changed.connect(
            _relation_changed(kind), sender=through, dispatch_uid=f"page-cache-m2m-{kind}"
        )
