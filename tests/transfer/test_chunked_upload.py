"""A big file sent to the Import pages in pieces (archive/transfer/chunks.py): every request
carries one piece, a piece sent twice or cut off changes nothing, and the assembled file is
imported exactly as if it had been uploaded whole."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, Job
from archive.transfer import chunks, uploads
from tests.transfer.test_admin_import import IMPORT_URL, articles_csv, visible

pytestmark = pytest.mark.django_db

BEGIN_URL = "/admin/archive/article/upload/"
TEXT_URL = "/admin/archive/article/import-text/"


@pytest.fixture(autouse=True)
def _small_pieces(settings):
    settings.ARCHIVE_UPLOAD_CHUNK_BYTES = 4096


def begin(client, name, size):
    return client.post(BEGIN_URL, {"name": name, "size": str(size)})


def send(client, url, content, offset):
    return client.post(f"{url}?offset={offset}", content, content_type="application/octet-stream")


def send_whole(client, name, content, piece=4096):
    """What the page's script does: begin, then every piece in order; the upload's id."""
    started = begin(client, name, len(content))
    assert started.status_code == 201, started.content
    url = started.json()["url"]
    for offset in range(0, len(content), piece):
        answer = send(client, url, content[offset : offset + piece], offset)
        assert answer.status_code == 200, answer.content
        assert answer.json() == {"received": min(offset + piece, len(content))}
    return started.json()["upload"]


def test_a_file_sent_in_pieces_is_previewed_and_imported_whole(editor_client, run_job):
    content = articles_csv(rows=100)
    assert len(content) > 3 * 4096
    upload_id = send_whole(editor_client, "articles.csv", content)
    preview = run_job(
        editor_client, IMPORT_URL, {"resource": "0", "format": "0", "upload_id": upload_id}
    )
    job = preview.context["job"]
    assert job.state == Job.State.SUCCEEDED
    assert job.params["name"] == "articles.csv"
    assert "the file has 100 row(s): 100 new" in visible(preview)
    assert uploads.stored_path(job.params["stored"]).read_bytes() == content
    assert not any((uploads.import_dir() / "partial").iterdir())  # the pieces are gone
    done = run_job(editor_client, "/admin/archive/article/process_import/", {"job": job.pk})
    assert "Imported articles: 100 new" in visible(done)
    assert Article.objects.count() == 100


def test_a_piece_sent_twice_or_out_of_order_is_told_where_the_file_stands(editor_client):
    content = b"title,body\n" + b"x" * 10_000
    started = begin(editor_client, "articles.csv", len(content)).json()
    url = started["url"]
    assert send(editor_client, url, content[:4096], 0).json() == {"received": 4096}
    again = send(editor_client, url, content[:4096], 0)  # the answer was lost: sent again
    assert again.status_code == 409
    assert again.json()["received"] == 4096
    ahead = send(editor_client, url, content[8192:], 8192)
    assert ahead.status_code == 409
    assert ahead.json()["received"] == 4096
    past = send(editor_client, url, b"y" * 4096, 4096 + len(content) - 4096 - 100)
    assert past.status_code == 409
    part = uploads.import_dir() / "partial" / f"{started['upload']}.part"
    assert part.read_bytes() == content[:4096]


def test_a_piece_cut_off_half_way_is_not_kept(editor_client, editor):
    content = b"a" * 6000
    upload_id = begin(editor_client, "articles.csv", len(content)).json()["upload"]

    class Cut:
        """A request body that ends after 1,000 of the 4,096 bytes it announced."""

        def __init__(self):
            self.sent = False

        def read(self, size):
            if self.sent:
                return b""
            self.sent = True
            return content[:1000]

    with pytest.raises(chunks.ImportFileError, match="arrived incomplete"):
        chunks.append(editor, upload_id, 0, Cut(), 4096)
    assert chunks.append(editor, upload_id, 0, _Body(content[:4096]), 4096) == 4096


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self, size):
        data, self.data = self.data[:size], self.data[size:]
        return data


def test_a_file_over_the_limit_is_refused_before_any_piece_is_sent(editor_client, settings):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 10_000
    refused = begin(editor_client, "huge.csv", 20_000)
    assert refused.status_code == 400
    assert "'huge.csv' is 20000 bytes; files may be at most 10000 bytes" in refused.json()["error"]
    assert not (uploads.import_dir() / "partial").exists() or not any(
        (uploads.import_dir() / "partial").iterdir()
    )


def test_a_piece_bigger_than_a_piece_is_refused(editor_client):
    url = begin(editor_client, "articles.csv", 100_000).json()["url"]
    refused = send(editor_client, url, b"x" * 5000, 0)
    assert refused.status_code == 400
    assert "at most 4096 bytes" in refused.json()["error"]


def test_an_unfinished_upload_is_a_form_error_and_starts_no_job(editor_client):
    content = articles_csv(rows=100)
    started = begin(editor_client, "articles.csv", len(content)).json()
    send(editor_client, started["url"], content[:4096], 0)
    page = editor_client.post(
        IMPORT_URL, {"resource": "0", "format": "0", "upload_id": started["upload"]}
    )
    assert page.status_code == 200
    assert f"stopped at 4096 of {len(content)} bytes: choose the file again" in visible(page)
    assert "This field is required" not in visible(page)
    assert not Job.objects.exists()


def test_only_the_editor_who_began_an_upload_may_send_or_submit_it(
    editor_client, client, django_user_model
):
    content = articles_csv(rows=100)
    upload_id = send_whole(editor_client, "articles.csv", content)
    other = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(other)
    page = client.post(IMPORT_URL, {"resource": "0", "format": "0", "upload_id": upload_id})
    assert "The upload is not known: choose the file again" in visible(page)
    refused = send(client, f"{BEGIN_URL}{upload_id}/", b"x", len(content))
    assert refused.status_code == 400
    assert not Job.objects.exists()


def test_a_visitor_may_not_begin_an_upload(client):
    assert begin(client, "articles.csv", 10).status_code == 302  # to the login page
    assert not (uploads.import_dir() / "partial").exists()


def test_plain_text_articles_sent_in_pieces(editor_client, run_job):
    text = (
        "Assembly meets in Astana\n\n15 March 2019\n\n"
        + "The delegates of the Assembly agreed on a plan of unity. " * 200
    ).encode()
    upload_id = send_whole(editor_client, "report.txt", text)
    data = {"status": "draft", "language": "", "source": "", "upload_id": upload_id}
    page = run_job(editor_client, TEXT_URL, data)
    job = page.context["job"]
    assert job.params["name"] == "report.txt"
    assert job.state == Job.State.SUCCEEDED, job.result
    assert Article.objects.filter(title="Assembly meets in Astana").exists()


def test_the_import_page_offers_the_pieces_to_its_script(editor_client):
    page = visible(editor_client.get(IMPORT_URL))
    assert f'data-chunked-upload="{BEGIN_URL}"' in page
    assert 'data-field="import_file"' in page and 'data-chunk-bytes="4096"' in page
    assert "js/admin-chunked-upload" in page


def test_pieces_of_uploads_left_for_a_day_are_deleted(editor_client):
    upload_id = begin(editor_client, "articles.csv", 100).json()["upload"]
    folder = uploads.import_dir() / "partial"
    day_ago = time.time() - chunks.ABANDONED_AFTER - 60
    for path in folder.iterdir():
        os.utime(path, (day_ago, day_ago))
    begin(editor_client, "other.csv", 100)
    assert not (folder / f"{upload_id}.part").exists()
    assert len(list(folder.iterdir())) == 2  # the new upload's piece file and its facts


def test_a_piece_the_disk_cannot_take_is_a_message_not_a_500(editor_client, editor):
    content = b"a" * 6000
    upload_id = begin(editor_client, "articles.csv", len(content)).json()["upload"]

    class Broken:
        """A body whose reading fails half way (a full disk, the browser gone)."""

        def __init__(self):
            self.reads = 0

        def read(self, size):
            self.reads += 1
            if self.reads > 1:
                raise OSError(28, "No space left on device")
            return content[:1000]

    with pytest.raises(chunks.ImportFileError, match="could not be stored"):
        chunks.append(editor, upload_id, 0, Broken(), 4096)
    part = uploads.import_dir() / "partial" / f"{upload_id}.part"
    assert part.read_bytes() == b""  # nothing of the piece kept


def test_uploads_that_cannot_be_stored_are_refused_with_a_message(editor_client, settings):
    blocker = uploads.import_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    refused = begin(editor_client, "articles.csv", 10_000)
    assert refused.status_code == 400
    assert "the server cannot store uploads" in refused.json()["error"]


def test_an_upload_the_server_cannot_store_is_a_form_error(editor_client):
    blocker = uploads.import_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    page = editor_client.post(
        IMPORT_URL,
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("a.csv", b"title\nA\n")},
    )
    assert page.status_code == 200
    assert "could not be stored on the server" in visible(page)
    assert not Job.objects.exists()
