"""The cache without Redis: files every process of the machine shares (apksite/settings.py).

Django's FileBasedCache lists its whole folder on every write to see whether it is over
MAX_ENTRIES: at 5,000 files that was 54 ms of each page miss on the loaded test machine. Here a
process counts at most once every CULL_INTERVAL seconds; in between the folder may hold a
minute's writes more than MAX_ENTRIES, which only costs disk.
"""

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
