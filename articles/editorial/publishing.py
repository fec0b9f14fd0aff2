"""What an article needs before readers may see it, and publishing it with a record of who did.

Drafts may be saved incomplete. Publishing, from the change form or the list's action, needs
both languages complete, at least one source and the next planned update; each missing piece
is named with its field and language. Already published articles may be edited, but a save
may not take away anything publishing needs.
"""

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import get_language_info, gettext

from ..models import LANGUAGE_CODES, Article, translated
from ..rendering import incomplete_urgent_advice

REQUIRED_TEXT = ("title", "slug", "summary", "body", "description")


@dataclass(frozen=True)
class Missing:
    """One thing publishing needs: ``field`` is the form field it belongs to."""

    field: str
    message: str


def missing_for_publishing(
    article: Article, source_count: int | None, languages=LANGUAGE_CODES
) -> list[Missing]:
    """Everything ``article`` lacks to be published in ``languages``, in the order of the form.

    ``source_count`` None leaves the sources out: the change form checks them in its list of
    sources, where the editor adds them.
    """
    missing = []
    for code in languages:
        language = get_language_info(code)["name_translated"]
        needed = [*REQUIRED_TEXT, "image_alt"] if article.image else REQUIRED_TEXT
        for name in needed:
            if not translated(article, name, code).strip():
                label = Article._meta.get_field(name).verbose_name
                missing.append(
                    Missing(
                        f"{name}_{code}",
                        gettext("%(language)s: the field “%(field)s” is empty.")
                        % {"language": language, "field": label},
                    )
                )
        for name in ("summary", "body"):
            for line in incomplete_urgent_advice(translated(article, name, code)):
                label = Article._meta.get_field(name).verbose_name
                missing.append(
                    Missing(
                        f"{name}_{code}",
                        gettext(
                            "%(language)s: the urgent-advice box in line %(line)d of “%(field)s” "
                            "needs a title saying what to do, and text below it."
                        )
                        % {"language": language, "line": line, "field": label},
                    )
                )
    if article.next_update_on is None:
        missing.append(Missing("next_update_on", gettext("The next planned update is not set.")))
    if source_count is not None and source_count < 1:
        missing.append(Missing("sources", gettext("At least one source is needed.")))
    return missing


def blocking_save(
    article: Article,
    before: Article | None,
    source_count: int | None = None,
    sources_before: int = 0,
) -> list[Missing]:
    """What stops saving ``article`` as it is now; ``before`` is the stored article.

    A draft may lack anything. An article becoming published must be complete; one that was
    already published may keep a gap it had (a translation still to come, say) but not gain
    one.
    """
    if not article.is_published:
        return []
    missing = missing_for_publishing(article, source_count)
    if before is not None and before.is_published:
        counted = None if source_count is None else sources_before
        had = {m.field for m in missing_for_publishing(before, counted)}
        missing = [m for m in missing if m.field not in had]
    return missing


def log_status_change(user, article: Article, was_published: bool) -> str:
    """Record publishing or unpublishing in the admin log, with who and when.

    Returns the message logged, "" when the status did not change.
    """
    if article.is_published == was_published:
        return ""
    message = (
        gettext("Published.") if article.is_published else gettext("Unpublished (back to draft).")
    )
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=str(article.pk),
        object_repr=str(article)[:200],
        action_flag=CHANGE,
        change_message=message,
        action_time=timezone.now(),
    )
    return message
