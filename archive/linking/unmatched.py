"""The unmatched-names queue as detection writes it: names that look like people but match no one.

Like the links, the queue is derived from the articles' text. detect_links()
(archive.linking.detection) hands each batch of articles to queue_unmatched_names(); each
article's share of the queue (UnmatchedMention rows) is replaced, so detection can run again
and again and UnmatchedName.occurrences stays exact. Ignored names are not queued again; a
name that is one person's name or alias is not queued; a resolved name whose alias has gone
since is back to be decided. forget_article() takes an article out of the queue.

What editors then decide about a name (assign it, create a person, ignore it) is
archive.names.queue.
"""

from django.db import transaction
from django.db.models import Sum

from archive.caching import content_changed
from archive.db import chunked
from archive.linking.texts import article_batches, article_text
from archive.models import Alias, Person, UnmatchedMention, UnmatchedName
from archive.text.candidates import Candidate, NameIndex, find_unmatched_candidates
from archive.text.normalise import name_key

PENDING = UnmatchedName.Status.PENDING
IGNORED = UnmatchedName.Status.IGNORED
RESOLVED = UnmatchedName.Status.RESOLVED


def _as_candidate(item) -> Candidate:
    if isinstance(item, Candidate):
        return item
    if isinstance(item, str):
        return Candidate(item, "")
    if isinstance(item, tuple | list):
        return Candidate(*item[:2]) if len(item) > 1 else Candidate(item[0], "")
    name = getattr(item, "name", None) or getattr(item, "text", "")
    return Candidate(name, getattr(item, "reason", "") or "")


def record_unmatched(article, candidates, index=None) -> list[UnmatchedName]:
    """Put the names detection found in `article` but could not link into the queue.

    `candidates` are every such mention in the article (Candidate, (name, reason) or objects
    with .name/.text and .reason); repeats count as more occurrences. The rules are those of
    queue_unmatched_names() for one article whose names are given: the call replaces what
    earlier runs recorded for this article, names ignored for good and names that now belong
    to one person are not queued. `index` (NameIndex) tells known names, read when not given.
    Returns the queue entries that mention the article.
    """
    index = index or name_index()
    found = _count_candidates(map(_as_candidate, candidates), index)
    _queue_batch({article.pk: found})
    rows = {row.key: row for row in UnmatchedName.objects.filter(key__in=found)}
    return [rows[key] for key in found if key in rows and rows[key].status != IGNORED]


def name_index() -> NameIndex:
    """Every person's name and aliases, for telling known names from unknown ones."""
    return NameIndex(
        [
            *Person.objects.values_list("pk", "name"),
            *Alias.objects.values_list("person_id", "name"),
        ]
    )


def queue_unmatched_names(articles, index=None) -> int:
    """Find the names in `articles` that look like people but match no one and queue them.

    Each article's share of the queue is replaced, so detection can run again and again;
    ignored names and names that are one person's are not queued. A fixed number of queries
    per batch of articles (archive.db.BATCH_SIZE) and none per name: archive.linking.detection
    runs it for every article it links, imports of 10,000 articles included. `articles`: a
    queryset or an iterable of Article. `index` (archive.text.candidates.NameIndex) tells
    known names. Returns how many mentions were found.
    """
    index = index or name_index()
    total = 0
    for articles_batch in article_batches(articles):
        batch = {}
        for article in articles_batch:
            if article.pk is None:
                continue
            candidates = find_unmatched_candidates(article_text(article), index)
            total += len(candidates)
            batch[article.pk] = _count_candidates(candidates, index)
        if batch:
            _queue_batch(batch)
    return total


def _count_candidates(candidates, index):
    """{key: [name as first found, reason, mentions]} of the names not known as one person's."""
    found = {}
    for candidate in candidates:
        key = name_key(candidate.name)
        if not key or index.is_one_persons(candidate.name):
            continue
        name = " ".join(candidate.name.split())[:200]
        entry = found.setdefault(key, [name, candidate.reason[:200], 0])
        entry[2] += 1
    return found


def _queue_batch(found):
    """`found`: {article id: {key: [name, reason, count]}}; each article's share replaced."""
    keys = {key for names in found.values() for key in names}
    with transaction.atomic():
        rows = {}  # key -> (pk, status)
        for chunk in chunked(keys):
            rows.update(
                (key, (pk, status))
                for pk, key, status in UnmatchedName.objects.filter(key__in=chunk).values_list(
                    "pk", "key", "status"
                )
            )
        new = {}
        for names in found.values():
            for key, (name, reason, _count) in names.items():
                if key not in rows and key not in new:
                    new[key] = UnmatchedName(key=key, name=name, reason=reason)
        if new:
            UnmatchedName.objects.bulk_create(new.values(), ignore_conflicts=True)
            for chunk in chunked(new):
                rows.update(
                    (key, (pk, status))
                    for pk, key, status in UnmatchedName.objects.filter(key__in=chunk).values_list(
                        "pk", "key", "status"
                    )
                )
        # A name assigned to someone whose alias has gone since is back to be decided.
        reopened = [pk for key, (pk, status) in rows.items() if status == RESOLVED]
        for chunk in chunked(reopened):
            UnmatchedName.objects.filter(pk__in=chunk).update(status=PENDING, person=None)

        existing = {}  # article id -> {unmatched id: (mention pk, status, count)}
        for chunk in chunked(found):
            for pk, article_id, unmatched_id, status, count in UnmatchedMention.objects.filter(
                article_id__in=chunk
            ).values_list("pk", "article_id", "unmatched_id", "unmatched__status", "count"):
                existing.setdefault(article_id, {})[unmatched_id] = (pk, status, count)
        stale, recounted, created, touched = [], [], [], set()
        for article_id, names in found.items():
            wanted = {}
            for key, (_name, _reason, count) in names.items():
                pk, status = rows[key]
                if status != IGNORED:
                    wanted[pk] = count
            had = existing.get(article_id, {})
            for unmatched_id, (pk, status, _count) in had.items():
                if status == PENDING and unmatched_id not in wanted:
                    stale.append(pk)
                    touched.add(unmatched_id)
            for unmatched_id, count in wanted.items():
                if unmatched_id not in had:
                    created.append(
                        UnmatchedMention(
                            unmatched_id=unmatched_id, article_id=article_id, count=count
                        )
                    )
                    touched.add(unmatched_id)
                elif had[unmatched_id][2] != count:
                    recounted.append(UnmatchedMention(pk=had[unmatched_id][0], count=count))
                    touched.add(unmatched_id)
        for chunk in chunked(stale):
            UnmatchedMention.objects.filter(pk__in=chunk).delete()
        UnmatchedMention.objects.bulk_update(recounted, ["count"], batch_size=500)
        UnmatchedMention.objects.bulk_create(created, batch_size=500, ignore_conflicts=True)
        if new or reopened or stale or recounted or created:
            content_changed()
        refresh_counts(touched)


def refresh_counts(pks):
    """Recount occurrences; a waiting name no article mentions any more leaves the queue.
    A fixed number of queries per 500 names."""
    gone, changed = [], []
    for chunk in chunked(pks):
        rows = (
            UnmatchedName.objects.filter(pk__in=chunk)
            .annotate(total=Sum("mentions__count"))
            .order_by()
            .values_list("pk", "status", "occurrences", "total")
        )
        for pk, status, occurrences, total in rows:
            total = total or 0
            if not total and status == PENDING:
                gone.append(pk)
            elif total != occurrences:
                changed.append(UnmatchedName(pk=pk, occurrences=total))
    for chunk in chunked(gone):
        UnmatchedName.objects.filter(pk__in=chunk).delete()
    UnmatchedName.objects.bulk_update(changed, ["occurrences"], batch_size=500)
    if gone or changed:
        content_changed()


def forget_article(article):
    """The article is gone or no longer read by detection: take it out of the queue."""
    with transaction.atomic():
        mentions = UnmatchedMention.objects.filter(article=article)
        touched = set(mentions.values_list("unmatched_id", flat=True))
        mentions.delete()
        content_changed()
        refresh_counts(touched)
