"""Read replicas: visitors' pages read from a PostgreSQL streaming replica, all else the primary.

DATABASE_REPLICA_URLS (apksite/settings.py) adds the aliases listed in ARCHIVE_REPLICAS. With
none, neither the router nor the middleware does anything. With some, a request reads the
archive's content from one replica (chosen per request, so one page reads one consistent copy)
only when all of these hold; otherwise everything goes to the primary ("default"):

- it comes through ReplicaMiddleware (the web site): background jobs, management commands and
  migrations run outside any request, so on the primary;
- it is a GET or HEAD, outside the admin, from a visitor who is not logged in (editors see drafts
  and their own changes), without the pin cookie a request that wrote sets for
  ARCHIVE_REPLICA_PIN_SECONDS (so the editor who saved and is redirected sees the saved page);
- nothing in this request has written yet, and no transaction is open on the primary;
- the model is the archive's own (sessions, users, login throttling and the job queue are read
  where they are written: a login must never vanish into replication lag);
- the replica has replayed the primary's WAL up to the position it had when the current content
  generation began (archive/caching.py): a page rendered and cached under a generation never
  shows content older than that generation, however far a replica lags. A lagging (or
  unreachable) replica sends its visitors to the primary until it catches up.
"""

import contextvars
import logging
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from archive import caching

logger = logging.getLogger(__name__)

PIN_COOKIE = "archive_primary"
REPLICA_APPS = {"archive"}
POSITION_KEY = "archive:primary-position:{generation}"


def replica_aliases():
    return getattr(settings, "ARCHIVE_REPLICAS", [])


@dataclass
class _RequestReads:
    replica: str | None  # None: this request reads from the primary from now on
    caught_up: bool | None = None  # not yet asked
    wrote: bool = False


_reads: contextvars.ContextVar[_RequestReads | None] = contextvars.ContextVar(
    "archive_request_reads", default=None
)


def _may_read_from_a_replica(request):
    if request.method not in ("GET", "HEAD") or PIN_COOKIE in request.COOKIES:
        return False
    if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
        return False
    return not request.user.is_authenticated


class ReplicaMiddleware:
    """Decides where the request reads from, and pins a browser to the primary after a write.

    After AuthenticationMiddleware (it asks whether the user is logged in) and before the page
    cache (which may render the page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replica_aliases()
        if not aliases:
            return self.get_response(request)
        chosen = random.choice(aliases) if _may_read_from_a_replica(request) else None  # noqa: S311
        reads = _RequestReads(replica=chosen)
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if reads.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.ARCHIVE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _primary_position():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def position_of_generation():
    """The primary's WAL position when the current content generation had already begun.

    Asked of the primary once per generation (the first reader after a change), then shared
    through the cache. Read after the generation, so every commit that bumped it is before it.
    """
    key = POSITION_KEY.format(generation=caching.current_generation())
    position = cache.get(key)
    if position is None:
        cache.add(key, _primary_position(), timeout=max(caching.page_cache_seconds(), 86400))
        position = cache.get(key)
    return position


def has_caught_up(alias):
    """Whether the replica `alias` holds every change of the current content generation."""
    try:
        position = position_of_generation()
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [position],
            )
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        logger.warning("Replica %s unavailable; reading from the primary", alias, exc_info=True)
        return False
    except Exception:  # the cache: without a known position no replica can be trusted
        logger.warning("Cannot tell whether %s has caught up", alias, exc_info=True)
        return False


class PrimaryReplicaRouter:
    """Every write and migration on the primary; reads as the module docstring says."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if (
            reads is None
            or reads.replica is None
            or model._meta.app_label not in REPLICA_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        if reads.caught_up is None:
            reads.caught_up = has_caught_up(reads.replica)
        return reads.replica if reads.caught_up else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            # The rest of this request, and this browser for a while, read what it wrote.
            reads.replica = None
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS
