"""The rows of an import as the strict resources (archive.transfer.resource_base) go through
them: what the pass before the import found out about each, the objects they update read a
window at a time, and the library's result kept small. Nothing here holds a whole file."""

import difflib

from import_export.results import Result

from archive.transfer.columns import Problem

INSTANCE_WINDOW = 1000  # rows whose existing objects are read from the database at once
KEPT_ROW_RESULTS = 100  # row results a result keeps: the preview's rows (its counts cover all)


class RowPlan:
    """What the pass over the whole file found out about one row before it is imported."""

    __slots__ = ("existing", "problem")

    def __init__(self, existing=None, problem=""):
        self.existing = existing  # primary key of the object this row updates
        self.problem = problem  # e.g. that the row repeats an earlier one


class RowDicts:
    """The rows of a dataset as dicts, made again on each pass: a file read a row at a time
    (archive.transfer.reading.StoredRows) is never held whole."""

    def __init__(self, dataset):
        self.dataset = dataset

    def __iter__(self):
        headers = self.dataset.headers
        return (dict(zip(headers, values, strict=False)) for values in self.dataset)


def upcoming_instances(model, plans, index):
    """{pk: object} of the objects the rows from `index` on update, for the next
    INSTANCE_WINDOW rows: one query per window rather than a file's worth in memory."""
    window = plans[index : index + INSTANCE_WINDOW]
    return model.objects.in_bulk([plan.existing for plan in window if plan.existing])


class BoundedResult(Result):
    """The library's result, keeping the row results of the first rows only (the preview
    shows no more); every row is still counted in totals, and every problem kept."""

    kept_rows = KEPT_ROW_RESULTS

    def append_row_result(self, row_result):
        if len(self.rows) < self.kept_rows:
            super().append_row_result(row_result)


def column_problems(headers, known, required, model_key) -> list[Problem]:
    """What is wrong with a file's header row: blank, repeated, unknown or missing columns."""
    problems, seen = [], {}
    for position, header in enumerate(headers, start=1):
        if not header:
            problems.append(Problem(f"column {position} has no header"))
        elif header in seen:
            problems.append(
                Problem(f"column '{header}' appears twice (columns {seen[header]} and {position})")
            )
        elif header not in known:
            problems.append(
                Problem(
                    f"unknown column '{header}'{closest_column(header, known)}. Columns for "
                    f"{model_key}: {', '.join(known)} (see docs/importing.md)"
                )
            )
        seen.setdefault(header, position)
    for column in required:
        if column not in seen:
            problems.append(Problem(f"the required column '{column}' is missing"))
    return problems


def closest_column(header, known):
    """ " (did you mean 'title'?)" for a misspelt column, or ""."""
    match = difflib.get_close_matches(header, known, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
