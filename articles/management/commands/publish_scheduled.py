"""Carry out the publications and ends publishers scheduled, once each, when they are due.

Meant to run every minute from cron or a systemd timer, on one server or on several at once:
``workflow.run_scheduled`` takes each due article under a row lock that other servers skip and
checks it again once held, so nothing is published twice. Running it again publishes nothing
new. Silent when nothing is due, so that cron mails only when something happened.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.editorial.workflow import run_scheduled


class Command(BaseCommand):
    help = (
        "Publish the approved versions whose scheduled time has come and take offline the "
        "articles whose end has come. Safe to run every minute, on several servers at once."
    )

    def handle(self, *args, verbosity: int, **options):
        done = run_scheduled()
        refused = [line for line in done if line.startswith("not published")]
        for line in done:
            if line not in refused and verbosity >= 1:
                self.stdout.write(line)
        for line in refused:
            self.stderr.write(line)
        if not done and verbosity >= 2:
            self.stdout.write("Nothing is due.")
        if refused:
            # Reported once: the schedule of a refused publication is cleared.
            raise CommandError(
                f"{len(refused)} scheduled publication(s) refused; the versions wait in the "
                "admin for a publisher."
            )
