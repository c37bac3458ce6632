"""Run the task worker of the configured backend (ARCHIVE_TASKS_BACKEND); every minute,
publish the articles scheduled for now and queue again the jobs whose worker died
(archive.jobs.services.recover). `make worker` runs this; `make run` starts it beside the
development server."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from archive.jobs.services import recover
from archive.jobs.tasks import publish_due
from archive.search import receivers as search_receivers

logger = logging.getLogger(__name__)


def every(seconds, stop, work, first=False):
    """Run work() every `seconds` (and at once with `first`) until `stop` is set."""
    if first or not stop.wait(seconds):
        while True:
            close_old_connections()
            try:
                work()
            except Exception:
                logger.exception("%s failed; trying again in %s s", work.__name__, seconds)
            finally:
                connections.close_all()
            if stop.wait(seconds):
                return


def recover_jobs():
    for job, outcome in recover():
        logger.warning("Job %s (%s): its worker had stopped; %s", job.pk, job.kind, outcome)


class Command(BaseCommand):
    help = "Run the background-job worker (and scheduled publishing every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recover-interval",
            type=float,
            default=60.0,
            help="Seconds between checks for jobs whose worker died (0: never).",
        )
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=60.0,
            help="Seconds between checks for articles due to be published (0: never).",
        )

    def handle(self, *args, publish_interval, recover_interval, verbosity, **options):
        backend = settings.ARCHIVE_TASKS_BACKEND
        search_receivers.SQLITE_MMAP_BYTES = 0  # before the first connection opens
        connections.close_all()
        stop = threading.Event()
        periodic = [(publish_interval, publish_due, False), (recover_interval, recover_jobs, True)]
        for seconds, work, first in periodic:
            if seconds > 0:
                threading.Thread(
                    target=every, args=(seconds, stop, work, first), daemon=True
                ).start()
        try:
            if backend == "database":
                # No autoreload: its watching parent would run the publishing thread too, and
                # outlive a `kill` of this process (make run stops the worker that way).
                call_command("db_worker", verbosity=verbosity, reload=False)
            elif backend == "redis":
                call_command(
                    "rqworker",
                    "default",
                    with_scheduler=True,
                    job_class="django_tasks_rq.Job",
                    verbosity=verbosity,
                )
            else:
                self.stdout.write(
                    "ARCHIVE_TASKS_BACKEND=immediate: tasks run inside the request, "
                    "there is no queue to work; publishing scheduled articles only."
                )
                stop.wait()
        finally:
            stop.set()
