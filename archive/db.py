"""Helpers every part uses to read and write the database in batches of bounded size.

A batch keeps the number of SQL parameters under the engines' limits (SQLite's 32,766) and a
statement's memory small, whatever the size of the archive.
"""

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

BATCH_SIZE = 500


def chunked(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """The items in lists of at most `size`, in order."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
