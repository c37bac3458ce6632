"""A job whose worker dies is noticed (no heartbeat), shown as such, and queued again; run
again it writes nothing twice: a worker killed (SIGKILL) in the middle of an import leaves,
once a worker runs again, exactly what an uninterrupted run leaves."""

import datetime
import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.utils import timezone

from archive.jobs import services, tasks
from archive.models import Job
from tests.jobs.test_queue import ROOT, manage, worker_env

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def running_job(minutes_silent, attempts=1, **fields):
    then = timezone.now() - datetime.timedelta(minutes=minutes_silent)
    return Job.objects.create(
        kind=Job.Kind.REBUILD_SEARCH_INDEX,
        title="Rebuild",
        state=Job.State.RUNNING,
        phase=Job.Phase.INDEXING,
        started_at=then,
        heartbeat_at=then,
        attempts=attempts,
        params={"task": tasks.rebuild_search_index.module_path},
        **fields,
    )


@pytest.mark.django_db
def test_a_silent_running_job_is_queued_again_with_a_note(settings):
    settings.TASKS = DUMMY
    settings.ARCHIVE_JOB_STALE_MINUTES = 10
    silent, alive = running_job(11), running_job(2)
    assert [(job.pk, outcome) for job, outcome in services.recover()] == [(silent.pk, "requeued")]
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.state == Job.State.QUEUED and silent.task_id
    assert "was queued again and starts over (run 2 of at most 3)" in silent.result["summary"]
    assert alive.state == Job.State.RUNNING
    assert services.recover() == []  # queued now: not taken twice


@pytest.mark.django_db
def test_a_job_whose_worker_died_too_often_fails_saying_why(settings, admin_client):
    settings.ARCHIVE_JOB_STALE_MINUTES = 10
    job = running_job(30, attempts=3)
    assert [outcome for _job, outcome in services.recover()] == ["failed"]
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "stopped (no sign of life for 10 minutes) 3 time(s); it is not run again" in page


@pytest.mark.django_db
def test_a_silent_job_shows_on_its_page_and_in_healthz(settings, client, admin_client):
    settings.ARCHIVE_JOB_STALE_MINUTES = 10
    settings.ARCHIVE_QUEUE_STUCK_MINUTES = 10
    job = running_job(15)
    status = admin_client.get(f"/admin/archive/job/{job.pk}/status/").json()
    assert status["summary"].startswith("No sign of life from the worker for over 10 minutes")
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["queue"] == "stuck: 1 running job(s) silent for over 10 minutes"
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_run_of_a_requeued_job_does_not_overwrite_the_new_run(settings):
    settings.TASKS = DUMMY
    job = running_job(30)
    services.recover()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=2)
    services.finish(job, {"summary": "the first run, late"})  # job.attempts is still 1
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and "late" not in job.result.get("summary", "")


# --- A real worker, really killed ------------------------------------------------------------

ROWS = 1500

SETUP = """
import django, sys; django.setup()
from pathlib import Path
from django.conf import settings
from django.db import transaction
from archive.models import Person
from archive.transfer.tasks import start_import
if not Person.objects.exists():
    Person.objects.create(name="Aigerim Nurlanova")
rows, prefix = ["title,published_on,status,body"], sys.argv[2]
rows += [
    f"{prefix} {n},2020-01-{1 + n % 28:02d},published,"
    f"{prefix} {n}: Aigerim Nurlanova spoke of harvest {n % 7}."
    for n in range(int(sys.argv[1]))
]
folder = Path(settings.ARCHIVE_IMPORT_DIR)
folder.mkdir(parents=True, exist_ok=True)
(folder / "upload.csv").write_text("\\n".join(rows) + "\\n")
with transaction.atomic():
    job = start_import(None, model_key="articles", stored="upload.csv", name="a.csv", write=True)
print(job.pk)
"""

# What one run left, its prefix ("Zebra", "Quokka") taken out so that two runs compare.
DUMP = """
import django, json, sys; django.setup()
from archive.models import Article, ArticlePerson, Job
from archive.search import search_articles
prefix, pk = sys.argv[1], int(sys.argv[2])
ours = Article.objects.filter(title__startswith=prefix + " ")
def plain(text):
    return text.replace(prefix, "~").replace(prefix.lower(), "~")
articles = sorted([plain(v) for v in row] for row in ours.values_list("slug", "title", "body"))
links = ArticlePerson.objects.filter(article__in=ours)
links = links.values_list("article__slug", "person__name", "origin")
links = sorted([plain(slug), person, origin] for slug, person, origin in links)
found = sorted(plain(a.slug) for a in search_articles(f"{prefix} harvest 3"))
job = Job.objects.get(pk=pk)
print(json.dumps({
    "articles": articles, "links": links, "found": found,
    "job": [job.state, job.result.get("counts"), job.attempts],
}))
"""


def last_json(completed):
    return json.loads(completed.stdout.strip().splitlines()[-1])


def job_row(env, pk):
    """(state, phase, done) of the job, read straight from the worker's database."""
    if connection.vendor == "sqlite":
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=30) as db:
            return db.execute(
                "SELECT state, phase, done FROM archive_job WHERE id = ?", [pk]
            ).fetchone()
    return Job.objects.values_list("state", "phase", "done").get(pk=pk)


def start_worker(env):
    command = [sys.executable, "manage.py", "worker", "--publish-interval", "0"]
    return subprocess.Popen(
        [*command, "--recover-interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(env, pk, condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = job_row(env, pk)
        if condition(*row):
            return row
        time.sleep(0.05)
    pytest.fail(f"job {pk} never got there: {job_row(env, pk)}")


def run_import(env, prefix, kill_when=None):
    pk = int(manage(env, str(ROWS), prefix, code=SETUP).stdout.strip().splitlines()[-1])
    worker = start_worker(env)
    try:
        if kill_when is not None:
            wait_for(env, pk, kill_when, 240)
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
            assert job_row(env, pk)[0] == Job.State.RUNNING  # killed before it ended
            worker = start_worker(env)  # a worker again: it notices the silent job
        wait_for(env, pk, lambda state, *_: state not in Job.UNFINISHED_STATES, 300)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
    return last_json(manage(env, prefix, str(pk), code=DUMP))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "kill_when",
    [
        pytest.param(lambda state, phase, done: phase == Job.Phase.WRITING, id="writing"),
        pytest.param(lambda state, phase, done: phase == Job.Phase.LINKING, id="linking"),
    ],
)
def test_a_worker_killed_mid_import_leaves_what_an_uninterrupted_run_leaves(tmp_path, kill_when):
    env = worker_env(
        tmp_path,
        "database",
        ARCHIVE_IMPORT_DIR=str(tmp_path / "imports"),
        ARCHIVE_JOB_HEARTBEAT_SECONDS="0.5",
        ARCHIVE_JOB_STALE_MINUTES="0.05",  # 3 s without a heartbeat: the worker died
    )
    uninterrupted = run_import(env, "Zebra")
    assert uninterrupted["job"] == ["succeeded", {"new": ROWS, "updated": 0, "unchanged": 0}, 1]
    assert len(uninterrupted["articles"]) == ROWS
    assert len(uninterrupted["links"]) == ROWS  # everyone names Aigerim Nurlanova
    assert len(uninterrupted["found"]) == ROWS // 7 + (ROWS % 7 > 3)

    resumed = run_import(env, "Quokka", kill_when)
    assert resumed["job"][0] == "succeeded" and resumed["job"][2] == 2  # run again once
    assert resumed["articles"] == uninterrupted["articles"]  # each row once, as written
    assert resumed["links"] == uninterrupted["links"]
    assert resumed["found"] == uninterrupted["found"]
