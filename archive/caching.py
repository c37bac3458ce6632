"""Whole-page caching of the public pages, invalidated by any write to the archive's tables.

Visitors' pages are stored under a key that includes a *content generation* number kept in the
cache. Any INSERT, UPDATE or DELETE on an `archive_*` table bumps the generation, so every
page stored before it is never served again (the old entries just expire). Writes are seen at
the database-cursor level rather than through model signals because imports, admin bulk
actions and link detection write with bulk_create() and queryset.update(), which send none.

Inside a transaction the generation is bumped again at commit: a page that another process
rendered while the transaction was open showed the old content and must not outlive it. (The
connection writing sees its own uncommitted rows, so if this process stored pages since its
last bump, it bumps at the write too.)

With Redis (REDIS_URL) the generation is shared by every worker and server, so a change shows
everywhere at once. With the local-memory cache each worker process has its own generation:
the worker that made the change forgets its pages at once and the others within
ARCHIVE_PAGE_CACHE_SECONDS (5 s by default without Redis). Logged-in users (editors previewing
drafts) never get or fill cached pages, and a failing cache never fails a page.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "archive:content-generation"
STATUS_HEADER = "X-Archive-Cache"
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
MAX_PAGE_BYTES = 1024 * 1024


def page_cache_seconds():
    return getattr(settings, "ARCHIVE_PAGE_CACHE_SECONDS", 0)


# --- The content generation -------------------------------------------------------------------


def _fresh_generation():
    # Larger than any earlier value, so an evicted counter never brings back old pages.
    return time.time_ns() // 1000


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# Whether this process stored a page since it last bumped the generation.
_stored_since_bump = True


def bump_generation():
    """Forget every cached page. Never raises: a cache outage must not fail a write."""
    global _stored_since_bump
    _stored_since_bump = False
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet, or evicted
            cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception:
        logger.warning("Could not invalidate the page cache", exc_info=True)


def is_content_write(sql):
    if not isinstance(sql, str):
        return False
    head = sql.lstrip()[:120]
    return head[:7].upper().startswith(WRITE_VERBS) and "archive_" in head


def content_changed(using="default"):
    """Call after writing archive content by some path the cursor watch cannot see."""
    if not page_cache_seconds():
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        bump_generation()
        return
    if _stored_since_bump:
        bump_generation()
    savepoints = set(connection.savepoint_ids)
    for sids, func, _robust in connection.run_on_commit:
        if func is _bump_after_commit and sids == savepoints:
            return  # already due at the commit of this (sub)transaction
    connection.on_commit(_bump_after_commit)


def _bump_after_commit():
    bump_generation()


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_content_write(sql):
        content_changed(context["connection"].alias)
    return result


def watch(connection):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


@receiver(connection_created, dispatch_uid="archive.caching.watch_writes")
def _watch_new_connection(sender, connection, **kwargs):
    watch(connection)


for _connection in connections.all(initialized_only=True):
    watch(_connection)


# --- Figures shared by several pages ---------------------------------------------------------


def cached(name, compute):
    """compute(), kept as the pages are: until the next write to the archive.

    For figures about the whole archive that many pages show (every session's number of
    articles, the articles per year): they cost tens of milliseconds at 100,000 articles and
    change only when the archive does. Without page caching, computed every time.
    """
    global _stored_since_bump
    seconds = page_cache_seconds()
    if not seconds:
        return compute()
    try:
        key = f"archive:data:{current_generation()}:{name}"
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        _stored_since_bump = True
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("Could not store %s in the cache", name, exc_info=True)
    return value


# --- The pages --------------------------------------------------------------------------------


def is_public_page(request):
    match = request.resolver_match
    return (
        match is not None
        and "archive" in match.app_names
        and match.url_name not in getattr(settings, "ARCHIVE_PAGE_CACHE_EXCLUDE", ())
    )


def page_key(request, generation):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = getattr(request, "LANGUAGE_CODE", "")
    digest = hashlib.sha256(f"{language}|{url}".encode()).hexdigest()
    return f"archive:page:{generation}:{digest}"


def storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False  # a nonce is for one response only
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return len(response.content) <= MAX_PAGE_BYTES


class PublicPageCacheMiddleware:
    """Serves anonymous GETs of the archive's public pages from the cache.

    Place it after AuthenticationMiddleware and inside the middleware that add headers
    (security, CSP, session Vary): those run on cached responses too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _stored_since_bump
        response = self.get_response(request)
        key = getattr(request, "_archive_page_key", None)
        if key and storable(request, response):
            _stored_since_bump = True
            entry = (response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, entry, page_cache_seconds())
            except Exception:
                logger.warning("Could not store a page in the cache", exc_info=True)
            response[STATUS_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not page_cache_seconds()
            or request.method not in ("GET", "HEAD")
            or not is_public_page(request)
            or request.user.is_authenticated
        ):
            return None
        try:
            key = page_key(request, current_generation())
            entry = cache.get(key)
        except Exception:
            logger.warning("Page cache unavailable; rendering the page", exc_info=True)
            return None
        if entry is None:
            request._archive_page_key = key
            return None
        status, headers, content = entry
        response = HttpResponse(content, status=status, headers=dict(headers))
        response[STATUS_HEADER] = "hit"
        return response
