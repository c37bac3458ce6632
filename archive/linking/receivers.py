"""The signal receivers of archive.linking, connected by connect() (from ArchiveConfig.ready()).

Links and the unmatched-names queue are derived from the articles' text; most of them are
written by detect_links() itself. What a signal must do:

- pre_delete of an Article: take the article out of the unmatched-names queue, so that the
  counts of the names it mentioned stay exact (its mentions go with it by CASCADE, which
  recounts nothing).
"""

from django.db.models.signals import pre_delete

from archive.linking.unmatched import forget_article
from archive.models import Article


def article_deleting(sender, instance, **kwargs):
    forget_article(instance)


def connect():
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="linking-article-delete")
