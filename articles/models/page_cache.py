"""The content version that cached pages are stored under."""

import time

from django.db import connection, models
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One number that changes whenever anything readers see changes.

    Cached pages are stored under this number, so an edit makes every page fresh at once on
    every app server: they all read the number from the same database.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls) -> int:
        # Asked on every page request; plain SQL spares building the query each time, which
        # cost more than running it.
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls):
        # At least the current time in microseconds: numbers keep growing even after the
        # database was restored or emptied while a shared cache kept its pages.
        now = int(time.time() * 1_000_000)
        newer = Greatest(models.F("number") + 1, models.Value(now))
        if not cls.objects.filter(pk=1).update(number=newer):
            cls.objects.get_or_create(pk=1, defaults={"number": now})
