"""Score peacewatch against gold annotations in the seed-gold format.

    .venv/bin/python bench/score_gold.py [GOLD.json ...]

Defaults to ../shared/acceptance/seed-gold.json (skips with a message when it
is absent). A gold file names its text by id; the text is looked up as
<gold dir>/../seed/<id>.txt. Gold events give an evidence string (an exact
substring of the raw text), PLOVER type(s), source/target country
alternatives joined by '|', modality alternatives and quantities. A predicted
event matches a gold event when its raw span overlaps the evidence and its
type is one of the gold types; each gold event is matched at most once.
Prints precision, recall and F1 by type, role, modality and quantity accuracy,
and actors, repairs, positions and conditionals found.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT = ROOT.parent / "shared" / "acceptance" / "seed-gold.json"


def alternatives(value: str | None) -> set[str | None]:
    return {None if v == "UNK" else v for v in (value or "UNK").split("|")}


def country(ref):
    return ref["country"] if ref else None


def score(gold: dict, record: dict, raw: str) -> dict:
    predicted = record["events"]
    used: set[int] = set()
    rows = []
    for g in gold.get("events", []):
        at = raw.find(g["evidence"])
        span = (at, at + len(g["evidence"]))
        match = None
        for n, e in enumerate(predicted):
            if n in used or not (e["raw_start"] < span[1] and span[0] < e["raw_end"]):
                continue
            if e["plover"] in g["plover"]:
                match = n
                break
        if match is not None:
            used.add(match)
        e = predicted[match] if match is not None else None
        rows.append({
            "gold": g, "event": e,
            "roles": bool(e) and country(e["source"]) in alternatives(g.get("source"))
            and country(e["target"]) in alternatives(g.get("target")),
            "modality": bool(e) and e["modality"] in set(g.get("modality", "asserted").split("|")),
            "quantities": None if "quantities" not in g else bool(e) and all(
                e["quantities"].get(k) == v for k, v in g["quantities"].items()),
        })
    return {"rows": rows, "predicted": len(predicted), "matched": len(used)}


def main(paths: list[str]) -> int:
    paths = paths or [str(DEFAULT)]
    if not Path(paths[0]).exists():
        print(f"skipped: gold file {paths[0]} not found (../shared is not beside the checkout)")
        return 0
    from peacewatch import extract
    from peacewatch.pipeline import Pipeline

    pipeline = Pipeline()
    by_type = Counter()
    totals = Counter()
    for path in map(Path, paths):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = path.parent.parent / "seed" / f"{gold['id']}.txt"
        raw = text_path.read_text(encoding="utf-8")
        [record] = extract([text_path], pipeline=pipeline)
        result = score(gold, record, raw)
        totals["gold"] += len(result["rows"])
        totals["predicted"] += result["predicted"]
        totals["matched"] += result["matched"]
        for row in result["rows"]:
            kind = row["gold"]["plover"][0]
            by_type[(kind, "gold")] += 1
            by_type[(kind, "found")] += row["event"] is not None
            totals["roles"] += row["roles"]
            totals["modality"] += row["modality"]
            if row["quantities"] is not None:
                totals["quantity_gold"] += 1
                totals["quantity_right"] += row["quantities"]
            if row["event"] is None:
                print(f"  missed: {row['gold']['plover']} {row['gold']['evidence'][:70]!r}")
            elif not row["roles"]:
                e = row["event"]
                print(f"  roles: {country(e['source'])} -> {country(e['target'])} where gold has "
                      f"{row['gold'].get('source')} -> {row['gold'].get('target')}: {row['gold']['evidence'][:60]!r}")
        actors = {a["name"].lower(): a["country"] for a in record["actors"]}
        mentions = {m["text"].lower(): a["country"] for a in record["actors"] for m in a["mentions"]}
        for a in gold.get("actors", []):
            totals["actors"] += 1
            name = a["mention"].lower()
            got = mentions.get(name) or actors.get(name) or next(
                (c for text, c in mentions.items() if name.split()[-1] in text), None)
            totals["actors_right"] += got == a["country"]
        totals["repairs"] += len(gold.get("repairs", []))
        totals["repairs_made"] += sum(r["fixed"] in record["text"] for r in gold.get("repairs", []))
        for kind in ("positions", "conditionals"):
            for g in gold.get(kind, []):
                totals[kind] += 1
                at = raw.find(g["evidence"])
                totals[kind + "_found"] += any(p["raw_start"] < at + len(g["evidence"]) and at < p["raw_end"]
                                               for p in record[kind])
    precision = totals["matched"] / max(1, totals["predicted"])
    recall = totals["matched"] / max(1, totals["gold"])
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"events: gold {totals['gold']}, predicted {totals['predicted']}, matched {totals['matched']}")
    print(f"  precision {precision:.2f} (a predicted event may be one the gold leaves out), recall {recall:.2f}, F1 {f1:.2f}")
    for kind in sorted({k for k, _ in by_type}):
        print(f"  {kind:10s} found {by_type[(kind, 'found')]}/{by_type[(kind, 'gold')]}")
    print(f"  roles right on {totals['roles']}/{totals['matched']} matched, modality {totals['modality']}/{totals['matched']}"
          f", quantities {totals['quantity_right']}/{totals['quantity_gold']}")
    print(f"actors right: {totals['actors_right']}/{totals['actors']}; repairs made: {totals['repairs_made']}/{totals['repairs']}")
    print(f"positions found: {totals['positions_found']}/{totals['positions']}; "
          f"conditionals found: {totals['conditionals_found']}/{totals['conditionals']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
