"""The article form's live preview of the Markdown body: static/js/admin-markdown-preview.js
posts the text to preview_body_view, which answers the HTML the public page would show, made
by the same sanitising renderer (archive.text.rendering): never the editor's HTML as typed."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from archive.text.rendering import render_markdown

# Characters of body text the preview renders; a longer text is previewed up to here.
PREVIEW_MAX_CHARS = 500_000


class BodyPreviewMixin:
    """For a ModelAdmin whose model has a Markdown `body`."""

    class Media:
        js = ["js/admin-markdown-preview.js"]  # its styles: css/admin-archive.css

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        preview = path(
            "preview-body/",
            self.admin_site.admin_view(self.preview_body_view),
            name="{}_{}_preview_body".format(*info),
        )
        return [preview, *super().get_urls()]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and formfield is not None:
            info = self.model._meta.app_label, self.model._meta.model_name
            formfield.widget.attrs.update(
                {
                    "data-preview-url": reverse(
                        "{}:{}_{}_preview_body".format(self.admin_site.name, *info)
                    ),
                    "data-preview-label": _("Preview, as the article page shows it"),
                    "data-preview-failed": _("The preview could not be made; try again."),
                }
            )
        return formfield

    def preview_body_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        text = request.POST.get("body", "")[:PREVIEW_MAX_CHARS]
        response = JsonResponse({"html": render_markdown(text)})
        add_never_cache_headers(response)
        return response
