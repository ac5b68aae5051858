"""The issue and stance of a position, read a second way: a linear model over its words.

The tagger gives each position's pieces an issue and a stance distribution (`Tagged.votes`). A
softmax regression over the words of the evidence, its word pairs and the other words of the
sentence, trained on the corpus's labelled positions (`scripts/train_statements.py`, numpy only,
part of `make train`), gives another; the two are mixed, the model's share BLEND. On dev's and dev2's
labelled position spans the issue was right for .593 / .680 of them by the tagger alone, .629 / .694
mixed; the stance .789 / .849 and .793 / .861 (session 18). End to end, hybrid position F1 on dev /
dev2 went .338 / .379 -> .342 / .392 (BLEND 0.5: .334 / .388; 0.7: .306 / .376).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .tagger import HEADS

WORD = re.compile(r"[a-z]+", re.I)
BLEND = 0.3  # the linear model's share against the tagger's (0.3, 0.5, 0.7 tried on dev and dev2)


def features(sentence: str, start: int, end: int) -> list[str]:
    """Words of the evidence (sentence[start:end]) and their pairs, and the sentence's other words."""
    said = [w.lower() for w in WORD.findall(sentence[start:end])]
    rest = [w.lower() for w in WORD.findall(sentence[:start] + " " + sentence[end:])]
    return ([f"E:{w}" for w in set(said)] + [f"B:{a}_{b}" for a, b in set(zip(said, said[1:]))]
            + [f"S:{w}" for w in set(rest)])


def model_folder() -> Path:
    return Path(str(resources.files("peacewatch") / "data" / "model"))


@lru_cache(maxsize=2)
def _load(path: str):
    import numpy as np

    with np.load(path) as data:
        index = {str(name): k for k, name in enumerate(data["features"])}
        return index, {head: (data[f"{head}_w"].astype(np.float32), data[f"{head}_b"]) for head in ("issue", "stance")}


class Statements:
    """Load once; `read(sentence, start, end, votes)` gives a position's issue and stance."""

    def __init__(self, folder: str | Path | None = None):
        self.index, self.heads = _load(str(Path(folder or model_folder()) / "statements.npz"))

    def probabilities(self, sentence: str, start: int, end: int) -> dict[str, list[float]]:
        import numpy as np

        rows = [self.index[f] for f in features(sentence, start, end) if f in self.index]
        out = {}
        for head, (w, b) in self.heads.items():
            z = w[rows].sum(0) + b
            p = np.exp(z - z.max())
            out[head] = [float(x) for x in p / p.sum()]
        return out

    def read(self, sentence: str, start: int, end: int, votes: tuple) -> tuple[str, str]:
        learned = self.probabilities(sentence, start, end)
        chosen = []
        for k, head in enumerate(("issue", "stance")):
            tagged = votes[k] if votes else [0.0] * len(HEADS[head])
            mixed = [(1 - BLEND) * a + BLEND * b for a, b in zip(tagged, learned[head])]
            chosen.append(HEADS[head][max(range(len(mixed)), key=mixed.__getitem__)])
        return chosen[0], chosen[1]
