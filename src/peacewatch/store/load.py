"""Load: bring a distributed run's Parquet output (partitions.py) into a store, in bulk.

    peacewatch load DIR --db STORE

Partitions are loaded in input order, each in one transaction, and recorded in the `loads` table, so
a rerun loads only what is new and a failed load keeps the partitions before it. Within a partition
the same rules as `ingest` decide what is stored: an article already stored with the same text by
the same pipeline version is left as it is, a byte-identical copy under another id is skipped, an
edited article replaces its old rows. The tables are copied from Parquet in one statement each
(DuckDB reads the files where they are; into PostgreSQL they go by COPY); story links are then made
set-wise (dedupe.py `link`) in input order, which gives the same stories as an ingest of the same
corpus, since they do not depend on where batches begin.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..article import Skipped
from ..errors import StoreError
from .dedupe import Signed
from .ingest import Seen
from .partitions import DONE, OUTPUT_TABLES
from .store import Store, column_names, definitions

LINK_CHUNK = 2_000  # articles linked per query (any size gives the same stories)
ROW_TABLES = ("articles", "repairs", "mentions", "events", "positions", "conditionals", "policy_steps")


@dataclass
class LoadReport:
    partitions: int = 0
    loaded: int = 0
    already: int = 0
    stored: int = 0
    unchanged: int = 0
    identical: int = 0
    skipped: int = 0
    seconds: float = 0.0
    failed: list[dict[str, str]] = field(default_factory=list)


def finished(out: Path) -> list[Path]:
    """The complete partition folders of a run, in input order."""
    if not out.is_dir():
        raise StoreError(f"{out} is not a folder of a distributed run (peacewatch run ... --out {out})")
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / DONE).is_file())


def load(out: str | Path, db: str | Path | Store, *,
         on_partition: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Load every complete partition of `out` not loaded before into the store `db`."""
    clock = time.perf_counter()
    folders = finished(Path(out))
    report = LoadReport(partitions=len(folders))
    store = db if isinstance(db, Store) else Store(db, wait=30.0)
    try:
        done = {r[0] for r in store.db.execute("SELECT partition FROM loads").fetchall()}
        seen = Seen(store.known())
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        for folder in folders:
            if folder.name in done:
                report.already += 1
                continue
            for table in OUTPUT_TABLES:
                if not (folder / f"{table}.parquet").is_file():
                    report.failed.append({"partition": folder.name, "reason": f"{table}.parquet is missing"})
                    break
            else:
                store._transaction(lambda: _partition(store, folder, seen, report))
                report.loaded += 1
                if on_partition:
                    on_partition(report)
        unlisted = Path(out) / "unlisted.json"
        if unlisted.is_file():  # inputs the run could not list, with the reasons
            lost = [Skipped(item["path"], item["reason"]) for item in json.loads(unlisted.read_text("utf-8"))]
            store.write([], lost)
            report.skipped += len(lost)
        report.seconds = time.perf_counter() - clock
        store.record_run(started, "loaded", report.stored, report.unchanged + report.identical, report.skipped)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def _partition(store: Store, folder: Path, seen: Seen, report: LoadReport) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    db = store.db
    registered: set[str] = set()

    def parquet(table: str, *, numbered: bool = False) -> str:
        """What to select a Parquet file's rows from: the file itself for DuckDB, a temporary table
        for PostgreSQL."""
        where = folder / f"{table}.parquet"
        if not store.postgres:
            quoted = str(where).replace("'", "''")
            return f"read_parquet('{quoted}'{', file_row_number = true' if numbered else ''})"
        name = f"_parquet_{table}"
        if name not in registered:
            rows = pq.read_table(where)
            if numbered:
                rows = rows.append_column("file_row_number", pa.array(range(rows.num_rows), pa.int64()))
            db.register(name, rows)
            registered.add(name)
        return name

    keep = []
    for article_id, digest, version in db.execute(
            f"SELECT id, content_hash, pipeline_version FROM {parquet('articles')}").fetchall():
        verdict = seen.judge(article_id, digest, version)
        if verdict == "new":
            keep.append(article_id)
        else:
            setattr(report, verdict, getattr(report, verdict) + 1)
    db.register("_keep", pa.table({"id": pa.array(keep, pa.string())}))
    try:
        store._forget(keep)  # edited articles: their old rows go
        for table in ROW_TABLES:
            column = "id" if table == "articles" else "article_id"
            columns = ", ".join(f'"{c}"' for c in column_names(table))
            values = ", ".join(f'CAST("{c}" AS JSON)' if kind == "JSON" else f'"{c}"' for c, kind in definitions(table))
            db.execute(f"INSERT INTO {table} ({columns}) SELECT {values} FROM {parquet(table)} "
                       f"WHERE {column} IN (SELECT id FROM _keep)")
        db.execute("""DELETE FROM skipped WHERE path IN (SELECT origin FROM articles WHERE id IN (SELECT id FROM _keep))
                      OR path IN (SELECT path FROM """ + parquet("skipped") + ")")
        columns = ", ".join(column_names("skipped"))
        db.execute(f"INSERT INTO skipped ({columns}) SELECT {columns} FROM {parquet('skipped')}")
        report.skipped += db.execute(f"SELECT count(*) FROM {parquet('skipped')}").fetchall()[0][0]
        signed = _signed(store, parquet("signatures", numbered=True), parquet("lsh"))
        links = []
        for start in range(0, len(signed), LINK_CHUNK):
            links += store._link_stories(signed[start:start + LINK_CHUNK])
        db.register("_links", pa.table({"story": pa.array([s for s, _, _ in links], pa.string()),
                                        "score": pa.array([c for _, c, _ in links], pa.float64()),
                                        "id": pa.array([a for _, _, a in links], pa.string())}))
        try:
            db.execute("""UPDATE articles SET story_id = l.story, story_score = l.score FROM _links l
                          WHERE articles.id = l.id""")
        finally:
            db.unregister("_links")
        db.execute("INSERT INTO loads VALUES (?, ?, ?)",
                   [folder.name, datetime.now(timezone.utc).replace(tzinfo=None), len(keep)])
        report.stored += len(keep)
    finally:
        for name in ("_keep", *registered):
            db.unregister(name)


def _signed(store: Store, signatures: str, lsh: str) -> list[Signed]:
    """The kept articles' signatures and buckets, in input order."""
    import numpy as np

    result = store.db.sql(f"""
        SELECT s.article_id, s.published, s.features, s.clusters, s.minhash, b.buckets
        FROM {signatures} s
        JOIN (SELECT article_id, array_agg(bucket) AS buckets FROM {lsh} GROUP BY article_id) b USING (article_id)
        WHERE s.article_id IN (SELECT id FROM _keep) ORDER BY s.file_row_number""").to_arrow_table()
    if not result.num_rows:
        return []
    columns = result.to_pydict()
    hashes = result.column("minhash").combine_chunks().flatten().to_numpy().reshape(result.num_rows, -1)
    days = [published.isoformat() if published else None for published in columns["published"]]
    return [Signed(columns["article_id"][n], np.array(hashes[n]), columns["features"][n],
                   tuple(b % (1 << 64) for b in columns["buckets"][n]),  # PostgreSQL's BIGINT: unsigned again
                   days[n], set(columns["clusters"][n] or ()))
            for n in range(result.num_rows)]
