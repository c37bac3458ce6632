"""Several app servers and a job worker on one database and one cache: no server ever serves a
page older than a change made through another server or by the worker.

Two gunicorn instances (one worker process each) and `manage.py worker` run against the test
database (PostgreSQL) or a file copy of it (SQLite), with Redis (REDIS_URL) as the shared cache
and with the cache the site uses without Redis (files every process shares)."""

import datetime
import http.cookiejar
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection

from archive import caching
from archive.filecache import SharedFileCache
from archive.models import Article
from tests.factories import make_article, make_draft
from tests.redis_databases import redis_url_for_tests
from tests.test_production import free_port, production_env, redis_reachable

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pw-for-tests"


def served_database(tmp_path):
    """(DATABASE_URL for the servers, a function running one SQL statement there: its first row)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "served.sqlite3"  # the test database lives in memory: copy it
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)

        def sql(statement, params):
            with sqlite3.connect(path) as db:
                return db.execute(statement.replace("%s", "?"), params).fetchone()

        return f"sqlite:///{path}", sql
    settings_dict = connection.settings_dict

    def sql(statement, params):
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchone() if cursor.description else None

    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    return url, sql


def status_of(sql, article):
    return sql("SELECT status FROM archive_article WHERE id = %s", [article.pk])[0]


def start(stack, command, env):
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def stop():
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()

    stack.callback(stop)
    return process


def wait_until_up(base):
    for _ in range(300):
        try:
            return urllib.request.urlopen(f"{base}/healthz", timeout=2)
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{base} did not answer /healthz")


def get(base, path):
    with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
        return response.headers.get(caching.STATUS_HEADER), response.read().decode()


def editor_session(base):
    """An opener logged into the admin of the server at `base`, and its CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": token}
    opener.open(f"{base}/admin/login/?next=/admin/", urllib.parse.urlencode(data).encode())
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    return opener, csrf


def wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.05)


@pytest.mark.parametrize("shared_cache", ["redis", "files"])
def test_no_server_serves_a_page_older_than_a_change_elsewhere(
    shared_cache, transactional_db, tmp_path
):
    if shared_cache == "redis" and not redis_reachable():
        pytest.skip("no Redis server at 127.0.0.1:6379")
    # Hashed as the production settings check it (the tests' own hasher is not among them).
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, "servers-test-salt", iterations=1000)
    User.objects.create(username="chief", password=hashed, is_staff=True, is_superuser=True)
    article = make_article("Read by every server")
    draft = make_draft("Scheduled for the worker")
    database_url, sql = served_database(tmp_path)
    cache_env = (
        {"REDIS_URL": redis_url_for_tests(1)}
        if shared_cache == "redis"
        else {"DJANGO_CACHE_DIR": str(tmp_path / "cache")}
    )
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        ARCHIVE_PAGE_CACHE_SECONDS="3600",  # pages live long: only the generation ends them
        WEB_CONCURRENCY="1",
        **cache_env,
    )
    if shared_cache == "redis":  # the job queue is RQ, whose apps the test settings leave out
        migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=300)
    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"]
    with ExitStack() as stack:
        servers = []
        for _ in range(2):
            port = free_port()
            start(stack, gunicorn, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"})
            servers.append(f"http://127.0.0.1:{port}")
        worker = [sys.executable, "manage.py", "worker", "--publish-interval", "0.2"]
        start(stack, worker, env)
        for base in servers:
            wait_until_up(base)
        one, other = servers

        # Both servers hold the list and the article page in the shared cache.
        for base in servers:
            for path in ("/articles/", article.get_absolute_url()):
                get(base, path)
                assert get(base, path)[0] == "hit", (base, path)

        # An editor unpublishes the article through one server ...
        opener, csrf = editor_session(one)
        data = {"action": "unpublish", "_selected_action": article.pk, "csrfmiddlewaretoken": csrf}
        opener.open(f"{one}/admin/archive/article/", urllib.parse.urlencode(data).encode())
        assert status_of(sql, article) == Article.Status.DRAFT
        # ... and the other server's very next answers no longer show it.
        status, page = get(other, "/articles/")
        assert status == "miss" and "Read by every server" not in page
        with pytest.raises(urllib.error.HTTPError) as gone:
            get(other, article.get_absolute_url())
        assert gone.value.code == 404

        # The worker publishes the draft that has come due: both servers show it at once.
        assert "Scheduled for the worker" not in get(other, "/articles/")[1]
        past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
        due = connection.ops.adapt_datetimefield_value(past)  # as Django stores it
        sql("UPDATE archive_article SET publish_at = %s WHERE id = %s", [due, draft.pk])
        wait_for(
            lambda: status_of(sql, draft) == Article.Status.PUBLISHED,
            10,
            "the worker did not publish the due article",
        )
        time.sleep(0.05)  # its transaction commits, then it bumps the generation
        for base in servers:
            assert "Scheduled for the worker" in get(base, "/articles/")[1], base


def test_the_file_cache_counts_its_files_once_a_minute_not_at_every_write(tmp_path, monkeypatch):
    files = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 3}})
    listings = []
    real = files._list_cache_files
    monkeypatch.setattr(files, "_list_cache_files", lambda: listings.append(1) or real())
    for number in range(10):
        files.set(f"page-{number}", "content")
    assert len(listings) == 1  # Django's FileBasedCache: 10, each a walk of the whole folder
    assert files.get("page-9") == "content"
    monkeypatch.setattr("archive.filecache.time.monotonic", lambda: 10**9)
    files.set("page-10", "content")  # a minute later it culls as Django's does (a third)
    assert len(listings) == 2
    assert len(list(tmp_path.glob("*.djcache"))) < 11


def _bump(directory, times):
    files = SharedFileCache(directory, {})
    for _ in range(times):
        files.incr("generation")


def test_processes_bumping_the_generation_at_once_lose_no_bump(tmp_path):
    """Each bump must end every page cached before it: two processes writing the same number
    would let a page rendered between them outlive a change."""
    import multiprocessing

    SharedFileCache(str(tmp_path), {}).set("generation", 0, timeout=None)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_bump, args=(str(tmp_path), 150)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert SharedFileCache(str(tmp_path), {}).get("generation") == 600
