"""Read replicas (archive/replicas.py): visitors read from a real streaming replica, editors see
their own changes at once whatever its lag, and nothing stale is ever cached.

Lag is made on demand by pausing the replica's replay (tests/replica_server.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from archive import caching, replicas
from archive.models import Article
from tests.factories import make_article, make_draft
from tests.replica_server import (
    pause_replay,
    resume_replay,
    streaming_replica,  # noqa: F401 - the fixture
    wait_for_replay,
)
from tests.test_production import load_settings

ROUTER = "archive.replicas.PrimaryReplicaRouter"

# --- Settings (any engine) -----------------------------------------------------------------------


def test_without_replica_urls_nothing_changes(monkeypatch):
    conf = load_settings(monkeypatch, DATABASE_URL="postgres://archive@db:5432/archive")
    assert set(conf["DATABASES"]) == {"default"}
    assert conf["DATABASE_ROUTERS"] == [] and conf["ARCHIVE_REPLICAS"] == []


def test_replica_urls_become_aliases_the_router_reads_from(monkeypatch):
    conf = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://archive@db:5432/archive",
        DATABASE_REPLICA_URLS="postgres://archive@copy-1:5432/archive, postgres://archive@copy-2/archive",
    )
    assert conf["ARCHIVE_REPLICAS"] == ["replica1", "replica2"]
    assert conf["DATABASE_ROUTERS"] == [ROUTER]
    first = conf["DATABASES"]["replica1"]
    assert first["HOST"] == "copy-1" and first["NAME"] == "archive"
    assert first["OPTIONS"]["options"] == "-c jit=off"  # planned as on the primary
    assert first["CONN_MAX_AGE"] == conf["DATABASES"]["default"]["CONN_MAX_AGE"]
    assert first["TEST"] == {"MIRROR": "default"}  # tests never create databases on it


@pytest.mark.parametrize(
    ("primary", "replica"),
    [
        ("sqlite:////tmp/archive.sqlite3", "postgres://archive@copy-1/archive"),
        ("postgres://archive@db/archive", "sqlite:////tmp/copy.sqlite3"),
    ],
)
def test_replicas_are_postgresql_streaming_replicas(monkeypatch, primary, replica):
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        load_settings(monkeypatch, DATABASE_URL=primary, DATABASE_REPLICA_URLS=replica)


def test_migrations_jobs_and_commands_use_the_primary_only():
    router = replicas.PrimaryReplicaRouter()
    assert router.allow_migrate("default", "archive")
    assert not router.allow_migrate("replica1", "archive")
    assert not router.allow_migrate("replica1", "auth")
    # Outside a web request (the job worker, management commands) every read is the primary's.
    assert router.db_for_read(Article) == "default"


# --- Against a real streaming replica (PostgreSQL) ---------------------------------------------


@pytest.fixture
def replica(streaming_replica, transactional_db, settings):  # noqa: F811
    """The alias of the running replica, with the router on (the data must be committed for the
    replica to see it: transactional tests)."""
    alias = "replica1"
    connections[alias] = replica_connection(alias, streaming_replica)
    settings.ARCHIVE_REPLICAS = [alias]
    settings.DATABASE_ROUTERS = [ROUTER]
    cache.clear()
    yield alias
    resume_replay(alias)
    connections[alias].close()
    del connections[alias]


def replica_connection(alias, port):
    """A connection to the replica's copy of the test database. Made here, not in DATABASES:
    the test framework would flush it (it is read-only) or refuse queries to it."""
    settings_dict = {**connections["default"].settings_dict, "HOST": "127.0.0.1", "PORT": port}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


@pytest.fixture
def editor_client(replica):
    """Logged in (a superuser: transactional tests start without the migrations' groups)."""
    client = Client()
    client.force_login(User.objects.create_superuser("chief", password="pw-for-tests"))
    return client


def settled(alias):
    """Until the replica holds the current content generation. The position asked of the primary
    is the whole server's: other databases' writes move it on too (in CI, other tests')."""
    wait_for_replay(alias, replicas.position_of_generation())


def reads(alias):
    return CaptureQueriesContext(connections[alias])


def archive_queries(captured):
    """The queries of the page itself, not the check of the replica's position."""
    return [q for q in captured if "pg_current_wal_lsn" not in q["sql"]]


def test_visitors_pages_are_read_from_the_replica(replica, visitor):
    article = make_article("Read from the replica")
    settled(replica)
    for url in ("/", "/articles/", article.get_absolute_url(), "/ru/articles/"):
        with reads("default") as primary, reads(replica) as copy:
            response = visitor.get(url)
        assert response.status_code == 200, url
        assert len(copy) > 3, url
        assert archive_queries(primary) == [], url
    assert "Read from the replica" in response.content.decode()


def test_an_editor_sees_their_change_at_once_despite_replication_lag(
    replica, editor_client, visitor
):
    draft = make_draft("Published while the replica lags")
    url = draft.get_absolute_url()
    settled(replica)
    assert visitor.get(url).status_code == 404  # a draft, read from the replica
    pause_replay(replica)

    response = editor_client.post(
        "/admin/archive/article/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.using(replica).get(pk=draft.pk).status == "draft"  # the lag is real

    # The editor, redirected, then looking at the public page, reads from the primary.
    assert "1 article published" in editor_client.get(response.url).content.decode()
    assert editor_client.get(url).status_code == 200
    # So does their browser after logging out: the request that wrote pinned it for a while.
    pin = response.cookies[replicas.PIN_COOKIE]
    assert int(pin["max-age"]) == 30 and pin["httponly"]
    logged_out = Client()
    logged_out.cookies[replicas.PIN_COOKIE] = pin.value
    assert logged_out.get(url).status_code == 200

    # Other visitors read the lagging replica (the page cache is off in the tests) ...
    assert visitor.get(url).status_code == 404
    # ... and see the change as soon as it has replayed it.
    resume_replay(replica)
    settled(replica)
    assert visitor.get(url).status_code == 200


def test_with_the_page_cache_no_visitor_gets_content_older_than_a_change(
    replica, settings, visitor
):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 60
    article = make_article("Before the change")
    url = article.get_absolute_url()
    settled(replica)
    with reads(replica) as copy:
        assert "Before the change" in visitor.get(url).content.decode()
    assert len(copy) > 3

    pause_replay(replica)
    # As a job worker or another server writes: committed, then the generation bumped.
    Article.objects.filter(pk=article.pk).update(title="After the change")
    caching.content_changed()
    with reads(replica) as copy:
        page = visitor.get(url)
    # The replica is behind the new generation: the page is rendered from the primary, so the
    # copy cached under this generation is the new one.
    assert "After the change" in page.content.decode()
    assert page[caching.STATUS_HEADER] == "miss"
    assert len(copy) == 1  # only the question "have you replayed the change?"

    resume_replay(replica)
    assert visitor.get(url)[caching.STATUS_HEADER] == "hit"
    caching.content_changed()  # a new generation: the replica serves it once it has caught up
    settled(replica)
    with reads(replica) as copy:
        assert "After the change" in visitor.get(url).content.decode()
    assert len(copy) > 3  # caught up: back on the replica


def test_the_admin_and_logged_in_editors_read_from_the_primary(replica, editor_client):
    article = make_draft("A draft the editor previews")
    settled(replica)
    with reads(replica) as copy:
        assert editor_client.get("/admin/archive/article/").status_code == 200
        assert editor_client.get(f"/admin/archive/article/{article.pk}/change/").status_code == 200
        assert editor_client.get(article.get_absolute_url()).status_code == 200
    assert len(copy) == 0


def test_a_request_reads_from_the_primary_in_a_transaction_and_after_it_wrote(replica):
    make_article("Counted")
    settled(replica)
    where = []

    def view(request):
        for step in ("first read", "in a transaction", "after a write"):
            with reads(replica) as copy:
                if step == "in a transaction":
                    with transaction.atomic():
                        Article.objects.count()
                else:
                    Article.objects.count()
            where.append((step, "replica" if copy else "primary"))
            if step == "in a transaction":
                Article.objects.update(title="Written")
        return HttpResponse("ok")

    request = RequestFactory().get("/articles/")
    request.user = AnonymousUser()
    response = replicas.ReplicaMiddleware(view)(request)
    assert where == [
        ("first read", "replica"),
        ("in a transaction", "primary"),
        ("after a write", "primary"),
    ]
    assert replicas.PIN_COOKIE in response.cookies


def test_an_unreachable_replica_sends_visitors_to_the_primary(db, settings, visitor):
    settings.ARCHIVE_REPLICAS = ["replica1"]
    settings.DATABASE_ROUTERS = [ROUTER]
    connections["replica1"] = replica_connection("replica1", 1)  # nothing listens there
    try:
        article = make_article("Served anyway")
        page = visitor.get(article.get_absolute_url())
    finally:
        del connections["replica1"]
    assert page.status_code == 200 and "Served anyway" in page.content.decode()
