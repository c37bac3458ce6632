"""Recount, from scratch, what the public pages read instead of counting per request: every
session's, person's and topic's published articles (in all and per year) and every article's
related articles (archive/linking/derived.py). Saving and the bulk paths keep them in step;
this is for after a migration, a restore or a raw SQL change. Safe to run at any time."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.caching import content_changed
from archive.linking.derived import refresh_all


class Command(BaseCommand):
    help = "Recount the stored article counts and related articles from the archive's content."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} articles ({time.perf_counter() - started:.0f}s)")

        with transaction.atomic():
            articles = refresh_all(progress=progress)
            content_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Counts and related articles of {articles} articles refreshed"
                f" in {time.perf_counter() - started:.1f}s."
            )
        )
