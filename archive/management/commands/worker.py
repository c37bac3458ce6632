"""Run the task worker of the configured backend (ARCHIVE_TASKS_BACKEND). `make worker` runs
this; `make run` starts it beside the development server."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background-job worker."

    def handle(self, *args, verbosity, **options):
        backend = settings.ARCHIVE_TASKS_BACKEND
        if backend == "database":
            # No autoreload: its watching parent would outlive a `kill` of this process
            # (make run stops the worker that way).
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
                "there is no queue to work."
            )
