"""Peak memory of an articles import's check and write, in-process, as the admin's job runs
them (a file read a row at a time, rows checked, then written; the derived work after).

    DJANGO_DEBUG=1 .venv/bin/python bench/import_memory.py --rows 50000 --folder /tmp/mem
    DJANGO_DEBUG=1 .venv/bin/python bench/import_memory.py --rows 50000 --folder /tmp/mem --preview

Generates the deterministic files of bench/import.py into --folder (once), makes an SQLite
database there with the reference rows (sessions, people, topics, sources) and imports the
articles file into a fresh copy of it. Prints peak RSS after the check and write (and after
the derived work: links, counts, search index), and SQLite's own memory (its page cache is
64 MB per connection by design: archive/search/receivers.py). Run it in separate processes for
a fair peak: ru_maxrss never goes down.
"""

import argparse
import ctypes
import importlib.util
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--preview", action="store_true", help="the dry run of the preview")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    articles, reference = folder / f"articles{args.rows}.csv", folder / "reference.sqlite3"
    database = folder / "import.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.core.management import call_command

    from archive.transfer.pipeline import import_file, open_dataset, resource_for

    if not articles.exists() or not reference.exists():
        spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
        generator = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generator)
        generator.generate(folder, args.rows)
        (folder / "articles.csv").rename(articles)
        call_command("migrate", verbosity=0)
        for kind in ("sessions", "people", "topics", "sources"):
            assert import_file(kind, str(folder / f"{kind}.csv")).ok
        from django.db import connection

        connection.close()
        shutil.copy(database, reference)
    shutil.copy(reference, database)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    sqlite = ctypes.CDLL("libsqlite3.so.0")
    sqlite.sqlite3_memory_used.restype = ctypes.c_int64
    base, started, cpu = peak_mb(), time.perf_counter(), time.process_time()
    importer = resource_for("articles", preview=args.preview)
    importer.defer_refresh = not args.preview
    result = importer.import_data(
        open_dataset(articles, "csv", articles.name), dry_run=args.preview
    )
    assert not result.problems, result.problems[:3]
    checked = peak_mb()
    sqlite_mb = sqlite.sqlite3_memory_used() >> 20
    if not args.preview:
        importer.run_refresh()
    print(
        f"{'preview' if args.preview else 'write'} of {args.rows} rows: "
        f"{time.perf_counter() - started:.1f} s, {time.process_time() - cpu:.1f} s CPU; peak RSS "
        f"{base} MB at the start, {checked} MB after the check and write (SQLite's own "
        f"{sqlite_mb} MB), {peak_mb()} MB after the derived work; load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
