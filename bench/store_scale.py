"""Store time per batch as the store grows: into an empty store, and into one of 100,000 articles.

    .venv/bin/python bench/store_scale.py [--articles 100000] [--processed 300] [--coder rules] [--postgres URL]

The first --processed articles of the generated corpus (bench/generate.py) go through the pipeline
for real; every later article carries the layers (events, mentions, positions...) of one of them and
its own generated id, day, source and text, so the store receives realistic rows at the speed of the
store alone. Batches of 64 are written one after another into a new DuckDB file, each timed
(`Store.write`: deletes of earlier versions, story linking, clusters, inserts, commit). Prints the
mean time of the first and of the last 20 batches and their ratio (the issue asks for at most 1.5),
and at each tenth: articles stored, seconds per batch, file size and peak RSS.

With --postgres URL (an empty database), every batch is also written into that PostgreSQL store and
timed apart, so the two backends are compared side by side in the same run.
"""

from __future__ import annotations

import argparse
import copy
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--processed", type=int, default=300)
    parser.add_argument("--coder", default="rules", choices=["hybrid", "rules", "learned"])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--keep", type=Path, help="write the store here and keep it")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database to write the same batches to")
    args = parser.parse_args()

    import generate

    from peacewatch import Pipeline
    from peacewatch.article import Article
    from peacewatch.settings import Settings
    from peacewatch.store.store import Store

    first = list(generate.articles(args.processed))
    pipeline = Pipeline(Settings(coder=args.coder))
    started = time.perf_counter()
    done = pipeline.process([Article(id=r["id"], raw=r["text"], title=r["title"], published=r["published"],
                                     source=r["source"], url=r["url"]) for r in first])
    print(f"{args.processed} articles through the pipeline ({args.coder}) in {time.perf_counter() - started:.1f} s; "
          f"{sum(len(a.events) for a in done) / len(done):.1f} events an article")

    records = generate.articles(args.articles)  # generated again, one at a time: memory stays flat

    def article(n: int) -> Article:
        record, base = next(records), done[n % len(done)]
        made = copy.copy(base)
        made.id, made.raw, made.text = record["id"], record["text"], record["text"]
        made.published, made.source, made.url, made.origin = record["published"], record["source"], record["url"], ""
        made.events = [copy.copy(e) for e in base.events]
        for k, event in enumerate(made.events):
            event.id, event.date = f"{made.id}:e{k}", record["published"]
        return made

    times: list[float] = []
    pg_times: list[float] = []

    def timed(location, batch, into: list[float]) -> None:
        with Store(location) as store:
            clock = time.perf_counter()
            store.write(batch)
            into.append(time.perf_counter() - clock)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "scale.duckdb"
        path.unlink(missing_ok=True)
        print(f"  {'stored':>8} {'s/batch':>8} {'MiB file':>9} {'MiB RSS':>8}"
              + (f" {'PG s/batch':>10} {'MiB PG':>7}" if args.postgres else ""))
        step = max(1, args.articles // 10)
        for first in range(0, args.articles, args.batch):
            batch = [article(n) for n in range(first, min(first + args.batch, args.articles))]
            timed(path, batch, times)
            if args.postgres:
                timed(args.postgres, batch, pg_times)
            stored = first + len(batch)
            if stored // step != first // step or stored == args.articles:
                line = (f"  {stored:>8} {statistics.mean(times[-20:]):>8.3f} {path.stat().st_size / 2**20:>9.0f} "
                        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>8.0f}")
                if args.postgres:
                    with Store(args.postgres, read_only=True) as store:
                        size = store.query("SELECT pg_database_size(current_database()) AS n")[0]["n"]
                    line += f" {statistics.mean(pg_times[-20:]):>10.3f} {size / 2**20:>7.0f}"
                print(line, flush=True)
        with Store(path, read_only=True) as store:
            stories = store.count("stories")
    for name, measured in (("DuckDB", times), ("PostgreSQL", pg_times)):
        if measured:
            empty, full = statistics.mean(measured[:20]), statistics.mean(measured[-20:])
            print(f"{name}, batch of {args.batch}: empty store {empty:.3f} s, at {args.articles} articles "
                  f"{full:.3f} s, ratio {full / empty:.2f}")
    print(f"{stories} stories")
    if args.postgres:
        with Store(args.postgres, read_only=True) as store:
            same = store.count("stories") == stories
        print(f"PostgreSQL store has the same number of stories: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
