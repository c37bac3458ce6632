"""While an import writes, another editor saving a form gets no "database is locked": on
SQLite the connections use WAL (readers never wait) and wait for the one writer (busy
timeout) rather than fail, and an import holds the write lock for less than that wait."""

import json
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils.text import slugify

from archive.models import Article, Source
from archive.transfer.pipeline import import_file
from tests.jobs.test_queue import ROOT, manage, worker_env
from tests.transfer.test_import_archive import upload

ROWS = 2000

EDITOR = """
import django, json, sys, time; django.setup()
from pathlib import Path
from django.contrib.auth import get_user_model
from django.test import Client
started, done = Path(sys.argv[1]), Path(sys.argv[2])
user = get_user_model().objects.create_superuser("second-editor", "e@example.org", "x")
client = Client()
client.force_login(user)
while not started.exists():
    time.sleep(0.05)
saves = []
n = 0
while not done.exists():
    n += 1
    begun = time.perf_counter()
    try:
        response = client.post(
            "/admin/archive/source/add/", {"name": f"Source {n}", "slug": f"source-{n}"}
        )
        outcome = response.status_code
    except Exception as error:
        outcome = f"{type(error).__name__}: {error}"
    saves.append([outcome, time.perf_counter() - begun, not done.exists()])
    time.sleep(0.1)
print(json.dumps(saves))
"""

IMPORTER = """
import sys
from pathlib import Path
Path(sys.argv[1]).touch()
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "import_archive", "articles", sys.argv[2]])
"""


def test_sqlite_connections_use_wal_and_wait_for_the_writer():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite settings; PostgreSQL locks rows, not the database")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"] and options["timeout"] >= 20


@pytest.mark.django_db(transaction=True)
def test_an_editor_saves_a_form_while_an_import_writes(tmp_path):
    env = worker_env(tmp_path, "immediate")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    rows = [f"Report {n},2020-01-02,published,Report {n} on the harvest." for n in range(ROWS)]
    data = tmp_path / "articles.csv"
    data.write_text("title,published_on,status,body\n" + "\n".join(rows) + "\n")
    started, done = tmp_path / "started", tmp_path / "done"
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(started), str(done)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)  # the editor has logged in and waits for the import to start
        manage(env, str(started), str(data), code=IMPORTER)
    finally:
        done.touch()
        out, err = editor.communicate(timeout=120)
    saves = json.loads(out.strip().splitlines()[-1])
    during = [save for save in saves if save[2]]
    assert len(during) >= 3, (saves, err[-2000:])  # the saves overlapped the import
    assert {outcome for outcome, _seconds, _during in saves} == {302}, err[-2000:]


def _save_a_source_elsewhere(name):
    """What a second editor's save does: a write on a connection of its own (a thread)."""
    outcome = []

    def save():
        try:
            Source.objects.create(name=name, slug=slugify(name))
            outcome.append("saved")
        except DatabaseError as error:
            outcome.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=save)
    thread.start()
    thread.join(60)
    return outcome[0] if outcome else "still waiting"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "write"])
def test_another_editor_saves_while_an_import_is_checked(dry_run):
    """Checking a file (the whole preview, and the first part of a write) opens no write
    transaction: on SQLite, whose transactions begin IMMEDIATE, one would hold the lock of
    the whole database while every row is checked, and the other editor's save would wait
    for it and end in "database is locked"."""
    rows = "".join(
        f"Report {n},2020-01-02,published,Report {n} on the harvest.\n" for n in range(600)
    )
    saves, transactions = [], []

    def progress(phase, done, total):
        if phase == "checking" and done in (200, 400):
            transactions.append(connection.in_atomic_block)
            saves.append(_save_a_source_elsewhere(f"Source {done}"))

    outcome = import_file(
        "articles",
        upload("a.csv", "title,published_on,status,body\n" + rows),
        dry_run=dry_run,
        progress=progress,
    )
    assert outcome.ok, outcome.errors
    assert saves == ["saved", "saved"]
    assert transactions == [False, False]
    assert Source.objects.count() == 2
    assert Article.objects.count() == (0 if dry_run else 600)


@pytest.mark.django_db(transaction=True)
def test_a_large_file_with_one_bad_row_writes_nothing():
    rows = [f"Report {n},2020-01-02,published,Text {n}." for n in range(1500)]
    rows[1234] = "Report 1234,2020-02-31,published,Text."
    csv = "title,published_on,status,body\n" + "\n".join(rows) + "\n"
    outcome = import_file("articles", upload("a.csv", csv))
    assert [(p.row, p.column) for p in outcome.errors] == [("row 1236", "published_on")]
    assert not Article.objects.exists()
