"""The version numbers that cached pages are checked against: one per thing pages show."""

import time

from django.db import connection, connections, models
from django.utils.translation import gettext_lazy as _


class CacheTag(models.Model):
    """A name for something readers see (an article, a topic, a term, the glossary of a
    language …) and a number that changes whenever it changes.

    A cached page remembers the numbers of the tags it showed (``articles.page_cache.tags``);
    it is fresh while they are unchanged. An edit raises only the numbers of what it touched,
    so only the pages that show it are rendered again, on every app server at once: they all
    read the numbers from the same database.
    """

    name = models.CharField(max_length=100, unique=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("page cache tag")

    def __str__(self):
        return f"{self.name} {self.version}"

    @classmethod
    def versions(cls, names) -> dict[str, int]:
        """The current number of each tag; 0 for one never raised."""
        names = list(names)
        if not names:
            return {}
        # Asked on every cached page request; plain SQL spares building the query each time,
        # which cost more than running it.
        table = connection.ops.quote_name(cls._meta.db_table)
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, version FROM {table} WHERE name IN ({marks})", names)
            found = dict(cursor.fetchall())
        return {name: found.get(name, 0) for name in names}

    @classmethod
    def bump(cls, names, using: str = "default") -> None:
        """Raise the number of every tag in ``names``, in one statement, on database ``using``.

        Called inside the editor's transaction: the new numbers become visible together with
        the new content, so no request can store old content under them. Numbers are at least
        the current time in microseconds, so they keep growing even after the database was
        restored or emptied while a shared cache kept its pages.
        """
        names = sorted(set(names))  # one order for everyone: concurrent bumps cannot deadlock
        if not names:
            return
        now = int(time.time() * 1_000_000)
        database = connections[using]
        table = database.ops.quote_name(cls._meta.db_table)
        larger = "GREATEST" if database.vendor == "postgresql" else "MAX"
        rows = ", ".join(["(%s, %s)"] * len(names))
        with database.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, version) VALUES {rows} "
                f"ON CONFLICT (name) DO UPDATE SET version = "
                f"{larger}({table}.version + 1, excluded.version)",
                [value for name in names for value in (name, now)],
            )
