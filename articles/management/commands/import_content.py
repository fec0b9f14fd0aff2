from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.content.importer import import_content


class Command(BaseCommand):
    help = (
        "Load topics and articles from the content folder into the database. Files are the "
        "source of truth for a new checkout; importing twice changes nothing (an article whose "
        "folder is unchanged since its last import is skipped unread), and a bad file "
        "is reported and skipped without touching what is already stored. Published text "
        "changes only through the review workflow: in production the files' text waits for "
        "review, on a local trial (DJANGO_DEVELOPMENT_DATA) a development reviewer approves it. "
        "Nothing is published without a medical reviewer's approval."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=None)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files and report, but keep nothing."
        )
        parser.add_argument(
            "--user",
            metavar="NAME",
            help="Who imports: named in the revisions and review records.",
        )

    def handle(self, *args, directory: Path | None, dry_run: bool, user, **options):
        directory = directory or settings.CONTENT_DIR
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder")
        user = self.importing_user(user)
        report = import_content(directory, dry_run=dry_run, user=user)
        prefix = "[dry run] " if dry_run else ""
        for outcome in ("created", "updated", "unchanged", "deleted"):
            for label in getattr(report, outcome):
                note = f" ({report.notes[label]})" if label in report.notes else ""
                self.stdout.write(f"{prefix}{outcome}: {label}{note}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        summary = (
            f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.errors)} with errors"
        )
        if report.errors:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def importing_user(self, username: str | None):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user {username!r}. Nothing was imported.")
        if not user.has_perm("articles.change_article"):
            raise CommandError(
                f"{username!r} may not edit articles (not in the group Editors). Nothing was "
                "imported."
            )
        return user
