"""A big upload sent by the browser in pieces, so that no request carries more than one.

A 500 MB file in one POST keeps a web worker busy for as long as the body takes to cross the
network (seconds on a fast line, minutes on a newsroom's), with nothing on screen. On the
Import pages a small script (static/js/admin-chunked-upload.js) sends a file bigger than a
piece as pieces instead: `begin` gives it an id, each piece is appended at its offset (a
request of a few MB, answered at once, with the upload's progress on screen), and the form
is then submitted with the id instead of the file; the view takes the assembled file as if it
had been uploaded whole (`assembled`), and stores it as any upload (archive.transfer.uploads).

A piece is written whole or not at all: one that fails half way is cut off again, and the
browser's retry, or a piece sent twice, is told where the file stands (`OffsetMismatch`).
Only the editor who began an upload may add to it or submit it. Pieces of uploads never
finished are deleted after a day.
"""

import contextlib
import json
import os
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from archive.transfer.pipeline import ImportFileError, max_bytes, too_large
from archive.transfer.uploads import import_dir

ABANDONED_AFTER = 24 * 3600  # seconds
COPY_BYTES = 1024 * 1024
_ID = re.compile(r"[0-9a-f]{32}")


class OffsetMismatch(ImportFileError):
    """A piece that does not start where the file ends (a retry, a piece sent twice)."""

    def __init__(self, received):
        super().__init__(f"the upload has {received} bytes: send the piece that starts there")
        self.received = received


def chunk_bytes() -> int:
    """How big a piece the browser sends (setting ARCHIVE_UPLOAD_CHUNK_BYTES)."""
    return settings.ARCHIVE_UPLOAD_CHUNK_BYTES


def _folder() -> Path:
    return import_dir() / "partial"


def _paths(upload_id: str) -> tuple[Path, Path]:
    if not isinstance(upload_id, str) or not _ID.fullmatch(upload_id):
        raise ImportFileError("the upload is not known: choose the file again")
    return _folder() / f"{upload_id}.part", _folder() / f"{upload_id}.json"


def _meta(user, upload_id: str) -> tuple[Path, dict]:
    part, meta_path = _paths(upload_id)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ImportFileError("the upload is no longer kept: choose the file again") from None
    if meta.get("user") != user.pk or not part.is_file():
        raise ImportFileError("the upload is not known: choose the file again")
    return part, meta


def begin(user, name: str, size: int) -> str:
    """Start an upload of `size` bytes named `name` for `user`; returns its id. Refuses a
    file over the import limit before a byte of it is sent."""
    name = os.path.basename(str(name or "upload"))[:200] or "upload"
    if size < 0:
        raise ImportFileError(f"'{name}' has no size")
    if size > max_bytes():
        raise too_large(size, name)
    sweep()
    upload_id = uuid.uuid4().hex
    part, meta_path = _paths(upload_id)
    try:
        _folder().mkdir(parents=True, exist_ok=True)
        part.touch()
        temporary = meta_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"user": user.pk, "name": name, "size": size}), "utf-8")
        temporary.replace(meta_path)
    except OSError as error:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise ImportFileError(
            f"'{name}' cannot be received: the server cannot store uploads "
            f"({error.strerror or error})"
        ) from error
    return upload_id


def append(user, upload_id: str, offset: int, stream, length: int) -> int:
    """Append a piece of `length` bytes read from `stream` at `offset`; returns the bytes
    received so far. The piece is written whole or not at all."""
    part, meta = _meta(user, upload_id)
    received = part.stat().st_size
    if offset != received:
        raise OffsetMismatch(received)
    if length < 0 or offset + length > meta["size"]:
        raise ImportFileError(
            f"'{meta['name']}' was announced as {meta['size']} bytes; this piece goes past it"
        )
    with part.open("r+b") as out:
        out.seek(offset)
        try:
            left = length
            while left:
                data = stream.read(min(COPY_BYTES, left))
                if not data:
                    raise ImportFileError(
                        f"the piece of '{meta['name']}' at byte {offset} arrived incomplete"
                    )
                out.write(data)
                left -= len(data)
            out.flush()
        except BaseException as error:
            out.truncate(offset)
            if isinstance(error, OSError):  # a full disk, the browser gone mid-piece
                raise ImportFileError(
                    f"the piece of '{meta['name']}' at byte {offset} could not be stored "
                    f"({error.strerror or error})"
                ) from error
            raise
    return offset + length


class AssembledUpload(UploadedFile):
    """The pieces of an upload as one uploaded file: uploads.store_upload() moves it."""

    def __init__(self, path: Path, name: str, size: int, upload_id: str):
        super().__init__(path.open("rb"), name=name, size=size)
        self.path, self.upload_id = path, upload_id

    def temporary_file_path(self):
        return str(self.path)


def assembled(user, upload_id: str) -> AssembledUpload:
    """The finished upload `upload_id` of `user`, to hand to a form as its file."""
    part, meta = _meta(user, upload_id)
    received = part.stat().st_size
    if received != meta["size"]:
        raise ImportFileError(
            f"the upload of '{meta['name']}' stopped at {received} of {meta['size']} bytes: "
            "choose the file again"
        )
    return AssembledUpload(part, meta["name"], meta["size"], upload_id)


def finish(upload: AssembledUpload) -> None:
    """Forget an assembled upload once it is stored (or refused)."""
    upload.close()
    part, meta_path = _paths(upload.upload_id)
    part.unlink(missing_ok=True)
    meta_path.unlink(missing_ok=True)


def sweep(now=None) -> None:
    """Delete the pieces of uploads left unfinished for a day."""
    folder = _folder()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - ABANDONED_AFTER
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass
