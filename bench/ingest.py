"""Ingest rate: articles per second into a fresh DuckDB store, and the cost of a rerun.

    .venv/bin/python bench/ingest.py [--copies 20]

Reads examples/ (11 articles) `--copies` times, each copy with its own id and a
changed first line so that nothing is skipped as identical, and ingests them
into a new store with the default batch size. Prints articles per second for
the whole ingest (reading, the pipeline, dedupe, clustering and the writes;
model loading excluded), the share of that time spent writing to the store,
and the time a second run over the same inputs takes to skip them all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()

    from peacewatch.pipeline import Pipeline
    from peacewatch.read.readers import read
    from peacewatch.store.ingest import ingest
    from peacewatch.store.store import Store

    originals = [a for a in read([ROOT / "examples"]) if hasattr(a, "raw")]
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for copy in range(args.copies):
            for a in originals:
                head = f"---\npublished: {a.published}\nsource: Copy {copy}\n---\n# {a.title} ({copy})\n\n"
                (folder / f"{copy:03d}-{a.id}.md").write_text(head + a.raw, encoding="utf-8")
        db = Path(tmp) / "bench.duckdb"
        writing = 0.0
        real_write = Store.write

        def timed_write(self, *a, **k):
            nonlocal writing
            started = time.perf_counter()
            real_write(self, *a, **k)
            writing += time.perf_counter() - started

        Store.write = timed_write
        first = ingest([folder], db, pipeline=pipeline)
        Store.write = real_write
        started = time.perf_counter()
        second = ingest([folder], db, pipeline=pipeline)
        rerun = time.perf_counter() - started
        with Store(db, read_only=True) as store:
            events, clusters = store.count("events"), store.count("event_clusters")
    print(f"ingest: {first.stored} articles, {first.events} events ({clusters} clusters) in {first.seconds:.1f} s "
          f"= {first.rate:.1f} articles/s; store writes {writing:.2f} s ({100 * writing / first.seconds:.0f}%) "
          f"in {first.batches} batches")
    print(f"rerun: {second.unchanged} unchanged articles skipped in {rerun:.2f} s, {second.stored} stored")
    assert events == first.events
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
