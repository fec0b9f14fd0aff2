"""What changed in the other language since an outdated translation was last brought up to date.

The translation status (``Article.translation_status``) says a language is outdated; the
revisions say by how much: the other language's text as it was when this language was last
in step with it, compared word by word with its text now.
"""

from reversion.models import Version

from ..models import ARTICLE_TEXT_FIELDS, LANGUAGE_CODES, Article
from . import revisions, workflow


def _text_then(article: Article, language: str, other: str) -> dict | None:
    """The stored fields of the newest revision in which ``other``'s text had not yet changed
    after ``language`` was brought up to date; None if the history does not reach back."""
    since = getattr(article, f"text_changed_at_{language}")
    if since is None:
        return None
    rows = {article.pk, workflow.live_of(article).pk}
    versions = (
        Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(pk) for pk in rows])
        .order_by("-revision__date_created", "-pk")
    )
    for version in versions.iterator():
        fields = version.field_dict
        stamp = fields.get(f"text_changed_at_{other}")
        if stamp is None or stamp <= since:
            return fields
    return None


def changes_since_in_step(article: Article, language: str) -> dict[str, list]:
    """Per field of the other languages (``body_en``): word-diff parts of what changed in it
    since ``language`` was last brought up to date; an empty list where the revisions do not
    go back that far. Nothing while ``language`` is current or missing."""
    if article.translation_status(language) != Article.TranslationStatus.OUTDATED:
        return {}
    changes = {}
    for other in LANGUAGE_CODES:
        if other == language:
            continue
        then = _text_then(article, language, other)
        for name in ARTICLE_TEXT_FIELDS:
            field = f"{name}_{other}"
            now = getattr(article, field) or ""
            if then is None:
                if now:
                    changes[field] = []
            elif (before := then.get(field) or "") != now:
                changes[field] = revisions.word_diff(before, now)
    return changes
