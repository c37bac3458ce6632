"""python manage.py export_archive articles articles.xlsx [--format …] [--published-only]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import Progress
from archive.transfer.pipeline import ImportFileError, export_dataset, format_for, render
from archive.transfer.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Export sessions, people, sources, topics, articles or quotes as CSV, XLSX or JSON, in "
        "the columns import_archive reads. Drafts are included unless --published-only "
        "(the public bulk download)."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", choices=list(RESOURCES))
        parser.add_argument("file", help="path to write, or - for standard output")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"])
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="only published articles, and only reviewed quotes from them",
        )

    def handle(self, *args, model, file, format, published_only, **options):
        try:
            format = format or ("csv" if file == "-" else format_for(file))
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        # The file may go to standard output: how far it is goes to standard error.
        with Progress(self.stderr, model) as progress:
            dataset = export_dataset(model, published_only=published_only, progress=progress)
        content = render(dataset, format)
        if file == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        with open(file, "wb") as out:
            out.write(content)
        self.stderr.write(self.style.SUCCESS(f"Exported {len(dataset)} {model} to {file}."))
