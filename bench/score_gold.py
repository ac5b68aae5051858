"""Score the event coder, positions and conditionals against gold files.

    .venv/bin/python bench/score_gold.py [PATH ...]

PATH is a gold file in the seed-gold format (its text is <dir>/../seed/<id>.txt
or <dir>/<id>.txt) or a folder of <id>.json + <id>.txt pairs. Defaults to the
project's own set, bench/data/gold/, and the seed gold file in ../shared
(skipped with a message when ../shared is absent). Prints event precision,
recall and F1, F1 by PLOVER type, role, modality and quantity accuracy, and
positions, conditionals, actors and repairs found.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SEED_GOLD = ROOT.parent / "shared" / "acceptance" / "seed-gold.json"


def pairs_for(path: Path) -> list[tuple[Path, Path]]:
    from peacewatch.evaluation import gold_files

    if path.is_dir():
        return gold_files(path)
    import json

    gold_id = json.loads(path.read_text(encoding="utf-8"))["id"]
    for text in (path.with_suffix(".txt"), path.parent.parent / "seed" / f"{gold_id}.txt"):
        if text.exists():
            return [(path, text)]
    return []


def report(name: str, pairs: list[tuple[Path, Path]], pipeline) -> None:
    from peacewatch.evaluation import score_gold

    s = score_gold(pairs, pipeline)
    print(f"== {name}: {len(pairs)} articles")
    print(f"events: gold {s.gold}, predicted {s.predicted}, matched {s.matched}: precision {s.precision:.3f}, "
          f"recall {s.recall:.3f}, F1 {s.f1:.3f}; macro F1 by type {s.macro_type_f1():.3f}")
    for kind in sorted({k for k, _ in s.by_type}):
        print(f"  {kind:10s} gold {s.by_type[(kind, 'gold')]:3d}  predicted {s.by_type[(kind, 'predicted')]:3d}  "
              f"found {s.by_type[(kind, 'found')]:3d}  F1 {s.type_f1(kind):.2f}")
    matched = max(1, s.matched)
    print(f"  roles {s.roles}/{s.matched} ({s.roles / matched:.2f}), modality {s.modality}/{s.matched} "
          f"({s.modality / matched:.2f}), quantities {s.quantity_right}/{s.quantity_gold}")
    for modality in sorted({m for m, _ in s.by_modality}):
        print(f"    modality {modality:12s} {s.by_modality[(modality, 'right')]}/{s.by_modality[(modality, 'gold')]}")
    for kind in ("positions", "conditionals"):
        c = getattr(s, kind)
        extra = f", actor {c['actor']}, stance {c['stance']}, issue {c['issue']}" if kind == "positions" else ""
        print(f"{kind}: found {c['found']}/{c['gold']} (predicted {c['predicted']}){extra}")
    if s.actors["gold"]:
        print(f"actors right: {s.actors['right']}/{s.actors['gold']}")
    if s.repairs["gold"]:
        print(f"repairs made: {s.repairs['made']}/{s.repairs['gold']}")
    for miss in s.misses[:40]:
        print(f"  missed {miss}")


def main(args: list[str]) -> int:
    from peacewatch.pipeline import Pipeline

    targets = [Path(a) for a in args] or [ROOT / "bench" / "data" / "gold", SEED_GOLD]
    pipeline = Pipeline()
    for target in targets:
        if not target.exists():
            print(f"skipped: {target} not found" + (" (../shared is not beside the checkout)"
                                                    if target == SEED_GOLD else ""))
            continue
        pairs = pairs_for(target)
        if not pairs:
            print(f"skipped: no gold files with texts under {target}")
            continue
        report(target.name, pairs, pipeline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
