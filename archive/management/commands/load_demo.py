"""Load the demo corpus once: a second run, or an archive with content, is left as it is."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from archive.caching import content_changed
from archive.linking.derived import refresh_all
from archive.linking.detection import detect_links
from archive.linking.unmatched import queue_unmatched_names
from archive.models import Article, ArticlePerson, ArticleSession, Person, Session, UnmatchedName
from archive.search import reindex_articles

DEMO_FIXTURE = "fixtures/demo.json"


class Command(BaseCommand):
    help = "Load the demo fixtures into an empty archive (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=DEMO_FIXTURE)

    def handle(self, *args, fixture, **options):
        if Article.objects.exists() or Person.objects.exists() or Session.objects.exists():
            self.stdout.write("The archive already has content: demo fixtures not loaded again.")
            return
        with transaction.atomic():
            call_command("loaddata", fixture, verbosity=0)
            content_changed()
            self.after_load()
        waiting = UnmatchedName.objects.filter(status=UnmatchedName.Status.PENDING).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo archive loaded: {Article.objects.count()} articles, "
                f"{Session.objects.count()} sessions, {Person.objects.count()} people; "
                f"{waiting} unmatched names wait in the editors' queue."
            )
        )

    @staticmethod
    def after_load():
        # loaddata bypasses save() and signals: bring the search index up to date, and fill the
        # editors' unmatched-names queue as detection would have (the links are in the
        # fixture; the names they could not settle are what the queue is for).
        # The seeds' links are in the fixture, as an editor checked them; the articles it
        # gives none (the Russian and Kazakh briefs) are linked as an import links them.
        unlinked = Article.objects.exclude(
            pk__in=ArticleSession.objects.values("article_id")
        ).exclude(pk__in=ArticlePerson.objects.values("article_id"))
        detect_links(unlinked, queue_names=False)
        queue_unmatched_names(Article.objects.all())
        reindex_articles(list(Article.objects.values_list("pk", flat=True)))
        refresh_all()  # the stored counts and related articles
