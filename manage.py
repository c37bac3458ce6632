#!/usr/bin/env python
import os
import secrets
import sys

# Commands that only read the models and migrations sign nothing, so they need no real
# secret key: `manage.py makemigrations --check` works on a fresh checkout with no settings.
SCHEMA_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SCHEMA_COMMANDS:
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
