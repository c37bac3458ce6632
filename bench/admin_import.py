"""An editor imports a large articles CSV through the admin: preview, then confirm.

    DJANGO_DEBUG=1 .venv/bin/python bench/admin_import.py [--rows 10000]
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/apk_bench_admin \
        .venv/bin/python bench/admin_import.py

Generates the same deterministic files as bench/import.py, imports the sessions, people,
topics and sources they name into a scratch database made for the run (and dropped after
it), then, logged in with the Django test client as a member of the Editors group, uploads
the articles file on the admin's Import page (the preview: a dry run) and confirms it.
Prints the time of each step, the size of the preview page and what the import wrote.
"""

import argparse
import html
import importlib.util
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def _bench_import():
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--bad-row",
        type=int,
        default=0,
        help="give this spreadsheet row (the header is row 1) a date that does not exist: "
        "the preview must refuse the file, naming the row",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # no query log
    # No collectstatic for a benchmark: plain static file names, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    scratch = "/tmp/apk_bench_admin.sqlite3" if vendor == "sqlite" else "apk_bench_admin"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = scratch
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _bench_import().generate(folder, args.rows)
        if args.bad_row:
            _spoil_date(folder / "articles.csv", args.bad_row)
        original = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            run(folder, args.rows, vendor, args.bad_row)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


def _spoil_date(path, row_number):
    import csv

    with open(path, newline="", encoding="utf-8") as file:
        records = list(csv.reader(file))
    records[row_number - 1][records[0].index("published_on")] = "31.02.2019"
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(records)


def run(folder, rows, vendor, bad_row=0):
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from archive.editors import GROUP_NAME
    from archive.models import Article, ArticlePerson, ArticleSession, UnmatchedName
    from archive.transfer.pipeline import import_file

    for key in ("sessions", "people", "topics", "sources"):
        assert import_file(key, folder / f"{key}.csv").ok
    editor = User.objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=GROUP_NAME))
    client = Client()
    client.force_login(editor)
    content = (folder / "articles.csv").read_bytes()

    started = time.perf_counter()
    preview = client.post(
        reverse("admin:archive_article_import"),
        {
            "resource": "0",
            "format": "0",  # CSV
            "import_file": SimpleUploadedFile("articles.csv", content, "text/csv"),
        },
    )
    preview_seconds = time.perf_counter() - started
    assert preview.status_code == 200, preview.status_code
    page = preview.content
    if bad_row:
        problems = re.findall(rb"<li>\s*(Row \d+ \(the header is row 1\)[^<]*)", page)
        print(f"database: {vendor}; load average {os.getloadavg()[0]:.1f}")
        print(f"file:     {rows} articles, {len(content) / 1024 / 1024:.1f} MB CSV")
        print(
            f"preview:  {preview_seconds:.2f}s, page {len(page) / 1024:.0f} KB, "
            f"confirmation offered: {b'Confirm import' in page}"
        )
        for problem in problems:
            print(f"problem:  {html.unescape(problem.decode()).strip()}")
        print(f"written:  {Article.objects.count()} articles")
        return
    form = re.search(rb'<form action="[^"]*process_import/" method="POST">(.*?)</form>', page, re.S)
    assert form is not None, "no confirmation offered"
    fields = {
        name.decode(): html.unescape(value.decode())
        for name, value in re.findall(
            rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[1]
        )
    }
    table_rows = len(re.findall(rb"<tr class=\"(?:new|update|skip)\"", page))

    started = time.perf_counter()
    done = client.post(
        reverse("admin:archive_article_process_import"),
        fields,
    )
    confirm_seconds = time.perf_counter() - started
    assert done.status_code == 302, done.status_code

    print(f"database: {vendor}; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    print(f"file:     {rows} articles, {len(content) / 1024 / 1024:.1f} MB CSV")
    print(
        f"preview:  {preview_seconds:.2f}s, page {len(page) / 1024 / 1024:.2f} MB "
        f"({len(page):,} bytes), {table_rows} row(s) shown"
    )
    print(f"confirm:  {confirm_seconds:.2f}s")
    print(
        f"written:  {Article.objects.count()} articles, {ArticleSession.objects.count()} session "
        f"links, {ArticlePerson.objects.count()} person links, "
        f"{UnmatchedName.objects.count()} names queued"
    )


if __name__ == "__main__":
    main()
