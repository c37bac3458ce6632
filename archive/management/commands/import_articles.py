"""python manage.py import_articles PATH... [--status published] [--source NAME] [--dry-run]

Imports plain-text articles with archive.transfer.plain_text and prints what happened to
each file. See docs/importing.md.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import Progress
from archive.models import Article, Language
from archive.transfer.plain_text import PlainTextError, import_plain_text, report_lines


class Command(BaseCommand):
    help = (
        "Import plain-text articles from files or folders (*.txt, searched recursively). "
        "New articles are drafts unless --status published; links to sessions and people "
        "are detected afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .txt file or a folder")
        parser.add_argument("--status", choices=Article.Status.values, default="draft")
        parser.add_argument("--source", help="source name for every file (else read from text)")
        parser.add_argument(
            "--language",
            choices=Language.values,
            help="language of every new article (else read from its text: ru, kk or en)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen; write nothing"
        )

    def handle(self, *args, paths, status, source, language, dry_run, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            with Progress(self.stdout, "files") as progress:
                results = import_plain_text(
                    paths,
                    status=status,
                    source=source,
                    language=language,
                    dry_run=dry_run,
                    progress=progress,
                )
        except PlainTextError as error:
            raise CommandError(str(error)) from error.__cause__
        self.report(results, dry_run)

    def report(self, results, dry_run):
        lines, summary = report_lines(results, dry_run, verbosity=self.verbosity)
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(summary))
