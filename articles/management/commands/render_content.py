from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import RENDERED_FIELDS, Article, CacheTag
from articles.page_cache import tags


class Command(BaseCommand):
    help = (
        "Render every article's stored HTML again. Pages never render Markdown, so run this "
        "after deploying a change to the renderer or to the translated words it writes into "
        "pages (grade labels, glossary links). Articles whose HTML is unchanged are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report, but keep nothing.")

    def handle(self, *args, dry_run: bool, **options):
        # HTML, contents list and readability figure of each language.
        fields = RENDERED_FIELDS
        changed = 0
        for article in Article.objects.all():
            before = {name: getattr(article, name) for name in fields}
            terms = article.render()
            after = {name: getattr(article, name) for name in fields}
            if before == after:
                continue
            changed += 1
            self.stdout.write(f"re-rendered: {article.key}")
            if not dry_run:
                with transaction.atomic():
                    # update(), not save(): the text did not change, so neither does modified_at.
                    Article.objects.filter(pk=article.pk).update(**after)
                    article.store_term_usage(terms)
        if not dry_run:
            # After a release every page is rendered again with the new templates; update()
            # sends no signals, so this also covers the articles rendered above.
            CacheTag.bump({tags.SITE})
        self.stdout.write(f"{changed} of {Article.objects.count()} articles re-rendered")
