"""Import and export buttons for the editors' admin, with the same strict rules as the
`import_archive` command (both go through archive.transfer.pipeline and archive.transfer.resources).

Use on a ModelAdmin:  class ArticleAdmin(ArchiveImportExportMixin, admin.ModelAdmin):
                          resource_classes = [ArticleResource]

What this adds to django-import-export's own mixin:
- files are read by archive.transfer.pipeline (size limit, UTF-8 with or without BOM, a spreadsheet
  whose extension lies, empty files), with messages that say what to do;
- the Import page only stores the upload (archive.transfer.uploads, a chunk at a time; a big
  file arrives in pieces, archive.transfer.chunks, so no request carries it whole) and
  queues a preview job (archive.transfer.tasks), then sends the editor to the job's page: it
  answers at once whatever the size of the file;
- the preview job checks every row; a file with any problem ends with every problem listed
  (file, row, column, value, why) and no "Confirm import" button; otherwise the job page
  says how many rows are new, updated and unchanged, what would be lost (an article
  unpublished, renamed or losing links, a person renamed or losing positions) and shows the
  changes of the first rows only (resource_base.PREVIEW_ROWS);
- "Confirm import" (process_import here) queues the write job for the same stored file,
  again all-or-nothing (if the data changed in between, nothing is written and the problems
  shown);
- exports are CSV, XLSX and JSON of the filtered change list, with spreadsheet formulas
  neutralised;
- importing needs the add and change permissions, exporting the view permission.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from archive.models import Job
from archive.transfer import tasks, uploads
from archive.transfer.chunk_admin import ChunkedUploadMixin, forget
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


class ArchiveImportExportMixin(ChunkedUploadMixin, ImportExportMixin):
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
        """The upload is stored and a preview job queued; the editor follows it on its page.
        A form with errors (no file, too large a file) is the Import page again, with them."""
        if request.method != "POST":
            return super().import_action(request, *args, **kwargs)
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            assembled = self.take_chunked_upload(request, "import_file")
        except ImportFileError as error:
            form = self.create_import_form(request)
            form.is_valid()
            form.errors.pop("import_file", None)  # not "required": why the upload is gone
            self.add_data_read_fail_error_to_form(form, error)
            return self._import_page(request, form)
        try:
            return self._store_and_preview(request)
        finally:
            forget(assembled)

    def _store_and_preview(self, request):
        form = self.create_import_form(request)
        if not form.is_valid():
            return self._import_page(request, form)
        upload = form.cleaned_data["import_file"]
        try:
            stored = uploads.store_upload(upload)
        except ImportFileError as error:
            self.add_data_read_fail_error_to_form(form, error)
            return self._import_page(request, form)
        resource_class = self.choose_import_resource_class(form, request)
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        job = tasks.start_import(
            request.user,
            model_key=resource_class.model_key,
            stored=stored,
            name=upload.name,
            format=getattr(file_format, "archive_format", ""),
            urls=self._import_urls(),
        )
        self.message_user(
            request,
            _("The file is being checked: nothing is written until you confirm."),
            messages.SUCCESS,
        )
        return redirect(job)

    def _import_page(self, request, form):
        """The Import page showing `form` with its errors (as the library renders it, without
        the library's own reading of the file)."""
        context = self.get_import_context_data()
        resources = [
            resource_class(**self.get_import_resource_kwargs(request=request, form=form))
            for resource_class in self.get_import_resource_classes(request)
        ]
        context.update(self.admin_site.each_context(request))
        context.update(
            title=_("Import"),
            form=form,
            opts=self.model._meta,
            media=self.media + form.media,
            import_error_display=self.import_error_display,
            fields_list=[
                (
                    resource.get_display_name(),
                    [field.column_name for field in resource.get_user_visible_fields()],
                )
                for resource in resources
            ],
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), **self.chunked_upload_context()}

    def _import_urls(self):
        app, model = self.get_model_info()
        name = self.admin_site.name
        return {
            "confirm": reverse(f"admin:{app}_{model}_process_import", current_app=name),
            "changelist": reverse(f"admin:{app}_{model}_changelist", current_app=name),
        }

    def process_import(self, request, *args, **kwargs):
        """Confirm import: queue the write of a previewed file (the job id in the POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_import_permission(request):
            raise PermissionDenied
        preview = Job.objects.filter(
            pk=_int(request.POST.get("job")), kind=Job.Kind.IMPORT, state=Job.State.SUCCEEDED
        ).first()
        keys = {resource.model_key for resource in self.get_import_resource_classes(request)}
        params = preview.params if preview else {}
        result = preview.result if preview else {}
        if not preview or params.get("write") or params.get("model_key") not in keys:
            self.message_user(request, _("There is no such preview to confirm."), messages.ERROR)
            return redirect(self._import_urls()["changelist"])
        if result.get("confirmed_job"):
            return redirect(Job.objects.filter(pk=result["confirmed_job"]).first() or preview)
        try:
            uploads.stored_path(params["stored"])
        except ImportFileError as error:
            self.message_user(request, str(error).capitalize(), messages.ERROR)
            return redirect(preview)
        job = tasks.start_import(
            request.user,
            model_key=params["model_key"],
            stored=params["stored"],
            name=params["name"],
            format=params.get("format"),
            write=True,
            urls=params.get("urls"),
        )
        Job.objects.filter(pk=preview.pk).update(result={**result, "confirmed_job": job.pk})
        self.message_user(request, _("The import is queued: follow it here."), messages.SUCCESS)
        return redirect(job)

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

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().isoformat()
        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return f"{name}-{date}.{file_format.get_extension()}"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
