"""The admin's imports as background jobs (archive.jobs): a preview, then the confirmed write.

    job = start_import(user, model_key="articles", stored=..., name="a.csv", urls={...})

The preview job reads the stored upload (archive.transfer.uploads), checks every row with the
pipeline's resources in a dry run and ends with what would change: the counts, the changes of
the first rows (resource_base.PREVIEW_ROWS), the destructive changes in words, and the URL of
"Confirm import". The write job reads the same file again, checks it again (the archive may
have changed since), then writes it all rows or none: in one transaction, or on SQLite a
batch per transaction, hidden until one short last one shows the file at once
(archive.transfer.staging), so that other editors save meanwhile; then the derived work
(links, the names queue, the search index) runs after the commit, with its own progress.
A file with any problem ends the job failed with the error report (file, row, column, value,
why), and nothing is written. Cancelling works until the write starts.
"""

import re

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.signals import post_import

from archive.jobs.services import (
    JobCancelled,
    begin_writing,
    cancel_requested,
    close_side_connection,
    fail,
    job_task,
    report_progress,
    report_progress_outside,
    start,
)
from archive.models import Job
from archive.transfer import staging, uploads
from archive.transfer.columns import Problem
from archive.transfer.pipeline import (
    ImportFileError,
    format_for,
    open_dataset,
    resource_for,
)

# Up to this many changed objects, the result also links to the change list of just them.
FILTERED_LIST_MAX = 300
# The library's diff marks changes with <ins style=...>: the job page styles them by CSS.
_STYLE = re.compile(r'<(ins|del|span) style="[^"<>]*">')


def start_import(user, *, model_key, stored, name, format=None, write=False, urls=None):
    """Queue the preview (or, with write, the confirmed import) of a stored upload."""
    if write:
        title = _("Import %(name)s into %(kind)s") % {"name": name, "kind": model_key}
    else:
        title = _("Preview of the import of %(name)s into %(kind)s") % {
            "name": name,
            "kind": model_key,
        }
    params = {
        "model_key": model_key,
        "stored": stored,
        "name": name,
        "format": format or "",
        "write": write,
        "urls": urls or {},
    }
    return start(Job.Kind.IMPORT, import_upload, user=user, title=title[:300], params=params)


def error_report(problems, name):
    """The job's failure report: every problem with its file, row, column, value and why."""
    return {
        "summary": _("Nothing was imported: %(n)d problem(s) found.") % {"n": len(problems)},
        "errors": [
            {
                "file": name,
                "row": problem.row,
                "column": problem.column,
                "value": problem.value,
                "why": problem.message,
            }
            for problem in problems
        ],
    }


@task()
@job_task
def import_upload(job):
    params = job.params
    write, name = bool(params.get("write")), params.get("name", "")
    report_progress(job, Job.Phase.READING, 0, 0, force=True)
    try:
        resource = resource_for(params["model_key"], preview=not write, user=job.started_by)
        # Checked whole here, then read a row at a time on each pass (never whole in memory).
        path = uploads.stored_path(params["stored"])
        dataset = open_dataset(path, format_for(name, params.get("format") or None), name)
    except ImportFileError as error:
        uploads.discard(params.get("stored", ""))
        fail(job, error_report([Problem(str(error))], name))
        return None
    total = len(dataset)
    if cancel_requested(job):
        raise JobCancelled
    # Every row is checked first (the job can still be cancelled), then written in one
    # short transaction: begin_writing() once the check is over (resource.before_write).
    report_progress(job, Job.Phase.CHECKING, 0, total, force=True)

    def on_progress(phase, done, of):
        report_progress_outside(job, phase or Job.Phase.CHECKING, done, of)

    resource.on_progress = on_progress
    resource.before_write = lambda: begin_writing(job, Job.Phase.WRITING, 0, total)
    resource.defer_refresh = write
    resource.refresh_every_row = write and job.attempts > 1
    if write:
        # On SQLite the write is staged (archive.transfer.staging): what an earlier run of
        # this job left hidden goes first, so the check sees the archive as it is shown.
        staging.discard_abandoned(job)
        resource.stage_job = job
    try:
        result = resource.import_data(dataset, dry_run=not write, user=job.started_by)
    finally:
        close_side_connection(job)
    if result.problems:
        if write:
            uploads.discard(params["stored"])
        fail(job, error_report(result.problems, name))
        return None
    if not write:
        if cancel_requested(job):
            raise JobCancelled
        return preview_result(job, resource, result)
    # The rows are committed; what derives from them follows (reported as linking, indexing).
    post_import.send(sender=None, model=resource._meta.model)
    resource.run_refresh()
    uploads.discard(params["stored"])
    return write_result(job, resource, result)


def _counts(result):
    return {
        _("new"): result.totals["new"],
        _("updated"): result.totals["update"],
        _("unchanged"): result.totals["skip"],
    }


def preview_result(job, resource, result):
    totals = result.totals
    summary = _(
        "Preview, nothing written yet: the file has %(rows)d row(s): %(new)d new, "
        "%(updated)d to update, %(unchanged)d unchanged."
    ) % {
        "rows": result.total_rows,
        "new": totals["new"],
        "updated": totals["update"],
        "unchanged": totals["skip"],
    }
    rows = [
        {
            "label": row.label[:1].upper() + row.label[1:],
            "type": row.import_type,
            "cells": [_STYLE.sub(r"<\1>", str(cell or "")) for cell in row.diff],
        }
        for row in result.shown_rows
    ]
    return {
        "summary": summary,
        "counts": _counts(result),
        "preview": {
            "headers": [str(header) for header in result.diff_headers],
            "rows": rows,
            "total": result.total_rows,
        },
        "warnings": resource.warnings,
        "warning_count": resource.warning_count,
        "notes": [str(note) for note in getattr(result, "notes", [])],
        "confirm_url": job.params.get("urls", {}).get("confirm", ""),
    }


def write_result(job, resource, result):
    totals = result.totals
    summary = _("Imported %(kind)s: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
        "kind": job.params["model_key"],
        "new": totals["new"],
        "updated": totals["update"],
        "unchanged": totals["skip"],
    }
    opts = resource._meta.model._meta
    changed = resource.written_pks  # the result names the first (resource.written_examples)
    links = []
    changelist = job.params.get("urls", {}).get("changelist", "")
    if changelist and changed and len(changed) <= FILTERED_LIST_MAX:
        ids = ",".join(str(pk) for pk in changed)
        label = _("All %(n)d changed in the list") % {"n": len(changed)}
        links.append({"label": label, "url": f"{changelist}?id__in={ids}"})
    elif changelist:
        links.append(
            {
                "label": _("The list of %(kind)s") % {"kind": opts.verbose_name_plural},
                "url": changelist,
            }
        )
    for pk, name in resource.written_examples:
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        except NoReverseMatch:
            continue
        links.append({"label": name, "url": url})
    return {
        "summary": summary,
        "counts": _counts(result),
        "links": links,
        "notes": [str(note) for note in getattr(result, "notes", [])],
    }
