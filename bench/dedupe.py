"""Near-duplicate detection: pairwise precision and recall of story links on a labelled set.

    .venv/bin/python bench/dedupe.py [--data bench/data/dedupe/articles.jsonl]

Ingests the set (written for the project: originals, wire copies, paraphrased
rewrites, content-farm spins, and distinct articles on the same conflicts and
weeks) through the whole pipeline into a fresh store. Two articles are
predicted duplicates when the store links them to the same story; they are
duplicates in truth when they carry the same "story" label. Prints pair
precision, recall and F1, recall by kind of copy, and every wrong link.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def score(truth: dict[str, str], predicted: dict[str, str], kinds: dict[str, str]) -> dict:
    tp = fp = fn = 0
    found, total = Counter(), Counter()
    wrong = []
    for a, b in itertools.combinations(sorted(truth), 2):
        same, linked = truth[a] == truth[b], predicted[a] == predicted[b]
        tp += same and linked
        fp += linked and not same
        fn += same and not linked
        if same:
            kind = kinds[b] if kinds[a] == "original" else kinds[a] if kinds[b] == "original" else None
            if kind:
                total[kind] += 1
                found[kind] += linked
        if linked != same:
            wrong.append((a, b, "linked, not the same story" if linked else "missed"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": tp + fn, "precision": precision, "recall": recall, "f1": f1,
            "by_kind": {k: (found[k], total[k]) for k in sorted(total)}, "wrong": wrong}


def evaluate(path: Path, pipeline) -> dict:
    from peacewatch.store.ingest import ingest
    from peacewatch.store.store import Store

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = {r["id"]: r["story"] for r in records}
    kinds = {r["id"]: r["kind"] for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dedupe.duckdb"
        ingest([path], db, pipeline=pipeline)
        with Store(db, read_only=True) as store:
            predicted = {r["id"]: r["story_id"] for r in store.query("SELECT id, story_id FROM articles")}
    return score(truth, predicted, kinds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "dedupe" / "articles.jsonl")
    args = parser.parse_args()
    from peacewatch.pipeline import Pipeline

    result = evaluate(args.data, Pipeline())
    print(f"duplicate pairs {result['pairs']}: precision {result['precision']:.3f} recall {result['recall']:.3f} "
          f"F1 {result['f1']:.3f}")
    for kind, (found, total) in result["by_kind"].items():
        print(f"  original-{kind}: {found}/{total}")
    for a, b, why in result["wrong"]:
        print(f"  {why}: {a} ~ {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
