"""How the task queue is doing: how long the oldest task has waited for a worker.

/healthz (archive/site/health.py) answers 503 when that passes ARCHIVE_QUEUE_STUCK_MINUTES:
tasks are being queued and no worker takes them (the worker is down, or stuck on one task);
or when a running job has given no sign of life for ARCHIVE_JOB_STALE_MINUTES (its worker
died and no worker is left to queue it again: archive.jobs.services.recover).
"""

import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from archive.jobs.services import stale_jobs
from archive.models import Job


def oldest_wait(now=None):
    """Seconds the oldest task due to run has waited, or 0 when none waits.

    Counts the backend's own queue (the database backend's table, or RQ's queue in Redis)
    and the archive's queued Jobs, whichever has waited longest. A task deferred to a later
    time (scheduled publishing) waits only from that time.
    """
    now = now or timezone.now()
    since = [_oldest_job(), _oldest_backend_task(now)]
    since = [moment for moment in since if moment is not None]
    if not since:
        return 0.0
    return max(0.0, (now - min(since)).total_seconds())


def stuck_reason(now=None):
    """None when the queue moves; else what an operator reads in /healthz."""
    stale = stale_jobs(now).count()
    if stale:
        minutes = int(settings.ARCHIVE_JOB_STALE_MINUTES)
        return f"{stale} running job(s) silent for over {minutes} minutes"
    limit = settings.ARCHIVE_QUEUE_STUCK_MINUTES * 60
    waited = oldest_wait(now)
    if limit <= 0 or waited <= limit:
        return None
    return f"a task has waited {int(waited // 60)} minutes for a worker"


def _oldest_job():
    return Job.objects.filter(state=Job.State.QUEUED).aggregate(at=Min("created_at"))["at"]


def _oldest_backend_task(now):
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        return _oldest_database_task(now)
    if backend == "django_tasks_rq.RQBackend":
        return _oldest_rq_task()
    return None  # immediate or dummy: nothing ever waits for a worker


def _oldest_database_task(now):
    ready = DBTaskResult.objects.filter(status="READY")
    unscheduled = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    due = ready.filter(run_after__lte=now).aggregate(at=Min("run_after"))["at"]
    moments = [moment for moment in (unscheduled, due) if moment is not None]
    return min(moments) if moments else None


def _oldest_rq_task():
    import django_rq  # only with the redis backend (its app is installed only then)

    queue = django_rq.get_queue("default")
    for job_id in queue.get_job_ids(0, 0):
        job = queue.fetch_job(job_id)
        if job is not None and job.enqueued_at is not None:
            enqueued = job.enqueued_at
            if timezone.is_naive(enqueued):
                enqueued = enqueued.replace(tzinfo=datetime.UTC)
            return enqueued
    return None
