"""The service API task code uses: progress, finish, fail, cancel before the write."""

import pytest
from django_tasks import task

from archive.jobs import services
from archive.jobs.services import JobCancelled, begin_writing, job_task, report_progress
from archive.models import Job

pytestmark = pytest.mark.django_db


@task()
@job_task
def counting(job):
    report_progress(job, Job.Phase.CHECKING, 5, 10)
    if services.cancel_requested(job):
        raise JobCancelled
    begin_writing(job)
    report_progress(job, Job.Phase.WRITING, 10, 10)
    return {"summary": "10 rows written", "counts": {"written": 10}}


@task()
@job_task
def broken(job):
    report_progress(job, Job.Phase.READING, 1, 3)
    raise ValueError("the third row has no title")


def test_a_job_runs_to_success_with_its_result(django_capture_on_commit_callbacks, editor):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(Job.Kind.IMPORT, counting, user=editor, title="Count", total=10)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total, job.percent) == (10, 10, 100)
    assert job.result["counts"] == {"written": 10}
    assert job.started_by == editor
    assert job.started_at <= job.finished_at
    assert job.task_id


def test_a_failing_job_is_failed_with_a_report_not_a_crash(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(Job.Kind.IMPORT, broken, total=3)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "unexpected error" in job.result["summary"]
    assert job.finished_at is not None


def test_a_queued_job_cancelled_never_runs(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(Job.Kind.IMPORT, counting, total=10)
    assert services.request_cancel(job)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    counting.func(job.pk)  # the worker reaches it later: nothing happens
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and job.done == 0


def test_a_running_job_is_cancelled_before_it_writes():
    job = Job.objects.create(kind=Job.Kind.IMPORT, total=10)

    @job_task
    def checking(job):
        report_progress(job, Job.Phase.CHECKING, 3, 10)
        assert services.request_cancel(job)  # the editor clicks Cancel meanwhile
        begin_writing(job)
        raise AssertionError("wrote after a cancel")

    checking(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert "before anything changed" in job.result["summary"]


def test_cancel_is_refused_once_the_write_started():
    job = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.RUNNING, total=10)
    begin_writing(job)
    assert not services.request_cancel(job)
    job.refresh_from_db()
    assert not job.cancel_requested and not job.can_cancel


def test_progress_writes_are_throttled(django_assert_num_queries):
    job = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.RUNNING, total=1000)
    with django_assert_num_queries(1):
        for done in range(1, 500):
            report_progress(job, Job.Phase.CHECKING, done)
    with django_assert_num_queries(1):  # a new phase is always written
        report_progress(job, Job.Phase.WRITING, 0)
    with django_assert_num_queries(1):  # and so is the end
        report_progress(job, Job.Phase.WRITING, 1000)
    job.refresh_from_db()
    assert (job.phase, job.done) == (Job.Phase.WRITING, 1000)


def test_the_estimate_follows_the_pace():
    import datetime

    from django.utils import timezone

    now = timezone.now()
    job = Job(state=Job.State.RUNNING, done=250, total=1000)
    job.started_at = now - datetime.timedelta(seconds=60)
    assert job.elapsed(now) == 60
    assert job.remaining(now) == 180
    assert job.percent == 25


def test_a_queue_that_cannot_be_reached_fails_the_job_not_the_page(
    django_capture_on_commit_callbacks,
):
    class Unreachable:
        def enqueue(self, *args):
            raise ConnectionError("redis is down")

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(Job.Kind.IMPORT, Unreachable())
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "could not be queued" in job.result["summary"]


@pytest.mark.django_db(transaction=True)
def test_progress_from_inside_a_long_transaction_is_seen_at_once_where_it_can_be():
    """An import's all-or-nothing write is one transaction: its progress goes through a
    second connection (PostgreSQL), so the job page sees it and Cancel is not kept waiting
    by a lock on the job's row; SQLite (one writer) keeps it for the next write outside."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    job = Job.objects.create(kind=Job.Kind.IMPORT, title="An import", state=Job.State.RUNNING)
    with transaction.atomic():
        written = services.report_progress_outside(job, Job.Phase.CHECKING, 5, 10)
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute(f"SELECT done FROM {Job._meta.db_table} WHERE id = %s", [job.pk])
                seen = cursor.fetchone()[0]
        finally:
            other.close()
            services.close_side_connection(job)
    assert (job.phase, job.done, job.total) == (Job.Phase.CHECKING, 5, 10)
    if connection.vendor == "sqlite":
        assert not written and seen == 0
    else:
        assert written and seen == 5
    services.report_progress(job, Job.Phase.WRITING, 6, 10)  # outside: written as always
    assert Job.objects.values_list("done", flat=True).get(pk=job.pk) == 6
