"""Create ``editor``, ``publisher``, ``moderator`` and ``reviewer`` accounts, to try each role.

``make run`` calls it before importing the content, whose articles the ``reviewer`` account
(the development reviewer, ``articles.editorial.development``) then approves. The passwords
are random and printed only when an account gets one; an existing account is left as it is,
password included. It refuses to run unless ``settings.DEVELOPMENT_DATA`` is on: production
never gets these accounts.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.editorial.development import development_reviewer

ACCOUNTS = (("editor", "Editors"), ("publisher", "Publishers"), ("moderator", "Moderators"))


class Command(BaseCommand):
    help = (
        "Local trials only (DJANGO_DEVELOPMENT_DATA): create the accounts `editor`, "
        "`publisher`, `moderator` and the development reviewer `reviewer`, with random "
        "passwords."
    )

    def handle(self, *args, **options):
        if not settings.DEVELOPMENT_DATA:
            raise CommandError(
                "Refusing to create development accounts: DJANGO_DEVELOPMENT_DATA is off, so "
                "this may be production."
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
        self.development_reviewer()
        self.stdout.write("Log in at /admin/. Passwords are shown only when an account is made.")

    def development_reviewer(self):
        # The import may have made the account already, without a password to log in with.
        reviewer = development_reviewer()
        if reviewer.has_usable_password():
            self.stdout.write(f"{reviewer.username}: exists already; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        reviewer.set_password(password)
        reviewer.save(update_fields=["password"])
        self.stdout.write(f"{reviewer.username} (Medical reviewers): password {password}")
        self.stdout.write(
            f"{reviewer.username} is the development reviewer: readers are told that what it "
            "approves was not medically checked."
        )
