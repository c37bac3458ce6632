"""The checked rows of an import, kept on disk until they are written.

    saved = InstanceSpool()
    saved.append(instance)                  # during the check, row after row
    for batch in saved.batches(): ...       # the write, a batch at a time

An import checks every row before it writes any (archive.transfer.resource_base), so the
instances of a whole file wait for the write. Held in memory, a file of 200,000 articles
would be some 2 GB of model instances (their bodies mostly); here they wait pickled in a
temporary file, a batch at a time, and are read back the same way: memory holds one batch.
"""

import pickle
import tempfile

SPOOL_BATCH = 1000  # instances per pickled batch


class InstanceSpool:
    """A list of model instances to iterate (append, len, iter, batches), on disk."""

    def __init__(self, batch_size=None):
        self.batch_size = batch_size or SPOOL_BATCH
        self._pending = []  # the batch being filled
        self._offsets = []  # where each pickled batch starts in the file
        self._file = None
        self._count = 0

    def append(self, instance):
        self._pending.append(instance)
        self._count += 1
        if len(self._pending) >= self.batch_size:
            self._store_pending()

    def _store_pending(self):
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="apk-import-")  # noqa: SIM115 - closed by close()
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending = []

    def __len__(self):
        return self._count

    def __bool__(self):
        return self._count > 0

    def batches(self):
        """The instances in the order they were appended, a list of up to batch_size at a
        time; each is read from disk anew (changes made to an earlier copy are not kept)."""
        for offset in self._offsets:
            self._file.seek(offset)
            yield pickle.load(self._file)  # noqa: S301 - written by this process, just now
        if self._pending:
            yield list(self._pending)

    def __iter__(self):
        for batch in self.batches():
            yield from batch

    def close(self):
        if self._file is not None:
            self._file.close()
        self._file, self._offsets, self._pending, self._count = None, [], [], 0
