"""Import and export buttons for the editors' admin, with the same strict rules as the
`import_archive` command (both go through archive.transfer.pipeline and archive.transfer.resources).

Use on a ModelAdmin:  class ArticleAdmin(ArchiveImportExportMixin, admin.ModelAdmin):
                          resource_classes = [ArticleResource]

What this adds to django-import-export's own mixin:
- files are read by archive.transfer.pipeline (size limit, UTF-8 with or without BOM, a spreadsheet
  whose extension lies, empty files), with messages that say what to do;
- a file with any problem shows every problem and offers no "Confirm import" button;
  otherwise the library's preview-then-confirm flow runs, and the confirmed import is again
  all-or-nothing (if the data changed in between, nothing is written and the problems shown);
- the preview says how many rows are new, updated and unchanged and shows the changes of the
  first rows only (resource_base.PREVIEW_ROWS), with their row numbers: a preview of 10,000
  rows would be a page of some 40 MB;
- exports are CSV, XLSX and JSON of the filtered change list, with spreadsheet formulas
  neutralised;
- importing needs the add and change permissions, exporting the view permission.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from archive.transfer.pipeline import ImportFileError, max_bytes, read_dataset, render, too_large


class ArchiveFormat:
    """A library format whose reading and writing is done by archive.transfer.pipeline."""

    archive_format = ""

    def is_binary(self):
        return True  # bytes in and out: archive.transfer.pipeline decodes and reports bad encodings

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_dataset(in_stream, self.archive_format)

    def export_data(self, dataset, **kwargs):
        return render(dataset, self.archive_format)


class CSV(ArchiveFormat, base_formats.CSV):
    archive_format = "csv"

    def get_content_type(self):
        return "text/csv; charset=utf-8"


class XLSX(ArchiveFormat, base_formats.XLSX):
    archive_format = "xlsx"


class JSON(ArchiveFormat, base_formats.JSON):
    archive_format = "json"


ARCHIVE_FORMATS = [CSV, XLSX, JSON]


class ArchiveImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(str(too_large(upload.size, upload.name)))
        return upload


class ArchiveImportExportMixin(ImportExportMixin):
    formats = ARCHIVE_FORMATS
    import_form_class = ArchiveImportForm
    import_template_name = "admin/archive/import.html"
    skip_import_confirm = False

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perms(
            [
                f"{opts.app_label}.add_{opts.model_name}",
                f"{opts.app_label}.change_{opts.model_name}",
            ]
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, *args, **kwargs):
        response = super().import_action(request, *args, **kwargs)
        # The library's preview marks changed cells with diff-match-patch, which writes
        # <ins style="..."> and <del style="...">: allow inline styles (never scripts) on this
        # one editors-only page so the preview shows what will change.
        response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response

    def get_import_resource_kwargs(self, request, **kwargs):
        # preview: the library's diff of the first rows for the confirmation page; the
        # confirmed import (the confirmation form) shows none, so it computes none.
        confirming = isinstance(kwargs.get("form"), ConfirmImportForm)
        return {"preview": not confirming, "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            message = str(e)
            form.add_error("import_file", message[:1].upper() + message[1:])
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        problems = getattr(result, "problems", [])
        if problems:
            # The data changed between preview and confirmation: nothing was written.
            messages.error(request, f"Nothing was imported: {len(problems)} problem(s) found.")
            for problem in problems:
                messages.error(request, str(problem))
            app, model = self.get_model_info()
            url = reverse(f"admin:{app}_{model}_import", current_app=self.admin_site.name)
            return HttpResponseRedirect(url)
        response = super().process_result(result, request)
        for note in getattr(result, "notes", []):
            messages.warning(request, note)
        return response

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().isoformat()
        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return f"{name}-{date}.{file_format.get_extension()}"
