"""The archive's published articles counted by month of publication (and undated), language
and source (archive.models.PublishedCount), for the home page, the dates page and the
article list's filters: counted there per request they read every published article.

Recounted exactly, key by key, for what a change touches: the month, language and source an
article has now and had before it was saved (`keys_before`, from the receivers) or deleted.
Each key is one indexed COUNT, whatever the size of the archive beyond it. A bulk write that
may move articles between keys without saying which (an import updating articles) recounts
everything (`recount_all`: one GROUP BY per kind); so does `manage.py refresh_derived`.
"""

import datetime

from django.db import router, transaction
from django.db.models import Count, Q

from archive.db import chunked
from archive.models import Article, PublishedCount

Kind = PublishedCount.Kind
# Beyond this many keys one GROUP BY per kind is cheaper than a COUNT per key.
MANY_KEYS = 40


def month_key(day):
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def keys_of(published_on, language, source_id):
    """The (kind, key) an article with these values is counted under."""
    keys = {(Kind.MONTH, month_key(published_on)), (Kind.LANGUAGE, language)}
    if source_id is not None:
        keys.add((Kind.SOURCE, str(source_id)))
    return keys


def keys_of_articles(article_ids):
    """The (kind, key) these articles are counted under now."""
    keys = set()
    for chunk in chunked(sorted(set(article_ids)), 500):
        rows = Article.objects.filter(pk__in=chunk).values_list(
            "published_on", "language", "source_id"
        )
        for row in rows:
            keys |= keys_of(*row)
    return keys


def keys_before(article):
    """What a saved article was counted under before this save (nothing for a new one)."""
    if article.pk is None:
        return set()
    row = (
        Article.objects.filter(pk=article.pk)
        .values_list("published_on", "language", "source_id")
        .first()
    )
    return keys_of(*row) if row else set()


def _matching(kind, key):
    published = Article.objects.published().order_by()
    if kind == Kind.MONTH:
        if not key:
            return published.filter(published_on__isnull=True)
        year, month = map(int, key.split("-"))
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return published.filter(published_on__gte=first, published_on__lt=following)
    if kind == Kind.LANGUAGE:
        return published.filter(language=key)
    return published.filter(source_id=int(key))


def recount(keys):
    """Count these (kind, key) again exactly and store them (a count of 0 is no row)."""
    keys = set(keys)
    if len(keys) > MANY_KEYS:
        recount_all()
        return
    counts = {(kind, key): _matching(kind, key).count() for kind, key in sorted(keys)}
    _store(counts, replace_all=False)


def all_counts():
    """{(kind, key): count} of every published article, one GROUP BY per kind."""
    published = Article.objects.published().order_by()
    counts = {}
    by_month = (
        published.values("published_on__year", "published_on__month")
        .annotate(n=Count("*"))
        .values_list("published_on__year", "published_on__month", "n")
    )
    for year, month, n in by_month:
        key = f"{year:04d}-{month:02d}" if year else ""
        counts[(Kind.MONTH, key)] = n
    for language, n in (
        published.values("language").annotate(n=Count("*")).values_list("language", "n")
    ):
        counts[(Kind.LANGUAGE, language)] = n
    sources = published.filter(source__isnull=False).values("source_id").annotate(n=Count("*"))
    for source_id, n in sources.values_list("source_id", "n"):
        counts[(Kind.SOURCE, str(source_id))] = n
    return counts


def recount_all():
    _store(all_counts(), replace_all=True)


def _store(counts, replace_all):
    """Rows as `counts` says, changed in place (a backup restored by loaddata keeps its rows'
    ids); with replace_all, rows of keys not in `counts` go too."""
    using = router.db_for_write(PublishedCount)
    rows = PublishedCount.objects.using(using)
    with transaction.atomic(using=using):
        existing = rows.all() if replace_all else rows.filter(_any_of(counts))
        by_key = {(row.kind, row.key): row for row in existing}
        gone = [row.pk for key, row in by_key.items() if not counts.get(key)]
        changed = []
        for key, n in counts.items():
            row = by_key.get(key)
            if row is not None and n and row.count != n:
                row.count = n
                changed.append(row)
        new = [
            PublishedCount(kind=kind, key=key, count=n)
            for (kind, key), n in sorted(counts.items())
            if n and (kind, key) not in by_key
        ]
        if gone:
            rows.filter(pk__in=gone).delete()
        if changed:
            rows.bulk_update(changed, ["count"])
        if new:
            rows.bulk_create(new)


def _any_of(keys):
    condition = Q(pk__in=[])
    for kind, key in keys:
        condition |= Q(kind=kind, key=key)
    return condition


def figures():
    """{kind: {key: count}} as stored, in one query."""
    found = {kind: {} for kind in Kind.values}
    for kind, key, n in PublishedCount.objects.values_list("kind", "key", "count"):
        found[kind][key] = n
    return found


def year_counts():
    """{year or None: published articles}, as ArticleQuerySet.year_counts() of the published
    articles, from the stored months."""
    years = {}
    for key, n in figures()[Kind.MONTH].items():
        year = int(key[:4]) if key else None
        years[year] = years.get(year, 0) + n
    return years


def month_counts(year):
    """[(month, published articles)] of one year, as stored."""
    rows = PublishedCount.objects.filter(kind=Kind.MONTH, key__startswith=f"{year:04d}-")
    return [(int(key[5:]), n) for key, n in rows.values_list("key", "count")]
