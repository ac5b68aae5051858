"""End-to-end throughput on examples/ repeated to at least 2,000 sentences, on one core.

    .venv/bin/python bench/throughput.py [--sentences 2000] [--repeats 3]

Prints sentences per second for the whole peacewatch pipeline (repair, segment,
actors, parse, events, positions, conditionals; reading excluded, model
loading excluded), with the rule stages alone (`coder = "rules"`) and with the
learned tagger and ranker on (`coder = "hybrid"`, the default), and, for reference, for spaCy's own full pipeline
(`nlp.pipe` with every component, NER included) over the same sentences.
Threads are pinned to one (OMP/MKL/OpenBLAS) and the process to one core.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from peacewatch.article import Article
    from peacewatch.pipeline import Pipeline
    from peacewatch.read.readers import read
    from peacewatch.read.segment import split
    from peacewatch.settings import Settings

    originals = [a for a in read([ROOT / "examples"]) if isinstance(a, Article)]
    per_copy = sum(len(split(a.raw)) for a in originals)
    copies = -(-args.sentences // per_copy)
    rates = {}
    for coder in ("rules", "hybrid"):
        pipeline = Pipeline(Settings(coder=coder))
        pipeline.process([copy.deepcopy(a) for a in originals])  # warm caches (symspell, gazetteer, models)
        timings, sentences = [], 0
        for _ in range(args.repeats):
            batch = [copy.deepcopy(a) for _ in range(copies) for a in originals]
            for n, article in enumerate(batch):
                article.id = f"{article.id}-{n}"
            started = time.perf_counter()
            done = pipeline.process(batch)
            timings.append(time.perf_counter() - started)
            sentences = sum(len(a.sentences) for a in done)
            parsed = sum(1 for a in done for s in a.sentences if s.tokens)
            events = sum(len(a.events) for a in done)
        best = min(timings)
        rates[coder] = sentences / best
        print(f"peacewatch end to end, coder = {coder}: {sentences} sentences ({parsed} parsed), {events} events, "
              f"{len(batch)} articles")
        print(f"  best of {args.repeats}: {best:.2f} s -> {sentences / best:.0f} sentences/s "
              f"(median {sentences / statistics.median(timings):.0f}/s)")

    # The same sentences as one long article: per-article work must stay linear.
    long_text = "\n\n".join(a.raw for a in batch)
    started = time.perf_counter()
    [long_article] = pipeline.process([Article(id="long", raw=long_text, published="2025-06-06")])
    took = time.perf_counter() - started
    print(f"one article of {len(long_article.sentences)} sentences (hybrid): {took:.2f} s -> "
          f"{len(long_article.sentences) / took:.0f} sentences/s")

    texts = [a.text[s.start:s.end] for a in done for s in a.sentences]
    full = spacy.load(pipeline.nlp.meta["lang"] + "_" + pipeline.nlp.meta["name"])
    list(full.pipe(texts[:200]))
    spacy_times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _doc in full.pipe(texts, batch_size=256):
            pass
        spacy_times.append(time.perf_counter() - started)
    best_spacy = min(spacy_times)
    print(f"spaCy full pipeline ({', '.join(full.pipe_names)}) on the same {len(texts)} sentences:")
    print(f"  best of {args.repeats}: {best_spacy:.2f} s -> {len(texts) / best_spacy:.0f} sentences/s")
    for coder, rate in rates.items():
        print(f"ratio peacewatch ({coder}) / spaCy: {rate / (len(texts) / best_spacy):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
