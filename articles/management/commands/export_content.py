"""Write the database's topics, glossary and articles as files in the content/ format.

Editors work in the admin; the files in content/ are what a new checkout imports and what
reviewers read as diffs. This command carries the admin's work back into files: export into
content/ (or a scratch folder to compare), then review and commit. Importing an export into an
empty database and exporting again gives identical files.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from articles.content.exporter import export_content


class Command(BaseCommand):
    help = (
        "Write the database's topics, glossary and articles into a folder in the content/ "
        "format. Files an import would refuse (an unfinished draft, say) are written and "
        "reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where to write, e.g. content/.")

    def handle(self, *args, directory: Path, **options):
        report = export_content(directory)
        for key in report.articles:
            self.stdout.write(f"written: article {key}")
        for problem in report.problems:
            self.stderr.write(f"warning: an import would refuse {problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.articles)} articles, {report.topics} topics and "
                f"{report.terms} glossary terms written to {directory}"
            )
        )
