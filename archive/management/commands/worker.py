"""Run the task worker of the configured backend (ARCHIVE_TASKS_BACKEND), and publish the
articles scheduled for now every minute. `make worker` runs this; `make run` starts it beside
the development server."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from archive.jobs.tasks import publish_due

logger = logging.getLogger(__name__)


def publish_every(seconds, stop):
    """Publish due articles every `seconds` until `stop` is set (a daemon thread)."""
    while not stop.wait(seconds):
        close_old_connections()
        try:
            publish_due()
        except Exception:
            logger.exception("Scheduled publishing failed; trying again in %s s", seconds)
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = "Run the background-job worker (and scheduled publishing every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=60.0,
            help="Seconds between checks for articles due to be published (0: never).",
        )

    def handle(self, *args, publish_interval, verbosity, **options):
        backend = settings.ARCHIVE_TASKS_BACKEND
        stop = threading.Event()
        if publish_interval > 0:
            threading.Thread(
                target=publish_every, args=(publish_interval, stop), daemon=True
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
