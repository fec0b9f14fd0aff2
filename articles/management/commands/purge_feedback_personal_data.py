"""Blank the name and email address of feedback older than a number of days.

Readers give a name and an email address only so that the editors can reply. Once a reply is
long done they are no longer needed, and personal data next to health data must not be kept
longer than needed; the privacy page promises readers this number of days
(``FEEDBACK_PERSONAL_DATA_DAYS``). The rating and comment stay, without them, so the editors
can still learn from them. Run it daily, e.g. from cron.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.feedback.purge import expired_personal_data, purge_personal_data


class Command(BaseCommand):
    help = "Blank the name and email address of feedback older than a number of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Feedback older than this many days (default: FEEDBACK_PERSONAL_DATA_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report how many would be blanked; change none."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        days = settings.FEEDBACK_PERSONAL_DATA_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        if dry_run:
            count = expired_personal_data(days).count()
            self.stdout.write(
                f"Would blank name and email of {count} message(s) older than {days} days."
            )
            return
        count = purge_personal_data(days)
        self.stdout.write(f"Blanked name and email of {count} message(s) older than {days} days.")
