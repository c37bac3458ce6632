"""Load benchmark: gunicorn with the production settings on 127.0.0.1, driven by locust.

Fill a database of your own first (100,000 articles take a few minutes), then run:

    export DATABASE_URL=sqlite:////tmp/load.sqlite3      # or postgres://postgres@127.0.0.1/apk_load
    DJANGO_DEBUG=1 .venv/bin/python manage.py migrate
    DJANGO_DEBUG=1 .venv/bin/python manage.py generate_corpus --articles 100000 --seed 1
    .venv/bin/python bench/load.py --users 4,8,16 --duration 60
    .venv/bin/python bench/load.py --users 8 --duration 60 --import-articles 5000

For each number of users it starts the server (migrate, collectstatic and gunicorn as
`make serve` does, DJANGO_DEBUG=0), runs locust headless for --duration seconds with that many
users sending requests back to back (no think time: the closed loop finds the throughput), and
prints requests/s, p50 / p95 / p99 and the number of errors. --import-articles N also has an
editor import N new articles (archive.transfer.pipeline, the admin's and import_archive's pipeline)
while the visitors browse, and reports how long the import took.

The mix follows what visitors of an archive do: article pages (--long-tail, 70 % by default,
drawn from the whole archive, i.e. mostly pages no one opened lately and the page cache does
not hold; the rest from the newest 300), the home page, lists with pages and filters,
sessions, people, topics, search and feeds. Requests go to 127.0.0.1 only, in bounded time.
REDIS_URL (default: Redis db 14 on 127.0.0.1, flushed first; "none" for each worker's local
memory) selects the cache. A benchmark, not a test: figures depend on the machine and on
what else runs on it.

When locust loads this file (`locust -f bench/load.py`) only the visitor class below is used.
"""

import os
import random

if __name__ != "__main__":
    import json
    from urllib.parse import quote

    from locust import FastHttpUser, constant, task

    with open(os.environ["ARCHIVE_LOAD_PLAN"], encoding="utf-8") as plan_file:
        PLAN = json.load(plan_file)
    HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy in front says

    class Visitor(FastHttpUser):
        wait_time = constant(0)

        def page(self, url, name):
            self.client.get(url, name=name, headers=HTTPS)

        def article(self):
            # Most visitors arrive from a search engine on a page no one opened lately: the
            # long tail is drawn from the whole archive, the rest from the newest few hundred.
            long_tail = random.random() < PLAN["long_tail"]
            return random.choice(PLAN["articles"] if long_tail else PLAN["popular"])

        @task(30)
        def article_detail(self):
            self.page(f"/articles/{self.article()}/", "article")

        @task(10)
        def home(self):
            self.page("/", "home")

        @task(8)
        def article_list(self):
            self.page(f"/articles/?page={random.randint(1, 50)}", "articles (pages)")

        @task(10)
        def filtered_list(self):
            choice = random.choice(
                [
                    f"session={random.choice(PLAN['sessions'])}",
                    f"topic={random.choice(PLAN['topics'])}",
                    f"person={random.choice(PLAN['people'])}",
                    f"source={random.choice(PLAN['sources'])}",
                    f"language={random.choice(['en', 'ru', 'kk'])}",
                    f"year={random.randint(1995, 2025)}",
                    f"session={random.choice(PLAN['sessions'])}&language=en&ordering=title",
                ]
            )
            self.page(f"/articles/?{choice}", "articles (filters)")

        @task(2)
        def session_list(self):
            self.page("/sessions/", "sessions")

        @task(5)
        def session_detail(self):
            self.page(f"/sessions/{random.choice(PLAN['sessions'])}/", "session")

        @task(2)
        def person_list(self):
            self.page("/people/", "people")

        @task(8)
        def person_detail(self):
            self.page(f"/people/{random.choice(PLAN['people'])}/", "person")

        @task(2)
        def topic_list(self):
            self.page("/topics/", "topics")

        @task(5)
        def topic_detail(self):
            self.page(f"/topics/{random.choice(PLAN['topics'])}/", "topic")

        @task(8)
        def search(self):
            query = random.choice(PLAN["queries"])
            self.page(f"/search/?q={quote(query)}", "search")

        @task(2)
        def feed(self):
            if PLAN["feeds"]:
                self.page(random.choice(PLAN["feeds"]), "feeds")

    class Trivial(FastHttpUser):
        """--ceiling: a view that does nothing, on the same server (bench/ceiling_urls.py)."""

        wait_time = constant(0)

        @task
        def trivial(self):
            self.client.get("/trivial/", name="trivial", headers=HTTPS)


def main():
    import argparse
    import datetime
    import json
    import platform
    import socket
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="4,8,16", help="comma-separated steps")
    parser.add_argument("--duration", type=int, default=60, help="seconds per step (max 600)")
    parser.add_argument("--import-articles", type=int, default=0, metavar="N")
    parser.add_argument("--import-after", type=int, default=5, help="seconds into the step")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: 2 x cores + 1)")
    parser.add_argument("--static-root", default=os.path.join(tempfile.gettempdir(), "apk-static"))
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="before each step, the same users on a view that does nothing (the ceiling)",
    )
    parser.add_argument(
        "--long-tail",
        type=float,
        default=0.7,
        help="share of article views drawn from the whole archive (default 0.7)",
    )
    args = parser.parse_args()
    if not 0 <= args.long_tail <= 1:
        sys.exit("--long-tail is a share between 0 and 1.")
    duration = min(args.duration, 600)

    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        sys.exit("Set DATABASE_URL to the database holding the corpus (see the docstring).")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        # The site's settings plus /trivial/ (bench/ceiling_settings.py): the ceiling runs on
        # the very same server configuration as the mix.
        "DJANGO_SETTINGS_MODULE": "bench.ceiling_settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or os.urandom(40).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
        "DJANGO_STATIC_ROOT": args.static_root,
        "DATABASE_URL": database_url,
    }
    if redis_url == "none":
        env.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = redis_url
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)

    os.environ.update(env)
    sys.path.insert(0, str(root))
    import django

    django.setup()
    from django.db import connection

    workdir = Path(tempfile.mkdtemp(prefix="apk-load-"))
    plan_path = workdir / "plan.json"
    plan = make_plan(args.long_tail)
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    import_file = None
    if args.import_articles:
        import_file = workdir / "import.csv"
        write_import_file(import_file, args.import_articles, plan)
    articles = plan.pop("article_count")
    connection.close()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    env["ARCHIVE_LOAD_PLAN"] = str(plan_path)
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {articles:,} published articles;"
        f" cache: {env.get('REDIS_URL', 'local memory per worker')};"
        f" {os.cpu_count()} cores, Python {platform.python_version()}, load before:"
        f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    results = []
    for users in [int(u) for u in args.users.split(",")]:
        ceiling = None
        if args.ceiling:
            ceiling = run_step(env, port, workdir / f"u{users}-ceiling", users, duration, "Trivial")
            ceiling_rps = ceiling["rps"]
            print(
                f"users {users:3}: ceiling (a view that does nothing) {ceiling_rps:7.1f} req/s"
                f"  p95 {ceiling['p95']:4} ms  errors {ceiling['errors']}"
            )
        row = run_step(
            env,
            port,
            workdir / f"u{users}",
            users,
            duration,
            "Visitor",
            import_file=import_file,
            import_rows=args.import_articles,
            import_after=args.import_after,
        )
        row.update(users=users, database=connection.vendor, articles=articles)
        if ceiling:
            row["ceiling_rps"] = ceiling["rps"]
            row["ratio_to_ceiling"] = (
                round(row["rps"] / ceiling["rps"], 3) if ceiling["rps"] else None
            )
        results.append(row)
        imported = row["imported"]
        print(
            f"users {users:3}: {row['rps']:7.1f} req/s  p50 {row['p50']:4} ms"
            f"  p95 {row['p95']:4} ms  p99 {row['p99']:5} ms  max {row['max']:6.0f} ms"
            f"  requests {row['requests']:6}  errors {row['errors']}"
            + (f"  ({row['ratio_to_ceiling']:.3f} of the ceiling)" if ceiling else "")
            + (f"  import: {imported}" if imported else "")
        )
        for name, stats in row["pages"].items():
            print(
                f"    {name:20} {stats['requests']:6} req"
                f"  p50 {stats['p50']:4}  p95 {stats['p95']:4}  errors {stats['errors']}"
            )
    print(f"load after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; logs in {workdir}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"at": datetime.datetime.now().isoformat(), "results": results}, indent=2)
        )


def run_step(
    env, port, prefix, users, duration, user_class, import_file=None, import_rows=0, import_after=5
):
    """One step: a fresh gunicorn (and an empty Redis cache), locust with `users` of
    `user_class` for `duration` seconds, an import during it if asked; its summary."""
    import csv
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    manage = [sys.executable, str(root / "manage.py")]
    if env.get("REDIS_URL"):
        flush_redis(env["REDIS_URL"])
    logs = prefix.parent
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"],
        cwd=root,
        env=env,
        stderr=open(logs / "gunicorn.log", "ab"),  # noqa: SIM115 - closed with the process
    )
    locust = None
    imported = None
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", urllib.request)
        locust = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                __file__,
                user_class,
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs / "locust.log", "ab"),  # noqa: SIM115 - closed with the process
        )
        if import_file:
            time.sleep(import_after)
            started = time.perf_counter()
            done = subprocess.run(
                [*manage, "import_archive", "articles", str(import_file)],
                env=env,
                capture_output=True,
                text=True,
            )
            imported = {
                "rows": import_rows,
                "seconds": round(time.perf_counter() - started, 1),
                "ok": done.returncode == 0,
                "message": (done.stdout + done.stderr).strip().splitlines()[-1:],
            }
        locust.wait(duration + 60)
    finally:
        stop(server)
        stop(locust)
    row = summary(prefix, csv)
    row["imported"] = imported
    return row


def make_plan(long_tail):
    """Real URLs of the corpus: the visitors' mix draws from these."""
    from django.urls import get_resolver, reverse

    from archive.models import Article, Person, Session, Source, Topic

    published = Article.objects.published()
    count = published.count()
    rng = random.Random(7)
    # Enough distinct articles that a run of a few minutes seldom opens one twice.
    every_slug = list(published.order_by("pk").values_list("slug", flat=True))
    slugs = rng.sample(every_slug, min(50_000, len(every_slug)))
    popular = list(published.newest_first().values_list("slug", flat=True)[:300])
    people = list(Person.objects.values_list("slug", flat=True)[:3000])
    feeds = []
    for name in get_resolver("apksite.urls").reverse_dict:
        if isinstance(name, str) and "feed" in name:
            try:
                feeds.append(reverse(name))
            except Exception:  # a feed that needs arguments
                continue
    for name in list(get_resolver("archive.site.urls").reverse_dict):
        if isinstance(name, str) and "feed" in name:
            try:
                feeds.append(reverse(f"archive:{name}"))
            except Exception:
                continue
    names = rng.sample(people, min(20, len(people)))
    return {
        "article_count": count,
        "long_tail": long_tail,
        "articles": slugs,
        "popular": popular,
        "people": people,
        "sessions": list(Session.objects.values_list("number", flat=True)),
        "topics": list(Topic.objects.values_list("slug", flat=True)),
        "sources": list(Source.objects.values_list("slug", flat=True)),
        "feeds": sorted(set(feeds)),
        "queries": [
            "Tokayev",
            "unity",
            "XXVII",
            "27th session",
            "language",
            "interethnic harmony",
            "youth volunteers",
            "Nazarbayev 1995",
            "flood relief",
            "Ассамблея",
            "culture",
            "education OR language",
            "harmoney",
            *(n.replace("-", " ") for n in names),
        ],
    }


def write_import_file(path, rows, plan):
    """N new articles (unique per run) naming existing sessions, people and topics."""
    import csv
    import time

    rng = random.Random(rows)
    run = time.strftime("%Y%m%d%H%M%S")
    words = (
        "unity accord Assembly session youth language culture harmony region volunteers "
        "dialogue tradition friendship education citizens nation"
    ).split()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["title", "status", "published_on", "sessions", "people", "topics", "lead", "body"]
        )
        for n in range(rows):
            body = "\n\n".join(
                " ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(4)
            )
            writer.writerow(
                [
                    f"Imported during load {run} number {n}",
                    "published",
                    f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
                    "|".join(str(s) for s in rng.sample(plan["sessions"], 2)),
                    "|".join(rng.sample(plan["people"], 2)),
                    "|".join(rng.sample(plan["topics"], 1)),
                    f"Lead of imported article {n}.",
                    body,
                ]
            )


def stop(process):
    """Ask, then insist: a worker stuck in a slow request must not hold up the benchmark."""
    import subprocess

    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(15)


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def wait_for(url, urllib_request, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if urllib_request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url}")


def summary(prefix, csv):
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def stats(row):
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50": int(float(row["50%"] or 0)),
            "p95": int(float(row["95%"] or 0)),
            "p99": int(float(row["99%"] or 0)),
            "max": float(row["Max Response Time"] or 0),
        }

    total = next(row for row in rows if row["Name"] == "Aggregated")
    result = stats(total)
    result["pages"] = {row["Name"]: stats(row) for row in rows if row["Name"] != "Aggregated"}
    return result


if __name__ == "__main__":
    main()
