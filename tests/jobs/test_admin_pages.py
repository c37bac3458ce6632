"""What an editor sees of a job: the list, the page with its progress bar, Cancel."""

import pytest
from django.contrib.auth.models import User

from archive.jobs import services
from archive.models import Job
from tests.test_security import blocked_by_csp

pytestmark = pytest.mark.django_db


def running_job(user, **fields):
    from django.utils import timezone

    fields = {
        "kind": Job.Kind.DETECT_LINKS,
        "title": "Detect links in 12000 articles",
        "state": Job.State.RUNNING,
        "phase": Job.Phase.CHECKING,
        "done": 3000,
        "total": 12000,
        "started_at": timezone.now() - timezone.timedelta(seconds=30),
        "started_by": user,
        **fields,
    }
    return Job.objects.create(**fields)


def test_the_job_page_shows_progress_and_works_without_inline_script(editor_client, editor):
    job = running_job(editor)
    response = editor_client.get(job.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress class="job-bar" data-job="bar" max="12000" value="3000"' in html
    assert "3,000 of 12,000 (25%)" in html
    assert "Checking" in html
    assert "estimated time left" in html and "1 min 3" in html  # 30 s for a quarter
    assert "js/job-progress.js" in html
    # With JavaScript off the page refreshes itself, and a link does it by hand.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert ">Refresh</a>" in html
    assert "Cancel the job" in html
    assert blocked_by_csp(html) == []
    assert "no-cache" in response["Cache-Control"]


def test_the_status_endpoint_answers_the_script(editor_client, editor):
    job = running_job(editor)
    status = editor_client.get(f"/admin/archive/job/{job.pk}/status/").json()
    assert status["state"] == "running"
    assert status["progress"] == "3,000 of 12,000 (25%)"
    assert status["phase_label"] == "Checking"
    assert status["can_cancel"] is True and status["finished"] is False


def test_cancel_from_the_page_before_the_write(editor_client, editor):
    job = running_job(editor)
    response = editor_client.post(f"/admin/archive/job/{job.pk}/cancel/", follow=True)
    assert "The job is being cancelled." in response.content.decode()
    job.refresh_from_db()
    assert job.cancel_requested
    assert 'data-job="cancel" hidden' in editor_client.get(job.get_absolute_url()).content.decode()


def test_cancel_is_gone_once_it_writes(editor_client, editor):
    job = running_job(editor, phase=Job.Phase.WRITING)
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert 'data-job="cancel" hidden' in page
    response = editor_client.post(f"/admin/archive/job/{job.pk}/cancel/", follow=True)
    assert "Too late to cancel" in response.content.decode()
    job.refresh_from_db()
    assert not job.cancel_requested


def test_a_finished_job_shows_what_changed_and_no_refresh(editor_client, editor):
    job = running_job(editor)
    services.finish(
        job,
        {
            "summary": "Links detected in 12000 article(s): 2 changed",
            "counts": {"changed": 2},
            "links": [{"label": "“Unity”: + sessions 32", "url": "/admin/archive/article/1/"}],
        },
    )
    html = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Succeeded" in html and "2 changed" in html
    assert "“Unity”: + sessions 32" in html
    assert 'http-equiv="refresh"' not in html


def test_a_failed_job_shows_its_error_report(editor_client, editor):
    job = running_job(editor, kind=Job.Kind.IMPORT, title="Import people.csv")
    services.fail(
        job,
        {
            "summary": "1 row could not be imported.",
            "errors": [
                {"file": "people.csv", "row": 7, "column": "name", "value": "", "why": "Empty."}
            ],
        },
    )
    html = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Failed" in html
    assert "<td>people.csv</td><td>7</td><td>name</td><td></td><td>Empty.</td>" in html


def test_the_list_is_filtered_by_who_started_it_and_state(editor_client, editor):
    other = User.objects.create_user("colleague", is_staff=True)
    mine = running_job(editor, title="Mine")
    running_job(other, title="Theirs", state=Job.State.FAILED)
    listing = editor_client.get("/admin/archive/job/").content.decode()
    assert "Mine" in listing and "Theirs" in listing and "Rebuild the search index" in listing
    filtered = editor_client.get(
        f"/admin/archive/job/?started_by__id__exact={editor.pk}&state__exact=running"
    ).content.decode()
    assert "Mine" in filtered and "Theirs" not in filtered
    assert f"/admin/archive/job/{mine.pk}/change/" in filtered


def test_an_unknown_job_is_a_404_not_a_500(editor_client):
    assert editor_client.get("/admin/archive/job/999/change/").status_code == 404
    assert editor_client.get("/admin/archive/job/999/status/").status_code == 404
    assert editor_client.get("/admin/archive/job/abc/change/").status_code in (302, 404)
    assert editor_client.get("/admin/archive/job/1/cancel/").status_code == 405
