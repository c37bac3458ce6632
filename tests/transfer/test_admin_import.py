"""An editor imports a large articles file in the archive's admin: a preview that stays small,
then the confirmed import, every article linked; a file with one bad cell writes nothing."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, ArticlePerson, ArticleSession, Job, UnmatchedName
from tests.factories import make_person, make_session

pytestmark = pytest.mark.django_db

ROWS = 300
IMPORT_URL = "/admin/archive/article/import/"
CONFIRM_URL = "/admin/archive/article/process_import/"


@pytest.fixture
def known():
    sessions = {n: make_session(n) for n in (27, 32, 33)}
    people = [
        make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"], role="President"),
        make_person("Natalia Dementieva", role="Member of the Mazhilis"),
        make_person("Aida Balayeva"),
    ]
    return sessions, people


def articles_csv(rows=ROWS, bad_row=None):
    """A file of `rows` articles; article n names session (27, 32, 33)[n % 3] and person
    n % 3 in its text. `bad_row` (a spreadsheet row number: the header is row 1) gets a
    date that does not exist."""
    spellings = ["K. Tokayev", "Natalia Dementieva", "Aida Balayeva"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "published_on", "status", "lead", "body"])
    for n in range(1, rows + 1):
        date = "31.02.2019" if n + 1 == bad_row else f"2019-0{1 + n % 9}-1{n % 10}"
        body = (
            f"At the {(27, 32, 33)[n % 3]}th session of the Assembly, {spellings[n % 3]} "
            "spoke about unity.\n\nThe delegates agreed."
        )
        if n == 150:
            body += "\n\nEvgeny Bolgert, a member of the Senate, said the Assembly unites."
        writer.writerow([f"Report number {n}", date, "draft", f"Lead of report {n}.", body])
    return out.getvalue().encode("utf-8")


def visible(response):
    """The page's HTML with runs of white space made one space, as a browser shows text."""
    return " ".join(response.content.decode().split())


def upload_data(content, name="articles.csv"):
    return {
        "resource": "0",
        "format": "0",  # CSV
        "import_file": SimpleUploadedFile(name, content, "text/csv"),
    }


def upload(run_job, client, content):
    """The Import page stores the file and queues a preview job; its page is the preview."""
    return run_job(client, IMPORT_URL, upload_data(content))


def confirm(run_job, client, preview):
    """The preview's Confirm import button: a POST of the preview job to process_import."""
    job = preview.context["job"]
    assert preview.context["confirm_url"] == CONFIRM_URL
    return run_job(client, CONFIRM_URL, {"job": job.pk})


def test_a_large_file_is_previewed_briefly_then_imported_and_linked(editor_client, known, run_job):
    sessions, people = known
    preview = upload(run_job, editor_client, articles_csv())
    page = visible(preview)
    assert preview.context["job"].state == Job.State.SUCCEEDED
    assert "the file has 300 row(s): 300 new, 0 to update, 0 unchanged." in page
    assert "The changes of the first 100 rows are shown below." in page
    assert len(re.findall(r'<tr class="new">', page)) == 100
    assert "<td>Row 2</td>" in page and "<td>Row 101</td>" in page
    assert "<td>Row 102</td>" not in page
    assert len(preview.content) < 200_000
    assert 'value="Confirm import"' in page
    assert not Article.objects.exists()  # a preview writes nothing

    done = confirm(run_job, editor_client, preview)
    page = visible(done)
    assert done.context["job"].state == Job.State.SUCCEEDED
    assert "Imported articles: 300 new, 0 updated, 0 unchanged." in page
    assert '<th scope="row">new</th><td>300</td>' in page
    first = Article.objects.order_by("pk").first()
    assert f'href="/admin/archive/article/{first.pk}/change/"' in page
    assert Article.objects.count() == ROWS
    for n, article in enumerate(Article.objects.order_by("pk"), start=1):
        assert article.title == f"Report number {n}"
        assert list(article.session_links.values_list("session", "origin")) == [
            (sessions[(27, 32, 33)[n % 3]].pk, "detected")
        ]
        assert list(article.person_links.values_list("person", "origin")) == [
            (people[n % 3].pk, "detected")
        ]
    queued = UnmatchedName.objects.get()
    assert queued.name == "Evgeny Bolgert"
    assert queued.articles.get().title == "Report number 150"
    job = done.context["job"]
    assert job.done == job.total  # the derived work (linking, indexing) reported to its end


def test_a_file_with_one_bad_date_is_refused_with_its_row_named(editor_client, known, run_job):
    preview = upload(run_job, editor_client, articles_csv(bad_row=242))
    page = visible(preview)
    job = preview.context["job"]
    assert job.state == Job.State.FAILED
    assert job.result["errors"] == [
        {
            "file": "articles.csv",
            "row": "row 242",
            "column": "published_on",
            "value": "31.02.2019",
            "why": "is not a real date (no such day in that month)",
        }
    ]
    assert (
        "<td>articles.csv</td><td>row 242</td><td>published_on</td><td>31.02.2019</td>"
        "<td>is not a real date (no such day in that month)</td>"
    ) in page
    assert "Confirm import" not in page and not preview.context["confirm_url"]
    assert len(preview.content) < 200_000
    assert not Article.objects.exists()
    assert not ArticleSession.objects.exists() and not ArticlePerson.objects.exists()
    assert not UnmatchedName.objects.exists()


def test_importing_the_same_file_again_previews_every_row_as_unchanged(
    editor_client, known, run_job
):
    content = articles_csv(rows=120)
    confirm(run_job, editor_client, upload(run_job, editor_client, content))
    assert Article.objects.count() == 120
    again = visible(upload(run_job, editor_client, content))
    assert "the file has 120 row(s): 0 new, 0 to update, 120 unchanged." in again
    assert len(re.findall(r'<tr class="skip">', again)) == 100
