"""The admin's "Import plain-text articles" page: upload a .txt or a .zip of .txt files, choose
what `import_articles` would be told (status, source, language, dry run), and follow the job
(archive.transfer.text_jobs) on its page.

Use on the articles' ModelAdmin:  class ArticleAdmin(PlainTextImportMixin, ...)
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import Article, Language
from archive.transfer import uploads
from archive.transfer.chunk_admin import ChunkedUploadMixin, forget, sentence
from archive.transfer.pipeline import ImportFileError, max_bytes, too_large
from archive.transfer.text_jobs import start_text_import

EXTENSIONS = (".txt", ".zip")


class PlainTextImportForm(forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "One article as a .txt file (UTF-8), or a .zip of .txt files; docs/importing.md "
            "describes what a file looks like."
        ),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status of new articles"),
        choices=Article.Status.choices,
        initial=Article.Status.DRAFT,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("Read from each text")), *Language.choices],
        required=False,
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For every file; empty: the source named in the text, if any."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: only say what would happen"), required=False
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("“%(name)s” is neither a .txt nor a .zip file.") % {"name": upload.name}
            )
        if upload.size > max_bytes():
            raise forms.ValidationError(str(too_large(upload.size, upload.name)))
        return upload


class PlainTextImportMixin(ChunkedUploadMixin):
    def get_urls(self):
        view = self.admin_site.admin_view(self.import_text_view)
        return [path("import-text/", view, name=self._import_text_name()), *super().get_urls()]

    def _import_text_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_import_text"

    def get_import_context_data(self, **kwargs):
        """The Import page links to this one (plain text is not a spreadsheet)."""
        context = super().get_import_context_data(**kwargs)
        context["import_text_url"] = reverse(f"admin:{self._import_text_name()}")
        return context

    def import_text_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        assembled, refused = None, None
        if request.method == "POST":
            try:
                assembled = self.take_chunked_upload(request, "upload")
            except ImportFileError as error:
                refused = error
        try:
            return self._import_text(request, refused)
        finally:
            forget(assembled)

    def _import_text(self, request, refused):
        form = PlainTextImportForm(request.POST or None, request.FILES or None)
        if refused is not None:
            form.is_valid()
            form.errors.pop("upload", None)
            form.add_error("upload", sentence(refused))
        elif request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["upload"]
            try:
                stored = uploads.store_upload(upload)
            except ImportFileError as error:
                form.add_error("upload", str(error))
            else:
                options = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
                job = start_text_import(
                    request.user, stored=stored, name=upload.name, options=options
                )
                self.message_user(
                    request, _("The articles are being imported: follow it here."), messages.SUCCESS
                )
                return redirect(job)
        context = {
            **self.admin_site.each_context(request),
            **self.chunked_upload_context(),
            "opts": self.opts,
            "title": _("Import plain-text articles"),
            "form": form,
        }
        return TemplateResponse(request, "admin/archive/import_text.html", context)
