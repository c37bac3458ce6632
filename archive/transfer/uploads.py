"""Uploads kept on disk until their import job has run.

The admin's Import page only stores the file (copied a chunk at a time, never read whole into
memory) and enqueues a job (archive.transfer.tasks); the job reads it from here, and the
"Confirm import" of a preview imports the very same stored file. Files live in the setting
ARCHIVE_IMPORT_DIR under a random name; the original name is the job's to keep.
"""

import contextlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.move import file_move_safe

from archive.transfer.pipeline import ImportFileError, max_bytes, too_large


def import_dir() -> Path:
    return Path(settings.ARCHIVE_IMPORT_DIR)


def store_upload(upload) -> str:
    """Copy an uploaded file into ARCHIVE_IMPORT_DIR a chunk at a time; returns its stored
    name. Refuses (ImportFileError) a file over ARCHIVE_IMPORT_MAX_BYTES, or one the disk
    cannot take, keeping nothing."""
    try:
        return _store(upload)
    except OSError as error:
        name = os.path.basename(upload.name or "upload")
        raise ImportFileError(
            f"'{name}' could not be stored on the server ({error.strerror or error}); "
            "nothing was imported"
        ) from error


def _store(upload) -> str:
    limit = max_bytes()
    name = os.path.basename(upload.name or "upload")
    if upload.size is not None and upload.size > limit:
        raise too_large(upload.size, name)
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:10]}"
    path = folder / stored
    if hasattr(upload, "temporary_file_path"):
        # Django has already streamed a large upload to a temporary file: move it (a rename
        # on the same disk, a chunked copy otherwise), as FileSystemStorage does.
        file_move_safe(upload.temporary_file_path(), str(path))
        return stored
    written = 0
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > limit:
                    raise too_large(written, name)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored


def stored_path(stored: str) -> Path:
    """The path of a stored upload; refuses names that would leave ARCHIVE_IMPORT_DIR."""
    if not stored or os.path.basename(stored) != stored or stored.startswith("."):
        raise ImportFileError("the uploaded file is not known")
    path = import_dir() / stored
    if not path.is_file():
        raise ImportFileError("the uploaded file is no longer kept: upload it again")
    return path


def discard(stored: str) -> None:
    with contextlib.suppress(ImportFileError):
        stored_path(stored).unlink(missing_ok=True)
