import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation


@pytest.fixture(autouse=True)
def _plain_settings(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request under /ru/ or /kk/ leaves its language active in the thread (the locale
    middleware activates it): every test starts in English whatever ran before it."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", password="pw-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def visitor():
    """An anonymous browser, separate from the `client` an editor may be logged into."""
    from django.test import Client

    return Client()
