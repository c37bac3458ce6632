"""Time the public pages one request at a time, in-process: where the load benchmark's time goes.

    DATABASE_URL=sqlite:////tmp/load.sqlite3 .venv/bin/python bench/pages.py --repeat 5

Each page is requested through Django's test client with the production settings that matter
(DEBUG off, the whole-page cache of archive/caching.py off, no Redis), after one warm-up
request, `--repeat` times; it prints the median and the worst time, the number of queries and
how much of the median was spent in the database. The URLs are real ones from the corpus (the
same people, sessions and topics every run). A benchmark, not a test: figures depend on the
machine and on what else runs on it.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-pages-" + os.urandom(16).hex())
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["ARCHIVE_PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_HTTPS"] = "0"
    os.environ.setdefault("DJANGO_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "apk-static"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG off needs


def urls():
    from django.db.models import Count

    from archive.models import Article, Person, Session, Topic

    articles = Article.objects.published().newest_first()
    busiest = Person.objects.annotate(n=Count("article_links")).order_by("-n", "pk").first()
    quiet = Person.objects.order_by("slug")[1000 if Person.objects.count() > 1000 else 0]
    session = Session.objects.order_by("-number").first()
    topic = Topic.objects.order_by("slug").first()
    article = articles.values_list("slug", flat=True)[1234]
    return [
        ("home", "/"),
        ("articles", "/articles/"),
        ("articles page 37", "/articles/?page=37"),
        ("articles person", f"/articles/?person={quiet.slug}"),
        ("articles session", f"/articles/?session={session.number}"),
        ("articles topic", f"/articles/?topic={topic.slug}"),
        ("articles year", "/articles/?year=2015"),
        ("articles language", "/articles/?language=ru"),
        ("articles sess+en+title", "/articles/?session=27&language=en&ordering=title"),
        ("article", f"/articles/{article}/"),
        ("sessions", "/sessions/"),
        ("session 27", "/sessions/27/"),
        (f"session {session.number}", f"/sessions/{session.number}/"),
        ("timeline", "/timeline/"),
        ("people", "/people/"),
        ("person (busiest)", f"/people/{busiest.slug}/"),
        ("person (quiet)", f"/people/{quiet.slug}/"),
        ("topics", "/topics/"),
        ("topic", f"/topics/{topic.slug}/"),
        ("search", "/search/?q=flood+relief"),
    ]


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="comma-separated page names (substring match)")
    parser.add_argument("--queries", action="store_true", help="print each query's time too")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    sql = {"seconds": 0.0, "count": 0, "log": []}

    def timer(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            sql["seconds"] += elapsed
            sql["count"] += 1
            sql["log"].append((elapsed, statement))

    pages = urls()
    if args.only:
        wanted = args.only.split(",")
        pages = [(name, url) for name, url in pages if any(w in name for w in wanted)]
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}, load before:"
        f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"{'page':24} {'median':>8} {'max':>8} {'queries':>8} {'in SQL':>8}  url")
    for name, url in pages:
        assert client.get(url).status_code == 200, url  # warm-up
        times, sql_times = [], []
        with connection.execute_wrapper(timer):
            for _ in range(args.repeat):
                sql.update(seconds=0.0, count=0, log=[])
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                sql_times.append(sql["seconds"])
                assert response.status_code == 200, url
        print(
            f"{name:24} {statistics.median(times) * 1000:6.0f}ms {max(times) * 1000:6.0f}ms"
            f" {sql['count']:8} {statistics.median(sql_times) * 1000:6.0f}ms  {url}"
        )
        if args.queries:
            for elapsed, statement in sql["log"]:
                print(f"{'':24} {elapsed * 1000:6.1f}ms  {' '.join(statement.split())[:150]}")
    print(f"load after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
