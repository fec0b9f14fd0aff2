from django.core.management.base import BaseCommand

from articles.models import Article, CacheTag
from articles.page_cache import tags
from articles.render_queue.queue import queue_catalogue
from articles.render_queue.render import render_article


class Command(BaseCommand):
    help = (
        "Render every article's stored HTML again. Pages never render Markdown, so run this "
        "after deploying a change to the renderer or to the translated words it writes into "
        "pages (grade labels, glossary links), or after a large import. By default the "
        "articles are queued for the background worker (manage.py db_worker), which renders "
        "them in batches while the site keeps serving the last rendering; --now renders them "
        "here. Articles whose HTML is unchanged are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Render here and now, one article after the other, instead of queueing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Render here, report what would change, keep nothing (implies --now).",
        )

    def handle(self, *args, now: bool, dry_run: bool, **options):
        if not dry_run:
            # After a release every cached page is rendered again with the new templates; the
            # articles' pages again once their own rendering is written.
            CacheTag.bump({tags.SITE})
        if not (now or dry_run):
            queued = queue_catalogue()
            self.stdout.write(
                f"{queued} articles queued; the worker (manage.py db_worker) renders them"
            )
            return
        changed = total = 0
        # One article at a time, each in its own transaction: memory stays that of one article.
        for article_id, key in list(Article.objects.values_list("pk", "key")):
            total += 1
            if render_article(article_id, dry_run=dry_run):
                changed += 1
                self.stdout.write(f"re-rendered: {key}")
        self.stdout.write(f"{changed} of {total} articles re-rendered")
