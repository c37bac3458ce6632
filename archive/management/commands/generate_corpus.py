"""python manage.py generate_corpus [--articles 10000] [--people 2000] [--seed 1] [--no-index]

Fills an empty archive with archive.transfer.corpus (for benchmarks and demos).
"""

from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import Progress
from archive.transfer.corpus import CorpusError, generate_corpus


class Command(BaseCommand):
    help = "Fill an empty archive with a deterministic synthetic corpus (benchmarks, demos)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10000)
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--no-index", action="store_true", help="Skip indexing (rebuild_search_index later)."
        )

    def handle(self, *args, articles, people, seed, batch, no_index, **options):
        try:
            with Progress(self.stdout, "articles") as progress:
                corpus = generate_corpus(
                    articles, people, seed, batch, index=not no_index, progress=progress
                )
        except CorpusError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {corpus.articles} articles, {corpus.people} people, "
                f"{corpus.sessions} sessions (seed {seed}) in {corpus.generating_seconds:.0f}s; "
                f"indexed in {corpus.indexing_seconds:.0f}s."
            )
        )
