"""Train the count linker (`peacewatch.coding.counts`) on the corpus's train split and print its dev figures.

    make train      # ... then .venv/bin/python scripts/train_counts.py (numpy only: no PyTorch)

Every count in a sentence that holds a labelled event's evidence is an example; its keys are those of the
sentence's labelled figures with its value (a count that matches none is an example of no key). One
logistic scorer per key over the count's named features (`counts.features`, kept when seen at least twice
in train), L2-regularised, fitted by full-batch Adam with a fixed seed: the same weights each run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
MODEL = ROOT / "src" / "peacewatch" / "data" / "model"


def examples(split: str) -> list[tuple[str, object, set[str], set[str]]]:
    """(sentence, count, its labelled keys, the keys the rule stage gives it) of each count in the sentences that
    hold the split's labelled events."""
    from train_tagger import articles

    from peacewatch.coding.counts import KEYS
    from peacewatch.coding.quantities import extract, numbers
    from peacewatch.read.segment import split as sentences

    out = []
    for _, raw, label in articles(split):
        spans = []
        for event in label["events"]:
            at = raw.find(event.get("evidence") or "\0")
            if at >= 0:
                spans.append((at, at + len(event["evidence"]), event.get("quantities") or {}))
        for sentence in sentences(raw):
            held = [q for a, b, q in spans if a < sentence.end and sentence.start < b]
            if not held:
                continue
            text = raw[sentence.start:sentence.end]
            rules = extract(text)
            for number in numbers(text):
                keys = {k for q in held for k, v in q.items() if k in KEYS and v == number.value}
                out.append((text, number, keys, {q.key for q in rules if q.start <= number.start < q.end}))
    return out


def fit(data, keys: tuple[str, ...], epochs: int, l2: float, seed: int = 13):
    """Names of the features kept, weights (features x keys) and biases."""
    import numpy as np

    from peacewatch.coding.counts import features

    data = [(features(text, number), gold) for text, number, gold, _ in data]
    counted: dict[str, int] = {}
    for names, _ in data:
        for name in set(names):
            counted[name] = counted.get(name, 0) + 1
    kept = sorted(n for n, c in counted.items() if c >= 2)
    index = {n: k for k, n in enumerate(kept)}
    x = np.zeros((len(data), len(kept)), dtype=np.float32)
    y = np.zeros((len(data), len(keys)), dtype=np.float32)
    for row, (names, gold) in enumerate(data):
        for name in names:
            if name in index:
                x[row, index[name]] = 1.0
        for key in gold:
            y[row, keys.index(key)] = 1.0
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.01, (len(kept), len(keys))).astype(np.float32)
    b = np.full(len(keys), -3.0, dtype=np.float32)
    state = {name: [np.zeros_like(v), np.zeros_like(v)] for name, v in (("w", w), ("b", b))}
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, epochs + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        error = (p - y) / len(data)
        grads = {"w": x.T @ error + l2 * w, "b": error.sum(0)}
        for name, value in (("w", w), ("b", b)):
            m, v = state[name]
            m *= beta1
            m += (1 - beta1) * grads[name]
            v *= beta2
            v += (1 - beta2) * grads[name] ** 2
            value -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return kept, w, b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=600, help="full-batch steps")
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--out", default=str(MODEL))
    args = parser.parse_args()

    import numpy as np

    from peacewatch.coding.counts import KEYS, Counts

    train = examples("train")
    print(f"{len(train)} counts in train, {sum(bool(keys) for _, _, keys, _ in train)} with a key", flush=True)
    kept, w, b = fit(train, KEYS, args.epochs, args.l2)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "counts.npz", features=np.array(kept), weights=w.astype(np.float16), bias=b)
    print(f"{len(kept)} features; written to {out / 'counts.npz'}")
    model = Counts(out)
    for split in ("train", "dev", "dev2"):
        right = ruled = total = 0
        for text, number, gold, rules in examples(split):
            right += set(model.keys(text, number)) == gold
            ruled += {k for k in rules if not k.endswith("_max")} == gold
            total += 1
        print(f"{split}: keys of a count exactly right, learned {right / total:.3f}, rules {ruled / total:.3f} "
              f"(of {total})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
