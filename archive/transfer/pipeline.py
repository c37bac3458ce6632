"""Bulk import and export of the archive: the one pipeline behind the admin and the commands.

    outcome = import_file("articles", "articles.csv")           # or an uploaded file object
    if not outcome.ok: print(*outcome.errors, sep="\n")          # nothing was written

Files are CSV (UTF-8, with or without BOM), XLSX or JSON; their columns are the contract in
docs/importing.md. Reading checks what a person gets wrong with files (size, encoding, a
spreadsheet with the wrong extension, an empty file) before any row is looked at; the
resources in archive.transfer.resources then check every row, and any problem anywhere means the
whole import is rolled back.
"""

import csv
import io
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from import_export.signals import post_import

from archive.transfer import cells
from archive.transfer.columns import Problem
from archive.transfer.resources import RESOURCES

FORMATS = ("csv", "xlsx", "json")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


class ImportFileError(ValueError):
    """The file cannot be read at all; the message says why and what to do."""


@dataclass
class ImportOutcome:
    model_key: str
    ok: bool
    errors: list[Problem] = field(default_factory=list)
    totals: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    rows: int = 0

    def summary(self) -> str:
        t = self.totals
        counts = f"{t['new']} new, {t['updated']} updated, {t['unchanged']} unchanged"
        if not self.ok:
            return f"Nothing was imported: {len(self.errors)} problem(s) found."
        if self.dry_run:
            return f"Dry run, nothing written: {self.model_key} would be {counts}."
        return f"Imported {self.model_key}: {counts}."


# --- Reading files ----------------------------------------------------------------------------


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


def read_bytes(source) -> tuple[bytes, str]:
    """The content and name of a path or file object, refusing files over the size limit."""
    limit = max_bytes()
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise ImportFileError(f"there is no file '{path}'")
        if path.stat().st_size > limit:
            raise too_large(path.stat().st_size, path.name)
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
    readers = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}
    headers, rows, labels = readers[format](data, name)
    # Rows were made rectangular above; the constructor skips append()'s per-row checks.
    dataset = tablib.Dataset(*rows, headers=[cells.normalise_header(h) for h in headers])
    dataset.row_labels = labels
    return dataset


def _decode(data: bytes, name: str, format: str) -> str:
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
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"{name} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot "
            "be read. Save the file as 'CSV UTF-8' (Excel) or re-encode it to UTF-8"
        ) from None


def _read_csv(data, name):
    text = _decode(data, name, "csv")
    if "\x00" in text:
        raise ImportFileError(f"{name} contains NUL bytes: it is not a CSV text file")
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to a European locale write ';' between columns.
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"{name} is not valid CSV near line {reader.line_num}: {error}"
        ) from None
    unneutralise = cells.unneutralise
    return _table([[unneutralise(value) for value in record] for record in records], name)


def _read_xlsx(data, name):
    if not data.startswith(ZIP_MAGIC):
        looks = "an old Excel .xls workbook" if data.startswith(OLE_MAGIC) else "text (CSV?)"
        raise ImportFileError(
            f"{name} is not an Excel .xlsx workbook: it looks like {looks}. Give it the "
            "extension that matches its content, or choose the matching format"
        )
    import warnings
    import zipfile

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"{name} is not a readable .xlsx workbook ({error})") from None
    sheet = book.worksheets[0]
    as_text, unescape = cells.as_text, cells.xlsx_unescape
    rows = sheet.iter_rows(min_row=1, values_only=True)
    records = [[unescape(as_text(value)) for value in row] for row in rows]
    book.close()
    return _table(records, name)


def _table(records, name):
    """Header, rows and spreadsheet row labels from records of text cells; blank rows are
    skipped but keep their number."""
    start = next((i for i, r in enumerate(records) if any(v.strip() for v in r)), None)
    if start is None:
        raise ImportFileError(f"{name} is empty")
    if start:
        raise ImportFileError(f"{name}: the header must be in row 1 (rows 1–{start} are blank)")
    headers = list(records[0])
    while headers and not headers[-1].strip():
        headers.pop()  # spreadsheets often carry empty trailing columns
    width, rows, labels = len(headers), [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(value.strip() for value in record):
            continue
        extra = [v for v in record[width:] if v.strip()]
        if extra:
            raise ImportFileError(
                f"{name}, row {number} (the header is row 1) has {len(record)} cells but the "
                f"header has {width} columns: a missing quote or an unnamed column?"
            )
        record = list(record[:width]) + [""] * (width - len(record))
        rows.append(record)
        labels.append(f"row {number}")
    return headers, rows, labels


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


# --- Importing ------------------------------------------------------------------------------


def resource_for(model_key, **kwargs):
    if model_key not in RESOURCES:
        raise ImportFileError(
            f"unknown kind of record '{model_key}'; use one of: {', '.join(RESOURCES)}"
        )
    return RESOURCES[model_key](**kwargs)


def import_file(
    model_key, source, format=None, dry_run=False, user=None, progress=None
) -> ImportOutcome:
    """Import a file (a path or a file object) of `model_key` records: all rows or none.
    progress(phase, done, total) hears how far it is (checking or writing the rows, then
    linking and indexing)."""
    outcome = ImportOutcome(model_key=model_key, ok=False, dry_run=dry_run)
    started = time.perf_counter()
    try:
        resource = resource_for(model_key, user=user)
        data, name = read_bytes(source)
        dataset = read_dataset(data, format_for(name, format), name)
    except ImportFileError as error:
        outcome.errors = [Problem(str(error))]
        return outcome
    outcome.timings["read"] = time.perf_counter() - started
    outcome.rows = len(dataset)
    if progress is not None:
        # The rows are checked (phase None) before any is written ("writing").
        resource.on_progress = lambda phase, done, of: progress(phase or "checking", done, of)
    result = resource.import_data(dataset, dry_run=dry_run, user=user)
    outcome.timings["import"] = time.perf_counter() - started - outcome.timings["read"]
    outcome = outcome_from(result, outcome)
    if outcome.ok and not dry_run:
        # As the admin does after a confirmed import: bulk saves send no post_save, so this
        # is what caches of the archive's content can listen to.
        post_import.send(sender=None, model=resource._meta.model)
    return outcome


def outcome_from(result, outcome) -> ImportOutcome:
    outcome.errors = list(result.problems)
    outcome.notes = list(getattr(result, "notes", []))
    outcome.timings.update(getattr(result, "timings", {}))
    outcome.ok = not outcome.errors
    if outcome.ok:
        outcome.totals = {
            "new": result.totals["new"],
            "updated": result.totals["update"],
            "unchanged": result.totals["skip"],
        }
    return outcome


# --- Exporting ------------------------------------------------------------------------------


def export_queryset(model_key, published_only=False):
    """What an export of `model_key` contains; published_only is the public bulk download."""
    resource = resource_for(model_key)
    queryset = resource.get_queryset()
    if published_only and model_key == "articles":
        queryset = queryset.published()
    if published_only and model_key == "quotes":
        queryset = queryset.public()
    return queryset


def export_dataset(model_key, queryset=None, published_only=False, progress=None) -> tablib.Dataset:
    """The rows of an export; progress("exporting", done, total) hears how far it is."""
    resource = resource_for(model_key)
    if queryset is None:
        queryset = export_queryset(model_key, published_only)
    resource.on_progress = progress
    return resource.export(queryset=queryset)


def render(dataset, format) -> bytes:
    """File content for a Dataset. Spreadsheet cells that would start a formula are
    neutralised: in CSV by a leading apostrophe (which an import removes again), in XLSX by
    storing them as text with Excel's quote prefix, so the value itself stays exact."""
    if format == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([cells.neutralise(cells.as_text(v)) for v in row])
        # The BOM makes Excel read the file as UTF-8 (Kazakh and Russian names included).
        return out.getvalue().encode("utf-8-sig")
    if format == "json":
        items = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]
        return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if format == "xlsx":
        return _render_xlsx(dataset)
    raise ImportFileError(f"unknown format '{format}'")


def _render_xlsx(dataset):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.title or "archive")
    bold = Font(bold=True)
    header = []
    for name in dataset.headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in dataset:
        out = []
        for value in row:
            # Control characters cannot be stored in XLSX at all.
            text = cells.xlsx_escape(ILLEGAL_CHARACTERS_RE.sub("", cells.as_text(value)))
            cell = WriteOnlyCell(sheet, value=text)
            if text.startswith(cells.FORMULA_TRIGGERS):
                cell.data_type = "s"
                cell.quotePrefix = True
            out.append(cell)
        sheet.append(out)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
