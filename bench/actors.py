"""Actor resolution accuracy on the project's labelled mentions (bench/data/actors/).

    .venv/bin/python bench/actors.py [FOLDER]

Prints how many labelled mentions were resolved, with the right country, the
right sector and both, and the misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main(args: list[str]) -> int:
    from peacewatch.evaluation import score_actor_labels
    from peacewatch.pipeline import Pipeline

    folder = Path(args[0]) if args else ROOT / "bench" / "data" / "actors"
    s = score_actor_labels(folder, Pipeline())
    print(f"{s.labels} labelled mentions: resolved {s.rate('resolved'):.3f}, country {s.rate('country'):.3f}, "
          f"sector {s.rate('sector'):.3f}, both {s.rate('both'):.3f}")
    for miss in s.misses:
        print(f"  {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
