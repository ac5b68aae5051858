"""Seconds per MB against article size: is work linear in length?

    .venv/bin/python bench/sizes.py [--sizes 0.1,1,5]

For each size, one article of that many MB (the bodies of examples/ repeated, on a single line with
no paragraph breaks: the worst case for splitting) is written to a file and run through the whole
pipeline from reading on (split into parts, repair, segment, actors, parse, events, positions,
conditionals). Beside it, in the same run, the baseline: spaCy's full pipeline (`nlp.pipe`, NER
included) over the same text in pieces of about 2,000 characters. Flat seconds per MB down the peacewatch
column is the target. Threads are pinned to one and the process to one core.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
MB = 1_000_000


def body() -> str:
    """The examples' texts, without titles, as one line."""
    texts = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted((ROOT / "examples").glob("*.md"))]
    return " ".join(" ".join(texts).split())


def rss() -> float:
    """The process's resident memory now, in MiB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def pieces(text: str, size: int = 2_000):
    """The text in pieces of about `size` characters ending at a sentence end, as a parser sees it
    (spaCy on 100,000-character documents needs gigabytes)."""
    at = 0
    while at < len(text):
        end = text.find(". ", at + size)
        end = len(text) if end == -1 else end + 2
        yield text[at:end]
        at = end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,5", help="article sizes in MB, comma-separated")
    args = parser.parse_args()

    from peacewatch.article import Article
    from peacewatch.pipeline import Pipeline

    pipeline = Pipeline()
    list(pipeline.run([ROOT / "examples" / "01_istanbul-talks-proposed.md"]))  # warm the start-up tables
    source = body()
    sizes = [float(s) for s in args.sizes.split(",")]
    texts = {size: (source * (int(size * MB) // len(source) + 1))[: int(size * MB)] for size in sizes}
    measured: dict[float, tuple] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:  # peacewatch first at every size, so its memory figures are its own
            path = Path(folder) / f"article-{size:g}mb.txt"
            path.write_text("A long article\n" + texts[size], encoding="utf-8")
            started = time.perf_counter()
            parts = events = 0
            peak = rss()
            for item in pipeline.run([path]):  # streamed, as ingest consumes it: parts are not kept
                parts += 1
                events += len(item.events) if isinstance(item, Article) else 0
                peak = max(peak, rss())
            measured[size] = (parts, events, time.perf_counter() - started, peak)
    rows = []
    for size in sizes:
        started = time.perf_counter()
        for _ in pipeline.nlp.pipe(pieces(texts[size])):
            pass
        rows.append((size, *measured[size][:3], time.perf_counter() - started, measured[size][3]))
    print(f"{'MB':>5} {'parts':>5} {'events':>7} {'peacewatch s':>12} {'s/MB':>6} {'spaCy s':>8} {'s/MB':>6} "
          f"{'ratio':>5} {'peak RSS MiB':>12}")
    for size, parts, events, ours, spacy, peak in rows:
        print(f"{size:>5g} {parts:>5} {events:>7} {ours:>12.1f} {ours / size:>6.1f} {spacy:>8.1f} "
              f"{spacy / size:>6.1f} {ours / spacy:>5.2f} {peak:>12.0f}")
    print("peak RSS: the most resident memory seen after any part of peacewatch's run of that size (peacewatch "
          "runs every size before the spaCy baseline runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
