"""python manage.py import_archive articles articles.csv [--dry-run] [--format csv|xlsx|json]
[--derived-later]"""

from django.core.management.base import BaseCommand, CommandError

from archive.jobs.services import report_progress_outside
from archive.management.progress import Progress
from archive.transfer import staging
from archive.transfer.follow_up import start_derived_work
from archive.transfer.pipeline import import_file
from archive.transfer.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Import sessions, people, sources, topics, articles or quotes from a CSV, XLSX or JSON "
        "file (columns: docs/importing.md). All rows or none: any problem is listed and "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", choices=list(RESOURCES), help="what the file holds")
        parser.add_argument("file", help="path of the file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "json"],
            help="the file's format (default: from its extension)",
        )
        parser.add_argument(
            "--derived-later",
            action="store_true",
            help="write the rows now and leave their links, names queue and search index to "
            "a background job (run by `manage.py worker`): visitors see the rows at once, "
            "their links and search entries follow",
        )

    def handle(self, *args, model, file, dry_run, format, derived_later=False, **options):
        # On SQLite an import of articles is staged, as in the admin: a batch per short
        # transaction, so that editors can save meanwhile (archive.transfer.staging).
        job, outcome = staging.command_job(model, str(file), dry_run), None
        try:
            with Progress(self.stdout) as progress:
                outcome = import_file(
                    model,
                    file,
                    format=format,
                    dry_run=dry_run,
                    progress=_beating(progress, job),
                    derived_later=derived_later,
                    stage_job=job,
                )
        finally:
            if job is not None:
                staging.end_command_job(job, outcome)
        if not outcome.ok:
            for problem in outcome.errors:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"{file}: {outcome.summary()}")
        for note in outcome.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(outcome.summary()))
        if outcome.pending_refresh:
            job = start_derived_work(model, outcome.pending_refresh, name=str(file))
            self.stdout.write(
                f"Links and the search index of {len(outcome.pending_refresh)} row(s) follow "
                f"in background job {job.pk} (a worker runs it: `manage.py worker`)."
            )


def _beating(progress, job):
    """The terminal's progress, and the job's (its heartbeat: a worker takes a job that is
    silent for long for dead, and would delete what it staged)."""
    if job is None:
        return progress

    def report(phase, done, total):
        progress(phase, done, total)
        report_progress_outside(job, phase, done, total)

    return report
