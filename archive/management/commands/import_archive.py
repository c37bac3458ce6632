"""python manage.py import_archive articles articles.csv [--dry-run] [--format csv|xlsx|json]"""

from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import Progress
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

    def handle(self, *args, model, file, dry_run, format, **options):
        with Progress(self.stdout) as progress:
            outcome = import_file(model, file, format=format, dry_run=dry_run, progress=progress)
        if not outcome.ok:
            for problem in outcome.errors:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"{file}: {outcome.summary()}")
        for note in outcome.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(outcome.summary()))
