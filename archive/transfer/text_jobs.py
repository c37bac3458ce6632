"""Plain-text articles imported from the admin as a background job: a .txt file, or a .zip of
them, with the options of the `import_articles` command (status, source, language, dry run).

    job = start_text_import(user, stored=..., name="speeches.zip", options={...})

The upload is kept on disk (archive.transfer.uploads); the job unpacks a .zip into a folder of
its own (only .txt members, no path leaving it, at most ARCHIVE_IMPORT_MAX_BYTES unpacked),
runs archive.transfer.plain_text.import_plain_text with its progress on the job page
(reading, writing, linking), and ends with the command's report: a line per file, the counts
and links to the articles. A file that stops the run fails the job with its message, and
nothing is written (plain_text writes in one transaction).
"""

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

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
from archive.transfer import uploads
from archive.transfer.plain_text import PlainTextError, import_plain_text, report_lines
from archive.transfer.reading import ZIP_MAGIC, ImportFileError, max_bytes, too_large

RESULT_LINKS = 100  # articles the result links to (the counts cover all of them)
PHASES = {"reading": Job.Phase.READING, "writing": Job.Phase.WRITING, "linking": Job.Phase.LINKING}


def start_text_import(user, *, stored, name, options):
    """Queue the import of a stored .txt or .zip upload; options: status, source, language,
    dry_run."""
    if options.get("dry_run"):
        title = _("Dry run of the plain-text articles of %(name)s") % {"name": name}
    else:
        title = _("Import of the plain-text articles of %(name)s") % {"name": name}
    params = {"stored": stored, "name": name, **options}
    return start(Job.Kind.IMPORT, import_text_upload, user=user, title=title[:300], params=params)


def unpack(path: Path, name: str, folder: Path) -> Path:
    """The .txt files of the upload in `folder`: a .txt is copied, a .zip's .txt members
    unpacked (their folders kept, for the report). Raises ImportFileError for a .zip that
    cannot be read or unpacks to more than the upload size limit."""
    with path.open("rb") as upload:
        looks_zipped = upload.read(4) == ZIP_MAGIC
    if not (looks_zipped or name.lower().endswith(".zip")):
        target = folder / (Path(name).name or "upload.txt")
        target.write_bytes(path.read_bytes())
        return folder
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(f"'{name}' is not a readable .zip file ({error})") from None
    limit, unpacked = max_bytes(), 0
    with archive:
        for member in archive.infolist():
            parts = [p for p in PurePosixPath(member.filename).parts if p not in ("", ".", "/")]
            hidden = any(p.startswith((".", "__MACOSX")) or p == ".." for p in parts)
            if member.is_dir() or hidden or not parts or not parts[-1].lower().endswith(".txt"):
                continue
            unpacked += member.file_size
            if unpacked > limit:  # a "zip bomb", or simply too much
                raise too_large(unpacked, f"{name} (unpacked)")
            target = folder.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
    return folder


@task()
@job_task
def import_text_upload(job):
    params, name = job.params, job.params.get("name", "")
    dry_run = bool(params.get("dry_run"))
    report_progress(job, Job.Phase.READING, 0, 0, force=True)
    with tempfile.TemporaryDirectory(prefix="apk-text-") as temporary:
        folder = Path(temporary)
        try:
            unpack(uploads.stored_path(params["stored"]), name, folder)
        except ImportFileError as error:
            uploads.discard(params.get("stored", ""))
            return fail(job, failure(str(error), name))

        def on_progress(phase, done, total):
            if phase == "reading" and done == total:
                # Every file read, none written yet: the last moment to cancel.
                if dry_run and cancel_requested(job):
                    raise JobCancelled
                if not dry_run:
                    begin_writing(job, Job.Phase.WRITING, 0, total)
                    return
            report_progress_outside(job, PHASES.get(phase, Job.Phase.WRITING), done, total)

        try:
            results = import_plain_text(
                [folder],
                status=params.get("status") or "draft",
                source=params.get("source") or None,
                language=params.get("language") or None,
                dry_run=dry_run,
                progress=on_progress,
            )
        except PlainTextError as error:
            return fail(job, failure(str(error).replace(str(folder), name), name))
        finally:
            close_side_connection(job)
            if not dry_run:
                uploads.discard(params["stored"])

        def relative(path):
            return str(Path(path).relative_to(folder))

        return text_result(results, dry_run, relative)


def failure(why, name):
    return {
        "summary": _("Nothing was imported: %(why)s") % {"why": why},
        "errors": [{"file": name, "row": "", "column": "", "value": "", "why": why}],
    }


def text_result(results, dry_run, name):
    lines, summary = report_lines(results, dry_run, name=name)
    actions = [result.action for result in results]
    counts = {
        action: actions.count(action)
        for action in ("created", "updated", "unchanged", "skipped")
        if action in actions
    }
    changed = [r.article for r in results if r.action in ("created", "updated") and r.article]
    links = [
        {"label": str(article), "url": reverse("admin:archive_article_change", args=[article.pk])}
        for article in changed[:RESULT_LINKS]
        if article.pk
    ]
    return {"summary": summary, "counts": counts, "links": links, "notes": lines}
