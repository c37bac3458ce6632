"""The strict, bulk base of the archive's import/export resources (archive.transfer.resources).

django-import-export runs the rows; this class makes it strict and fast:
- before any row, a pass over the whole file finds the object each row updates (natural
  keys, no query per row) and the rows that repeat an earlier one;
- check first, write briefly: every row is checked with no write and no transaction (on
  SQLite, whose settings begin every transaction IMMEDIATE, even a reading one would hold
  the write lock for the whole check, and another editor's save would wait); only a file
  without any problem is then written, in one short transaction (write()): the file whole
  or not at all. Every problem is reported with its row, column and value (import_data);
- a file is never held whole: its checked rows wait on disk (archive.transfer.spool), the
  objects they update are read a window of rows at a time, the library's result keeps the
  first rows only (archive.transfer.rows), and the write goes a batch at a time;
- rows are saved in bulk, which skips save() and signals: complete() computes what save()
  would, write_related() writes links and aliases, refresh() does what
  archive/search/receivers.py would (the search index); new rows go through the bulk
  writer (archive.transfer.writer), and once everything is written the page cache is told
  (archive.caching.content_changed);
- a background import (archive.transfer.tasks) hears how far it is (on_progress), learns
  before writing what would be lost (destructive_changes()), is told when the write begins
  (before_write), may run the derived work after the commit (defer_refresh, run_refresh())
  and on SQLite writes its articles in batches shown at once (archive.transfer.staging).
"""

import copy
import time

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, router, transaction
from import_export import resources

from archive import search
from archive.caching import content_changed
from archive.db import chunked
from archive.models import DatePrecision
from archive.transfer import cells, staging
from archive.transfer.cells import CellError
from archive.transfer.columns import Problem, ProblemError, database_problem
from archive.transfer.lookups import Lookups
from archive.transfer.resource_export import PROGRESS_EVERY, ExportMixin
from archive.transfer.rows import (
    BoundedResult,
    RowDicts,
    RowPlan,
    column_problems,
    upcoming_instances,
)
from archive.transfer.spool import InstanceSpool
from archive.transfer.writer import insert_new

BATCH_SIZE = 1000
# The admin's preview shows (and diffs) the first rows only: a page of 10,000 diffed rows is
# some 40 MB, more than a browser can show. The totals cover every row.
PREVIEW_ROWS = 100

IMPORT_BATCH = 2000  # rows per statement of the bulk writes
WARNINGS_SHOWN = 200  # destructive changes listed one by one (the count covers all)
WRITTEN_SHOWN = 100  # the written objects a job's result names (written_examples)


class ArchiveResource(ExportMixin, resources.ModelResource):
    """Base of the archive's resources: strict, all-or-nothing, bulk, natural keys."""

    model_key = ""  # the name used on the command line: "articles"
    noun = ""

    class Meta:
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        skip_html_diff = False
        use_transactions = True
        clean_model_instances = False
        chunk_size = 2000

    def __init__(self, preview=False, user=None, **kwargs):
        super().__init__()
        # Options are per import here: the admin preview wants diffs (of its first
        # PREVIEW_ROWS rows), the command line and the confirmed import speed.
        self._meta = copy.copy(type(self)._meta)
        self._meta.skip_diff = not preview
        self.preview_rows = PREVIEW_ROWS if preview else 0
        self.user = user
        self.lookups = Lookups()
        for field in self.fields.values():
            field.resource = field.widget.resource = self
        self.notes, self.timings = [], {}
        # A background import's hooks: on_progress(phase, done, total), phase None for rows.
        self.on_progress, self.defer_refresh, self.pending_refresh = None, False, []
        self.before_write = None  # called once every row is checked, before the write
        self.stage_job = None  # the job whose write is staged on SQLite (archive.transfer.staging)
        # A job run again after its worker died may find its rows already committed (and so
        # unchanged): the derived work then covers every row of the file, not just the saved.
        self.refresh_every_row = False
        self.total_rows = 0
        self._reset()

    def _reset(self):
        self.plans, self.labels, self.columns = [], [], []
        if getattr(self, "saved", None) is not None:
            self.saved.close()
        # The checked rows' instances wait on disk for the write (a file may be 200,000
        # articles); the existing objects are read a window of rows at a time.
        self.saved, self.failed, self.row_index = InstanceSpool(), False, 0
        self.instances = {}
        # What the write wrote: every primary key, and the first objects' names for a report.
        self.written_pks, self.written_examples = [], []
        self.invalid_cells = {}
        self.warnings, self.warning_count = [], 0

    # Column contract ----------------------------------------------------------------------

    @classmethod
    def column_names(cls):
        """Every column, in the order exports write them (Meta.fields)."""
        return list(cls._meta.fields)

    @classmethod
    def required_columns(cls):
        return [name for name in cls._meta.fields if cls.fields[name].required]

    def check_columns(self, headers) -> list[Problem]:
        return column_problems(
            headers, self.column_names(), self.required_columns(), self.model_key
        )

    # The library's entry point, made strict ------------------------------------------------

    def import_data(self, dataset, dry_run=False, **kwargs):
        self._reset()
        self.user = kwargs.get("user") or self.user
        dataset.headers = [cells.normalise_header(h) for h in dataset.headers or []]
        self.labels = getattr(dataset, "row_labels", None) or [
            f"row {n}" for n in range(2, len(dataset) + 2)
        ]
        self.total_rows = len(dataset)
        problems = self.check_columns(dataset.headers)
        if not problems and not len(dataset):
            problems.append(Problem("the file has a header but no data rows"))
        if problems:
            return self._failed_result(problems, dataset)
        for option in ("raise_errors", "use_transactions", "rollback_on_validation_errors"):
            kwargs.pop(option, None)
        kwargs.pop("collect_failed_rows", None)
        try:
            # The library's import_data() would wrap the check in a transaction (always for
            # a dry run): its inner loop without one reads and keeps the rows' objects only
            # (bulk_create() and bulk_update() below write nothing).
            result = self.import_data_inner(dataset, dry_run, False, False, False, **kwargs)
        except DatabaseError as error:
            return self._failed_result([database_problem(error)])
        problems = self._problems_from(result, dataset)
        if not problems and not dry_run:
            if self.before_write is not None:
                self.before_write()
            try:
                # Without defer_refresh (the command line) the derived work is part of the
                # all-or-nothing write, as it always was; a job runs it after the commit.
                if staging.stages(self):
                    staging.write_staged(self)  # a batch per transaction, shown at the end
                else:
                    with transaction.atomic(using=router.db_for_write(self._meta.model)):
                        self.write()
                        if not self.defer_refresh:
                            self.after_write()
            except Exception as error:  # e.g. another editor took a slug meanwhile; rolled back
                problems = [database_problem(error)]
        if problems:
            return self._failed_result(problems, dataset, result)
        if not dry_run and self.defer_refresh:
            self.after_write()
        self.saved.close()  # written, or (a dry run) its warnings found: the spool is done
        result.problems = []
        result.notes, result.timings = self.notes, self.timings
        # For the admin's preview: the rows it shows, and how many there are in all.
        result.total_rows = len(dataset)
        result.shown_rows = [row for row in result.valid_rows() if row.diff is not None]
        return result

    def _failed_result(self, problems, dataset=None, result=None):
        result = result or self.get_result_class()()
        result.base_errors = [ProblemError(problem) for problem in problems]
        # Shown as the list above instead of the library's per-row tables.
        result.invalid_rows, result.error_rows = [], []
        for row in result.rows:
            row.errors = []
        result.problems = problems
        result.notes = self.notes
        self.saved.close()  # nothing of the file is written
        return result

    def _problems_from(self, result, dataset) -> list[Problem]:
        problems = []
        for error in result.base_errors:
            problem = error.error
            problems.append(problem if isinstance(problem, Problem) else database_problem(problem))
        order = {name: i for i, name in enumerate(dataset.headers)}
        for invalid in result.invalid_rows:
            label = self.labels[invalid.number - 1]
            row = self.invalid_cells.get(invalid.number - 1, {})
            items = sorted(invalid.error_dict.items(), key=lambda kv: order.get(kv[0], -1))
            for column, messages in items:
                column = "" if column == NON_FIELD_ERRORS else column
                value = cells.as_text(row.get(column, "")) if column else ""
                problems.extend(Problem(str(m), label, column, value) for m in messages)
        for error_row in result.error_rows:
            label = self.labels[error_row.number - 1]
            for error in error_row.errors:
                problems.append(Problem(f"could not be imported: {error.error}", label))
        return problems

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers
        # (column, widget, how its value is stored), worked out once rather than per cell
        self.columns = [
            (name, field.widget, getattr(self, f"assign_{name}", None) or field.attribute)
            for name, field in ((n, self.fields[n]) for n in self.column_names())
            if field.importable and name in headers
        ]
        self.plans = self.make_plans(RowDicts(dataset))

    def make_plans(self, rows) -> list[RowPlan]:
        """Find the object each row updates and the rows that repeat an earlier one."""
        self.prepare(rows)
        plans, claimed = [], {}
        for index, row in enumerate(rows):
            try:
                existing, keys = self.identify(row)
            except CellError:
                existing, keys = None, []  # the row's own import reports the bad cell
            plan = RowPlan(existing)
            for key, description in keys:
                if key in claimed:
                    plan.problem = (
                        f"repeats {self.labels[claimed[key]]}: both rows are {description}. "
                        f"Each {self.noun} may appear once in a file"
                    )
                    break
            for key, _description in keys:
                claimed.setdefault(key, index)
            plans.append(plan)
        return plans

    def prepare(self, rows):
        """Load what identify() needs for all rows at once."""

    def identify(self, row):
        """(primary key of the existing object or None, [(key, description), ...])."""
        raise NotImplementedError

    def import_row(self, row, instance_loader, **kwargs):
        self.row_index = kwargs["row_number"] - 1
        # Diffs (a copy and two exports of the row's object) only for the rows shown.
        self._meta.skip_diff = self.row_index >= self.preview_rows
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.label = self.labels[self.row_index]  # "row 7" as a spreadsheet counts
        done = self.row_index + 1
        if done % PROGRESS_EVERY == 0 or done == self.total_rows:
            self.progress(None, done, self.total_rows)
        # (The library's after_import_row() is not called for rows that fail.)
        if not row_result.is_valid():
            self.failed = True
            # The row's cells, for the problems' values (the file is not kept in memory).
            self.invalid_cells[self.row_index] = dict(row)
        return row_result

    def get_instance(self, instance_loader, row):
        pk = self.plans[self.row_index].existing
        if pk and pk not in self.instances:
            self.instances = upcoming_instances(self._meta.model, self.plans, self.row_index)
        return self.instances.get(pk) if pk else None

    def get_result_class(self):
        return BoundedResult  # the row results of the first rows only, and every count

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_values = {}
        instance._import_before = None if new else self.snapshot(instance)

    def snapshot(self, instance):
        return {f.attname: getattr(instance, f.attname) for f in self.compared_fields()}

    derived_fields = ()  # not editable, but computed by complete() as save() would

    def compared_fields(self):
        return [
            f
            for f in self._meta.model._meta.concrete_fields
            if (f.editable and not f.primary_key) or f.name in self.derived_fields
        ]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        plan = self.plans[self.row_index]
        if plan.problem:
            errors[NON_FIELD_ERRORS] = plan.problem
        for name, widget, store in self.columns:
            try:
                value = widget.clean(row[name], row=row)
            except CellError as error:
                errors[name] = str(error)
                continue
            if callable(store):
                store(instance, value, row)
            elif store:
                setattr(instance, store, value)
            else:
                instance._import_values[name] = value
        if not errors:
            errors.update(self.check_instance(instance, row))
        if errors:
            raise ValidationError({key: [message] for key, message in errors.items()})

    def check_instance(self, instance, row) -> dict:
        """Rules across columns and against the database, after every cell has been read."""
        return {}

    def slug_index(self):
        """The lookups index (archive.transfer.lookups) that finds this model's rows by slug."""
        return None

    def assign_slug(self, instance, value, row):
        # An empty cell keeps the slug: it is in published URLs. New rows get one from the name.
        # So does an old slug of this very row (a file exported before a rename): the row was
        # found by it, and the rename stands.
        index = self.slug_index()
        own_old_slug = (
            instance.pk is not None
            and index is not None
            and index.pk_by_old_slug.get(value) == instance.pk
        )
        if value and not own_old_slug:
            instance.slug = value

    def assign_date(self, instance, attribute, value, row):
        """A date cell (DateWidget: date and precision) goes to `attribute`; its precision is
        the row's unless the date_precision cell gives one."""
        setattr(instance, attribute, value[0])
        if not cells.as_text(row.get("date_precision", "")).strip():
            instance.date_precision = value[1] or DatePrecision.DAY

    def assign_date_precision(self, instance, value, row):
        # An empty cell leaves the precision the date itself gave (see assign_*_date).
        if cells.as_text(row["date_precision"]).strip():
            instance.date_precision = value

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance._import_before is None:
            return False
        return self.snapshot(instance) == instance._import_before and self.links_unchanged(instance)

    def links_unchanged(self, instance):
        return True

    def before_save_instance(self, instance, row, **kwargs):
        self.complete(instance)

    def complete(self, instance):
        """Fill in what the model's save() would (bulk_create does not call it)."""

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.failed:
            return  # an earlier row failed, so nothing will be kept: stop writing
        super().save_instance(instance, is_create, row, **kwargs)
        instance._import_label = self.labels[self.row_index]
        instance._import_new = is_create
        self.saved.append(instance)

    # The library calls these during the check, every batch_size rows: nothing is written
    # until every row is checked (write() has the instances, in self.saved).
    def bulk_create(self, *args, **kwargs):
        self.create_instances.clear()

    def bulk_update(self, *args, **kwargs):
        self.update_instances.clear()

    def write(self):
        """Write the checked rows and what they link to, in one transaction: the file whole
        or not at all. On SQLite this is the only time an import holds the write lock.
        A batch of rows at a time from the spool: its new rows, its changed rows, then
        their links and aliases (write_related)."""
        model, total = self._meta.model, len(self.saved)
        fields = self.get_bulk_update_fields()
        started, related = time.perf_counter(), 0.0
        with transaction.atomic(using=router.db_for_write(model)):
            self.progress("writing", 0, total)
            done = 0
            for batch in self.saved.batches():
                insert_new(model, [i for i in batch if i._import_new], BATCH_SIZE)
                changed = [i for i in batch if not i._import_new]
                if changed:
                    model.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
                related_started = time.perf_counter()
                self.write_related(batch)
                related += time.perf_counter() - related_started
                self._note_written(batch)
                done += len(batch)
                self.progress("writing", done, total)
        self.timings["save"] = time.perf_counter() - started - related
        self.timings["related"] = related

    def _note_written(self, batch):
        self.written_pks.extend(instance.pk for instance in batch)
        room = WRITTEN_SHOWN - len(self.written_examples)
        self.written_examples.extend((instance.pk, str(instance)) for instance in batch[:room])

    def get_bulk_update_fields(self):
        return [f.attname for f in self.compared_fields()] + self.extra_update_fields

    extra_update_fields = []

    def after_import(self, dataset, result, **kwargs):
        # The parent resets primary-key sequences, needed only when files carry ids; ours don't.
        if self.failed or result.has_errors() or not kwargs.get("dry_run", False):
            return
        self.plan_related()
        warnings = list(self.destructive_changes())
        self.warning_count, self.warnings = len(warnings), warnings[:WARNINGS_SHOWN]

    def after_write(self):
        pks = list(self.written_pks)
        if self.refresh_every_row:
            pks = list(dict.fromkeys(pks + [plan.existing for plan in self.plans if plan.existing]))
        if self.defer_refresh:
            self.pending_refresh = pks  # the caller runs it once the write has committed
        else:
            self.refresh(pks)
        # Once for every bulk write of this import: the rows (insert_new, bulk_update),
        # write_related() and refresh(). Bulk writes send no signals.
        content_changed(router.db_for_write(self._meta.model))

    def run_refresh(self):
        """The derived work put off by defer_refresh, after the write's commit."""
        pks, self.pending_refresh = self.pending_refresh, []
        self.refresh(pks)
        content_changed(router.db_for_write(self._meta.model))

    def progress(self, phase, done, total):
        if self.on_progress is not None:
            self.on_progress(phase, done, total)

    def destructive_changes(self):
        """What a dry run found would be lost, in words, one change at a time."""
        return []

    def renamed(self, instance):
        """'row 7: the Assembly's report is renamed: its address ...' when a slug changes."""
        before = instance._import_before
        if before is None or "slug" not in before or before["slug"] == instance.slug:
            return None
        return (
            f"{instance._import_label}: {self.noun} '{instance}' is renamed: its address "
            f"changes from '{before['slug']}' to '{instance.slug}' (the old one redirects)"
        )

    def plan_related(self):
        """In a dry run: work out what write_related() would change, for the warnings."""

    def write_related(self, instances):
        """Write what bulk saving skipped (aliases, links) for a batch of written rows (each
        has its key by now)."""

    # What archive/search/receivers.py does on save(), done once for all saved rows.
    search_kind = ""  # the search entries of this kind of record ("person", ...)

    def refresh(self, pks):
        """Bring derived data (the search index) up to date for the rows that were saved."""
        if not pks:
            return
        started = time.perf_counter()
        self.progress("indexing", 0, len(pks))
        if self.search_kind:
            search.reindex_entries(self.search_kind, pks)
        article_pks = set()
        for chunk in chunked(pks, IMPORT_BATCH):
            article_pks.update(self.articles_showing(chunk))
        search.reindex_articles(article_pks)
        quote_pks = self.quotes_showing(pks)
        if quote_pks:
            search.reindex_entries("quote", quote_pks)
        self.timings["search"] = time.perf_counter() - started
        self.progress("indexing", len(pks), len(pks))

    # derive() in batches (archive/transfer/follow_up.py) sets this and refreshes the stored
    # counts and related articles once at the end: per batch, each would redo its neighbours.
    stored_figures_later = False

    def refresh_stored_figures(self, pks):
        """The stored counts and related articles that depend on these rows."""

    def articles_showing(self, pks):
        """Articles whose search text includes these rows (a person's names, a topic ...)."""
        return []

    def quotes_showing(self, pks):
        return []
