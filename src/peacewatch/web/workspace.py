"""What the server keeps between requests: the store's location, its gate, the assessment cache, the pipeline.

The assessment is the costly read (every event of the store), so it is computed once per state of
the store and kept: the state is the articles' count and latest write, and the count and end of
`runs` and `assessment_runs` rows, read in one small query at each request. The pipeline (spaCy and
the learned models) loads on the first posted article, once.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..assessment.index import assess, parse_dyad
from ..assessment.weights import load as load_weights
from ..errors import ParameterError, SettingsError
from ..report.brief_html import actor_network
from ..settings import Settings, window_name
from ..store import sandbox
from ..store.store import Store
from . import explore
from .gate import Gate

WAIT = 20.0  # seconds a request waits for another process's writer to let the file go
CACHED = 16  # results kept: assessments (one per window and dyad asked for) and the forms' choices
STATE = """SELECT (SELECT count(*) FROM articles) AS articles, (SELECT max(stored_at) FROM articles) AS stored,
    (SELECT count(*) FROM runs) AS runs, (SELECT max(finished) FROM runs) AS finished,
    (SELECT count(*) FROM assessment_runs) AS assessed"""


class Workspace:
    """One store served: open it per request (`reading`), assess it (cached), query it, ingest into it."""

    def __init__(self, db: str | Path, *, settings: Settings | None = None,
                 pipeline_factory: Callable[[], Any] | None = None, allow_hosts=(), wait: float = WAIT):
        self.db = str(db)
        self.settings = settings or Settings()
        self.weights = load_weights(self.settings.assessment_file)
        self.gate = Gate.for_store(self.db)
        self.wait = wait
        self.allow_hosts = tuple(allow_hosts)
        self._pipeline_factory = pipeline_factory
        self._pipeline = None
        self._loading = threading.Lock()
        self._ingesting = threading.Lock()
        self._guard = threading.Lock()  # the cache's own bookkeeping, held for microseconds
        self._computing: dict[tuple, threading.Lock] = {}
        self._cache: OrderedDict[tuple, Any] = OrderedDict()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store, open read-only for one request (or a few that overlap) and closed after."""
        with self.gate.hold("read"), Store(self.db, read_only=True, wait=self.wait) as store:
            yield store

    # -- the assessment ----------------------------------------------------------------------------------

    def scope(self, window: str | None, dyad: str | None) -> tuple[str, tuple[str, str] | None]:
        """A window and a dyad as asked for, checked: ParameterError says what is accepted."""
        try:
            name = window_name(window or self.settings.window)
        except SettingsError as error:
            raise ParameterError(f"window: {error}") from error
        try:
            pair = parse_dyad(dyad) if dyad and dyad.strip() else None
        except SettingsError as error:
            raise ParameterError(f"dyad: {error}") from error
        return name, pair

    def remember(self, store: Store, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per state of the store and `key`, then kept (the last CACHED of them)."""
        entry = (tuple(store.query(STATE)[0].values()), key)
        with self._guard:
            if entry in self._cache:
                self._cache.move_to_end(entry)
                return self._cache[entry]
            computing = self._computing.setdefault(entry, threading.Lock())
        with computing:  # two requests for the same new state compute it once; others need not wait
            with self._guard:
                if entry in self._cache:
                    return self._cache[entry]
            try:
                found = compute()
            finally:
                with self._guard:
                    self._computing.pop(entry, None)
            with self._guard:
                self._cache[entry] = found
                while len(self._cache) > CACHED:
                    self._cache.popitem(last=False)
            return found

    def assessment(self, store: Store, *, window: str, dyad: tuple[str, str] | None) -> dict[str, Any]:
        """The assessment and the actor network of the store as it is now, computed once per state."""
        return self.remember(store, ("assessment", window, dyad), lambda: {
            "assessment": assess(store, window=window, dyad=dyad, weights=self.weights),
            "network": actor_network(store)})

    def choices(self, store: Store) -> dict[str, list[str]]:
        """What the filter forms offer (explore.choices), once per state."""
        return self.remember(store, ("choices",), lambda: explore.choices(store))

    # -- SQL ------------------------------------------------------------------------------------------------

    def query(self, sql: str, *, limit: int, timeout: float) -> sandbox.Result:
        """One reading statement through the SQL guard (QueryRefused, QueryTimeout, StoreError)."""
        with self.gate.hold("sandbox"):
            return sandbox.select(self.db, sql, limit=limit, timeout=timeout, wait=self.wait)

    # -- ingest ---------------------------------------------------------------------------------------------

    def pipeline(self):
        """The pipeline, loaded on first use and kept (loading spaCy and the models takes seconds)."""
        with self._loading:
            if self._pipeline is None:
                if self._pipeline_factory is not None:
                    self._pipeline = self._pipeline_factory()
                else:
                    from ..pipeline import Pipeline

                    self._pipeline = Pipeline(self.settings)
            return self._pipeline

    def ingest(self, record: dict[str, Any]) -> dict[str, Any]:
        """Process one input record and store it (one batch, one transaction), as `peacewatch ingest` would."""
        from ..store.ingest import ingest

        record = {k: v for k, v in record.items() if v is not None}
        if not record.get("id"):  # the same text posted twice is one article
            record["id"] = "web-" + hashlib.sha256(str(record.get("text", "")).encode("utf-8")).hexdigest()[:16]
        pipeline = self.pipeline()
        with self._ingesting, tempfile.TemporaryDirectory(prefix="peacewatch-web-") as folder:
            path = Path(folder) / "posted.jsonl"
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            # The whole run holds the file for this process: DuckDB refuses a read-only connection
            # beside a writing one in the same process, so reads here wait for it (about a second).
            with self.gate.hold("write"):
                report = ingest([path], self.db, pipeline=pipeline, workers=1)
        return {"id": record["id"], "stored": report.stored, "events": report.events, "unchanged": report.unchanged,
                "identical": report.identical, "skipped": report.skipped}
