"""What the public pages would otherwise count over the whole archive at request time, kept
when content changes instead: each session's, person's and topic's number of published
articles (in all and per year), each article's related articles, and the whole archive's
counts by month, language and source (archive/linking/archive_counts.py).

Counted per request they grew with the archive (related articles 1-2 ms at 10,000 articles,
7.5-20 ms at 100,000). They are refreshed:

- by the receivers (archive/linking/receivers.py) on save() and delete() of an article or a
  link, and on a topic added or removed;
- by the bulk paths that send no signals: detection, publishing a selection or on schedule,
  imports, merging people; each calls `changed()`;
- from scratch by `manage.py refresh_derived` (`refresh_all()`), which equals them.

Related articles: among the newest RELATED_POOL published articles of each of the article's
sessions, people and topics, those sharing the most of them; among as many shared, the newest.
Bounded whatever the size of the archive, so that refreshing one article costs the same at a
million articles; an article does not learn of a newer neighbour until it is refreshed itself
(its own change, or `refresh_derived`), and the page reads the ids through published(), so a
draft never shows.
"""

import heapq
import json
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, router

from archive.db import chunked
from archive.linking import archive_counts
from archive.models import Article, ArticlePerson, ArticleSession, Person, Session, Topic

RELATED_KEPT = 10  # stored per article: the page shows the first five still published
RELATED_POOL = 100  # the newest published articles of each session, person, topic considered
BATCH = 500


def link_tables():
    """(kind, model, link model, the link's column) for what articles link to."""
    return (
        ("session", Session, ArticleSession, "session_id"),
        ("person", Person, ArticlePerson, "person_id"),
        ("topic", Topic, Article.topics.through, "topic_id"),
    )


@dataclass
class Changes:
    """Articles whose links or publication changed, and what they linked to before."""

    articles: set = field(default_factory=set)
    targets: dict = field(default_factory=lambda: defaultdict(set))
    neighbours: set = field(default_factory=set)  # articles listing a deleted one
    counted: set = field(default_factory=set)  # (kind, key) of archive_counts they were under
    recounted: set = field(default_factory=set)  # articles themselves changed, not only links
    recount_all: bool = False  # articles may have moved between months, languages, sources

    def add(
        self,
        article_ids=(),
        neighbours=(),
        counted=(),
        recount_all=False,
        links_only=False,
        **targets,
    ):
        article_ids = set(article_ids)
        self.articles.update(article_ids)
        self.neighbours.update(neighbours)
        self.counted.update(counted)
        if not links_only:
            self.recounted.update(article_ids)
        self.recount_all = self.recount_all or recount_all
        for kind, ids in targets.items():
            self.targets[kind].update(ids)


_pending = threading.local()


@contextmanager
def batched():
    """Within it, changes are noted and refreshed once at the end (not if it fails): for the
    bulk writes whose deletes send a signal per link."""
    outer = getattr(_pending, "changes", None)
    if outer is not None:
        yield outer
        return
    _pending.changes = changes = Changes()
    try:
        yield changes
    finally:
        _pending.changes = None
    refresh(changes)


def changed(article_ids=(), neighbours=(), **options):
    """These articles (and these sessions, people, topics: session=[ids] ...) changed;
    `neighbours`: articles whose related lists must be found again. Options (Changes.add):
    `counted`, the archive_counts keys they were counted under before; `recount_all`, they
    may have changed month, language or source without saying which they had; `links_only`,
    only their links changed (the whole archive's counts stay as they are)."""
    changes = getattr(_pending, "changes", None)
    if changes is None:
        changes = Changes()
        changes.add(article_ids, neighbours, **options)
        refresh(changes)
    else:
        changes.add(article_ids, neighbours, **options)


def targets_of(article_ids):
    """{article id: {(kind, target id)}} of the articles' current links."""
    targets = defaultdict(set)
    for chunk in chunked(sorted(set(article_ids)), BATCH):
        for kind, _model, links, column in link_tables():
            rows = links.objects.filter(article_id__in=chunk).values_list("article_id", column)
            for article_id, target in rows:
                targets[article_id].add((kind, target))
    return targets


def refresh(changes):
    """Counts of everything the articles link to (now or before), their related lists, and
    those of their neighbours (the articles they list, before and after): a new article
    shows on the pages of the older ones it is most like, an unpublished one leaves them."""
    if changes.recount_all:
        archive_counts.recount_all()
    elif changes.recounted or changes.counted:
        now = archive_counts.keys_of_articles(changes.recounted)
        archive_counts.recount(changes.counted | now)
    if not changes.articles and not any(changes.targets.values()):
        return
    by_kind = defaultdict(set, {kind: set(ids) for kind, ids in changes.targets.items()})
    # A batch of articles' links at a time: an import's 200,000 articles' links held at once
    # would be hundreds of MB of sets in the worker.
    for chunk in chunked(sorted(changes.articles), BATCH):
        for targets in targets_of(chunk).values():
            for kind, target in targets:
                by_kind[kind].add(target)
    refresh_counts(by_kind)
    finder = RelatedFinder()
    neighbours = set(changes.neighbours)
    neighbours.update(refresh_related(changes.articles, finder=finder))
    refresh_related(neighbours - changes.articles, finder=finder)


def refresh_counts(by_kind=None):
    """Recount {kind: ids} exactly (None: every session, person and topic)."""
    for kind, model, _links, _column in link_tables():
        if by_kind is None:
            counts = model.objects.published_counts()
            chunks = chunked(model.objects.order_by("pk").values_list("pk", flat=True), BATCH)
        else:
            ids = sorted(by_kind.get(kind, ()))
            counts = None
            chunks = chunked(ids, BATCH)
        for chunk in chunks:
            years = counts if counts is not None else model.objects.published_counts(chunk)
            store(model, [(pk, *stored_years(years.get(pk, {}))) for pk in chunk])


def stored_years(years):
    """(published_article_count, article_years) as stored, from {year or None: count}."""
    by_year = {("" if year is None else str(year)): n for year, n in years.items()}
    return sum(years.values()), by_year


def store(model, rows):
    """rows [(pk, value, ...)]: the model's stored columns (published_article_count and
    article_years, or related_ids) in one executemany; bulk_update's CASE expressions took
    more time than finding the values."""
    counts = ["published_article_count", "article_years"]
    columns = ["related_ids"] if model is Article else counts
    connection = connections[router.db_for_write(model)]
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    assignments = ", ".join(
        f"{name} = %s{cast if name != 'published_article_count' else ''}" for name in columns
    )
    params = [
        [json.dumps(v) if isinstance(v, list | dict) else v for v in values] + [pk]
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        # Only our own table and column names go in the text; the values are parameters.
        cursor.executemany(
            f"UPDATE {model._meta.db_table} SET {assignments} WHERE id = %s",  # noqa: S608
            params,
        )


class RelatedFinder:
    """Ranks related articles from the pools (newest published articles of each target),
    reading each pool and each candidate's links once however many articles ask."""

    def __init__(self):
        self.pools = {}
        self.candidate_targets = {}
        self.linked_to = defaultdict(set)  # target -> the loaded candidates that link to it

    def pool(self, target):
        if target not in self.pools:
            kind, pk = target
            links, column = {k: (lm, c) for k, _m, lm, c in link_tables()}[kind]
            self.pools[target] = list(
                links.objects.filter(**{column: pk}, article__status=Article.Status.PUBLISHED)
                .order_by("-article_id")
                .values_list("article_id", flat=True)[:RELATED_POOL]
            )
        return self.pools[target]

    def load(self, targets_by_article):
        """Read the pools and candidates' links these articles need, in a few queries."""
        wanted = set()
        for targets in targets_by_article.values():
            for target in targets:
                wanted.update(self.pool(target))
        missing = wanted - self.candidate_targets.keys()
        found = targets_of(missing)
        for pk in missing:
            self.candidate_targets[pk] = found.get(pk, set())
            for target in self.candidate_targets[pk]:
                self.linked_to[target].add(pk)

    def related(self, article_id, targets):
        """Each candidate scores the number of the article's targets it links to (counted
        target by target over the sets of candidates linking to each: intersecting every
        candidate's targets was 60 % of an import's derived work)."""
        candidates = set()
        for target in targets:
            candidates.update(self.pool(target))
        candidates.discard(article_id)
        scores = dict.fromkeys(candidates, 0)
        for target in targets:
            for pk in self.linked_to.get(target, set()) & candidates:
                scores[pk] += 1
        return best_related(scores, RELATED_KEPT)


def best_related(scores, limit):
    """The ids with the highest score, the newest (highest id) first among equals."""
    ranked = heapq.nsmallest(limit, ((-n, -pk) for pk, n in scores.items()))
    return [-key for _score, key in ranked]


def refresh_related(article_ids, finder=None):
    """Store the related articles of these articles; returns the ids they listed before and
    list now."""
    finder = finder or RelatedFinder()
    listed = set()
    for chunk in chunked(sorted(set(article_ids)), BATCH):
        targets = targets_of(chunk)
        mine = {pk: targets.get(pk, set()) for pk in chunk}
        finder.load(mine)
        rows = [(pk, finder.related(pk, mine[pk])) for pk in chunk]
        for before in Article.objects.filter(pk__in=chunk).values_list("related_ids", flat=True):
            listed.update(before)
        store(Article, rows)
        for _pk, ids in rows:
            listed.update(ids)
    return listed


def refresh_all(progress=None):
    """Every count and every article's related list from scratch; returns the articles done."""
    archive_counts.recount_all()
    refresh_counts()
    finder = RelatedFinder()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for done, chunk in enumerate(chunked(ids, BATCH * 4), start=1):
        refresh_related(chunk, finder=finder)
        if progress:
            progress(min(done * BATCH * 4, len(ids)), len(ids))
    return len(ids)
