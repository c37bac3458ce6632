"""An editor imports a large articles CSV through the admin of a real server, as in production.

    .venv/bin/python bench/admin_import.py --rows 20000                       # SQLite
    .venv/bin/python bench/admin_import.py --rows 50000 \
        --database postgres://postgres@127.0.0.1:5432/apk_bench_admin       # dropped, made anew

Generates the deterministic files of bench/import.py (reference data and `--rows` articles),
makes a scratch database (an SQLite file, or the PostgreSQL database named, dropped first),
migrates it, collects the static files and imports the reference files with import_archive;
then starts gunicorn with production settings (DJANGO_DEBUG=0, a secret key, allowed hosts;
plain HTTP: DJANGO_HTTPS=0) and `manage.py worker` (the database task backend). Logged in
as the Editors' account (a requests.Session, through the login form), it uploads the file
on the admin's Import page as the page's script sends a big file (in pieces of 4 MB, then
the form with the upload's id: archive/transfer/chunks.py), follows the preview job's
status until it ends, confirms, and follows the write job. Meanwhile a visitor thread
fetches public pages without pause, a second editor saves a new source in the admin every
two seconds (on SQLite: does the import keep the write lock from her?) and a sampler reads
the worker's memory (RSS of it and its children, psutil) five times a second. --port
(default: any free one) and --folder (default: the system's temporary folder) say where the
server listens and the scratch files go.

Prints, and with --json writes, the figures docs/performance.md keeps: the slowest editor
request (every one must answer in under a second), each job's time and rows/s, the peak
worker memory (under 500 MB), the visitor's requests and errors (zero), the load average.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PUBLIC_PAGES = ["/", "/articles/", "/people/", "/sessions/", "/search/?q=harvest", "/ru/"]


def _bench_import():
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_database(url, folder):
    if not url:
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def anonymous_bytes(process):
    """The process's own memory, without the pages of files it maps (RssAnon, Linux): on
    SQLite the database file is memory-mapped (archive/search/receivers.py, tune_sqlite), and
    the pages it reads count in RSS though they are the system's file cache."""
    try:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return process.memory_info().rss


class Peak(threading.Thread):
    """The highest RSS of a process and its children, and the highest of their own memory
    (anonymous_bytes), sampled until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.process, self.stop = psutil.Process(pid), threading.Event()
        self.peak = self.peak_anonymous = 0

    def run(self):
        while not self.stop.wait(0.2):
            try:
                family = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in family))
                anonymous = sum(anonymous_bytes(p) for p in family)
                self.peak_anonymous = max(self.peak_anonymous, anonymous)
            except psutil.Error:
                pass


class Visitor(threading.Thread):
    """Fetches public pages one after another; counts answers, errors and the slowest."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.stop = base, threading.Event()
        self.requests, self.errors, self.slowest = 0, [], 0.0

    def run(self):
        http = requests.Session()
        while not self.stop.is_set():
            for page in PUBLIC_PAGES:
                started = time.perf_counter()
                try:
                    status = http.get(self.base + page, timeout=30).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                self.slowest = max(self.slowest, time.perf_counter() - started)
                self.requests += 1
                if status != 200:
                    self.errors.append((page, status))


class Editor:
    def __init__(self, base, username, password):
        self.base, self.http, self.timings = base, requests.Session(), []
        page = self.request("get", "/admin/login/")
        self.request(
            "post",
            "/admin/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": csrf(page),
                "next": "/admin/",
            },
        )
        # Logging in hashes a password (PBKDF2, slow on purpose): not part of the import.
        self.login_seconds, self.timings = self.timings[-1][0], []

    def request(self, method, path, **kwargs):
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, timeout=60, **kwargs)
        self.timings.append((time.perf_counter() - started, method.upper(), path.split("?")[0]))
        response.raise_for_status()
        return response

    phase = "before"  # the phase of the job followed last, for the second editor's saves
    progress = ""  # and its rows done / total

    def follow(self, job_url):
        """Poll the job's status once a second until it ends; its final status."""
        pk = re.search(r"/job/(\d+)/", job_url)[1]
        while True:
            status = self.request("get", f"/admin/archive/job/{pk}/status/").json()
            Editor.phase = status.get("phase") or status.get("state", "")
            Editor.progress = f"{status.get('done', '')}/{status.get('total', '')}"
            if status["finished"]:
                Editor.phase = "after"
                return status
            time.sleep(1)


class SecondEditor(threading.Thread):
    """Another editor saving a form (a new source) every two seconds during the import: how
    long her saves take, and which failed ("database is locked" would be a 500)."""

    def __init__(self, base, password):
        super().__init__(daemon=True)
        self.editor, self.stop = Editor(base, "editor", password), threading.Event()
        self.saves, self.errors, self.slowest = 0, [], 0.0
        self.by_phase = {}  # the job's phase: [saves, errors, slowest seconds]
        self.slow = []  # saves over a second: when, the job's phase and progress, GET / POST s

    def run(self):
        while not self.stop.wait(2):
            self.saves += 1
            started, phase, failed = time.perf_counter(), Editor.phase, 0
            progress, got = Editor.progress, started
            try:
                page = self.editor.request("get", "/admin/archive/source/add/")
                got = time.perf_counter()
                data = {"csrfmiddlewaretoken": csrf(page), "name": f"Bench source {self.saves}"}
                data["slug"] = f"bench-source-{self.saves}"
                self.editor.request("post", "/admin/archive/source/add/", data=data)
            except requests.RequestException as error:
                self.errors.append(f"{phase}: {str(error)[:200]}")
                failed = 1
            seconds = time.perf_counter() - started
            if seconds >= 1:
                when = time.strftime("%H:%M:%S", time.localtime(time.time() - seconds))
                self.slow.append(
                    f"{when} {phase} {progress}: GET {got - started:.1f} s, "
                    f"POST {started + seconds - got:.1f} s"
                )
            self.slowest = max(self.slowest, seconds)
            figures = self.by_phase.setdefault(phase, [0, 0, 0.0])
            figures[0], figures[1] = figures[0] + 1, figures[1] + failed
            figures[2] = max(figures[2], seconds)


def send_in_pieces(editor, path, token, piece=4 * 1024 * 1024):
    """Send `path` as the Import page's script does (archive/transfer/chunks.py): begin,
    then a POST per piece; (the upload's id, the seconds of each piece's request)."""
    headers = {"X-CSRFToken": token}
    size = path.stat().st_size
    begun = editor.request(
        "post",
        "/admin/archive/article/upload/",
        data={"name": path.name, "size": str(size)},
        headers=headers,
    ).json()
    seconds = []
    with path.open("rb") as source:
        for offset in range(0, size, piece):
            editor.request(
                "post",
                f"{begun['url']}?offset={offset}",
                data=source.read(piece),
                headers={**headers, "Content-Type": "application/octet-stream"},
            )
            seconds.append(editor.timings[-1][0])
    return begun["upload"], seconds


def csrf(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def job_seconds(env, pk):
    code = (
        "import django, sys; django.setup()\n"
        "from archive.models import Job\n"
        "job = Job.objects.get(pk=int(sys.argv[1]))\n"
        "print(job.elapsed(), job.state, job.result.get('summary', ''))\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", code, str(pk)], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.split(maxsplit=2)
    return float(out[0]), out[1], out[2].strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database", default="", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--port", type=int, default=0, help="the server's (default: any free)")
    parser.add_argument("--folder", help="where the scratch folder goes (default: the temp dir)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="apk-bench-admin-", dir=args.folder))
    port = args.port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ARCHIVE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-admin-import-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DATABASE_URL=scratch_database(args.database, folder),
        ARCHIVE_TASKS_BACKEND="database",
        ARCHIVE_IMPORT_DIR=str(folder / "imports"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DJANGO_SETTINGS_MODULE="apksite.settings",
    )
    env.pop("REDIS_URL", None)
    servers = []
    try:
        _bench_import().generate(folder, args.rows)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        for key in ("sessions", "people", "topics", "sources"):
            manage(env, "import_archive", key, str(folder / f"{key}.csv"))
        # The one command that refuses production settings: the account, made once.
        made = manage({**env, "DJANGO_DEBUG": "1"}, "ensure_editor")
        password = re.search(r"with password: (\S+)", made)[1]
        gunicorn = Path(PYTHON).with_name("gunicorn")
        servers.append(
            subprocess.Popen(
                [str(gunicorn), "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stderr=subprocess.DEVNULL,
            )
        )
        # The worker's log (the staged write's timings) kept beside the results.
        log_path = Path(args.folder or tempfile.gettempdir()) / f"worker-{port}.log"
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "worker"],
            cwd=ROOT,
            env={**env, "DJANGO_LOG_LEVEL": "INFO"},
            stderr=log_path.open("w"),
        )
        servers.append(worker)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        figures = run(env, base, password, folder / "articles.csv", args.rows, worker.pid)
        figures["database"] = "postgresql" if args.database else "sqlite"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(60)
        shutil.rmtree(folder, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


def run(env, base, password, csv_path, rows, worker_pid):
    visitor, peak = Visitor(base), Peak(worker_pid)
    editor = Editor(base, "editor", password)
    second = SecondEditor(base, password)
    visitor.start(), peak.start(), second.start()
    load_before = os.getloadavg()[0]
    page = editor.request("get", "/admin/archive/article/import/")
    fields = {"csrfmiddlewaretoken": csrf(page), "resource": "0", "format": "0"}
    sending = time.perf_counter()
    upload_id, pieces = send_in_pieces(editor, csv_path, fields["csrfmiddlewaretoken"])
    sent_seconds = time.perf_counter() - sending
    # The form then carries the upload's id, not the file (what the page's script does).
    stored = editor.request(
        "post",
        "/admin/archive/article/import/",
        data={**fields, "upload_id": upload_id},
        allow_redirects=False,
    )
    form_seconds = editor.timings[-1][0]
    preview_path = stored.headers["Location"].removeprefix(base)
    editor.request("get", preview_path)
    preview = editor.follow(preview_path)
    preview_job = int(preview["id"])
    assert preview["state"] == "succeeded", preview
    confirm = re.search(
        r'<form method="post" action="([^"]+)" class="job-confirm">',
        editor.request("get", preview_path).text,
    )[1]
    written_page = editor.request(
        "post",
        confirm,
        data={"csrfmiddlewaretoken": csrf(editor.request("get", preview_path)), "job": preview_job},
    )
    write = editor.follow(written_page.url)
    visitor.stop.set(), peak.stop.set(), second.stop.set()
    visitor.join(), peak.join(), second.join()
    preview_seconds, _state, _summary = job_seconds(env, preview_job)
    write_seconds, state, summary = job_seconds(env, int(write["id"]))
    slowest = max(editor.timings)
    return {
        "rows": rows,
        "file MB": round(csv_path.stat().st_size / 1024 / 1024, 1),
        "preview job s": round(preview_seconds, 1),
        "preview rows/s": round(rows / preview_seconds),
        "write job s": round(write_seconds, 1),
        "write rows/s": round(rows / write_seconds),
        "write job": f"{state}: {summary}",
        "peak worker MB": round(peak.peak / 1024 / 1024),
        "peak worker MB without mapped files": round(peak.peak_anonymous / 1024 / 1024),
        "editor requests": len(editor.timings),
        "editor requests over 1 s": sum(1 for t in editor.timings if t[0] >= 1),
        "slowest editor ms": f"{slowest[0] * 1000:.0f} ({slowest[1]} {slowest[2]})",
        "upload pieces": len(pieces),
        "slowest piece ms": round(max(pieces) * 1000),
        "sending the file s": round(sent_seconds, 1),
        "upload form POST ms": round(form_seconds * 1000),  # store and queue
        "second editor saves": second.saves,
        "second editor errors": second.errors[:5],
        "second editor slowest ms": round(second.slowest * 1000),
        "second editor saves over 1 s": second.slow[:20],
        "second editor by phase (saves, errors, slowest ms)": {
            phase: [saves, errors, round(slowest * 1000)]
            for phase, (saves, errors, slowest) in second.by_phase.items()
        },
        "visitor requests": visitor.requests,
        "visitor errors": len(visitor.errors),
        "visitor error kinds": sorted({f"{page} {status}" for page, status in visitor.errors}),
        "login ms": round(editor.login_seconds * 1000),
        "slowest visitor ms": round(visitor.slowest * 1000),
        "load average": f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
        "cores": os.cpu_count(),
    }


if __name__ == "__main__":
    main()
