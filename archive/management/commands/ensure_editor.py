"""Create the local `editor` account on first run and print its one-time password.

Refuses to run when DEBUG is off: production accounts are made on purpose, not by a Makefile.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"


class Command(BaseCommand):
    help = "Create the local 'editor' account (Editors group) and print its password once."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_editor is for local development only (DJANGO_DEBUG is off).")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"The '{USERNAME}' account already exists (its password was printed on first run; "
                f"reset it with: manage.py changepassword {USERNAME})."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(USERNAME, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Editor account created. Log in at /admin/ as '{USERNAME}' "
                f"with password: {password}\nThis password is shown only once."
            )
        )
