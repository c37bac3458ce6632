"""Bulk download of the published archive, in the files `import_archive` reads.

/downloads/ lists one CSV and one JSON file per kind of record (sessions, people, sources,
topics, articles, quotes: the import-export contract of archive.transfer.resources), and a ZIP
of each format with all six, so a copy can be imported into another instance. Drafts and
unreviewed quotes are never in them. Files are built on demand and cached; the cache key
follows every save in the archive and the exact set of published articles, so unpublishing one
is seen at once even when it was done by a bulk update that sends no signal.
"""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page, require_GET
from django.views.generic import TemplateView

from archive.models import Article

# Import order: later files name records from earlier ones.
KINDS = ["sessions", "people", "sources", "topics", "articles", "quotes"]
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
VERSION_KEY = "downloads:version"

README = """APK Archive: the published archive, {format} files.

Import them into another instance in this order (each file names records from earlier ones):

{commands}
"""


def cache_seconds():
    return getattr(settings, "ARCHIVE_DOWNLOAD_CACHE_SECONDS", 600)


def bump_version():
    """The files are stale: build them again on the next request (archive.transfer.receivers
    calls this on every save and delete of archive content)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def content_version() -> str:
    published = Article.objects.published().order_by("pk").values_list("pk", "updated_at")
    digest = hashlib.blake2b(digest_size=12)
    for pk, updated in published.iterator(chunk_size=5000):
        digest.update(f"{pk}:{updated.timestamp()};".encode())
    return f"{cache.get(VERSION_KEY, 0)}-{digest.hexdigest()}"


def build_file(kind, format) -> bytes:
    from archive.transfer.pipeline import export_dataset, render

    return render(export_dataset(kind, published_only=True), format)


def build_zip(format) -> bytes:
    buffer = io.BytesIO()
    commands = "\n".join(
        f"    manage.py import_archive {kind} archive-{kind}.{format}" for kind in KINDS
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(format=format.upper(), commands=commands))
        for kind in KINDS:
            archive.writestr(f"archive-{kind}.{format}", build_file(kind, format))
    return buffer.getvalue()


def cached(name, builder) -> bytes:
    key = f"downloads:{name}:{content_version()}"
    content = cache.get(key)
    if content is None:
        content = builder()
        cache.set(key, content, cache_seconds())
    return content


@require_GET
@conditional_page
def download_file(request, kind, format):
    if kind not in KINDS or format not in FORMATS:
        raise Http404(_("There is no such file."))
    name = f"archive-{kind}.{format}"
    return _attachment(name, cached(name, lambda: build_file(kind, format)), FORMATS[format])


@require_GET
@conditional_page
def download_zip(request, format):
    if format not in FORMATS:
        raise Http404(_("There is no such file."))
    name = f"archive-{format}.zip"
    return _attachment(name, cached(name, lambda: build_zip(format)), "application/zip")


def _attachment(name, content, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = f"public, max-age={min(cache_seconds(), 300)}"
    return response


class DownloadsView(TemplateView):
    template_name = "archive/names/downloads.html"

    def get_context_data(self, **kwargs):
        files = [
            {
                "kind": kind,
                "label": label,
                "formats": [(format, f"archive-{kind}.{format}") for format in FORMATS],
            }
            for kind, label in [
                ("sessions", _("Sessions")),
                ("people", _("People")),
                ("sources", _("Sources")),
                ("topics", _("Topics")),
                ("articles", _("Articles (published)")),
                ("quotes", _("Quotes (reviewed, from published articles)")),
            ]
        ]
        return super().get_context_data(files=files, kinds=KINDS, **kwargs)
