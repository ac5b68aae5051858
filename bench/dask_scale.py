"""The Dask runner and `load` at scale: workers side by side, then a large generated corpus end to end.

    .venv/bin/python bench/dask_scale.py workers [--articles 2000] [--coder rules]
    .venv/bin/python bench/dask_scale.py corpus --articles 100000 [--coder rules] [--work DIR]

`workers`: the same generated corpus (bench/generate.py, 8 partitions) through `peacewatch run` on a
LocalCluster of 1 and then 2 workers, in the same run; prints wall seconds, articles per second,
speed-up and scaling efficiency (speed-up / workers), and each worker's peak RSS.

`corpus`: --articles generated articles in partitions of 1,000 through the runner (2 workers), then
`load` into a new store, then `assess` and `brief` on it. Prints the time and rate of each step, the
peak RSS of the workers and of this process, the store's size and row counts. Partitions already
done in --work are not run again (the runner's own rerun rule), so a long run can be resumed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workers(args) -> None:
    import generate

    from peacewatch.settings import Settings
    from peacewatch.store.partitions import run

    work = Path(tempfile.mkdtemp(prefix="pw-dask-"))
    try:
        generate.write(work / "news", args.articles, partitions=8)
        settings = Settings(coder=args.coder)
        print(f"{args.articles} generated articles in 8 partitions, coder {args.coder}")
        print(f"  {'workers':>7} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} {'efficiency':>11} "
              f"{'worker RSS MiB':>15}")
        base = None
        for count in (1, 2):
            started = time.perf_counter()
            report = run([work / "news"], work / f"out{count}", settings=settings, workers=count, retries=0)
            seconds = time.perf_counter() - started
            assert not report.failed, report.failed
            base = base or seconds
            rss = max(done["peak_rss_mib"] for done in report.workers)
            print(f"  {count:>7} {seconds:>8.1f} {report.articles / seconds:>11.1f} {base / seconds:>9.2f} "
                  f"{base / seconds / count:>11.2f} {rss:>15}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def corpus(args) -> None:
    import generate

    from peacewatch import Pipeline
    from peacewatch.assessment.index import assess
    from peacewatch.report.job import write_brief
    from peacewatch.settings import Settings
    from peacewatch.store.load import load
    from peacewatch.store.partitions import run
    from peacewatch.store.store import Store

    work = args.work or Path(tempfile.mkdtemp(prefix="pw-dask-"))
    news, out, brief = work / "news", work / "out", work / "brief"
    settings = Settings(coder=args.coder)
    if not news.is_dir():
        started = time.perf_counter()
        generate.write(news, args.articles, partitions=max(1, args.articles // 1000))
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    report = run([news], out, settings=settings, workers=2, retries=1,
                 on_partition=lambda done: print(f"  partition {done['partition']}: {done['articles']} articles, "
                                                 f"{done['seconds']:.0f} s, RSS {done['peak_rss_mib']} MiB",
                                                 flush=True))
    seconds = time.perf_counter() - started
    done = [json.loads(p.read_text()) for p in out.glob("*/partition.json")]
    print(f"run: {report.done} partitions now, {report.already} before, {len(report.failed)} failed; "
          f"{seconds:.0f} s this time; worker peak RSS {max(d['peak_rss_mib'] for d in done)} MiB; "
          f"{sum(d['articles'] for d in done) / max(1e-9, sum(d['seconds'] for d in done)):.1f} articles per "
          f"worker-second")
    brief.mkdir(parents=True, exist_ok=True)
    db = brief / "peacewatch.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    loaded = load(out, db)
    seconds = time.perf_counter() - started
    if loaded.failed:
        raise SystemExit(f"load failed for {len(loaded.failed)} partitions, e.g. {loaded.failed[0]}")
    print(f"load: {loaded.stored} articles in {seconds:.1f} s ({loaded.stored / seconds:.0f} articles/s); "
          f"peak RSS {_rss_mib():.0f} MiB; store {db.stat().st_size / 2**20:.0f} MiB")
    with Store(db, read_only=True) as store:
        counts = {t: store.count(t) for t in ("articles", "events", "positions", "conditionals", "stories")}
    print("  rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    with Store(db, read_only=True) as store:
        started = time.perf_counter()
        assessment = assess(store)
        print(f"assess: {time.perf_counter() - started:.1f} s; {len(assessment['windows'])} windows, "
              f"{len(assessment['scenarios'])} scenarios, {len(assessment['watch'])} watch items; "
              f"peak RSS {_rss_mib():.0f} MiB")
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    written = write_brief([], brief, pipeline=pipeline)
    print(f"brief: {time.perf_counter() - started:.1f} s; {Path(written['html']).stat().st_size / 2**20:.1f} MiB "
          f"of HTML; peak RSS {_rss_mib():.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["workers", "corpus"])
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--coder", default="rules", choices=["hybrid", "rules", "learned"])
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if args.mode == "workers":
        args.articles = args.articles or 2000
        workers(args)
    else:
        args.articles = args.articles or 100_000
        corpus(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
