"""What derives from imported rows (detected links, the names queue, the search index, the
stored counts), as a background job of its own after the rows have committed.

`import_archive --derived-later` writes the rows, commits them (visitors see every article at
once) and queues this job: a worker on the other core detects the links and indexes the
rows while the next file is read, and the result is the same as an import that does it all
in one go (tests/transfer/test_derived_later.py).
"""

from django.db import router, transaction
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.signals import post_import

from archive.caching import content_changed
from archive.db import chunked
from archive.jobs.services import (
    begin_writing,
    close_side_connection,
    job_task,
    report_progress_outside,
    start,
)
from archive.models import Job
from archive.transfer.pipeline import resource_for

# Rows per transaction of the derived work: one commit per row would cost more than the work
# (SQLite syncs each); one for all would hold SQLite's write lock for the whole of it.
DERIVE_BATCH = 2000


def derive(resource, pks, on_progress=None):
    """The derived work of the imported rows `pks` (resource.refresh(), as an import in one
    go runs it), a batch per short transaction."""
    model = resource._meta.model
    using = router.db_for_write(model)
    done = 0
    resource.stored_figures_later = True
    for chunk in chunked(pks, DERIVE_BATCH):
        if on_progress is not None:
            resource.on_progress = lambda phase, n, _of, offset=done: on_progress(
                phase, offset + n, len(pks)
            )
        with transaction.atomic(using=using):
            resource.pending_refresh = list(chunk)
            resource.run_refresh()
        done += len(chunk)
    with transaction.atomic(using=using):
        resource.refresh_stored_figures(pks)
    content_changed(using)  # the pages showing those counts and related articles


def start_derived_work(model_key, pks, *, user=None, name=""):
    """Queue the derived work of rows `pks` of `model_key`, just imported from `name`."""
    title = _("Links and search index of %(name)s") % {"name": name or model_key}
    return start(
        Job.Kind.IMPORT,
        derive_after_import,
        user=user,
        title=title[:200],
        total=len(pks),
        params={"model_key": model_key, "pks": list(pks), "name": name},
    )


@task()
@job_task
def derive_after_import(job):
    params = job.params
    resource = resource_for(params["model_key"], user=job.started_by)
    pks = [int(pk) for pk in params.get("pks", [])]
    begin_writing(job, Job.Phase.LINKING, 0, len(pks))

    def on_progress(phase, done, of):
        report_progress_outside(job, phase or Job.Phase.LINKING, done, of)

    try:
        derive(resource, pks, on_progress)
    finally:
        close_side_connection(job)
    post_import.send(sender=None, model=resource._meta.model)
    summary = _("Links and search index brought up to date for %(n)d imported row(s).") % {
        "n": len(pks)
    }
    return {"summary": summary, "counts": {_("rows"): len(pks)}, "links": []}
