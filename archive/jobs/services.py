"""The service API for task code: start a job, report its progress, finish, fail, cancel.

    job = start(Job.Kind.DETECT_LINKS, task, user=request.user, title="...", total=n)
    # in the task (wrapped by @job_task, which marks it running and catches failures):
    report_progress(job, Job.Phase.CHECKING, done, total)    # written at most once a second
    report_progress_outside(job, ...)     # the same, from inside one long transaction
    if cancel_requested(job): raise JobCancelled             # only before the write starts
    begin_writing(job)                                       # from here on: no cancelling
    finish(job, {"summary": "...", "counts": {...}, "links": [...]})

Progress is written with UPDATE outside the work's own transaction, so the job page (another
process) sees it at once; the task keeps its transactions per batch.
"""

import datetime
import functools
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from archive.models import Job

logger = logging.getLogger(__name__)

# Sent (job=...) when recover() gives a job up after ARCHIVE_JOB_ATTEMPTS dead workers, so
# that the part whose work it was cleans up what a run left (archive/transfer/receivers.py:
# an import's hidden articles), without this module knowing the parts above it.
job_given_up = Signal()

# The least time between two progress writes of one job (phase changes are always written).
PROGRESS_INTERVAL = 1.0


class JobCancelled(Exception):
    """Raised by task code when cancel_requested(job): the job ends as cancelled."""


def start(kind, task, *, user=None, title="", total=0, params=None):
    """Create a queued Job and enqueue `task(job_id)` when the transaction commits."""
    job = Job.objects.create(
        kind=kind,
        title=title or Job.Kind(kind).label,
        started_by=user if getattr(user, "pk", None) else None,
        total=total,
        # Which task runs it, so that a job whose worker died can be queued again (recover()).
        params={**(params or {}), "task": getattr(task, "module_path", "")},
    )

    def enqueue():
        try:
            result = task.enqueue(job.pk)
        except Exception:  # the queue's store unreachable: the job says so, no error page
            logger.exception("Job %s could not be queued", job.pk)
            why = _("The job could not be queued (the task queue is unreachable). Try again.")
            fail(job, {"summary": why, "errors": []})
            return
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def job_task(func):
    """Wrap task code taking a Job: it runs only if the job is still queued (not cancelled,
    not run twice), is marked running with a heartbeat, and ends succeeded, cancelled or
    failed."""

    @functools.wraps(func)
    def run(job_id, *args, **kwargs):
        now = timezone.now()
        claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        job = Job.objects.get(pk=job_id)
        with Heartbeat(job):
            return _run(func, job, *args, **kwargs)

    return run


def _run(func, job, *args, **kwargs):
    try:
        result = func(job, *args, **kwargs)
    except JobCancelled:
        _end(job, Job.State.CANCELLED, {"summary": _("Cancelled before anything changed.")})
        return None
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.refresh_from_db()
        if not job.finished:
            why = _("The job stopped on an unexpected error; the log has the details.")
            fail(job, {"summary": why, "errors": []})
        raise
    job.refresh_from_db()
    if not job.finished:
        finish(job, result if isinstance(result, dict) else {})
    return job.pk


class Heartbeat:
    """A thread that writes the job's heartbeat_at every ARCHIVE_JOB_HEARTBEAT_SECONDS while
    the task runs, on a connection of its own, so that a long step without progress (one
    big transaction) still shows the worker alive. Not inside an outer transaction (the
    immediate backend in tests): its writes could not be seen there."""

    def __init__(self, job):
        self.job, self.stop = job, threading.Event()
        self.thread = None

    def __enter__(self):
        interval = settings.ARCHIVE_JOB_HEARTBEAT_SECONDS
        if interval > 0 and not connection.in_atomic_block:
            self.thread = threading.Thread(target=self.beat, args=(interval,), daemon=True)
            self.thread.start()
        return self

    def beat(self, interval):
        try:
            while not self.stop.wait(interval):
                try:
                    Job.objects.filter(
                        pk=self.job.pk, state=Job.State.RUNNING, attempts=self.job.attempts
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:  # SQLite busy with the job's own write: next time
                    logger.debug("Job %s: heartbeat not written", self.job.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    def __exit__(self, *exc_info):
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


def recover(now=None):
    """Queue again each running job whose worker died (no heartbeat for
    ARCHIVE_JOB_STALE_MINUTES), or mark it failed after ARCHIVE_JOB_ATTEMPTS runs; returns
    [(job, "requeued" or "failed")]. Every job task is safe to run again: an import's write
    is one transaction that committed or did not, and what derives from it is recomputed.
    The worker calls this at start and every minute; one conditional UPDATE per job, so two
    workers never both take it."""
    now = now or timezone.now()
    recovered = [(job, _recover_one(job, now)) for job in stale_jobs(now)]
    return [(job, outcome) for job, outcome in recovered if outcome]


def _recover_one(job, now):
    minutes = int(settings.ARCHIVE_JOB_STALE_MINUTES)
    same = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat_at=job.heartbeat_at)
    path = job.params.get("task", "")
    if job.attempts >= settings.ARCHIVE_JOB_ATTEMPTS or not path:
        why = _(
            "The worker running this job stopped (no sign of life for %(minutes)d minutes) "
            "%(n)d time(s); it is not run again. Start it anew once the cause is fixed."
        ) % {"minutes": minutes, "n": job.attempts}
        if not same.update(state=Job.State.FAILED, finished_at=now, result={"summary": why}):
            return ""
        logger.warning("Job %s failed: its worker stopped %s time(s)", job.pk, job.attempts)
        job.state = Job.State.FAILED
        job_given_up.send(sender=Job, job=job)
        return "failed"
    why = _(
        "The worker running this job stopped (no sign of life for %(minutes)d minutes): it "
        "was queued again and starts over (run %(next)d of at most %(most)d); nothing is "
        "written twice."
    ) % {"minutes": minutes, "next": job.attempts + 1, "most": settings.ARCHIVE_JOB_ATTEMPTS}
    taken = same.update(
        state=Job.State.QUEUED,
        phase="",
        done=0,
        heartbeat_at=None,
        cancel_requested=False,
        result={"summary": why, "resumed": True},
    )
    if not taken:
        return ""
    logger.warning("Job %s queued again: its worker stopped", job.pk)
    try:
        result = import_string(path).enqueue(job.pk)
    except Exception:  # the queue's store unreachable: the next recovery tries again
        logger.exception("Job %s could not be queued again", job.pk)
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, heartbeat_at=job.heartbeat_at
        )
        return ""
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return "requeued"


def stale_jobs(now=None):
    """Running jobs without a heartbeat for ARCHIVE_JOB_STALE_MINUTES (for /healthz)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=settings.ARCHIVE_JOB_STALE_MINUTES)
    return Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )


def report_progress(job, phase, done, total=None, *, force=False):
    """Record how far the job is. Writes at most once per PROGRESS_INTERVAL unless the phase
    changes, the job reaches its total or `force`."""
    total = job.total if total is None else total
    changed_phase = phase != job.phase
    job.phase, job.done, job.total = phase, done, total
    now = time.monotonic()
    last = getattr(job, "_progress_written", None)
    due = last is None or now - last >= PROGRESS_INTERVAL
    if not (force or changed_phase or done >= total or due):
        return False
    job._progress_written = now
    Job.objects.filter(pk=job.pk).update(
        phase=phase, done=done, total=total, heartbeat_at=timezone.now()
    )
    return True


def report_progress_outside(job, phase, done, total=None):
    """report_progress() for work inside one long transaction (an import's all-or-nothing
    write): written on a second connection, so the job page sees it at once and the job's row
    is not locked by the work's transaction (an editor's Cancel would wait for it). SQLite
    has one writer at a time, held by that transaction: there the progress is kept in memory
    and written by the next report outside it."""
    total = job.total if total is None else total
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return report_progress(job, phase, done, total)
    changed_phase = phase != job.phase
    job.phase, job.done, job.total = phase, done, total
    last = getattr(job, "_progress_written", None)
    now = time.monotonic()
    due = last is None or now - last >= PROGRESS_INTERVAL or changed_phase or done >= total
    if not due or connection.vendor == "sqlite":
        return False
    job._progress_written = now
    side = getattr(job, "_side_connection", None)
    if side is None:
        side = job._side_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(Job._meta.db_table)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET phase = %s, done = %s, total = %s, heartbeat_at = %s "  # noqa: S608
                "WHERE id = %s",
                [phase, done, total, side.ops.adapt_datetimefield_value(timezone.now()), job.pk],
            )
    except DatabaseError:  # progress is a courtesy: the work goes on without it
        logger.warning("Job %s: progress not written", job.pk, exc_info=True)
        return False
    return True


def close_side_connection(job):
    side = getattr(job, "_side_connection", None)
    if side is not None:
        side.close()
        job._side_connection = None


def cancel_requested(job):
    """Whether an editor asked to cancel (read fresh from the database)."""
    return Job.objects.filter(pk=job.pk, cancel_requested=True).exists()


def begin_writing(job, phase=Job.Phase.WRITING, done=0, total=None):
    """Enter the write: from now on the job cannot be cancelled. Raises JobCancelled if an
    editor cancelled first (one conditional UPDATE, so the two cannot cross)."""
    total = job.total if total is None else total
    moved = Job.objects.filter(pk=job.pk, cancel_requested=False).update(
        phase=phase, done=done, total=total
    )
    if not moved:
        raise JobCancelled
    job.phase, job.done, job.total = phase, done, total


def request_cancel(job):
    """An editor's Cancel: a queued job is cancelled at once; a running one stops at its next
    check, if it has not started writing. Returns whether the request was taken."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.CANCELLED,
        cancel_requested=True,
        finished_at=now,
        result={"summary": _("Cancelled before it started.")},
    ):
        return True
    return bool(
        Job.objects.filter(
            pk=job.pk,
            state=Job.State.RUNNING,
            cancel_requested=False,
            phase__in=Job.CANCELLABLE_PHASES,
        ).update(cancel_requested=True)
    )


def finish(job, result):
    """The job succeeded: `result` says what changed ({"summary", "counts", "links"})."""
    done = max(job.done, job.total)
    _end(job, Job.State.SUCCEEDED, result, done=done)


def fail(job, report):
    """The job failed: `report` says why ({"summary", "errors": [{"file", "row", "column",
    "value", "why"}]})."""
    _end(job, Job.State.FAILED, report)


def _end(job, state, result, **fields):
    now = timezone.now()
    # A run whose job was queued again meanwhile (recover()) leaves the new run's record be.
    Job.objects.filter(pk=job.pk, attempts=job.attempts).update(
        state=state, finished_at=now, result=result, **fields
    )
    job.state, job.finished_at, job.result = state, now, result
    for name, value in fields.items():
        setattr(job, name, value)
