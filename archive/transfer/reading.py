"""Reading import files: what a person gets wrong with files (size, encoding, a spreadsheet
whose extension lies, an empty file, a row with too many cells) is found before any row is
looked at, with a message that says what to do.

    dataset = read_dataset(data, "csv", "a.csv")     # content in memory: a tablib Dataset
    dataset = open_dataset(path, "csv", "a.csv")     # a file on disk, read a row at a time

open_dataset() is what the import jobs use on a stored upload: a CSV or XLSX file of tens of
thousands of rows is read once to check it (nothing kept but the rows' labels) and then again
on each pass of the import, so that the worker never holds the whole file (its bytes, its
text and its cells, each a copy of the file) in memory. JSON is read whole (a file is bounded
by ARCHIVE_IMPORT_MAX_BYTES). Both give the same rows, labels and messages.
"""

import csv
import io
import json
import os
from pathlib import Path

import tablib
from django.conf import settings

from archive.transfer import cells

FORMATS = ("csv", "xlsx", "json")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


class ImportFileError(ValueError):
    """The file cannot be read at all; the message says why and what to do."""


def format_for(name: str, format: str | None = None) -> str:
    if format:
        format = format.lower().lstrip(".")
        if format not in FORMATS:
            raise ImportFileError(f"unknown format '{format}'; use one of: {', '.join(FORMATS)}")
        return format
    extension = Path(name or "").suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ImportFileError(
            f"cannot tell the format of '{name}' from its extension; name it .csv, .xlsx or "
            ".json, or give the format (--format csv|xlsx|json)"
        )
    return extension


def max_bytes() -> int:
    return settings.ARCHIVE_IMPORT_MAX_BYTES


def too_large(size: int, name: str) -> ImportFileError:
    return ImportFileError(
        f"'{name}' is {_megabytes(size)}; files may be at most {_megabytes(max_bytes())} "
        "(setting ARCHIVE_IMPORT_MAX_BYTES). Split it into smaller files."
    )


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def checked_path(source) -> Path:
    """The path of a file that exists and is within the size limit."""
    path = Path(source)
    if not path.is_file():
        raise ImportFileError(f"there is no file '{path}'")
    if path.stat().st_size > max_bytes():
        raise too_large(path.stat().st_size, path.name)
    return path


def read_bytes(source) -> tuple[bytes, str]:
    """The content and name of a path or file object, refusing files over the size limit."""
    limit = max_bytes()
    if isinstance(source, str | os.PathLike):
        path = checked_path(source)
        return path.read_bytes(), path.name
    name = os.path.basename(getattr(source, "name", "") or "upload")
    size = getattr(source, "size", None)
    if size is not None and size > limit:
        raise too_large(size, name)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise too_large(size or len(data), name)
    return data, name


def read_dataset(data: bytes, format: str, name: str = "") -> tablib.Dataset:
    """Parse file content into a Dataset of text cells with normalised headers.

    Each data row gets a label in dataset.row_labels, in a spreadsheet's numbering (the
    header is row 1), so that blank rows that are skipped do not shift what people are told.
    """
    name = f"'{name}'" if name else "the file"  # how the messages below name it
    if not data.strip():
        raise ImportFileError(f"{name} is empty")
    if format == "json":
        headers, rows, labels = _read_json(data, name)
    else:
        if format == "csv":
            records = _csv_records(io.StringIO(_decode(data, name, "csv"), newline=""), name)
        else:
            _check_xlsx(data[:4], name)
            records = _xlsx_records(io.BytesIO(data), name)
        table = table_rows(records, name)
        headers, rows, labels = next(table), [], []
        for number, record in table:
            rows.append(record)
            labels.append(f"row {number}")
    # Rows were made rectangular above; the constructor skips append()'s per-row checks.
    dataset = tablib.Dataset(*rows, headers=[cells.normalise_header(h) for h in headers])
    dataset.row_labels = labels
    return dataset


def open_dataset(source, format: str, name: str = ""):
    """A stored file as a dataset: JSON read whole (read_dataset), CSV and XLSX a row at a
    time (StoredRows). Any problem of the file is found here, before the import begins."""
    path = checked_path(source)
    if format == "json":
        return read_dataset(path.read_bytes(), format, name)
    return StoredRows(path, format, f"'{name}'" if name else "the file")


class StoredRows:
    """A CSV or XLSX file on disk as the import's dataset (headers, len(), iteration, the
    rows' labels). Checked whole when made; each iteration reads the file again."""

    def __init__(self, path: Path, format: str, name: str):
        self.path, self.format, self.name = path, format, name
        with path.open("rb") as file:
            head = file.read(4096)
        if not head.strip():
            raise ImportFileError(f"{name} is empty")
        if format == "csv":
            _check_text_head(head, name, "csv")
        else:
            _check_xlsx(head, name)
        table = self._table()
        self.headers = [cells.normalise_header(h) for h in next(table)]
        self.row_labels = [f"row {number}" for number, _record in table]

    def _table(self):
        if self.format == "xlsx":
            return table_rows(_xlsx_records(self.path, self.name), self.name)
        return table_rows(self._csv_records(), self.name)

    def _csv_records(self):
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as text:
                yield from _csv_records(text, self.name)
        except UnicodeDecodeError:
            _decode(self.path.read_bytes(), self.name, "csv")  # says where, in the file's terms
            raise

    def __len__(self):
        return len(self.row_labels)

    def __iter__(self):
        table = self._table()
        next(table)
        return (record for _number, record in table)


def _check_text_head(data: bytes, name: str, format: str):
    if data.startswith(ZIP_MAGIC):
        raise ImportFileError(
            f"{name} is a spreadsheet workbook (.xlsx), not {format.upper()} text: name it "
            ".xlsx or choose the xlsx format"
        )
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            f"{name} is an old Excel .xls workbook: save it as .xlsx or as 'CSV UTF-8'"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"{name} is UTF-16 text ('Unicode text' in Excel); save it as 'CSV UTF-8'"
        )


def _decode(data: bytes, name: str, format: str) -> str:
    _check_text_head(data, name, format)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"{name} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot "
            "be read. Save the file as 'CSV UTF-8' (Excel) or re-encode it to UTF-8"
        ) from None


def _csv_records(text, name):
    """The records of CSV text (a file or StringIO, newline=""), their cells as typed."""
    first_line = text.readline()
    text.seek(0)  # (a utf-8-sig file skips its BOM again)
    # Spreadsheets set to a European locale write ';' between columns.
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    reader = csv.reader(_text_lines(text, name), delimiter=delimiter, strict=True)
    unneutralise = cells.unneutralise
    try:
        for record in reader:
            yield [unneutralise(value) for value in record]
    except csv.Error as error:
        raise ImportFileError(
            f"{name} is not valid CSV near line {reader.line_num}: {error}"
        ) from None


def _text_lines(text, name):
    for line in text:
        if "\x00" in line:
            raise ImportFileError(f"{name} contains NUL bytes: it is not a CSV text file")
        yield line


def _check_xlsx(head: bytes, name: str):
    if not head.startswith(ZIP_MAGIC):
        looks = "an old Excel .xls workbook" if head.startswith(OLE_MAGIC) else "text (CSV?)"
        raise ImportFileError(
            f"{name} is not an Excel .xlsx workbook: it looks like {looks}. Give it the "
            "extension that matches its content, or choose the matching format"
        )


def _xlsx_records(source, name):
    """The rows of a workbook's first sheet as text cells; openpyxl's read-only mode reads
    the sheet's XML as it goes."""
    import warnings
    import zipfile

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"{name} is not a readable .xlsx workbook ({error})") from None
    as_text, unescape = cells.as_text, cells.xlsx_unescape
    try:
        for row in book.worksheets[0].iter_rows(min_row=1, values_only=True):
            yield [unescape(as_text(value)) for value in row]
    finally:
        book.close()


def _read_json(data, name):
    text = _decode(data, name, "json")
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{name} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    if isinstance(items, dict) and len(items) == 1 and isinstance(next(iter(items.values())), list):
        items = next(iter(items.values()))  # {"articles": [...]}
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ImportFileError(f"{name} must hold a list of objects, one per row: [{{…}}, {{…}}]")
    if not items:
        raise ImportFileError(f"{name} is an empty list: it has no rows")
    headers = list(dict.fromkeys(key for item in items for key in item))
    rows = []
    for number, item in enumerate(items, start=1):
        for key, value in item.items():
            if isinstance(value, dict) or (
                isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
            ):
                raise ImportFileError(
                    f"{name}, item {number}: '{key}' holds nested data; give text, a number "
                    "or a list of names"
                )
        rows.append([cells.as_text(item.get(key)) for key in headers])
    return headers, rows, [f"item {n}" for n in range(1, len(items) + 1)]


def table_rows(records, name):
    """The header (first), then (spreadsheet row number, record) of each data row, made
    rectangular; blank rows are skipped but keep their number."""
    records = iter(records)
    blank = 0
    for record in records:
        if any(value.strip() for value in record):
            break
        blank += 1
    else:
        raise ImportFileError(f"{name} is empty")
    if blank:
        raise ImportFileError(f"{name}: the header must be in row 1 (rows 1–{blank} are blank)")
    headers = list(record)
    while headers and not headers[-1].strip():
        headers.pop()  # spreadsheets often carry empty trailing columns
    yield headers
    width = len(headers)
    for number, record in enumerate(records, start=blank + 2):
        if not any(value.strip() for value in record):
            continue
        extra = [v for v in record[width:] if v.strip()]
        if extra:
            raise ImportFileError(
                f"{name}, row {number} (the header is row 1) has {len(record)} cells but the "
                f"header has {width} columns: a missing quote or an unnamed column?"
            )
        yield number, list(record[:width]) + [""] * (width - len(record))
