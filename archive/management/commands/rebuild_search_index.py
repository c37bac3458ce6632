"""Rebuild the search index from scratch: published articles, people, sessions, topics and
public quotes. Safe to run at any time; search answers from the old index until it commits.

By default a background job (the admin's Jobs page shows its progress; a worker runs it);
`--now` rebuilds here and now, printing the progress."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.jobs import services, tasks
from archive.management.progress import Progress
from archive.models import Job
from archive.search import optimize_index, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the archive's content (a background job, or --now)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Rebuild here and now instead of in a job."
        )

    def handle(self, *args, now=False, **options):
        if not now:
            with transaction.atomic():
                job = services.start(Job.Kind.REBUILD_SEARCH_INDEX, tasks.rebuild_search_index)
            job.refresh_from_db()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuild queued as job {job.pk} ({job.get_state_display()}); "
                    "the admin's Jobs page follows it. --now rebuilds here instead."
                )
            )
            return
        started = time.perf_counter()
        with transaction.atomic(), Progress(self.stdout, "records") as progress:
            counts = rebuild_index(progress=progress)
        optimize_index()
        summary = ", ".join(f"{n} {kind}s" for kind, n in counts.items())
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary} ({elapsed:.1f}s)."))
