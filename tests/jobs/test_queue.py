"""The queue: /healthz says when it is stuck, and real workers (db_worker, RQ) run tasks."""

import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from archive.models import Job
from tests.redis_databases import redis_url_for_tests

ROOT = Path(__file__).resolve().parents[2]


@task()
def add(a, b):
    return a + b


@pytest.mark.django_db
def test_healthz_is_ok_while_the_queue_moves(client, database_queue):
    add.enqueue(2, 3)  # just queued
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "queue": "ok",
    }


@pytest.mark.django_db
def test_healthz_fails_when_a_task_waits_too_long(client, database_queue, settings):
    settings.ARCHIVE_QUEUE_STUCK_MINUTES = 10
    result = add.enqueue(2, 3)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=14)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "stuck: a task has waited 14 minutes for a worker"


@pytest.mark.django_db
def test_a_task_deferred_to_later_is_not_stuck(client, database_queue):
    later = timezone.now() + datetime.timedelta(hours=5)
    result = add.using(run_after=later).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_job_left_queued_is_stuck_too(client, queued):
    Job.objects.create(
        kind=Job.Kind.IMPORT, created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"].startswith("stuck: a task has waited 30 minutes")


def manage(env, *args, code=None):
    """manage.py with these arguments, or Python `code` with sys.argv[1:] = args."""
    command = [sys.executable, "manage.py", *args]
    if code is not None:
        command = [sys.executable, "-c", code, *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )


ENQUEUE = """
import django; django.setup()
from tests.jobs.test_queue import add
print(add.enqueue(2, 3).id)
"""

CHECK = """
import django, json, sys; django.setup()
from django_tasks import default_task_backend
result = default_task_backend.get_result(sys.argv[1])
value = result.return_value if result.is_finished else None
print(json.dumps({"status": result.status, "value": value}))
"""


JOB_ENQUEUE = """
import django; django.setup()
from django.db import transaction
from archive.jobs import services, tasks
from archive.models import Article, Job
Article.objects.create(title="Worker test", slug="worker-test", status="published")
with transaction.atomic():
    job = services.start(Job.Kind.REBUILD_SEARCH_INDEX, tasks.rebuild_search_index)
print(job.pk)
"""

JOB_CHECK = """
import django, json, sys; django.setup()
from archive.models import Job
job = Job.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"state": job.state, "counts": job.result.get("counts"), "task": job.task_id}))
"""


def worker_env(folder, backend, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apksite.settings",
        "DJANGO_DEBUG": "1",
        "ARCHIVE_TASKS_BACKEND": backend,
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    if connection.vendor == "sqlite":  # the test database is in memory: a file of its own
        env["DATABASE_URL"] = f"sqlite:///{folder}/worker.sqlite3"
        manage(env, "migrate", "--noinput", "-v0")
    else:  # the test database itself, committed (transaction=True)
        db = connection.settings_dict
        login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{login}@{address}/{db['NAME']}"
    return env


def run_queued_task(env, *worker_command):
    task_id = manage(env, code=ENQUEUE).stdout.strip().splitlines()[-1]
    assert json.loads(manage(env, task_id, code=CHECK).stdout)["status"] == "READY"
    manage(env, *worker_command)
    return json.loads(manage(env, task_id, code=CHECK).stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_real_db_worker_runs_a_queued_task():
    """`manage.py db_worker` in a subprocess takes the task from the database and runs it."""
    with tempfile.TemporaryDirectory() as folder:
        env = worker_env(folder, "database")
        outcome = run_queued_task(
            env, "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"
        )
    assert outcome == {"status": "SUCCESSFUL", "value": 5}


def run_queued_job(env, *worker_command):
    job_id = manage(env, code=JOB_ENQUEUE).stdout.strip().splitlines()[-1]
    assert json.loads(manage(env, job_id, code=JOB_CHECK).stdout)["state"] == "queued"
    manage(env, *worker_command)
    return json.loads(manage(env, job_id, code=JOB_CHECK).stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_real_db_worker_runs_a_queued_job():
    """`manage.py db_worker` in a subprocess takes the job from the database and runs it."""
    with tempfile.TemporaryDirectory() as folder:
        env = worker_env(folder, "database")
        outcome = run_queued_job(
            env, "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"
        )
    assert outcome["state"] == "succeeded", outcome
    assert outcome["counts"]["article"] == 1
    assert outcome["task"]


REDIS_FOR_TESTS = redis_url_for_tests(0)


def redis_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS_FOR_TESTS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_with_redis_an_rq_worker_runs_a_queued_task():
    import redis

    redis.Redis.from_url(REDIS_FOR_TESTS).flushdb()
    with tempfile.TemporaryDirectory() as folder:
        env = worker_env(folder, "redis", REDIS_URL=REDIS_FOR_TESTS)
        outcome = run_queued_task(
            env, "rqworker", "--burst", "--with-scheduler", "--job-class", "django_tasks_rq.Job"
        )
    redis.Redis.from_url(REDIS_FOR_TESTS).flushdb()
    assert outcome == {"status": "SUCCESSFUL", "value": 5}


def test_make_run_starts_the_worker_and_stops_it_with_the_server():
    run = subprocess.run(
        ["make", "-n", "run", "VENV=/nonexistent"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert "manage.py worker &" in run
    assert "trap 'kill $worker" in run
    assert "manage.py runserver" in run
    assert "manage.py worker" in (ROOT / "Makefile").read_text().split("\nworker:")[1]
