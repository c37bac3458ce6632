"""Imports through the admin are background jobs (archive/transfer/tasks.py): the Import page
answers at once and writes nothing; the job previews, says first what would be lost, and the
confirmed write is all or nothing; cancelling before the write leaves the archive as it was."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, ArticleSession, Job, LinkOrigin
from archive.transfer.tasks import import_upload
from tests.factories import make_article, make_session

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/archive/article/import/"
CONFIRM_URL = "/admin/archive/article/process_import/"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def upload_data(content, name="articles.csv"):
    return {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)}


def articles_csv(rows):
    lines = ["title,published_on,status,body"]
    lines += [f"Report {n},2020-01-0{1 + n % 9},draft,Text of report {n}." for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def visible(response):
    return " ".join(response.content.decode().split())


def test_the_upload_answers_at_once_with_the_job_page_and_writes_nothing(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY  # nobody works the queue: the job waits
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # Django streams it to a temporary file
    content = articles_csv(40_000)  # some 1.7 MB
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(IMPORT_URL, upload_data(content))
    assert time.perf_counter() - started < 1.0
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.kind == Job.Kind.IMPORT and job.state == Job.State.QUEUED
    stored = settings.ARCHIVE_IMPORT_DIR / job.params["stored"]
    assert stored.read_bytes() == content  # kept on disk for the job
    assert not Article.objects.exists()
    page = visible(editor_client.get(response["Location"]))
    assert "The file is being checked: nothing is written until you confirm." in page
    assert "Cancel the job" in page


def test_the_default_size_limit_is_a_gibibyte():
    assert django_settings.ARCHIVE_IMPORT_MAX_BYTES == 1024**3


def test_a_file_over_the_limit_is_refused_with_a_clear_message(editor_client, settings):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 1000
    response = editor_client.post(IMPORT_URL, upload_data(articles_csv(100)))
    assert response.status_code == 200
    assert (
        "files may be at most 1000 bytes (setting ARCHIVE_IMPORT_MAX_BYTES). "
        "Split it into smaller files." in visible(response).replace("&#x27;", "'")
    )
    assert not Job.objects.exists()


def test_a_job_imports_and_shows_its_counts_and_links(editor_client, run_job):
    preview = run_job(editor_client, IMPORT_URL, upload_data(articles_csv(5)))
    assert "What would change" in visible(preview)
    assert not Article.objects.exists()
    done = run_job(editor_client, CONFIRM_URL, {"job": preview.context["job"].pk})
    page = visible(done)
    job = done.context["job"]
    assert job.state == Job.State.SUCCEEDED and job.result["counts"]["new"] == 5
    assert "What changed" in page and "Imported articles: 5 new, 0 updated, 0 unchanged." in page
    ids = ",".join(str(pk) for pk in Article.objects.order_by("pk").values_list("pk", flat=True))
    assert f'href="/admin/archive/article/?id__in={ids}"' in page
    assert editor_client.get(f"/admin/archive/article/?id__in={ids}").status_code == 200
    # The preview page now leads to the import, and a second click queues nothing more.
    again = editor_client.post(CONFIRM_URL, {"job": preview.context["job"].pk})
    assert again["Location"] == job.get_absolute_url()
    assert Job.objects.count() == 2 and Article.objects.count() == 5
    assert not list(django_settings.ARCHIVE_IMPORT_DIR.glob("*"))  # the upload is gone


def test_a_confirmation_needs_a_real_preview(editor_client):
    response = editor_client.post(CONFIRM_URL, {"job": "999"})
    assert response.status_code == 302 and not Job.objects.exists()
    assert editor_client.get(CONFIRM_URL).status_code == 405


def test_cancel_before_the_write_leaves_the_archive_unchanged(
    editor_client, settings, run_job, django_capture_on_commit_callbacks
):
    preview = run_job(editor_client, IMPORT_URL, upload_data(articles_csv(20)))
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(CONFIRM_URL, {"job": preview.context["job"].pk})
    write = Job.objects.get(params__write=True)
    # The editor's Cancel arrives as the worker takes the job: it stops before writing.
    Job.objects.filter(pk=write.pk).update(cancel_requested=True)
    import_upload.call(write.pk)
    write.refresh_from_db()
    assert write.state == Job.State.CANCELLED
    assert write.result["summary"] == "Cancelled before anything changed."
    assert not Article.objects.exists()


def test_the_preview_warns_first_about_what_would_be_lost(editor_client, run_job):
    session = make_session(27)
    url = "https://example.org/unity"
    article = make_article("Unity day", slug="unity-day", source_url=url)
    ArticleSession.objects.create(article=article, session=session, origin=LinkOrigin.EDITOR)
    # Found by its original URL: a new slug, a draft, and no sessions.
    content = (
        "title,source_url,slug,status,sessions,body\n"
        f"Unity day,{url},unity-day-renamed,draft,,{article.body}\n"
    ).encode()
    page = visible(run_job(editor_client, IMPORT_URL, upload_data(content)))
    assert "Warning: what would be lost" in page
    assert page.index("Warning: what would be lost") < page.index("Confirm import")
    page = page.replace("&#x27;", "'")
    assert "row 2: article 'Unity day' would be unpublished (status draft)" in page
    assert "row 2: article 'Unity day' is renamed: its address changes from 'unity-day' to " in page
    assert "row 2: article 'Unity day' would lose links it has from editors: 1 sessions" in page
    assert Article.objects.get().slug == "unity-day"  # a preview writes nothing


def test_the_preview_shows_cells_as_text_never_as_markup(editor_client, run_job):
    content = b'title,body\n"<script>alert(1)</script>","<img src=x onerror=alert(2)> ""q"""\n'
    page = run_job(editor_client, IMPORT_URL, upload_data(content)).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "style=" not in page  # CSP: the diff is styled by admin-jobs.css
