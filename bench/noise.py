"""Repair precision and recall per kind, on clean text damaged at known rates.

    .venv/bin/python bench/noise.py [--seeds 5]

The clean text is bench/data/clean_news.txt plus the clean examples (those the
repairer leaves untouched), all written for this project. Each seed damages
it afresh (see peacewatch.read.noise for the kinds and rates).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from peacewatch.article import Article  # noqa: E402
from peacewatch.knowledge import kb as knowledge  # noqa: E402
from peacewatch.pipeline import vocabulary  # noqa: E402
from peacewatch.read.noise import KINDS, Score, evaluate  # noqa: E402
from peacewatch.read.readers import read  # noqa: E402
from peacewatch.read.repair import Repairer  # noqa: E402


def clean_texts(repairer: Repairer) -> list[str]:
    texts = []
    for item in read([ROOT / "bench" / "data" / "clean_news.txt", ROOT / "examples"]):
        if isinstance(item, Article):
            probe = Article(id=item.id, raw=item.raw)
            repairer.repair(probe)
            if not [r for r in probe.repairs if r.kind != "whitespace"]:
                texts.append(item.raw)
    return texts


def run(seeds: int = 5) -> tuple[Score, int]:
    kb = knowledge.load()
    repairer = Repairer(kb, vocabulary=vocabulary())
    texts = clean_texts(repairer)
    return evaluate(texts, repairer, kb, seeds=seeds), len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    total, documents = run(args.seeds)
    print(f"{documents} clean documents x {args.seeds} seeds")
    print(f"{'kind':8s} {'damaged':>8s} {'repaired':>9s} {'right':>6s} {'precision':>10s} {'recall':>7s}")
    for kind in KINDS:
        print(f"{kind:8s} {total.made[kind]:8d} {total.repaired[kind]:9d} {total.right[kind]:6d} "
              f"{total.precision(kind):10.3f} {total.recall(kind):7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
