"""Rebuild the search index from scratch: published articles, people, sessions, topics and
public quotes. Safe to run at any time; search answers from the old index until it commits."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.search import optimize_index, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the archive's content."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            counts = rebuild_index(stdout=self.stdout)
        optimize_index()
        summary = ", ".join(f"{n} {kind}s" for kind, n in counts.items())
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary} ({elapsed:.1f}s)."))
