"""Train the chooser (how far to trust the ranker and the side reader) on the held-out round of train.

    make train      # runs this after scripts/train_roles.py and scripts/train_sides.py

The ranker and the side reader learn from all of train but the held-out round (`train_roles.HELD`);
on the labelled events, positions and conditionals of that round their scores are as honest as on new
text. For each labelled item and role, every candidate is described by `coding.chooser.features` and
a conditional logit per role (softmax over the candidates; the right ones are the labelled codes)
learns the weights, full-batch Adam from the fixed weighing used until session 21 (the ranker's
log-probability plus the reader's log-score), L2 1e-3, no randomness. Written to
src/peacewatch/data/model/chooser.npz (numpy only; runs without the `train` extra). On dev and dev2
it prints how often each role's choice is a labelled actor, with that fixed weighing and with the
learned one (events' sources and targets chosen as a pair, as `coding.learned` does).

Then the penalty a pair pays when one actor takes both sides (a domestic act, PAK -> PAK) is chosen on
the same round from PENALTIES: the one whose pairs have both sides right most often (ties: the larger).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
MODEL = ROOT / "src" / "peacewatch" / "data" / "model"
PENALTIES = (0.5, 1.0, 1.5, 2.0, 3.0, float("inf"))


def fit(found, role: str, l2: float, steps: int):
    """Weights (raw feature scale) of the conditional logit of `role` over the items' candidates."""
    import numpy as np

    from peacewatch.coding.chooser import CHANNELS, features

    xs, ys = [], []
    for ranked, reading, gold in found:
        if role not in ranked:
            continue
        codes, rows = features(ranked[role], reading, role)
        right = [float(c in gold[CHANNELS[role][0]]) for c in codes]
        if any(right):  # an item whose labelled actor no candidate names teaches nothing
            xs.append(np.asarray(rows, dtype=np.float64))
            ys.append(np.array(right))
    stacked = np.concatenate(xs)
    mean, scale = stacked.mean(0), stacked.std(0) + 1e-6
    xs = [(x - mean) / scale for x in xs]
    w = np.zeros(stacked.shape[1])
    w[:2] = scale[:2]  # the fixed weighing: ranker log-probability plus reader log-score
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        grad = l2 * w
        for x, y in zip(xs, ys):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * y / (p * y).sum()
            grad += x.T @ (p - q) / len(xs)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= 0.05 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w / scale  # a constant per item does not move a softmax over its candidates


def penalty(found, weights) -> float:
    """The self-pair penalty of PENALTIES under which the most events get both sides right."""
    from train_sides import right

    from peacewatch.coding.chooser import Chooser

    both = {b: right(found, Chooser(weights=weights, self_pair=b))["both"] for b in PENALTIES}
    print("held-out round, both sides right by self-pair penalty: "
          + ", ".join(f"{b:g} {share:.3f}" for b, share in both.items()), flush=True)
    return max(reversed(PENALTIES), key=both.__getitem__)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=600, help="full-batch steps")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--work", default=str(ROOT / "build"))
    parser.add_argument("--out", default=str(MODEL))
    parser.add_argument("--cache", action="store_true", help="keep the rule stages' analyses in --work between runs")
    args = parser.parse_args()

    import numpy as np
    from train_roles import HELD, processed
    from train_sides import labelled, right

    from peacewatch.coding.chooser import FEATURES, ROLES, Chooser

    work, out = Path(args.work), Path(args.out)
    held = [(article, label) for article, label in processed("train", work, args.cache) if label["writer"] in HELD]
    found = labelled(held, out)
    print(f"{len(held)} held-out articles ({', '.join(HELD)}), {len(found)} items", flush=True)
    weights = {role: fit(found, role, args.l2, args.steps) for role in ROLES}
    self_pair = penalty(found, weights)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "chooser.npz", **weights, self_pair=self_pair)
    print(f"written to {out / 'chooser.npz'}")
    for role in ROLES:
        print(f"{role:<7}" + ", ".join(f"{name} {w:+.3f}" for name, w in zip(FEATURES, weights[role])))
    print(f"self-pair penalty {self_pair:g}")
    fixed = Chooser(weights={role: [1.0, 1.0] + [0.0] * (len(FEATURES) - 2) for role in ROLES})
    learned = Chooser(out)
    for split in ("dev", "dev2"):
        found = labelled(processed(split, work, args.cache), out)
        before, after = right(found, fixed), right(found, learned)
        print(f"{split}, right actor, fixed weighing -> chooser: "
              + "; ".join(f"{name} {before[name]:.3f} -> {after[name]:.3f}" for name in before))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
