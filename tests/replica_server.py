"""A real PostgreSQL streaming replica of the test database's server, for tests/test_replicas.py.

Started once per test session: pg_basebackup -R copies the primary (about a second for the
test server's few databases) into a temporary cluster, which then streams from it on a port of
5440-5449. initdb-made clusters refuse to run as root, so as root (CI) every PostgreSQL program
runs as the `postgres` user. The primary must accept replication connections from 127.0.0.1
(.ci/run adds the pg_hba.conf line).

Skipped, saying why, on SQLite or without the PostgreSQL programs, unless
REPLICA_TESTS_REQUIRED is set (CI): then a missing program fails the run.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections

PORTS = range(5440, 5450)


def unavailable(reason):
    if os.environ.get("REPLICA_TESTS_REQUIRED") and "SQLite" not in reason:
        pytest.fail(f"REPLICA_TESTS_REQUIRED: {reason}")
    pytest.skip(reason)


def postgres_programs(major):
    for folder in [*sorted(glob.glob(f"/usr/lib/postgresql/{major}/bin")), ""]:
        found = shutil.which("pg_basebackup", path=folder or None)
        if found and shutil.which("pg_ctl", path=str(Path(found).parent)):
            return Path(found).parent
    return None


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"no free port for the replica in {PORTS.start}-{PORTS.stop - 1}")


def as_postgres(command):
    """`command` as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command, **kwargs):
    return subprocess.run(
        as_postgres(command), capture_output=True, text=True, timeout=120, **kwargs
    )


class Replica:
    def __init__(self, bin_dir, folder, port):
        self.bin_dir, self.folder, self.port = bin_dir, folder, port
        self.data = folder / "data"

    def start(self, primary):
        backup = run(
            [
                str(self.bin_dir / "pg_basebackup"),
                f"--host={primary['HOST'] or '127.0.0.1'}",
                f"--port={primary['PORT'] or 5432}",
                f"--username={primary['USER'] or 'postgres'}",
                f"--pgdata={self.data}",
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
            ]
        )
        if backup.returncode:
            pytest.fail(
                "pg_basebackup of the primary failed (its pg_hba.conf needs "
                f"'host replication all 127.0.0.1/32 trust', see .ci/run): {backup.stderr}"
            )
        # Debian keeps the configuration outside the data folder: the copy has none.
        (self.data / "postgresql.conf").write_text("")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
            " -c shared_buffers=16MB -c max_standby_streaming_delay=1s -c fsync=off"
        )
        log = self.folder / "log"
        pg_ctl = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(log)]
        started = run([*pg_ctl, "-w", "-t", "120", "-o", options, "start"])
        if started.returncode:
            text = log.read_text() if log.exists() else ""
            pytest.fail(f"the replica did not start: {started.stderr}\n{text}")

    def stop(self):
        run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """The port of a running streaming replica of the primary holding the test database."""
    if connection.vendor != "postgresql":
        unavailable("read replicas are PostgreSQL streaming replicas: this run is on SQLite")
    with django_db_blocker.unblock():
        major = connection.pg_version // 10000
    bin_dir = postgres_programs(major)
    if bin_dir is None:
        unavailable(f"no PostgreSQL {major} programs (pg_basebackup, pg_ctl) on this machine")
    folder = Path(tempfile.mkdtemp(prefix="apk-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    replica = Replica(bin_dir, folder, free_port())
    try:
        replica.start(connection.settings_dict)
        yield replica.port
    finally:
        replica.stop()
        shutil.rmtree(folder, ignore_errors=True)


def primary_position():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def on_replica(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(alias, position=None, seconds=10):
    """Until the replica has replayed `position` (default: all the primary has written)."""
    position = position or primary_position()
    deadline = time.monotonic() + seconds
    while not on_replica(alias, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]):
        if time.monotonic() > deadline:
            pytest.fail(f"the replica did not catch up with {position} in {seconds} s")
        time.sleep(0.02)


def pause_replay(alias):
    """Replication lag on demand: the replica stops applying the primary's changes."""
    # Takes effect before the next change is applied ("pause requested" while there is none).
    on_replica(alias, "SELECT pg_wal_replay_pause()")


def resume_replay(alias):
    on_replica(alias, "SELECT pg_wal_replay_resume()")
