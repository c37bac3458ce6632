import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture(autouse=True)
def _plain_settings(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


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
