"""Create ``editor``, ``publisher`` and ``moderator`` accounts, to try each role.

``make run`` calls it after importing the content. The passwords are random and printed only
when an account is created; an existing account is left as it is, password included. It
refuses to run unless DEBUG is on: production never gets these accounts.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ACCOUNTS = (("editor", "Editors"), ("publisher", "Publishers"), ("moderator", "Moderators"))


class Command(BaseCommand):
    help = (
        "Development only: create the accounts `editor`, `publisher` and `moderator` with "
        "random passwords."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create development accounts: DEBUG is off, so this may be production."
            )
        users = get_user_model().objects
        for username, group_name in ACCOUNTS:
            if users.filter(username=username).exists():
                self.stdout.write(f"{username}: exists already; its password is unchanged.")
                continue
            password = secrets.token_urlsafe(12)
            user = users.create_user(username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"{username} ({group_name}): password {password}")
        self.stdout.write("Log in at /admin/. Passwords are shown only when an account is made.")
