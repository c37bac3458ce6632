"""Time the public pages one request at a time, in-process: where the load benchmark's time goes.

    DATABASE_URL=sqlite:////tmp/load.sqlite3 .venv/bin/python bench/pages.py --repeat 5
    DATABASE_URL=... .venv/bin/python bench/pages.py --baseline /path/to/old/checkout

Each page is requested through Django's test client with the production settings that matter
(DEBUG off, the whole-page cache of archive/caching.py off, no Redis), after one warm-up
request, `--repeat` times; it prints the median wall time, the median CPU time (this
process's, plus the PostgreSQL backend's read from /proc when the database is PostgreSQL on
this machine: the request's whole cost, whatever else runs), the worst wall time, the number
of queries and how much of the median was spent in the database. The URLs are real ones from
the corpus (the same people, sessions and topics every run).

`--baseline DIR` runs the same pages with the code of another checkout (e.g. a worktree of
main) in a second process on the same database, interleaved page by page and `--rounds`
times, so that the shared machine's load falls on both alike, and prints old, new and their
ratio. A benchmark, not a test: figures depend on the machine and on what else runs on it.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(root=ROOT):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-pages-" + os.urandom(16).hex())
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["ARCHIVE_PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_HTTPS"] = "0"
    static = os.path.join(tempfile.gettempdir(), f"apk-static-{root.name}")  # one per checkout
    os.environ.setdefault("DJANGO_STATIC_ROOT", static)
    sys.path.insert(0, str(root))  # the code benchmarked: this checkout's, or --code's
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


def backend_cpu(connection):
    """CPU seconds the PostgreSQL backend of `connection` has used (0 elsewhere)."""
    if connection.vendor != "postgresql":
        return 0.0
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine: the worker's CPU alone
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url, repeat, sql):
    """{median, max, cpu, sql, queries, log} of `repeat` requests of `url` after a warm-up."""
    from django.db import connection

    assert client.get(url).status_code == 200, url  # warm-up
    times, cpus, sql_times = [], [], []
    with connection.execute_wrapper(sql.timer):
        for _ in range(repeat):
            sql.reset()
            cpu = time.process_time() + backend_cpu(connection)
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() + backend_cpu(connection) - cpu)
            sql_times.append(sql.seconds)
            assert response.status_code == 200, url
    return {
        "median": statistics.median(times),
        "max": max(times),
        "cpu": statistics.median(cpus),
        "sql": statistics.median(sql_times),
        "queries": sql.count,
        "log": sql.log,
    }


class SqlTimer:
    def __init__(self):
        self.reset()

    def reset(self):
        self.seconds, self.count, self.log = 0.0, 0, []

    def timer(self, execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            self.count += 1
            self.log.append((elapsed, statement))


def serve(repeat):
    """The baseline's side: read a URL per line, answer its figures as one JSON line."""
    import json

    from django.test import Client

    client, sql = Client(), SqlTimer()
    for line in sys.stdin:
        figures = measure(client, line.strip(), repeat, sql)
        figures.pop("log")
        print(json.dumps(figures), flush=True)


def load():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def compare(pages, args):
    """This checkout against --baseline, page by page, alternating, `--rounds` times."""
    import json
    import subprocess

    from django.test import Client

    worker = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--code",
            args.baseline,
            "--repeat",
            str(args.repeat),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    client, sql = Client(), SqlTimer()
    print(f"{'page':24} {'old CPU':>8} {'new CPU':>8} {'new/old':>8} {'old q':>6} {'new q':>6}")
    for round_number in range(1, args.rounds + 1):
        print(f"round {round_number}, load {load()}")
        for name, url in pages:
            worker.stdin.write(url + "\n")
            worker.stdin.flush()
            old = json.loads(worker.stdout.readline())
            new = measure(client, url, args.repeat, sql)
            print(
                f"{name:24} {old['cpu'] * 1000:6.1f}ms {new['cpu'] * 1000:6.1f}ms"
                f" {new['cpu'] / old['cpu']:7.2f}x {old['queries']:6} {new['queries']:6}"
            )
    worker.stdin.close()
    worker.wait()


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="comma-separated page names (substring match)")
    parser.add_argument("--skip", help="comma-separated page names to leave out (substring)")
    parser.add_argument("--queries", action="store_true", help="print each query's time too")
    parser.add_argument("--baseline", help="another checkout to compare with, interleaved")
    parser.add_argument("--rounds", type=int, default=2, help="with --baseline")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup(Path(args.code).resolve())
    if args.serve:
        serve(args.repeat)
        return
    from django.db import connection
    from django.test import Client

    pages = urls()
    if args.only:
        wanted = args.only.split(",")
        pages = [(name, url) for name, url in pages if any(w in name for w in wanted)]
    if args.skip:
        unwanted = args.skip.split(",")
        pages = [(name, url) for name, url in pages if not any(w in name for w in unwanted)]
    print(f"{connection.vendor} {connection.settings_dict['NAME']}, load before: {load()}")
    if args.baseline:
        compare(pages, args)
    else:
        client, sql = Client(), SqlTimer()
        print(f"{'page':24} {'median':>8} {'CPU':>8} {'max':>8} {'queries':>8} {'in SQL':>8}  url")
        for name, url in pages:
            f = measure(client, url, args.repeat, sql)
            print(
                f"{name:24} {f['median'] * 1000:6.1f}ms {f['cpu'] * 1000:6.1f}ms"
                f" {f['max'] * 1000:6.0f}ms {f['queries']:8} {f['sql'] * 1000:6.1f}ms  {url}"
            )
            if args.queries:
                for elapsed, statement in f["log"]:
                    print(f"{'':24} {elapsed * 1000:6.1f}ms  {' '.join(statement.split())[:150]}")
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
