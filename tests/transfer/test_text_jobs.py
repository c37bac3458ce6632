"""Plain-text articles imported from the admin as a job (archive/transfer/text_admin.py,
text_jobs.py): a .txt or a .zip of them, the options of `import_articles`, its report."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, Job
from tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import-text/"


def text(title, date="12 March 2019", body="Aigerim Nurlanova spoke of the harvest."):
    return f"{title}\n\n{date}\n\n{body}\n".encode()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def form(content, name="speeches.zip", **options):
    return {"upload": SimpleUploadedFile(name, content), "status": "draft", **options}


def visible(response):
    return " ".join(response.content.decode().split())


def test_the_import_page_leads_to_the_plain_text_form(editor_client):
    page = visible(editor_client.get("/admin/archive/article/import/"))
    assert f'href="{URL}"' in page
    page = visible(editor_client.get(URL))
    assert "Import plain-text articles" in page and 'name="language"' in page


def test_a_zip_of_texts_is_imported_with_the_language_chosen(editor_client, run_job, tmp_path):
    make_person("Aigerim Nurlanova")
    members = {
        "2019/first.txt": text("First speech"),
        "2019/second.txt": text("Second speech"),
        "__MACOSX/._first.txt": b"\x00\x01",  # what a Mac adds: not an article
        "../outside.txt": text("Outside"),  # would leave the job's folder: ignored
        "notes.pdf": b"%PDF-1.4",
    }
    data = form(zipped(members), language="kk", status="published")
    page = run_job(editor_client, URL, data)
    job = page.context["job"]
    assert job.state == Job.State.SUCCEEDED and job.kind == Job.Kind.IMPORT
    assert job.result["counts"] == {"created": 2}
    shown = visible(page)
    assert "Done: 2 created." in shown
    assert "created 2019/first.txt" in shown and "title: Second speech" in shown
    assert "links: sessions -; people Aigerim Nurlanova" in shown
    articles = Article.objects.order_by("title")
    assert [(a.title, a.language, a.status) for a in articles] == [
        ("First speech", "kk", "published"),
        ("Second speech", "kk", "published"),
    ]
    first = articles[0]
    assert f'href="/admin/archive/article/{first.pk}/change/"' in shown
    assert not (tmp_path / "outside.txt").exists()


def test_a_dry_run_of_one_text_writes_nothing(editor_client, run_job):
    page = run_job(editor_client, URL, form(text("A speech"), name="speech.txt", dry_run="on"))
    assert "Dry run, nothing written: 1 to create." in visible(page)
    assert "would create speech.txt" in visible(page)
    assert not Article.objects.exists()


def test_a_bad_file_stops_the_run_naming_it_and_nothing_is_written(editor_client, run_job):
    members = {"good.txt": text("Good"), "bad.txt": text("Bad", date="31 February 2019")}
    page = run_job(editor_client, URL, form(zipped(members)))
    job = page.context["job"]
    assert job.state == Job.State.FAILED
    error = job.result["errors"][0]
    assert error["file"] == "speeches.zip"
    assert error["why"].startswith("speeches.zip/bad.txt:3: ")
    assert "nothing imported" in error["why"]
    assert not Article.objects.exists()


def test_a_broken_zip_fails_the_job_saying_so(editor_client, run_job):
    page = run_job(editor_client, URL, form(b"PK\x03\x04 broken"))
    assert page.context["job"].state == Job.State.FAILED
    assert "'speeches.zip' is not a readable .zip file" in page.context["job"].result["summary"]


def test_another_kind_of_file_is_refused_keeping_what_was_typed(editor_client):
    response = editor_client.post(URL, form(b"%PDF", name="speech.pdf", source="Kazpravda"))
    assert response.status_code == 200
    page = visible(response)
    assert "“speech.pdf” is neither a .txt nor a .zip file." in page
    assert 'value="Kazpravda"' in page
    assert not Job.objects.exists()


def test_a_visitor_without_import_rights_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
