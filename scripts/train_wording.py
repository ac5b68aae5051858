"""Train the wording models (`peacewatch.coding.wording`) on the corpus's train split; print dev figures.

    make train      # ... then scripts/train_wording.py (numpy only: no PyTorch)

Every labelled event and position whose evidence starts in a sentence is an example: its PLOVER type, or its
issue and stance (the first when the label allows two), over the named features of its evidence and sentence
(kept when seen at least twice in train). A softmax regression per head, L2-regularised, fitted by full-batch
Adam: the same weights each run. Printed: the share of dev's and dev2's labelled spans whose labels are right,
by the tagger alone and mixed with these models as the hybrid mixes them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
MODEL = ROOT / "src" / "peacewatch" / "data" / "model"
HEADS = {"events": ("type",), "positions": ("issue", "stance")}


def examples(split: str, kind: str) -> list[tuple[str, int, int, tuple[set[str], ...]]]:
    """(sentence, evidence start, end in it, the labels allowed for each head) of a split's events or positions."""
    from train_tagger import articles

    from peacewatch.read.segment import split as sentences

    out = []
    for _, raw, label in articles(split):
        found = sentences(raw)
        for item in label[kind]:
            at = raw.find(item.get("evidence") or "\0")
            sentence = next((s for s in found if s.start <= at < s.end), None) if at >= 0 else None
            if sentence is None:
                continue
            end = min(at + len(item["evidence"]), sentence.end)
            allowed = (set(item["plover"]),) if kind == "events" else (set(item["issue"].split("|")),
                                                                       set(item["stance"].split("|")))
            out.append((raw[sentence.start:sentence.end], at - sentence.start, end - sentence.start, allowed))
    return out


def fit(rows: list[list[str]], answers: list[int], classes: int, l2: float, steps: int, kept: list[str]):
    """Weights (features x classes) and biases of a softmax regression."""
    import numpy as np

    index = {name: k for k, name in enumerate(kept)}
    x = np.zeros((len(rows), len(kept)), dtype=np.float32)
    for r, names in enumerate(rows):
        x[r, [index[n] for n in names if n in index]] = 1.0
    y = np.zeros((len(rows), classes), dtype=np.float32)
    y[range(len(rows)), answers] = 1.0
    w = np.zeros((len(kept), classes), dtype=np.float32)
    b = np.zeros(classes, dtype=np.float32)
    moments = {"w": [np.zeros_like(w), np.zeros_like(w)], "b": [np.zeros_like(b), np.zeros_like(b)]}
    for step in range(1, steps + 1):
        z = x @ w + b
        p = np.exp(z - z.max(1, keepdims=True))
        error = (p / p.sum(1, keepdims=True) - y) / len(rows)
        for name, value, grad in (("w", w, x.T @ error + l2 * w), ("b", b, error.sum(0))):
            m, v = moments[name]
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad**2
            value -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w, b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400, help="full-batch steps")
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--out", default=str(MODEL))
    args = parser.parse_args()

    import numpy as np

    from peacewatch.coding import tagger as tagging
    from peacewatch.coding.wording import LABELS, Wording, features

    train = {kind: examples("train", kind) for kind in HEADS}
    rows = {kind: [features(sentence, start, end) for sentence, start, end, _ in items]
            for kind, items in train.items()}
    counted: dict[str, int] = {}
    for names in (names for kind in HEADS for names in rows[kind]):
        for name in names:
            counted[name] = counted.get(name, 0) + 1
    kept = sorted(n for n, c in counted.items() if c >= 2)
    saved = {"features": np.array(kept)}
    for kind, heads in HEADS.items():
        for k, head in enumerate(heads):
            answers = [LABELS[head].index(sorted(allowed[k])[0]) for *_, allowed in train[kind]]
            w, b = fit(rows[kind], answers, len(LABELS[head]), args.l2, args.steps, kept)
            saved[f"{head}_w"], saved[f"{head}_b"] = w.astype(np.float16), b
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "wording.npz", **saved)
    print(f"{len(train['events'])} train events, {len(train['positions'])} positions, {len(kept)} features; "
          f"written to {out / 'wording.npz'}")

    model, tagger = Wording(out), tagging.Tagger()
    for split in ("dev", "dev2"):
        for kind, heads in HEADS.items():
            right = {"tagger": [0] * len(heads), "mixed": [0] * len(heads)}
            total = 0
            for sentence, start, end, allowed in examples(split, kind):
                votes = _votes(tagger, kind, sentence, start, end)
                if votes is None:
                    continue
                total += 1
                alone = [LABELS[h][max(range(len(v)), key=v.__getitem__)] for h, v in zip(heads, votes)]
                for name, labels in (("tagger", alone), ("mixed", model.read(heads, sentence, start, end, votes))):
                    for k, label in enumerate(labels):
                        right[name][k] += label in allowed[k]
            print(f"{split}, {total} {kind}: " + "; ".join(
                f"{head} right, tagger {right['tagger'][k] / total:.3f}, mixed {right['mixed'][k] / total:.3f}"
                for k, head in enumerate(heads)))
    return 0


def _votes(tagger, kind: str, sentence: str, start: int, end: int):
    """The tagger's distributions for the heads of `kind`, summed over the pieces of sentence[start:end]."""
    from peacewatch.coding import tagger as tagging

    encoding = tagger.tokenizer.encode(sentence, add_special_tokens=False)
    ids, offsets = encoding.ids[:tagging.WINDOW], encoding.offsets[:tagging.WINDOW]
    logits = tagging.run(tagger.session, [101, *ids, 102])[1:-1]
    run = [k for k, (a, b) in enumerate(offsets) if a < end and start < b]
    if not run:
        return None
    at, probs = 0, {}
    for name, labels in tagging.HEADS.items():
        probs[name] = tagging._softmax(logits[:, at:at + len(labels)])
        at += len(labels)
    if kind == "events":
        return (tagging._type_shares(probs["event"], run),)
    return tagging._shares(probs["issue"], run), tagging._shares(probs["stance"], run)


if __name__ == "__main__":
    raise SystemExit(main())
