"""Score the event coder on the PLOVER gold-standard records (evaluation only: never tune to it).

    .venv/bin/python bench/plover_gsr.py [--coder=rules|learned|hybrid] [PATH]   # all three by default

PATH defaults to ../shared/reference/plover-gsr-cameo.json (skipped with a
message when absent). Its older type names are mapped as its README says:
DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
Each record's sentence is coded as its own article. Prints type recall (some
event of the gold type found) twice: with peacewatch's own types, and with the
types as PLOVER records intents (`codes.plover_view`: a promised cooperative
act is AGREE, a promised hostile act THREATEN; what `peacewatch export
--format plover` writes), first-event precision, per-type recall, and
source/target country agreement where the gold gives codes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT = ROOT.parent / "shared" / "reference" / "plover-gsr-cameo.json"
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _codes(actors) -> set[str]:
    """Country codes of a record's actors (lists of {actorText, code}, or a bare string)."""
    if not isinstance(actors, list):
        return set()
    return {a["code"][:3] for a in actors if isinstance(a, dict) and a.get("code")}


def score(records: list[dict], pipeline) -> dict:
    from peacewatch.article import Article
    from peacewatch.knowledge.codes import plover_view

    articles = [Article(id=r["id"], raw=r["text"], published=r.get("date")) for r in records]
    done = pipeline.process(articles)
    counts = Counter()
    for record, article in zip(records, done):
        gold = RENAMED.get(record["event"], record["event"])
        types = [e.plover for e in article.events]
        # The same events as PLOVER records them (promises as AGREE / THREATEN), scored apart, never merged.
        counts["found_plover_view"] += gold in [plover_view(e.plover, e.modality) for e in article.events]
        counts[(gold, "gold")] += 1
        counts["gold"] += 1
        counts["predicted"] += len(types)
        if gold in types:
            counts[(gold, "found")] += 1
            counts["found"] += 1
            event = next(e for e in article.events if e.plover == gold)
            sources, targets = _codes(record.get("source")), _codes(record.get("target"))
            if sources:
                counts["source_gold"] += 1
                counts["source_right"] += bool(event.source and event.source.country[:3] in sources)
            if targets:
                counts["target_gold"] += 1
                counts["target_right"] += bool(event.target and event.target.country[:3] in targets)
        if types and types[0] == gold:
            counts["first_right"] += 1
        if types:
            counts["with_events"] += 1
    return counts


def main(args: list[str]) -> int:
    coders = ["rules", "learned", "hybrid"]
    if args and args[0].startswith("--coder="):
        coders = [args.pop(0).split("=", 1)[1]]
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        print(f"skipped: {path} not found (../shared is not beside the checkout)")
        return 0
    from peacewatch.pipeline import Pipeline
    from peacewatch.settings import Settings

    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    for coder in coders:
        c = score(records, Pipeline(Settings(coder=coder)))
        print(f"coder = {coder}: {c['gold']} records; {c['with_events']} with at least one event, "
              f"{c['predicted']} events predicted")
        print(f"  type recall, PLOVER's view of intents (promises as AGREE/THREATEN, the `plover` export): "
              f"{c['found_plover_view'] / c['gold']:.3f}")
        print(f"  type recall, peacewatch's own types: {c['found'] / c['gold']:.3f}; first event has the gold type "
              f"in {c['first_right'] / max(1, c['with_events']):.3f} of sentences with events")
        if c["source_gold"]:
            print(f"  source country right {c['source_right']}/{c['source_gold']}, "
                  f"target country right {c['target_right']}/{c['target_gold']} (on found events)")
        for kind in sorted({k for k, _ in (key for key in c if isinstance(key, tuple))}):
            print(f"    {kind:10s} recall {c[(kind, 'found')]:3d}/{c[(kind, 'gold')]:3d} = "
                  f"{c[(kind, 'found')] / c[(kind, 'gold')]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
