"""List the articles whose next planned update has passed or comes soon, e.g. for a cron mail.

Every article promises readers a "Next planned update"; editors keep that promise only if
someone tells them in time. Run it weekly from cron: it always exits 0, and what it prints is
the mail. Addresses are absolute, from ``HEALTHINFO_BASE_URL``, so that the mail's links
open.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article


class Command(BaseCommand):
    help = "List articles whose next planned update is overdue or due within a number of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=90,
            help="Also list articles due within this many days (default: 90).",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        today = timezone.localdate()
        articles = Article.objects.order_by("next_update_on", "key")
        overdue = list(articles.review_overdue(today))
        soon = list(articles.review_due_within(today, days))
        self.stdout.write(f"Review dates on {today.isoformat()}")
        self._section(f"Overdue ({len(overdue)})", overdue)
        self._section(f"Due within {days} days ({len(soon)})", soon)
        if not overdue and not soon:
            self.stdout.write("Nothing is due.")

    def _section(self, heading: str, articles: list[Article]):
        if not articles:
            return
        self.stdout.write(f"\n{heading}:")
        for article in articles:
            title = article.title_de or article.title_en or article.key
            admin_url = settings.BASE_URL + reverse(
                "admin:articles_article_change", args=[article.pk]
            )
            self.stdout.write(
                f"  {article.next_update_on.isoformat()}  {article.key}  “{title}”  "
                f"[{article.status}]  {admin_url}"
            )
