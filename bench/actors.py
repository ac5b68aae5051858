"""Actor resolution accuracy against labelled mentions.

    .venv/bin/python bench/actors.py [FOLDER]        # the project's labelled mentions (bench/data/actors/)
    .venv/bin/python bench/actors.py --corpus dev    # the corpus's theatres the knowledge base did not list
    .venv/bin/python bench/actors.py --corpus test   # the same on the test split: figures only, no misses
    .venv/bin/python bench/actors.py --corpus train  # the same on train articles of those theatres

Prints how many labelled mentions were resolved, with the right country, the right sector and both,
and (except on the test split) the misses. The corpus labels (corpus/actors/) were written by an
annotator who did not see the software; see corpus/actors/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "bench" / "data" / "actors"))
    parser.add_argument("--corpus", choices=["train", "dev", "test"])
    args = parser.parse_args()

    from peacewatch.evaluation import score_actor_labels, score_actor_mentions
    from peacewatch.pipeline import Pipeline
    from peacewatch.settings import Settings

    pipeline = Pipeline(Settings(coder="rules"))
    if args.corpus:
        labels = ROOT / "corpus" / "actors" / f"{args.corpus}.jsonl"
        ids = [json.loads(line)["id"] for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = [ROOT / "corpus" / i.split("-")[0] / f"{i}.txt" for i in ids]
        s = score_actor_mentions(labels, texts, pipeline)
        title = f"corpus {args.corpus} ({len(ids)} articles of theatres new to the knowledge base)"
    else:
        s = score_actor_labels(Path(args.folder), pipeline)
        title = args.folder
    print(f"{title}: {s.labels} labelled mentions: resolved {s.rate('resolved'):.3f}, country "
          f"{s.rate('country'):.3f} (of resolved {s.country / max(s.resolved, 1):.3f}), sector {s.rate('sector'):.3f}, "
          f"both {s.rate('both'):.3f}")
    if args.corpus != "test":
        for miss in s.misses:
            print(f"  {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
