"""What linking reads of the articles: their text, a batch of articles at a time."""

from itertools import islice

from archive.db import BATCH_SIZE, chunked
from archive.models import Article


def article_text(article) -> str:
    """What detection and the unmatched-names queue read: title, lead and body."""
    return "\n\n".join(part for part in (article.title, article.lead, article.body) if part)


def article_batches(articles, size=BATCH_SIZE):
    """`articles` (a queryset or an iterable of Article) in lists of at most `size`.

    A queryset's articles are read a batch at a time, each once, with only the fields
    linking reads; an iterable is taken as it is, without reading it all first.
    """
    if hasattr(articles, "values_list"):
        if not articles.query.is_sliced:
            articles = articles.order_by().distinct()
        pks = list(dict.fromkeys(articles.values_list("pk", flat=True)))
        for chunk in chunked(pks, size):
            yield list(
                Article.objects.filter(pk__in=chunk)
                .only("pk", "title", "lead", "body")
                .order_by("pk")
            )
        return
    articles = iter(articles)
    while batch := list(islice(articles, size)):
        yield batch
