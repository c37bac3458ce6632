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

import tablib
from import_export.signals import post_import

from archive.transfer import cells
from archive.transfer.columns import Problem

# Reading files lives in archive.transfer.reading; the names are the pipeline's API too.
from archive.transfer.reading import (  # noqa: F401
    FORMATS,
    ImportFileError,
    format_for,
    max_bytes,
    open_dataset,
    read_bytes,
    read_dataset,
    too_large,
)
from archive.transfer.resources import RESOURCES


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
    # derived_later: the saved rows whose links and search entries are still to be made.
    pending_refresh: list[int] = field(default_factory=list)

    def summary(self) -> str:
        t = self.totals
        counts = f"{t['new']} new, {t['updated']} updated, {t['unchanged']} unchanged"
        if not self.ok:
            return f"Nothing was imported: {len(self.errors)} problem(s) found."
        if self.dry_run:
            return f"Dry run, nothing written: {self.model_key} would be {counts}."
        return f"Imported {self.model_key}: {counts}."


# --- Importing ------------------------------------------------------------------------------


def resource_for(model_key, **kwargs):
    if model_key not in RESOURCES:
        raise ImportFileError(
            f"unknown kind of record '{model_key}'; use one of: {', '.join(RESOURCES)}"
        )
    return RESOURCES[model_key](**kwargs)


def import_file(
    model_key,
    source,
    format=None,
    dry_run=False,
    user=None,
    progress=None,
    derived_later=False,
    stage_job=None,
) -> ImportOutcome:
    """Import a file (a path or a file object) of `model_key` records: all rows or none.
    progress(phase, done, total) hears how far it is (checking or writing the rows, then
    linking and indexing). derived_later: write and commit the rows only, and leave what
    derives from them (links, names queue, search index) to the caller, for the rows in
    outcome.pending_refresh (archive.transfer.follow_up runs it as a background job).
    stage_job: the job that owns the rows of a staged write (archive.transfer.staging);
    the derived work then follows the commit, in short transactions."""
    outcome = ImportOutcome(model_key=model_key, ok=False, dry_run=dry_run)
    started = time.perf_counter()
    try:
        resource = resource_for(model_key, user=user)
        if isinstance(source, str | os.PathLike):  # a file on disk: read a row at a time
            name = os.path.basename(source)
            dataset = open_dataset(source, format_for(name, format), name)
        else:
            data, name = read_bytes(source)
            dataset = read_dataset(data, format_for(name, format), name)
            del data
    except ImportFileError as error:
        outcome.errors = [Problem(str(error))]
        return outcome
    outcome.timings["read"] = time.perf_counter() - started
    outcome.rows = len(dataset)
    if progress is not None:
        # The rows are checked (phase None) before any is written ("writing").
        resource.on_progress = lambda phase, done, of: progress(phase or "checking", done, of)
    resource.defer_refresh = derived_later or stage_job is not None
    resource.stage_job = stage_job
    result = resource.import_data(dataset, dry_run=dry_run, user=user)
    outcome.pending_refresh = list(resource.pending_refresh) if derived_later else []
    if stage_job is not None and not derived_later and not result.problems and not dry_run:
        resource.run_refresh()
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
