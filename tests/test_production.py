"""Production: settings from the environment, gunicorn, static files, /healthz, SQLite under
concurrent writers, Redis, and the public-page cache that never shows stale content."""

import os
import runpy
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.templatetags.static import static
from django.test import Client

from archive import caching
from archive.models import Article
from archive.site import health
from tests.factories import make_article, make_draft, make_person, make_session
from tests.redis_databases import redis_url_for_tests

ROOT = Path(__file__).resolve().parent.parent
SECRET = secrets.token_urlsafe(60)


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "ARCHIVE_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="apksite.settings",
    )
    env.update(extra)
    return env


def load_settings(monkeypatch, **env):
    """apksite/settings.py evaluated afresh under `env` (the running settings are untouched)."""
    for key in list(os.environ):
        if key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "ARCHIVE_")):
            monkeypatch.delenv(key)
    for key, value in production_env(**env).items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(ROOT / "apksite" / "settings.py"))


# --- Settings ---------------------------------------------------------------------------------


def test_production_settings_come_from_the_environment(monkeypatch):
    conf = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://archive@db.internal:5432/archive",
        REDIS_URL="redis://cache.internal:6379/0",
        DJANGO_ADMIN_URL="/editors-only/",
    )
    assert conf["DEBUG"] is False
    assert conf["SECRET_KEY"] == SECRET
    assert conf["ALLOWED_HOSTS"] == ["example.org"]
    database = conf["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True
    assert conf["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert conf["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    # With a shared generation, a page lives until the content changes, not a short timer.
    assert conf["ARCHIVE_PAGE_CACHE_SECONDS"] >= 3600
    assert conf["ADMIN_URL"] == "editors-only/"
    assert conf["SECURE_SSL_REDIRECT"] and conf["SESSION_COOKIE_SECURE"]
    assert conf["SECURE_HSTS_SECONDS"] >= 31536000
    assert (
        conf["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_without_redis_every_process_shares_a_cache_on_disk(monkeypatch, tmp_path):
    conf = load_settings(monkeypatch, DJANGO_CACHE_DIR=str(tmp_path))
    # Not each process's memory: a change by one worker must end every worker's copies.
    assert conf["CACHES"]["default"]["BACKEND"] == "archive.filecache.SharedFileCache"
    assert conf["CACHES"]["default"]["LOCATION"] == str(tmp_path)
    assert conf["ARCHIVE_PAGE_CACHE_SECONDS"] >= 3600  # ended by the generation, not a timer


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings(monkeypatch, DJANGO_SECRET_KEY="")


def test_development_settings_stay_as_make_run_needs_them(monkeypatch):
    conf = load_settings(monkeypatch, DJANGO_DEBUG="1", DJANGO_SECRET_KEY="")
    assert conf["DEBUG"] is True
    assert conf["SECURE_SSL_REDIRECT"] is False
    assert conf["SESSION_COOKIE_SECURE"] is False
    assert conf["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert conf["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_check_deploy_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_gunicorn_runs_two_workers_per_core_plus_one(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["workers"] == 2 * os.cpu_count() + 1
    assert conf["wsgi_app"] == "apksite.wsgi:application"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3


# --- SQLite under concurrent use ----------------------------------------------------------------


def sqlite_connections(path, options):
    from django.db.utils import ConnectionHandler

    return ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}}
    )


def read_then_write(handler, label, started, go, errors):
    """One transaction that reads and then writes, as a save() with a uniqueness check does."""
    connection = handler["default"]
    try:
        if label == "second":
            started.wait(5)
        connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM item")
            if label == "first":
                started.set()
                go.wait(1)  # the other transaction is waiting or reading meanwhile
                time.sleep(0.2)
            cursor.execute("INSERT INTO item (label) VALUES (%s)", [label])
        connection.commit()
    except OperationalError as error:
        errors.append(str(error))
        connection.rollback()
    finally:
        if label == "second":
            go.set()
        connection.set_autocommit(True)
        connection.close()


def run_two_writers(path, options):
    handler = sqlite_connections(path, options)
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS item (label text)")
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    setup.close()
    started, go, errors = threading.Event(), threading.Event(), []
    threads = [
        threading.Thread(target=read_then_write, args=(handler, label, started, go, errors))
        for label in ("first", "second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return journal, errors


def test_sqlite_writers_wait_for_each_other_instead_of_failing(
    tmp_path, monkeypatch, django_db_blocker
):
    options = load_settings(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3")[
        "DATABASES"
    ]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"

    with django_db_blocker.unblock():  # a database of the test's own, not the test database
        journal, errors = run_two_writers(str(tmp_path / "site.sqlite3"), options)

    assert journal == "wal"
    assert errors == []


def test_without_immediate_transactions_sqlite_says_database_is_locked(tmp_path, django_db_blocker):
    # The control for the test above: SQLite's default (deferred) transactions deadlock.
    with django_db_blocker.unblock():
        _journal, errors = run_two_writers(
            str(tmp_path / "plain.sqlite3"),
            {"init_command": "PRAGMA journal_mode=WAL", "timeout": 5},
        )
    assert errors and "database is locked" in errors[0]


# --- Static files, /healthz and the real server --------------------------------------------------


@pytest.fixture
def collected_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["admin", "rest_framework", "drf_spectacular*", "import_export"],
    )
    return settings.STATIC_ROOT


def test_static_files_are_hashed_compressed_and_cached_for_ever(collected_static):
    url = static("css/site.css")
    assert url != "/static/css/site.css"  # a content hash in the name
    name = url.removeprefix("/static/")
    assert (collected_static / f"{name}.gz").exists()
    assert (collected_static / f"{name}.br").exists()

    client = Client()
    brotli = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert brotli.status_code == gzip.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in brotli["Cache-Control"]
    assert "immutable" in brotli["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_is_ready(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok", "queue": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_fails_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_known_applied", False)
    monkeypatch.setattr(health, "unapplied_migrations", lambda: ["archive.0099_future"])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "1 not applied"


@pytest.mark.django_db
def test_healthz_fails_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "unreachable"}


@pytest.mark.django_db
def test_healthz_answers_load_balancers_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/articles/").status_code == 301  # everything else goes to HTTPS


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_the_site_with_production_settings(tmp_path):
    """What `make serve` runs, end to end: migrate, collectstatic, gunicorn, real requests."""
    port = free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    manage = [sys.executable, "manage.py"]
    site_static_only = ["-i", "admin", "-i", "rest_framework", "-i", "drf_spectacular*"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", *site_static_only]):
        subprocess.run(manage + command + ["-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        https = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy says
        for _ in range(100):
            try:
                health_response = urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        assert health_response.status == 200
        home = urllib.request.urlopen(urllib.request.Request(f"{base}/", headers=https))
        assert home.status == 200
        assert home.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        html = home.read().decode()
        css = html.split('href="/static/css/', 1)[1].split('"', 1)[0]
        static_request = urllib.request.Request(
            f"{base}/static/css/{css}", headers={**https, "Accept-Encoding": "br"}
        )
        static_response = urllib.request.urlopen(static_request)
        assert static_response.headers["Content-Encoding"] == "br"
    finally:
        server.terminate()
        server.wait(30)


# --- The public-page cache ----------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def cached(response):
    return response.get(caching.STATUS_HEADER)


@pytest.mark.django_db
def test_visitors_get_the_second_view_of_a_page_from_the_cache(page_cache, visitor):
    make_article("Harmony in Astana")
    first = visitor.get("/articles/")
    second = visitor.get("/articles/")
    assert (cached(first), cached(second)) == ("miss", "hit")
    assert second.content == first.content
    assert "Harmony in Astana" in second.content.decode()
    # Headers from the middleware around the cache are fresh on every response.
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert cached(visitor.get("/articles/?page=2")) == "miss"  # each URL its own entry


@pytest.mark.django_db
def test_a_cached_page_is_served_in_one_round_trip_to_the_cache(page_cache, visitor, monkeypatch):
    make_article("Harmony in Astana")
    visitor.get("/articles/")
    calls, depth = [], []

    def counted(name, real):
        def call(*args, **kwargs):
            if not depth:  # the backend's own get_many may call its get: one call still
                calls.append(name)
            depth.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(caching.cache, name, counted(name, getattr(caching.cache, name)))
    assert cached(visitor.get("/articles/")) == "hit"
    assert calls == ["get_many"]  # the generation and the page in one MGET on Redis


@pytest.mark.django_db
def test_a_page_stored_under_an_older_generation_is_never_served(page_cache, visitor):
    article = make_article("First title")
    visitor.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Second title")
    caching.bump_generation()
    page = visitor.get(article.get_absolute_url())
    assert cached(page) == "miss" and "Second title" in page.content.decode()
    assert cached(visitor.get(article.get_absolute_url())) == "hit"


@pytest.mark.django_db
def test_an_editors_change_shows_at_once(page_cache, visitor, editor_client):
    article = make_article("Old headline")
    visitor.get(article.get_absolute_url())
    assert cached(visitor.get(article.get_absolute_url())) == "hit"

    from tests.test_admin import article_form_data

    response = editor_client.post(
        f"/admin/archive/article/{article.pk}/change/",
        article_form_data(article, title="New headline"),
    )
    assert response.status_code == 302
    page = visitor.get(article.get_absolute_url())
    assert cached(page) == "miss"
    assert "New headline" in page.content.decode()


@pytest.mark.django_db
def test_pages_cached_while_a_transaction_was_open_are_dropped_at_its_commit(
    page_cache, visitor, django_capture_on_commit_callbacks
):
    """Another worker may cache the old page while an import runs; the commit drops it."""
    article = make_article("Before the import")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Imported title")
        caching.content_changed()
        generation_during = caching.current_generation()
    assert callbacks  # a bump is due at the commit
    for callback in callbacks:
        callback()
    assert caching.current_generation() != generation_during


@pytest.mark.django_db
def test_unpublishing_in_bulk_removes_the_article_from_every_cached_page(
    page_cache, visitor, editor_client
):
    article = make_article("Soon withdrawn")
    pages = ["/", "/articles/", article.get_absolute_url()]
    for url in pages:
        visitor.get(url)
        assert cached(visitor.get(url)) == "hit"

    editor_client.post(
        "/admin/archive/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )

    assert visitor.get(article.get_absolute_url()).status_code == 404
    for url in pages[:2]:
        assert "Soon withdrawn" not in visitor.get(url).content.decode()


@pytest.mark.django_db
def test_bulk_writes_that_send_no_signals_invalidate_by_saying_so(page_cache, visitor):
    article = make_article("Quietly renamed")
    visitor.get("/articles/")
    Article.objects.filter(pk=article.pk).update(title="Renamed by update()")
    caching.content_changed()  # what every bulk path of the archive calls after writing
    page = visitor.get("/articles/")
    assert cached(page) == "miss"
    assert "Renamed by update()" in page.content.decode()


@pytest.mark.django_db
def test_editors_never_get_or_fill_cached_pages(page_cache, visitor, editor_client):
    draft = make_draft("Draft preview")
    preview = editor_client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and cached(preview) is None
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    visitor.get("/")
    assert cached(editor_client.get("/")) is None
    assert "Draft preview" not in visitor.get("/").content.decode()


@pytest.mark.django_db
def test_a_failing_cache_never_fails_a_page(page_cache, visitor, monkeypatch):
    make_person("Aida Balayeva")

    def broken(*args, **kwargs):
        raise ConnectionError("cache server down")

    monkeypatch.setattr(caching.cache, "get", broken)
    monkeypatch.setattr(caching.cache, "set", broken)
    response = visitor.get("/people/")
    assert response.status_code == 200
    assert "Aida Balayeva" in response.content.decode()


@pytest.mark.django_db
def test_admin_and_health_pages_are_never_cached(page_cache, client):
    User.objects.create_superuser("root", password="pw")
    assert cached(client.get("/healthz")) is None
    assert cached(client.get("/admin/login/")) is None


@pytest.mark.django_db
def test_only_changes_to_archive_content_forget_the_cached_pages(page_cache, client):
    make_article("Stays cached")
    before = caching.current_generation()
    reader = User.objects.create_user("reader", password="pw")  # not archive content
    client.force_login(reader)  # a session row
    client.post("/admin/login/", {"username": "reader", "password": "wrong"})  # an axes row
    assert caching.current_generation() == before
    make_person("Aida Balayeva")
    assert caching.current_generation() != before


def test_a_page_with_a_csp_nonce_is_not_stored():
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    assert caching.storable(request, HttpResponse("ok"))
    request.csp_nonce = "abc"  # what django-csp's lazy nonce is once a template used it
    assert not caching.storable(request, HttpResponse("<script nonce=abc></script>"))


# --- Redis ----------------------------------------------------------------------------------------


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.django_db
@pytest.mark.skipif(not redis_reachable(), reason="no Redis server at 127.0.0.1:6379")
def test_with_redis_url_pages_are_cached_in_redis_and_invalidated(monkeypatch, settings, visitor):
    conf = load_settings(monkeypatch, REDIS_URL=redis_url_for_tests(1))
    redis_cache = {**conf["CACHES"]["default"], "KEY_PREFIX": f"test-{secrets.token_hex(4)}"}
    settings.CACHES = {"default": redis_cache}
    settings.ARCHIVE_PAGE_CACHE_SECONDS = conf["ARCHIVE_PAGE_CACHE_SECONDS"]
    from django.core.cache import caches

    try:
        assert type(caches["default"]).__name__ == "RedisCache"
        article = make_article("Stored in Redis")
        assert cached(visitor.get("/articles/")) == "miss"
        assert cached(visitor.get("/articles/")) == "hit"
        # Another process (a worker, an import) sees the same generation and bumps it for all.
        assert caches["default"].get(caching.GENERATION_KEY) == caching.current_generation()
        Article.objects.filter(pk=article.pk).update(title="Changed in another worker")
        caching.content_changed()
        page = visitor.get("/articles/")
        assert cached(page) == "miss" and "Changed in another worker" in page.content.decode()
    finally:
        caches["default"].delete(caching.GENERATION_KEY)


@pytest.mark.django_db
def test_figures_shared_by_pages_are_cached_until_the_archive_changes(page_cache, visitor):
    session = make_session(32)
    make_article("First", sessions=[session])
    first = visitor.get("/sessions/").content.decode()
    assert "1 article" in first
    # Another page showing every session's count reads it from the cache.
    visitor.get("/timeline/")
    assert caching.cached("sessions", lambda: pytest.fail("not cached"))[0].number == 32

    make_article("Second", sessions=[session])  # any write makes them stale at once
    assert "2 articles" in visitor.get("/sessions/").content.decode()
    assert "2 articles" in visitor.get("/timeline/").content.decode()
