from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.content.importer import import_content


class Command(BaseCommand):
    help = (
        "Load topics and articles from the content folder into the database. Files are the "
        "source of truth for a new checkout; importing twice changes nothing, and a bad file "
        "is reported and skipped without touching what is already stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=None)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files and report, but keep nothing."
        )

    def handle(self, *args, directory: Path | None, dry_run: bool, **options):
        directory = directory or settings.CONTENT_DIR
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder")
        report = import_content(directory, dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        for outcome in ("created", "updated", "unchanged"):
            for label in getattr(report, outcome):
                self.stdout.write(f"{prefix}{outcome}: {label}")
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        summary = (
            f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.errors)} with errors"
        )
        if report.errors:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
