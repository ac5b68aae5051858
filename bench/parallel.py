"""Ingest with 1 and 2 worker processes, side by side in the same run (this machine is noisy).

    .venv/bin/python bench/parallel.py [--articles 300] [--coder hybrid]

The corpus is the project's labelled English articles (corpus/w*/, written for this project) and
examples/, repeated with fresh ids up to --articles. Each setting ingests the same files into a new
store; prints wall seconds, articles per second, the speed-up over one worker (scaling efficiency =
speed-up / workers), the peak RSS of the writing process and of the largest worker, and whether the
two stores hold the same rows.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def corpus(folder: Path, wanted: int) -> int:
    sources = sorted(ROOT.glob("corpus/w*/*.txt")) + sorted(p for p in (ROOT / "examples").glob("*.md"))
    n = 0
    while n < wanted:
        for source in sources:
            if n >= wanted:
                break
            text = source.read_text(encoding="utf-8")
            (folder / f"{n:05d}-{source.stem}.txt").write_text(text + f"\n\n(copy {n})\n", encoding="utf-8")
            n += 1
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--coder", default="hybrid", choices=["hybrid", "rules", "learned"])
    args = parser.parse_args()

    from test_parallel import _rows

    from peacewatch import Pipeline
    from peacewatch.settings import Settings
    from peacewatch.store.ingest import ingest

    work = Path(tempfile.mkdtemp(prefix="pw-parallel-"))
    try:
        news = work / "news"
        news.mkdir()
        count = corpus(news, args.articles)
        pipeline = Pipeline(Settings(coder=args.coder))
        print(f"{count} articles, coder {args.coder}, batch size {pipeline.settings.batch_size}")
        print(f"  {'workers':>7} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} {'efficiency':>11} "
              f"{'RSS main MiB':>13} {'RSS worker MiB':>15}")
        results = {}
        for workers in (1, 2):
            started = time.perf_counter()
            report = ingest([news], work / f"w{workers}.duckdb", pipeline=pipeline, workers=workers)
            seconds = time.perf_counter() - started
            results[workers] = seconds
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            speedup = results[1] / seconds
            print(f"  {workers:>7} {seconds:>8.1f} {report.stored / seconds:>11.1f} {speedup:>9.2f} "
                  f"{speedup / workers:>11.2f} {own:>13.0f} {children if workers > 1 else 0:>15.0f}")
        same = _rows(work / "w1.duckdb") == _rows(work / "w2.duckdb")
        print(f"  stores equal (all tables but the run log and write times): {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
