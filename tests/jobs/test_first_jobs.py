"""The first real jobs: the search index rebuild, link detection of many articles, and
scheduled publishing (on time in pages, search, feeds and sitemap, and not before)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.jobs.tasks import publish_due
from archive.models import Article, Job
from tests.factories import make_article, make_draft, make_session

pytestmark = pytest.mark.django_db


def test_rebuild_search_index_is_a_job(django_capture_on_commit_callbacks, client):
    article = make_article("Unity of the peoples")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    job = Job.objects.get(kind=Job.Kind.REBUILD_SEARCH_INDEX)
    assert job.state == Job.State.SUCCEEDED, job.result
    assert job.result["counts"]["article"] == 1
    assert job.phase == Job.Phase.INDEXING and job.done == job.total == 1
    assert article.get_absolute_url() in client.get("/search/?q=unity").content.decode()


def test_rebuild_search_index_now_runs_inline(queued, capsys):
    make_article("Unity of the peoples")
    call_command("rebuild_search_index", "--now")
    assert "Search index rebuilt: 1 articles" in capsys.readouterr().out
    assert not Job.objects.exists()


def test_an_editor_starts_a_rebuild_from_the_jobs_list(
    queued, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/archive/job/rebuild-search-index/", follow=True)
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "The search index is being rebuilt" in response.content.decode()
    assert job.state == Job.State.QUEUED and job.started_by.username == "ed"


def detect_action(client, articles):
    return client.post(
        "/admin/archive/article/",
        {"action": "detect_links", "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_detecting_links_in_a_small_selection_stays_inline(editor_client, settings):
    make_session(32)
    article = make_article("At the XXXII session", body="The 32nd session opened.")
    response = detect_action(editor_client, [article])
    assert "Links detected in 1 article(s)" in response.content.decode()
    assert not Job.objects.exists()
    assert list(article.sessions.values_list("number", flat=True)) == [32]


def test_detecting_links_in_a_large_selection_is_a_job_with_progress(
    editor_client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from archive.jobs import tasks

    settings.ARCHIVE_INLINE_LIMIT = 2
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    make_session(32)
    articles = [make_article(f"Report {n}", body="The 32nd session opened.") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        response = detect_action(editor_client, articles)
    job = Job.objects.get(kind=Job.Kind.DETECT_LINKS)
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert job.title == "Detect links in 5 articles"
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total) == (5, 5)
    assert job.result["counts"]["changed"] == 5
    assert len(job.result["links"]) == 5
    assert all(a.sessions.filter(number=32).exists() for a in articles)
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "“Report 0”: + sessions 32" in page


def public_views(client, article):
    return {
        "page": client.get(article.get_absolute_url()).status_code == 200,
        "search": article.get_absolute_url() in client.get("/search/?q=midnight").content.decode(),
        "feed": article.title in client.get("/articles/feed/rss/").content.decode(),
        "sitemap": article.slug in client.get("/sitemap-articles.xml").content.decode(),
    }


def test_a_scheduled_article_appears_on_time_and_not_before(visitor):
    due = timezone.now() + datetime.timedelta(hours=2)
    article = make_draft("Published at midnight", publish_at=due)
    assert publish_due(now=due - datetime.timedelta(minutes=1)) == []
    assert public_views(visitor, article) == dict.fromkeys(public_views(visitor, article), False)
    assert publish_due(now=due) == [article.pk]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.publish_at is None
    assert public_views(visitor, article) == dict.fromkeys(
        ["page", "search", "feed", "sitemap"], True
    )
    assert publish_due(now=due) == []  # once


def test_the_admin_schedules_publishing_with_the_backend(
    database_queue, editor, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission
    from django_tasks_db.models import DBTaskResult

    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    client.force_login(editor)
    article = make_draft("Later")
    when = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/archive/article/{article.pk}/change/",
            {
                "title": "Later",
                "slug": article.slug,
                "status": "draft",
                "publish_at_0": timezone.localtime(when).strftime("%Y-%m-%d"),
                "publish_at_1": timezone.localtime(when).strftime("%H:%M:%S"),
                "language": "en",
                "date_precision": "day",
                **{
                    f"{prefix}-{key}": value
                    for prefix in ("session_links", "person_links", "quotes")
                    for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
                },
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    task = DBTaskResult.objects.get()
    assert task.task_path == "archive.jobs.tasks.publish_due_articles"
    assert abs((task.run_after - when).total_seconds()) < 1


def test_the_worker_publishes_due_articles_every_minute(monkeypatch):
    from archive.management.commands import worker

    class OneMinute:
        """Stands for the stop event: a minute passes once, then the worker stops."""

        def __init__(self):
            self.waits = []

        def wait(self, seconds):
            self.waits.append(seconds)
            return len(self.waits) > 1

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker.connections, "close_all", lambda: None)
    article = make_draft("Due now", publish_at=timezone.now() - datetime.timedelta(seconds=1))
    clock = OneMinute()
    worker.every(60, clock, worker.publish_due)
    assert clock.waits == [60, 60]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
