import pytest

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings):
    """Tasks wait in a queue nobody works (the dummy backend): a job stays queued."""
    settings.TASKS = DUMMY


@pytest.fixture
def database_queue(settings):
    """The database backend, as in production without Redis."""
    settings.TASKS = DATABASE
