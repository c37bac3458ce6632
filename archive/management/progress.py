"""How the long commands show how far they are: a tqdm bar on a terminal, plain lines in a log.

    with Progress(self.stdout, "articles") as progress:
        import_file(..., progress=progress)      # progress(phase, done, total), phase or None

On a terminal the bar redraws in place (rows, rate, time left); anywhere else (a log file, a
pipe, cron's mail) a bar would be a smear of carriage returns, so a line is written at each
phase and every tenth of the way instead:

    writing: 2,000 of 20,000 (10%)
"""

import time

from django.core.management.base import OutputWrapper
from tqdm import tqdm

LINE_STEPS = 10  # lines per phase when not on a terminal


class Progress:
    def __init__(self, stream, unit="rows"):
        if not isinstance(stream, OutputWrapper):
            stream = OutputWrapper(stream)  # one line per write, as a command's stdout
        self.stream, self.unit = stream, unit
        self.terminal = stream.isatty()
        self.bar, self.phase, self.next_line, self.started = None, None, 0, time.monotonic()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __call__(self, phase, done, total):
        phase = phase or self.phase or "working"
        if phase != self.phase:
            self._start_phase(phase, total)
        if self.terminal:
            if total != self.bar.total:
                self.bar.reset(total=total)
            self.bar.update(done - self.bar.n)
            return
        if done >= self.next_line or done >= total:
            self._line(done, total)
            step = max(1, total // LINE_STEPS)
            self.next_line = (done // step + 1) * step

    def _start_phase(self, phase, total):
        self.close()
        self.phase, self.next_line = phase, 0
        if self.terminal:
            # OutputWrapper ends each write with a newline; tqdm needs the raw stream.
            out = self.stream._out
            self.bar = tqdm(total=total, desc=phase, unit=f" {self.unit}", file=out, leave=True)

    def _line(self, done, total):
        seconds = time.monotonic() - self.started
        if total:
            percent = min(100, 100 * done // total)
            self.stream.write(f"{self.phase}: {done:,} of {total:,} ({percent}%) {seconds:.0f}s")
        else:
            self.stream.write(f"{self.phase}: {done:,} {seconds:.0f}s")
        self.stream.flush()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
