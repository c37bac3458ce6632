"""python manage.py queue_unmatched_names: (re)fill the editors' queue from every article."""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.linking.unmatched import name_index, queue_unmatched_names
from archive.models import Article, UnmatchedName


class Command(BaseCommand):
    help = (
        "Read every article for names that look like people but match no one, and put them in "
        "the unmatched-names queue (admin: Archive > Unmatched names). Safe to run again: each "
        "article's share is replaced, ignored names stay ignored."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            index = name_index()
            mentions = queue_unmatched_names(Article.objects.iterator(chunk_size=500), index)
        waiting = UnmatchedName.objects.filter(status=UnmatchedName.Status.PENDING).count()
        self.stdout.write(
            self.style.SUCCESS(f"{mentions} mentions found; {waiting} names wait for a decision.")
        )
