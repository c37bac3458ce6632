"""Rows per second of the bulk article import (archive.transfer.pipeline, as `import_archive`
runs it).

    DJANGO_DEBUG=1 .venv/bin/python bench/import.py [--rows 10000]
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/apk_bulkimport \
        .venv/bin/python bench/import.py

Generates a deterministic articles CSV (plus the sessions, people, topics and sources it
refers to), imports it into a scratch database created for the run and dropped after it,
then imports the same file again (every row unchanged). Prints rows/s and where the time went.

Then, in the same database, the same file as `import_archive --derived-later` does it (the
rows written and committed, then the derived work: links, names queue, search index, as the
background job runs it), and the floor: a plain bulk_create() of the same rows' articles
(title, slug, lead, body, language), to compare the content write with.
"""

import argparse
import csv
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

SYLLABLES = "ka sa ny mu ra zhan bek tai nur ay gul bol at er dos kul ba tyr al ma an".split()
TOPICS = [
    "Interethnic harmony", "Language policy", "Civil society", "Youth", "Religion",
    "Volunteering", "Culture", "Education", "Diplomacy", "Economy", "Regions", "History",
]  # fmt: skip
SOURCES = ["Akorda", "The Astana Times", "Kazinform", "Kazpravda", "APK press office"]
WORDS = (
    "assembly unity harmony session delegates people country peace accord dialogue "
    "ethnic cultural centres youth language tradition community development stability "
    "president speech council regional programme society tolerance future"
).split()


def person_name(rng):
    first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + "ov"
    return f"{first} {last}"


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def generate(folder: Path, count: int, seed: int = 2024):
    """The reference files and an articles file of `count` rows, the same for every run."""
    rng = random.Random(seed)
    write_csv(
        folder / "sessions.csv",
        ["number", "start_date", "title", "location"],
        [[n, f"{1994 + n}-04-{10 + n % 15}", f"Motto {n}", "Astana"] for n in range(1, 34)],
    )
    people = sorted({person_name(rng) for _ in range(80)})
    people_rows = [
        [name, f"{name.split()[0][0]}. {name.split()[1]}", "Member of the Assembly", ""]
        for name in people
    ]
    people_rows.append(["Kassym-Jomart Tokayev", "K. Tokayev|Tokayev", "President", ""])
    write_csv(folder / "people.csv", ["name", "aliases", "role", "bio"], people_rows)
    write_csv(folder / "topics.csv", ["name", "description"], [[t, ""] for t in TOPICS])
    write_csv(folder / "sources.csv", ["name", "url"], [[s, ""] for s in SOURCES])

    notations = [str, lambda n: f"{n}th" if n > 3 else str(n), roman]
    rows = []
    for i in range(1, count + 1):
        sessions = rng.sample(range(1, 34), rng.randint(0, 2))
        named = rng.sample(people, rng.randint(0, 3))
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choices(WORDS, k=rng.randint(40, 80))
            if named and rng.random() < 0.5:
                words.insert(rng.randint(0, len(words)), rng.choice(named))
            if sessions and rng.random() < 0.5:
                words.insert(0, f"At the {sessions[0]}th session of the Assembly")
            paragraphs.append(" ".join(words).capitalize() + ".")
        year = rng.randint(1995, 2024)
        date = rng.choice(
            [f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", f"1{rng.randint(0, 9)}.05.{year}",
             f"April {year}", str(year)]
        )  # fmt: skip
        rows.append(
            [
                f"Article {i}: {' '.join(rng.choices(WORDS, k=5))}",
                date,
                rng.choice(SOURCES),
                f"https://example.kz/news/{i}",
                rng.choice(["en", "en", "ru", "kk"]),
                rng.choice(["published", "published", "draft"]),
                person_name(rng) if rng.random() < 0.3 else "",
                "|".join(rng.choice(notations)(n) for n in sessions),
                "|".join(named),
                "|".join(rng.sample(TOPICS, rng.randint(0, 2))),
                paragraphs[0][:200],
                "\n\n".join(paragraphs),
            ]
        )
    header = ["title", "published_on", "source", "source_url", "language", "status", "author"]
    header += ["sessions", "people", "topics", "lead", "body"]
    write_csv(folder / "articles.csv", header, rows)


def roman(n):
    from archive.text.numerals import to_roman

    return to_roman(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs, each in a fresh database; the best is kept"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # no query log: it would slow the import and eat memory
    vendor = connection.vendor
    scratch = "/tmp/apk_bench_import.sqlite3" if vendor == "sqlite" else "apk_bench_import"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = scratch
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.rows)
        size = (folder / "articles.csv").stat().st_size
        runs = [run_once(connection, folder) for _ in range(args.repeat)]
    print(f"database: {vendor} {_server_version(connection)}")
    print(f"machine:  {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"file:     {args.rows} articles, {size / 1024 / 1024:.1f} MB CSV; {args.repeat} run(s)")
    print(f"result:   {runs[0][2]}")
    for index, label in enumerate(("first import (all new)", "same file again (all unchanged)")):
        elapsed, outcome = min((run[index] for run in runs), key=lambda r: r[0])
        if index == 0:
            write, derive, write_cpu, derive_cpu = min(run[3] for run in runs)
            floor, floor_cpu = min(run[4] for run in runs)
            print(
                f"first import, derived later: rows written and committed in {write:.2f}s = "
                f"{args.rows / write:,.0f} rows/s ({write / floor:.1f}x the floor; CPU of "
                f"this process {write_cpu:.2f}s, {write_cpu / floor_cpu:.1f}x the floor's); "
                f"the derived work after it {derive:.2f}s (CPU {derive_cpu:.2f}s)"
            )
            print(
                f"    floor, a plain bulk_create() of the same articles: {floor:.2f}s = "
                f"{args.rows / floor:,.0f} rows/s (CPU {floor_cpu:.2f}s)"
            )
        phases = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.timings.items())
        print(f"{label}: {elapsed:.2f}s = {args.rows / elapsed:,.0f} rows/s ({phases})")
        derived = outcome.timings.get("detection", 0) + outcome.timings.get("search", 0)
        own = elapsed - derived
        print(f"    without link detection and search indexing: {own:.2f}s = "
              f"{args.rows / own:,.0f} rows/s")  # fmt: skip
        print(f"    {outcome.summary()} {' '.join(outcome.notes)}")


def run_once(connection, folder):
    """Both imports in a database made for this run (and dropped after it)."""
    from archive.models import Article, ArticlePerson, ArticleSession
    from archive.transfer.follow_up import derive
    from archive.transfer.pipeline import import_file, resource_for

    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        for key in ("sessions", "people", "topics", "sources"):
            outcome = import_file(key, folder / f"{key}.csv")
            assert outcome.ok, outcome.errors
        timed = []
        for _ in range(2):
            started = time.perf_counter()
            outcome = import_file("articles", folder / "articles.csv")
            timed.append((time.perf_counter() - started, outcome))
            assert outcome.ok, outcome.errors[:5]
        made = (
            f"{Article.objects.count()} articles, {ArticleSession.objects.count()} session "
            f"links, {ArticlePerson.objects.count()} person links"
        )
        start_again()
        started, cpu = time.perf_counter(), time.process_time()
        outcome = import_file("articles", folder / "articles.csv", derived_later=True)
        written = time.perf_counter() - started
        written_cpu = time.process_time() - cpu
        assert outcome.ok, outcome.errors[:5]
        started, cpu = time.perf_counter(), time.process_time()
        derive(resource_for("articles"), outcome.pending_refresh)  # what the job runs
        later = (written, time.perf_counter() - started, written_cpu, time.process_time() - cpu)
        start_again()
        return (*timed, made, later, plain_bulk_insert(folder / "articles.csv"))
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


def start_again():
    from archive.models import Article, UnmatchedName

    Article.objects.all().delete()
    UnmatchedName.objects.all().delete()


def plain_bulk_insert(path):
    """The floor: the file's articles read and inserted with bulk_create(), nothing checked,
    resolved or linked. Seconds."""
    from django.db import transaction
    from django.utils.text import slugify

    from archive.models import Article

    started, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8", newline="") as file:
        articles = [
            Article(
                title=row["title"],
                slug=f"{slugify(row['title'])[:40]}-{index}",
                lead=row.get("lead", ""),
                body=row["body"],
                language=row.get("language") or "en",
                status=Article.Status.PUBLISHED,
            )
            for index, row in enumerate(csv.DictReader(file))
        ]
    with transaction.atomic():
        Article.objects.bulk_create(articles, batch_size=1000)
    elapsed = (time.perf_counter() - started, time.process_time() - cpu)
    start_again()
    return elapsed


def _server_version(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    version = connection.pg_version  # e.g. 160004
    return f"{version // 10000}.{version % 10000}"


if __name__ == "__main__":
    main()
