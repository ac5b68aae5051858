"""How the server touches the store: short read-only openings, taken turns with any writer.

DuckDB lets one process hold a file for writing, or any number hold it for reading, and within one
process every connection to a file must share one configuration. So the server:

- opens the store per request (or per short burst of overlapping requests) and closes it at once,
  so an `ingest` or `watch` run in another process can take the file between requests; each of its
  batches is one transaction, so a reader sees a batch whole or not at all;
- lets overlapping requests share the file only when they open it the same way (`read`: the
  store's own read-only connection; `sandbox`: the SQL guard's locked-down one; `write`: this
  server's own ingest, alone);
- after `burst` seconds of continuous use, lets the file go for `pause` seconds, longer than a
  writer's retry interval (0.1 s, `store.connect`), so a writer polling for the file gets it even
  under steady load. A PostgreSQL store needs none of this: its readers never block its writers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..store import postgres

MODES = ("read", "sandbox", "write")
BURST = 2.0  # seconds the file may stay open while requests overlap
PAUSE = 0.15  # seconds it is then left free


class Gate:
    """Admits requests to the store file in turns: same-mode requests together, a writer alone."""

    def __init__(self, *, enabled: bool = True, burst: float = BURST, pause: float = PAUSE):
        self.enabled = enabled
        self.burst = burst
        self.pause = pause
        self._turn = threading.Condition()
        self._mode: str | None = None
        self._holders = 0
        self._burst_began = 0.0
        self._released = float("-inf")

    @classmethod
    def for_store(cls, path: str, **options) -> "Gate":
        return cls(enabled=not postgres.is_url(str(path)), **options)

    def _may_enter(self, mode: str, now: float) -> bool:
        overdue = now - self._burst_began > self.burst
        if self._holders == 0:
            # A long burst just ended: keep the file free for a moment, for another process's writer.
            return not (overdue and now - self._released < self.pause)
        if mode != self._mode or mode == "write":
            return False
        return not overdue  # let the holders drain, so the file is released

    @contextmanager
    def hold(self, mode: str) -> Iterator[None]:
        """The right to open the store in `mode` until the block ends (open and close inside it)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if not self.enabled:
            yield
            return
        with self._turn:
            while not self._may_enter(mode, time.monotonic()):
                self._turn.wait(timeout=0.02)  # pauses end by the clock, not by a notification
            now = time.monotonic()
            if self._holders == 0 and now - self._released >= self.pause:
                self._burst_began = now  # a real gap came before: a new burst begins
            self._mode = mode
            self._holders += 1
        try:
            yield
        finally:
            with self._turn:
                self._holders -= 1
                if self._holders == 0:
                    self._mode = None
                    self._released = time.monotonic()
                self._turn.notify_all()
