"""Train the statement reader (`peacewatch.coding.statements`) on the corpus's train split; print dev figures.

    make train      # ... then scripts/train_statements.py (numpy only: no PyTorch)

Every labelled position whose evidence is in its sentence is an example (its first issue and first stance when
the label allows two). A softmax regression per head over the position's named features (kept when seen at
least twice in train), L2-regularised, fitted by full-batch Adam: the same weights each run. The figures
printed are the share of dev's and dev2's labelled position spans whose issue and stance are right, by the
tagger alone and averaged with this model, as the hybrid reads them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
MODEL = ROOT / "src" / "peacewatch" / "data" / "model"


def examples(split: str) -> list[tuple[str, int, int, set[str], set[str]]]:
    """(sentence, evidence start, end in it, issues, stances) of each labelled position of a split."""
    from train_tagger import articles

    from peacewatch.read.segment import split as sentences

    out = []
    for _, raw, label in articles(split):
        found = sentences(raw)
        for position in label["positions"]:
            at = raw.find(position.get("evidence") or "\0")
            sentence = next((s for s in found if s.start <= at < s.end), None) if at >= 0 else None
            if sentence is None:
                continue
            end = min(at + len(position["evidence"]), sentence.end)
            out.append((raw[sentence.start:sentence.end], at - sentence.start, end - sentence.start,
                        set(position["issue"].split("|")), set(position["stance"].split("|"))))
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
    from peacewatch.coding.statements import Statements, features

    train = examples("train")
    rows = [features(sentence, start, end) for sentence, start, end, *_ in train]
    counted: dict[str, int] = {}
    for names in rows:
        for name in names:
            counted[name] = counted.get(name, 0) + 1
    kept = sorted(n for n, c in counted.items() if c >= 2)
    saved = {"features": np.array(kept)}
    for k, head in enumerate(("issue", "stance")):
        labels = tagging.HEADS[head]
        answers = [labels.index(sorted(item[3 + k])[0]) for item in train]
        w, b = fit(rows, answers, len(labels), args.l2, args.steps, kept)
        saved[f"{head}_w"], saved[f"{head}_b"] = w.astype(np.float16), b
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "statements.npz", **saved)
    print(f"{len(train)} train positions, {len(kept)} features; written to {out / 'statements.npz'}")

    model, tagger = Statements(out), tagging.Tagger()
    for split in ("dev", "dev2"):
        right = {"tagger": [0, 0], "averaged": [0, 0]}
        total = 0
        for sentence, start, end, issues, stances in examples(split):
            votes = _votes(tagger, sentence, start, end)
            if votes is None:
                continue
            total += 1
            alone = tuple(tagging.HEADS[head][max(range(len(shares)), key=shares.__getitem__)]
                          for head, shares in zip(("issue", "stance"), votes))
            for name, (issue, stance) in (("tagger", alone), ("averaged", model.read(sentence, start, end, votes))):
                right[name][0] += issue in issues
                right[name][1] += stance in stances
        print(f"{split} ({total} positions): issue, stance right - " + ", ".join(
            f"{name} {i / total:.3f} {s / total:.3f}" for name, (i, s) in right.items()))
    return 0


def _votes(tagger, sentence: str, start: int, end: int):
    """The tagger's issue and stance distributions summed over the pieces of sentence[start:end]."""
    from peacewatch.coding import tagger as tagging

    encoding = tagger.tokenizer.encode(sentence, add_special_tokens=False)
    ids, offsets = encoding.ids[:tagging.WINDOW], encoding.offsets[:tagging.WINDOW]
    logits = tagging.run(tagger.session, [101, *ids, 102])[1:-1]
    run = [k for k, (a, b) in enumerate(offsets) if a < end and start < b]
    if not run:
        return None
    at, out = 0, {}
    for name, labels in tagging.HEADS.items():
        out[name] = tagging._softmax(logits[:, at:at + len(labels)])
        at += len(labels)
    return tagging._shares(out["issue"], run), tagging._shares(out["stance"], run)


if __name__ == "__main__":
    raise SystemExit(main())
