"""Helpers every part uses to read and write the database in batches of bounded size.

A batch keeps the number of SQL parameters under the engines' limits (SQLite's 32,766) and a
statement's memory small, whatever the size of the archive. And a "contains, whatever the case"
that holds for Cyrillic on SQLite too.
"""

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db import connections, transaction
from django.db.models import Q, QuerySet, sql
from django.db.models.deletion import Collector

T = TypeVar("T")

BATCH_SIZE = 500
# Seconds long work pauses between two of its write transactions on SQLite, which lets one
# connection write at a time: its busy handler retries a waiting writer every 100 ms once it
# has waited a while, so a pause as long lets another editor's save in between.
WRITER_PAUSE = 0.1


def chunked(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """The items in lists of at most `size`, in order."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def let_other_writers_in(alias: str = "default") -> None:
    """Between two write transactions of long work (an import, its link detection): on
    SQLite, a pause in which another connection's waiting write takes the lock."""
    connection = connections[alias]
    # Inside a transaction the pause would only hold the lock longer.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(WRITER_PAUSE)


def case_spellings(word: str) -> set[str]:
    """`word` (or phrase) as typed and in the cases text is written in: lower, Capitalised,
    Every Word Capitalised (names: "Касым-Жомарт Токаев"), UPPER."""
    return {word, word.lower(), word.capitalize(), word.title(), word.upper()}


def contains_any_case(fields: Iterable[str], word: str) -> Q:
    """Rows where one of `fields` contains `word`, whatever its case, in every script.

    SQLite's LIKE folds ASCII letters only ("токаев" misses "Токаев"); PostgreSQL's ILIKE folds
    them all. So each usual case of the word is asked for as well: a word written in a case of
    its own ("тОкаев") is the one thing SQLite still misses."""
    condition = Q()
    for spelling in case_spellings(word) if not word.isascii() else {word}:
        for name in fields:
            condition |= Q(**{f"{name}__icontains": spelling})
    return condition


def delete_without_signals(queryset) -> int:
    """Delete the rows of `queryset` and what cascades from them, as QuerySet.delete() does,
    but without the pre_delete/post_delete receivers of each object (history, counts, the
    names queue, the search index): for rows nobody ever saw, such as an import's staged
    articles, where those receivers cost 15 ms an article and record what never existed.
    Returns the number of rows deleted."""
    using = queryset.db
    collector = Collector(using=using, origin=None)
    collector.collect(queryset)
    collector.sort()
    deleted = 0
    with transaction.atomic(using=using, savepoint=False):
        for fast in collector.fast_deletes:
            deleted += fast._raw_delete(using=using)
        for (field, value), instances_list in collector.field_updates.items():
            for instances in instances_list:
                if isinstance(instances, QuerySet) and instances._result_cache is None:
                    instances.update(**{field.name: value})
                else:
                    pks = list({obj.pk for obj in instances})
                    sql.UpdateQuery(field.model).update_batch(pks, {field.name: value}, using)
        for model, instances in collector.data.items():  # sort() put them in order
            pks = [obj.pk for obj in instances]
            deleted += sql.DeleteQuery(model).delete_batch(pks, using)
    return deleted
