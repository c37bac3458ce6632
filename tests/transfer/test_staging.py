"""An import job on SQLite writes its new articles a batch per transaction, hidden, shows
them a batch per transaction, then writes the changed ones in one short last transaction
(archive/transfer/staging.py): another editor saves between two batches, and a file that
fails leaves nothing, shown or not."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.utils import timezone
from reversion.models import Version

from archive import db
from archive.jobs import services
from archive.models import STAGED, Article, ArticleSession, Job, Source, StagedArticle
from archive.transfer import staging, uploads
from archive.transfer.resources import ArticleResource
from archive.transfer.tasks import import_upload, start_import
from tests.factories import make_article, make_session
from tests.transfer.test_concurrent_import import _save_a_source_elsewhere

ROWS = 2500  # three batches of the spool (1,000 rows each)
SQLITE = connection.vendor == "sqlite"
# PostgreSQL locks rows, not the database: there a job's write stays one transaction (the
# first test checks that it stages nothing; test_import_jobs.py its all or nothing).
sqlite_only = pytest.mark.skipif(not SQLITE, reason="the staged write is SQLite's")


def articles_csv(session):
    lines = ["title,published_on,status,sessions,body"]
    for n in range(ROWS):
        status = "published" if n % 2 else "draft"
        lines.append(f"Report {n},2020-01-02,{status},{session.number},Text of report {n}.")
    lines.append("Old report,2019-05-06,published,,The corrected text.")
    return ("\n".join(lines) + "\n").encode()


def run_write_job(content, editor=None):
    stored = uploads.store_upload(SimpleUploadedFile("a.csv", content))
    start_import(editor, model_key="articles", stored=stored, name="a.csv", write=True)
    return Job.objects.get()


@pytest.fixture
def between_batches(monkeypatch):
    """What the archive looks like, to a visitor, an editor and another connection, each time
    the import pauses between two batches."""
    seen = []

    def look():
        seen.append(
            {
                "published": Article.objects.published().count(),
                "for editors": Article.objects.for_editors().count(),
                "old report": Article.objects.get(slug="old-report").body,
                "staged": Article.objects.filter(status=STAGED).count(),
                "in a transaction": connection.in_atomic_block,
                "another save": _save_a_source_elsewhere(f"Source {len(seen)}"),
            }
        )

    monkeypatch.setattr(staging, "between_batches", look)
    monkeypatch.setattr(staging, "REVEAL_BATCH", 1000)
    return seen


@pytest.mark.django_db(transaction=True)
def test_new_articles_are_hidden_until_the_whole_file_is_written(between_batches):
    session = make_session(27)
    make_article("Old report", body="The first text.")
    job = run_write_job(articles_csv(session))
    assert job.state == Job.State.SUCCEEDED, job.result
    if SQLITE:
        staged, shown = between_batches[:3], between_batches[3:]
        assert [look["staged"] for look in staged] == [1000, 2000, 2500]
        for look in staged:
            assert look["published"] == 1 and look["for editors"] == 1
        # Then shown a thousand at a time, oldest first: 500 published in each batch.
        assert [look["staged"] for look in shown] == [1500, 500, 0]
        assert [look["published"] for look in shown] == [501, 1001, 1251]
        for look in between_batches:
            assert look["old report"] == "The first text."  # changed rows come last
            assert not look["in a transaction"] and look["another save"] == "saved"
    assert Article.objects.published().count() == ROWS // 2 + 1
    assert Article.objects.drafts().count() == ROWS // 2
    assert not Article.objects.filter(status=STAGED).exists()
    assert not StagedArticle.objects.exists()
    assert Article.objects.get(slug="old-report").body == "The corrected text."
    assert ArticleSession.objects.filter(session=session).count() == ROWS
    assert Source.objects.count() == len(between_batches)


@sqlite_only
@pytest.mark.parametrize("when", ["while showing", "at the end"])
@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_leaves_nothing_of_the_file_even_what_was_shown(monkeypatch, when):
    session = make_session(27)
    make_article("Old report", body="The first text.")
    monkeypatch.setattr(db, "WRITER_PAUSE", 0)
    monkeypatch.setattr(staging, "REVEAL_BATCH", 1000)
    pauses = []

    def fail_while_showing():
        pauses.append(1)
        if len(pauses) == 5:  # 3 batches staged, 2 shown
            raise DatabaseError("disk I/O error")

    def fail_at_the_end(expected, shown):
        assert Article.objects.published().count() == ROWS // 2 + 1  # every one shown
        raise DatabaseError("disk I/O error")

    if when == "while showing":
        monkeypatch.setattr(staging, "between_batches", fail_while_showing)
    else:
        monkeypatch.setattr(staging, "_check_shown", fail_at_the_end)
    versions = Version.objects.count()
    job = run_write_job(articles_csv(session))
    assert job.state == Job.State.FAILED
    assert "disk I/O error" in str(job.result["errors"])
    assert list(Article.objects.values_list("slug", "body")) == [("old-report", "The first text.")]
    assert not ArticleSession.objects.exists() and not StagedArticle.objects.exists()
    # Never in the archive, so not among its deleted articles to recover.
    assert Version.objects.count() == versions
    session.refresh_from_db()
    assert session.published_article_count == 0


@sqlite_only
@pytest.mark.parametrize("pause, hidden, shown", [(1, 1000, 0), (4, 1500, 1000)])
@pytest.mark.django_db(transaction=True)
def test_a_job_run_again_first_deletes_what_its_dead_run_staged(monkeypatch, pause, hidden, shown):
    """The worker died between two batches (the job stays running, its articles hidden, or
    some of them already shown: pause 4 is the first while showing); the next run deletes
    them, then imports the file once."""
    monkeypatch.setattr(db, "WRITER_PAUSE", 0)
    monkeypatch.setattr(staging, "REVEAL_BATCH", 1000)
    pauses = []
    session = make_session(27)
    make_article("Old report", body="The first text.")

    class WorkerDied(BaseException):
        pass

    def die():
        pauses.append(1)
        if len(pauses) == pause:
            raise WorkerDied

    monkeypatch.setattr(staging, "between_batches", die)
    monkeypatch.setattr(staging, "discard", lambda staged: None)  # a SIGKILL cleans nothing
    job = run_write_job(articles_csv(session))  # the task backend logs WorkerDied
    assert Article.objects.filter(status=STAGED).count() == hidden
    assert StagedArticle.objects.count() == hidden + shown
    assert Article.objects.for_editors().count() == 1 + shown
    monkeypatch.undo()
    monkeypatch.setattr(db, "WRITER_PAUSE", 0)
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and job.attempts == 1  # silent: its worker died
    job.state = Job.State.QUEUED  # what archive.jobs.services.recover() then does
    job.save()
    import_upload.call(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.result
    assert job.result["counts"]["new"] == ROWS
    assert Article.objects.count() == ROWS + 1 and not StagedArticle.objects.exists()
    assert ArticleSession.objects.count() == ROWS


@pytest.mark.django_db(transaction=True)
def test_what_ended_jobs_left_staged_is_deleted_but_not_a_running_jobs():
    running = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.RUNNING, title="a")
    ended = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.FAILED, title="b")
    this = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.RUNNING, title="c")
    for job, title in [(running, "Kept"), (ended, "Gone 1"), (this, "Gone 2"), (None, "Gone 3")]:
        article = make_article(title, status=STAGED)
        StagedArticle.objects.create(article=article, job=job, status="published")
    staging.discard_abandoned(this)
    assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]
    assert list(StagedArticle.objects.values_list("job", flat=True)) == [running.pk]


@pytest.mark.django_db
def test_articles_being_imported_are_not_in_the_admin_or_an_export(editor_client):
    make_article("Shown report")
    hidden = make_article("Hidden report", status=STAGED)
    page = editor_client.get("/admin/archive/article/").content.decode()
    assert "Shown report" in page and "Hidden report" not in page
    assert editor_client.get(f"/admin/archive/article/{hidden.pk}/change/").status_code == 302
    assert editor_client.get(f"/articles/{hidden.slug}/").status_code == 404
    exported = ArticleResource().export().csv
    assert "Shown report" in exported and "Hidden report" not in exported


@pytest.mark.django_db
def test_what_a_job_given_up_after_dead_workers_had_staged_is_deleted(settings):
    """archive.jobs.services.recover() gives the job up; its hidden articles go at once."""
    settings.ARCHIVE_JOB_STALE_MINUTES = 10
    then = timezone.now() - datetime.timedelta(minutes=30)
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title="Import",
        state=Job.State.RUNNING,
        started_at=then,
        heartbeat_at=then,
        attempts=settings.ARCHIVE_JOB_ATTEMPTS,
        params={"task": import_upload.module_path},
    )
    other = Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.RUNNING, title="Other")
    for owner, title in [(job, "Gone"), (other, "Kept")]:
        article = make_article(title, status=STAGED)
        StagedArticle.objects.create(article=article, job=owner, status="published")
    assert [outcome for _job, outcome in services.recover()] == ["failed"]
    assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]
    assert list(StagedArticle.objects.values_list("job", flat=True)) == [other.pk]


@pytest.mark.django_db(transaction=True)
def test_the_command_line_stages_its_write_on_sqlite_as_a_job(between_batches, tmp_path):
    session = make_session(27)
    make_article("Old report", body="The first text.")
    path = tmp_path / "a.csv"
    path.write_bytes(articles_csv(session))
    call_command("import_archive", "articles", str(path), stdout=io.StringIO())
    assert Article.objects.published().count() == ROWS // 2 + 1
    assert Article.objects.get(slug="old-report").body == "The corrected text."
    assert ArticleSession.objects.filter(session=session).count() == ROWS
    assert not StagedArticle.objects.exists()
    if SQLITE:  # another editor saved between the batches; the run is on the Jobs page
        assert [look["staged"] for look in between_batches[:3]] == [1000, 2000, 2500]
        assert all(look["another save"] == "saved" for look in between_batches)
        job = Job.objects.get()
        assert job.state == Job.State.SUCCEEDED and job.title == f"import_archive articles {path}"
        assert job.result["counts"] == {"new": ROWS, "updated": 1, "unchanged": 0}
    else:
        assert between_batches == [] and not Job.objects.exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_command_line_import_that_fails_leaves_nothing_and_a_failed_job(monkeypatch, tmp_path):
    session = make_session(27)
    monkeypatch.setattr(db, "WRITER_PAUSE", 0)
    monkeypatch.setattr(staging, "_check_shown", _raise_disk_error)
    path = tmp_path / "a.csv"
    path.write_bytes(articles_csv(session))
    with pytest.raises(CommandError):
        call_command("import_archive", "articles", str(path), stdout=io.StringIO())
    assert Article.objects.count() == 0 and not StagedArticle.objects.exists()
    assert Job.objects.get().state == Job.State.FAILED


def _raise_disk_error(*args):
    raise DatabaseError("disk I/O error")
