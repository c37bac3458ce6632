"""The cache without Redis: files every process of the machine shares (apksite/settings.py).

Django's FileBasedCache lists its whole folder on every write to see whether it is over
MAX_ENTRIES: at 5,000 files that was 54 ms of each page miss on the loaded test machine. Here a
process counts at most once every CULL_INTERVAL seconds; in between the folder may hold a
minute's writes more than MAX_ENTRIES, which only costs disk.

Its incr() (the content generation's bump, archive/caching.py) is a read and a write: two
processes bumping at once could both write the same number, and a page rendered between them
would outlive a change. A lock file the machine's processes share makes it one step.
"""

import contextlib
import fcntl
import os
import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_INTERVAL = 60.0


class SharedFileCache(FileBasedCache):
    _next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + CULL_INTERVAL
        super()._cull()

    def incr(self, key, delta=1, version=None):
        with self._exclusive():
            return super().incr(key, delta, version)

    @contextlib.contextmanager
    def _exclusive(self):
        os.makedirs(self._dir, exist_ok=True)
        # Not a cache file (no .djcache suffix): clear() and culling leave it alone.
        with open(os.path.join(self._dir, "incr.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
