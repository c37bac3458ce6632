"""The admin's end of an upload in pieces (archive.transfer.chunks): two small JSON views on
a ModelAdmin with an import page, and what its import view calls to take the assembled file.

    POST <changelist>/upload/  (name, size)  -> 201 {"upload", "url", "chunk_bytes"}
    POST <changelist>/upload/<id>/?offset=N  (the piece's bytes)
                                             -> 200 {"received"}
                                             -> 409 {"received"}: the file stands there

Errors are JSON too ({"error": "..."}, 400, 403 or 409): the page's script shows them.
"""

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from archive.transfer import chunks
from archive.transfer.pipeline import ImportFileError

UPLOAD_ID_FIELD = "upload_id"


class ChunkedUploadMixin:
    def get_urls(self):
        begin = self.admin_site.admin_view(require_POST(self.upload_begin_view))
        piece = self.admin_site.admin_view(require_POST(self.upload_chunk_view))
        return [
            path("upload/", begin, name=self._upload_name("begin")),
            path("upload/<str:upload_id>/", piece, name=self._upload_name("chunk")),
            *super().get_urls(),
        ]

    def _upload_name(self, which):
        return f"{self.opts.app_label}_{self.opts.model_name}_upload_{which}"

    def chunked_upload_context(self):
        """What the Import pages' script needs (templates/admin/archive/chunked_upload.html)."""
        return {
            "chunked_upload_url": reverse(f"admin:{self._upload_name('begin')}"),
            "chunked_upload_bytes": chunks.chunk_bytes(),
            "chunked_upload_max_bytes": chunks.max_bytes(),
        }

    def upload_begin_view(self, request):
        if not self.has_import_permission(request):
            return _error("You may not import here.", 403)
        try:
            size = int(request.POST.get("size", ""))
        except ValueError:
            return _error("The size of the file is missing.", 400)
        try:
            upload_id = chunks.begin(request.user, request.POST.get("name", ""), size)
        except ImportFileError as error:
            return _error(sentence(error), 400)
        url = reverse(f"admin:{self._upload_name('chunk')}", args=[upload_id])
        return JsonResponse(
            {"upload": upload_id, "url": url, "chunk_bytes": chunks.chunk_bytes()}, status=201
        )

    def upload_chunk_view(self, request, upload_id):
        if not self.has_import_permission(request):
            return _error("You may not import here.", 403)
        try:
            offset = int(request.GET.get("offset", ""))
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error("The piece's offset is missing.", 400)
        if length > chunks.chunk_bytes():
            return _error(f"A piece may be at most {chunks.chunk_bytes()} bytes.", 400)
        try:
            received = chunks.append(request.user, upload_id, offset, request, length)
        except chunks.OffsetMismatch as mismatch:
            return JsonResponse(
                {"error": sentence(mismatch), "received": mismatch.received}, status=409
            )
        except ImportFileError as error:
            return _error(sentence(error), 400)
        return JsonResponse({"received": received})

    def take_chunked_upload(self, request, field):
        """Put the assembled upload named by the form's upload id into request.FILES as
        `field` (the page's script sent it in pieces); None when the form carried the file
        itself. Raises ImportFileError for an unknown or unfinished upload."""
        upload_id = request.POST.get(UPLOAD_ID_FIELD)
        if not upload_id or request.FILES.get(field):
            return None
        upload = chunks.assembled(request.user, upload_id)
        request.FILES.setlist(field, [upload])
        return upload


def forget(upload):
    """After the view stored (or refused) an assembled upload: its pieces are gone."""
    if upload is not None:
        chunks.finish(upload)


def sentence(error):
    message = str(error)
    return message[:1].upper() + message[1:]


def _error(message, status):
    return JsonResponse({"error": message}, status=status)
