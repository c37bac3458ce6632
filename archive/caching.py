"""Whole-page caching of the public pages, forgotten whenever the archive's content changes.

Visitors' pages are stored under a key that includes a *content generation* number kept in the
cache. Every write of archive content calls content_changed(), which bumps the generation, so
no page stored before it is served again (the old entries just expire). Saves and deletes reach
it through archive.receivers; the paths that write in bulk (imports, admin actions, link
detection, merges: bulk_create(), queryset.update(), raw SQL) send no signals and call it
themselves, once per write.

Inside a transaction the generation is bumped at the write and again at commit: a page that
another process rendered while the transaction was open showed the old content and must not
outlive it.

The generation lives in the shared cache (Redis with REDIS_URL: every server; else files every
process of the machine shares), so a change shows everywhere at once and a page lives until the
content changes (a day at most by default): the generation, not a timer, ends it. A per-process
cache would let other workers serve their old copies (tests/test_servers.py). With read
replicas, a replica serves a generation only once it has replayed it (archive/replicas.py).
A hit is one round trip (the generation and the page in one MGET). Logged-in users (editors
previewing drafts) never get or fill cached pages, and a failing cache never fails a page.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "archive:content-generation"
STATUS_HEADER = "X-Archive-Cache"
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


def bump_generation():
    """Forget every cached page. Never raises: a cache outage must not fail a write."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet, or evicted
            cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception:
        logger.warning("Could not invalidate the page cache", exc_info=True)


def content_changed(using=DEFAULT_DB_ALIAS):
    """Call after writing archive content: every cached page and figure is forgotten.

    At once (the writing connection sees its own changes, and so may the pages it renders),
    and again when the transaction commits, for the pages other processes stored meanwhile.
    """
    if not page_cache_seconds():
        return
    bump_generation()
    if connections[using].in_atomic_block:
        transaction.on_commit(bump_generation, using=using)


# --- Figures shared by several pages ---------------------------------------------------------


def cached(name, compute):
    """compute(), kept as the pages are: until the next write to the archive.

    For figures about the whole archive that many pages show (every session's number of
    articles, the articles per year): they cost tens of milliseconds at 100,000 articles and
    change only when the archive does. Without page caching, computed every time.
    """
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


def page_key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = getattr(request, "LANGUAGE_CODE", "")
    digest = hashlib.sha256(f"{language}|{url}".encode()).hexdigest()
    return f"archive:page:{digest}"


def read_page(key):
    """(generation now, the stored page if it is of that generation): one round trip.

    A page is stored with the generation it was rendered under; a page of an older one is
    stale and is rendered again (and overwritten).
    """
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return current_generation(), None
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return generation, None
    return generation, entry[1:]


def storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "csp_nonce", None):
        return False  # the page used its CSP nonce, which is for one response only
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
        response = self.get_response(request)
        key, generation = getattr(request, "_archive_page", (None, None))
        if key and storable(request, response):
            entry = (generation, response.status_code, list(response.items()), response.content)
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
        key = page_key(request)
        try:
            generation, entry = read_page(key)
        except Exception:
            logger.warning("Page cache unavailable; rendering the page", exc_info=True)
            return None
        if entry is None:
            request._archive_page = (key, generation)
            return None
        status, headers, content = entry
        response = HttpResponse(content, status=status, headers=dict(headers))
        response[STATUS_HEADER] = "hit"
        return response
