"""purge_feedback_personal_data blanks name and email once they are no longer needed."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Feedback


@pytest.fixture
def sent(article):
    """Feedback with a name and an email address, sent ``days_ago`` days ago."""

    def make(days_ago: int, name="Anna", email="anna@example.org") -> Feedback:
        feedback = Feedback.objects.create(
            article=article,
            language="de",
            article_updated_on=article.updated_on,
            rating=3,
            comment=f"Vor {days_ago} Tagen geschrieben.",
            name=name,
            email=email,
        )
        sent_at = timezone.now() - datetime.timedelta(days=days_ago)
        Feedback.objects.filter(pk=feedback.pk).update(created_at=sent_at)
        return feedback

    return make


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_feedback_personal_data", *args, stdout=out)
    return out.getvalue()


def contact(feedback) -> tuple[str, str]:
    feedback.refresh_from_db()
    return feedback.name, feedback.email


def test_it_blanks_name_and_email_older_than_the_configured_days(sent, settings):
    settings.FEEDBACK_PERSONAL_DATA_DAYS = 180
    old, recent = sent(181), sent(179)

    output = purge()

    assert contact(old) == ("", "")
    assert contact(recent) == ("Anna", "anna@example.org")
    assert "Blanked name and email of 1 message(s) older than 180 days." in output


def test_it_keeps_the_rating_comment_and_status(sent):
    old = sent(400)

    purge()

    old.refresh_from_db()
    assert (old.rating, old.comment, old.status) == (3, "Vor 400 Tagen geschrieben.", "new")


def test_it_takes_the_number_of_days_from_the_command_line(sent):
    old, recent = sent(31), sent(29)

    purge("--days", "30")

    assert contact(old) == ("", "")
    assert contact(recent) == ("Anna", "anna@example.org")


def test_it_blanks_a_lone_email_or_a_lone_name_too(sent):
    only_email, only_name = sent(200, name=""), sent(200, email="")

    output = purge()

    assert contact(only_email) == ("", "")
    assert contact(only_name) == ("", "")
    assert "of 2 message(s)" in output


def test_a_dry_run_reports_and_changes_nothing(sent):
    old = sent(365)

    output = purge("--dry-run")

    assert "Would blank name and email of 1 message(s) older than 180 days." in output
    assert contact(old) == ("Anna", "anna@example.org")


def test_running_it_again_finds_nothing_more(sent):
    sent(365)
    purge()

    assert "of 0 message(s)" in purge()


def test_a_negative_number_of_days_is_refused(sent):
    sent(1)

    with pytest.raises(CommandError, match="--days"):
        purge("--days", "-1")
