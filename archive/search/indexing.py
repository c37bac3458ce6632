"""Keeping the search index in step with the content.

Receivers in archive/search/receivers.py call these functions on every save and delete; code that
bypasses signals (queryset.update(), bulk_create(), raw SQL, fixtures) calls
reindex_articles() itself, or runs inside bulk_indexing() and reindexes once at the end.
Only published articles and public quotes are ever written; everything else is removed.
"""

import threading
from contextlib import contextmanager

from django.db import connection

from archive import caching
from archive.db import chunked
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    Person,
    Quote,
    Session,
    Topic,
)
from archive.search import documents
from archive.search.engines import get_engine

BATCH_SIZE = 500
ENTRY_KINDS = ("person", "session", "topic", "quote")

_state = threading.local()


def _pending():
    return getattr(_state, "pending", None)


@contextmanager
def bulk_indexing():
    """Collect index updates and write them once when the block ends (nested blocks join
    the outermost one). For imports and scripts that touch many objects."""
    outer = _pending() is None
    if outer:
        _state.pending = {"article": set(), **{kind: set() for kind in ENTRY_KINDS}}
    try:
        yield
    finally:
        if outer:
            pending, _state.pending = _state.pending, None
            if not connection.needs_rollback:
                reindex_articles(pending.pop("article"))
                for kind, ids in pending.items():
                    reindex_entries(kind, ids)


def article_documents(ids, people=None) -> list[documents.ArticleDocument]:
    """Index documents of the published articles among `ids`, in a fixed number of flat
    queries (no model instances: rebuilding 100,000 articles must stay quick). `people`
    ({person id: [name, aliases...]}) may be given when indexing many batches."""
    rows = list(
        Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED).values_list(
            "pk", "language", "title", "lead", "body", "author", "source__name"
        )
    )
    if not rows:
        return []
    found = [row[0] for row in rows]
    names: dict[int, list[str]] = {pk: [] for pk in found}
    links = list(
        ArticlePerson.objects.filter(article_id__in=found).values_list(
            "article_id", "person_id", "matched_text"
        )
    )
    if people is None:
        people = person_spellings({person_id for _, person_id, _ in links})
    for article_id, person_id, matched_text in links:
        names[article_id] += [*people.get(person_id, ()), matched_text]
    for article_id, number in ArticleSession.objects.filter(article_id__in=found).values_list(
        "article_id", "session__number"
    ):
        names[article_id].append(documents.session_labels(number))
    for article_id, topic in Article.topics.through.objects.filter(
        article_id__in=found
    ).values_list("article_id", "topic__name"):
        names[article_id].append(topic)
    return [
        documents.article_document(
            pk, language, title, lead, body, [author, source or "", *names[pk]]
        )
        for pk, language, title, lead, body, author, source in rows
    ]


def person_spellings(person_ids=None) -> dict[int, list[str]]:
    """{person id: [name, alias, alias...]} for these people (None: everyone)."""
    persons = (
        Person.objects.all() if person_ids is None else Person.objects.filter(pk__in=person_ids)
    )
    aliases = (
        Alias.objects.all()
        if person_ids is None
        else Alias.objects.filter(person_id__in=person_ids)
    )
    spellings = {pk: [name] for pk, name in persons.values_list("pk", "name")}
    for person_id, name in aliases.order_by("pk").values_list("person_id", "name"):
        spellings.setdefault(person_id, []).append(name)
    return spellings


def reindex_articles(article_ids) -> None:
    """Bring the index up to date for these articles, whatever happened to them: published
    ones are (re)written, drafts and deleted ones removed, and their quotes follow them."""
    ids = {int(pk) for pk in article_ids if pk is not None}
    if not ids:
        return
    pending = _pending()
    if pending is not None:
        pending["article"].update(ids)
        return
    engine = get_engine()
    for chunk in chunked(sorted(ids)):
        docs = article_documents(chunk)
        engine.write_articles(docs, remove_ids=set(chunk) - {d.pk for d in docs})
        quote_ids = Quote.objects.filter(article_id__in=chunk).values_list("pk", flat=True)
        reindex_entries("quote", list(quote_ids))
    caching.content_changed()  # search results are cached like pages


def _entry_queryset(kind):
    if kind == "person":
        return Person.objects.prefetch_related("aliases")
    if kind == "session":
        return Session.objects.all()
    if kind == "topic":
        return Topic.objects.all()
    if kind == "quote":
        return Quote.objects.public().select_related("speaker").prefetch_related("speaker__aliases")
    raise ValueError(f"Unknown kind of search entry: {kind!r}")


_ENTRY_BUILDERS = {
    "person": documents.person_entry,
    "session": documents.session_entry,
    "topic": documents.topic_entry,
    "quote": documents.quote_entry,
}


def reindex_entries(kind: str, ids) -> None:
    """Rewrite the index entries of these people, sessions, topics or quotes (by pk)."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    pending = _pending()
    if pending is not None:
        pending[kind].update(ids)
        return
    engine = get_engine()
    build = _ENTRY_BUILDERS[kind]
    for chunk in chunked(sorted(ids)):
        entries = [build(obj) for obj in _entry_queryset(kind).filter(pk__in=chunk)]
        kept = {e.pk for e in entries}
        engine.write_entries(entries, remove=[(kind, pk) for pk in chunk if pk not in kept])
    caching.content_changed()


def rebuild_index(progress=None) -> dict[str, int]:
    """Empty the index and write everything again. Returns how many of each were indexed;
    progress("indexing", done, total) hears how far it is, a batch at a time."""
    engine = get_engine()
    engine.ensure_indexes()
    engine.clear()
    article_ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    entry_ids = {
        kind: list(_entry_queryset(kind).order_by("pk").values_list("pk", flat=True))
        for kind in ENTRY_KINDS
    }
    total = len(article_ids) + sum(map(len, entry_ids.values()))
    done = 0

    def advanced(n):
        nonlocal done
        done += n
        if progress is not None:
            progress("indexing", done, total)

    people = person_spellings()
    for chunk in chunked(article_ids, 2000):
        engine.write_articles(article_documents(chunk, people))
        advanced(len(chunk))
    counts = {"article": len(article_ids)}
    for kind, ids in entry_ids.items():
        for chunk in chunked(ids, 2000):
            engine.write_entries(
                [_ENTRY_BUILDERS[kind](o) for o in _entry_queryset(kind).filter(pk__in=chunk)]
            )
            advanced(len(chunk))
        counts[kind] = len(ids)
    caching.content_changed()
    return counts


def optimize_index() -> None:
    """Compact the index and refresh the planner's statistics after a large write (best
    outside a transaction: PostgreSQL can then also VACUUM)."""
    get_engine().optimize()


def index_is_empty() -> bool:
    return get_engine().is_empty()
