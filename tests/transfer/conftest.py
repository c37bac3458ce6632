import pytest


@pytest.fixture(autouse=True)
def _import_dir(settings, tmp_path):
    """Uploads the admin stores for its import jobs go to the test's own folder."""
    settings.ARCHIVE_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    """POST to the admin, let the job it queues run (the immediate backend runs it when the
    request's transaction commits), and open the job page it redirects to."""

    def run(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content[:2000]
        assert "/admin/archive/job/" in response["Location"]
        page = client.get(response["Location"])
        assert page.status_code == 200
        return page

    return run
