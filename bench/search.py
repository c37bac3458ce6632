"""Search latency benchmark: the full /search/ view against a naive icontains scan.

Fill a database of your own first, then run this against it, e.g.

    export DATABASE_URL=sqlite:////tmp/search_bench.sqlite3
    DJANGO_DEBUG=1 .venv/bin/python manage.py migrate
    DJANGO_DEBUG=1 .venv/bin/python manage.py generate_corpus --articles 100000 --seed 1
    .venv/bin/python bench/search.py --rounds 10

It runs a fixed mix of 20 realistic queries through the whole request (URL routing,
middleware, search, template) with DEBUG off, and the same queries through a naive search
(every word ANDed as title/lead/body icontains, newest first: count and first page), and
prints p50/p95 of each and their ratio. Every search is cold: page caching, and with it the
results cache of archive.search, is off. With --cached the same rounds are timed again with
the results cache on and filled (the whole-page cache still off for /search/): what a
repeated query costs until the archive next changes. A benchmark, not a test: figures depend
on the machine and on what else runs on it (the load average is printed before and after).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

QUERIES = [
    "Tokayev Kazakhstan language",
    "XXVII",
    "Kassym-Zhomart",
    "heart to heart flood",
    "Nazarbayev 1995",
    "flood relief",
    "unity",
    "interethnic harmony",
    '"we are different, but we are equal"',
    "27th session",
    "twenty-seventh",
    "Tokay",
    "sessions youth",
    "volunteers -flood",
    "education OR language",
    "Tuimebayev",
    "Ассамблея",
    "Тоқаев",
    "harmoney",
    "ethno-cultural associations Almaty",
]


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log, templates cached: as in production
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_HTTPS", "0")  # the test client speaks plain HTTP
    # Measure the search, not the whole-page cache (archive/caching.py) in front of it.
    os.environ.setdefault("ARCHIVE_PAGE_CACHE_SECONDS", "0")
    os.environ.setdefault(
        "DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()


def naive_search(text, page_size=20):
    """What a first version would do: icontains on every word, newest first."""
    from django.db.models import Q

    from archive.models import Article

    articles = Article.objects.published()
    for word in text.replace('"', " ").split():
        if word.upper() == "OR" or word.startswith("-"):
            continue
        articles = articles.filter(
            Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
        )
    count = articles.count()
    page = list(articles.order_by("-published_on", "-pk")[:page_size])
    return count, page


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _load():
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def timed(fn):
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds of the search mix")
    parser.add_argument("--naive-rounds", type=int, default=2, help="timed rounds of the naive")
    parser.add_argument("--per-query", action="store_true", help="print each query's p50")
    parser.add_argument(
        "--exact-baseline",
        action="store_true",
        help="also time each query with exact counts (PostgreSQL's sampling off), interleaved",
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="then time the same rounds again with the results cache on and warm",
    )
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from archive.models import Article

    load_before = _load()
    client = Client()
    url = reverse("archive:search")

    def view(q):
        # exact=0: the results page even for a query naming one session or person (which
        # /search/ otherwise redirects to that page).
        response = client.get(url, {"q": q, "exact": "0"})
        assert response.status_code == 200, (q, response.status_code)

    for q in QUERIES:  # warm caches and connections; also checks every query answers
        view(q)
    from archive.search import sampling

    strides = sampling.SAMPLE_STRIDES
    search_ms = {q: [] for q in QUERIES}
    exact_ms = {q: [] for q in QUERIES}
    for _ in range(args.rounds):
        for q in QUERIES:
            search_ms[q].append(timed(lambda q=q: view(q)))
            if args.exact_baseline:
                sampling.SAMPLE_STRIDES = ()
                exact_ms[q].append(timed(lambda q=q: view(q)))
                sampling.SAMPLE_STRIDES = strides
    naive_ms = {q: [] for q in QUERIES}
    for q in QUERIES if args.naive_rounds else ():
        naive_search(q)
    for _ in range(args.naive_rounds):
        for q in QUERIES:
            naive_ms[q].append(timed(lambda q=q: naive_search(q)))

    cached_ms = {q: [] for q in QUERIES}
    if args.cached:
        # The results cache (archive.search.service, caching.cached) is on whenever page
        # caching is; the whole-page cache stays off for /search/, so the view still runs.
        from django.conf import settings

        settings.ARCHIVE_PAGE_CACHE_SECONDS = 600
        settings.ARCHIVE_PAGE_CACHE_EXCLUDE = [*settings.ARCHIVE_PAGE_CACHE_EXCLUDE, "search"]
        for q in QUERIES:  # fills the cache
            view(q)
        for _ in range(args.rounds):
            for q in QUERIES:
                cached_ms[q].append(timed(lambda q=q: view(q)))

    all_search = [ms for values in search_ms.values() for ms in values]
    all_naive = [ms for values in naive_ms.values() for ms in values]
    engine = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if engine == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    published = Article.objects.published().count()
    print(f"load average before: {load_before}, after: {_load()}")
    print(f"engine: {engine} {version} ({connection.settings_dict['NAME']})")
    print(f"published articles: {published} of {Article.objects.count()}")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"queries: {len(QUERIES)}; search rounds {args.rounds}, naive rounds {args.naive_rounds}")
    if args.per_query:
        for q in QUERIES:
            s = statistics.median(search_ms[q])
            line = f"  {q!r:45} search {s:8.1f} ms"
            if exact_ms[q]:
                line += f"   exact counts {statistics.median(exact_ms[q]):8.1f} ms"
            if naive_ms[q]:
                n = statistics.median(naive_ms[q])
                line += f"   naive {n:9.1f} ms   x{n / s:7.1f}"
            if args.cached:
                line += f"   cached {statistics.median(cached_ms[q]):6.1f} ms"
            print(line)
    p50, p95 = percentile(all_search, 0.5), percentile(all_search, 0.95)
    print(f"search view : p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   (cold: no results cache)")
    if args.exact_baseline:
        all_exact = [ms for values in exact_ms.values() for ms in values]
        e50, e95 = percentile(all_exact, 0.5), percentile(all_exact, 0.95)
        print(f"exact counts: p50 {e50:8.1f} ms   p95 {e95:8.1f} ms   (sampling off, interleaved)")
    if args.cached:
        all_cached = [ms for values in cached_ms.values() for ms in values]
        c50, c95 = percentile(all_cached, 0.5), percentile(all_cached, 0.95)
        print(f"search view : p50 {c50:8.1f} ms   p95 {c95:8.1f} ms   (warm results cache)")
    if not all_naive:
        return
    n50, n95 = percentile(all_naive, 0.5), percentile(all_naive, 0.95)
    print(f"naive scan  : p50 {n50:8.1f} ms   p95 {n95:8.1f} ms")
    print(f"ratio naive/search: p50 x{n50 / p50:.1f}   p95 x{n95 / p95:.1f}")


if __name__ == "__main__":
    main()
