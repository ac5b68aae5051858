"""Ingest: read, process and store articles, resumably.

Each batch is committed in its own transaction, and the store file is opened
only while a batch is written, so other processes can read between batches.
Before an article is processed its raw text is hashed: an article already
stored with the same hash by the same pipeline version is skipped, and so is
a byte-identical copy stored under another id. A run killed at any point
therefore keeps every committed batch, and a rerun does only the rest; an
edited article (same id, new text) replaces its old rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..article import Article, Skipped
from ..contract import PIPELINE_VERSION, skipped_record
from .store import Store, content_hash

LOCK_WAIT = 30.0  # seconds a batch waits for a reader to let go of the file


@dataclass
class IngestReport:
    stored: int = 0
    events: int = 0
    unchanged: int = 0
    identical: int = 0
    batches: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles stored per second of wall time."""
        return self.stored / self.seconds if self.seconds else 0.0


class Seen:
    """What a run has met so far: decides, input by input in order, whether an article is new, the
    same text by the same pipeline version as it is stored ("unchanged"), or a byte-identical copy of
    another article under another id ("identical"). Shared by ingest and load, so both keep the same
    articles."""

    def __init__(self, known: dict[str, tuple[str, str]]):
        self.known = known  # id -> (content hash, pipeline version), as stored when the run began
        self.by_hash = {digest: article_id for article_id, (digest, _) in known.items()}

    def judge(self, article_id: str, digest: str, version: str = PIPELINE_VERSION) -> str:
        if self.known.get(article_id) == (digest, version):
            return "unchanged"
        if self.by_hash.get(digest, article_id) != article_id:
            return "identical"
        self.by_hash[digest] = article_id
        return "new"


@contextmanager
def _opened(db: Store | str | Path):
    if isinstance(db, Store):
        yield db
    else:
        with Store(db, wait=LOCK_WAIT) as store:
            yield store


def ingest(paths: Iterable[str | Path], db: Store | str | Path, *, pipeline,
           on_item: Callable[[Article | Skipped], None] | None = None,
           on_batch: Callable[[IngestReport], None] | None = None,
           exclude: Iterable[str | Path] = (), workers: int = 1) -> IngestReport:
    """Process and store every input not stored already, one transaction per batch. The store file
    and paths in `exclude` (a brief's own output folder) are never read as news. With `workers` above
    1 the pipeline runs in that many processes; this process alone writes, batch after batch in input
    order, so the store is the same whatever the number of workers."""
    own = [db.path] if isinstance(db, Store) and db.path != ":memory:" else [] if isinstance(db, Store) else [db]
    exclude = [*exclude, *own, *(f"{p}.wal" for p in own)]
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    clock = time.perf_counter()
    report = IngestReport()
    with _opened(db) as store:
        seen = Seen(store.known())

    def want(article: Article) -> bool:
        verdict = seen.judge(article.id, content_hash(article))
        if verdict != "new":
            setattr(report, verdict, getattr(report, verdict) + 1)
        return verdict == "new"

    batch: list[Article] = []
    skipped: list[Skipped] = []

    def commit() -> None:
        with _opened(db) as store:
            refused = store.write(batch, skipped)
        lost = {s.path for s in refused}
        stored = [a for a in batch if (a.origin or a.id) not in lost]
        report.stored += len(stored)
        report.events += sum(len(a.events) for a in stored)
        report.skipped += [skipped_record(s) for s in [*skipped, *refused]]
        report.batches += 1
        report.seconds = time.perf_counter() - clock
        batch.clear()
        skipped.clear()
        if on_batch:
            on_batch(report)

    for item in pipeline.run(paths, on_item=on_item, want=want, exclude=exclude, workers=workers):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            batch.append(item)
        if len(batch) >= pipeline.settings.batch_size:
            commit()
    if batch or skipped:
        commit()
    report.seconds = time.perf_counter() - clock
    with _opened(db) as store:
        store.record_run(started, "complete", report.stored, report.unchanged + report.identical,
                         len(report.skipped))
    return report
