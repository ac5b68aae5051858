"""The tagger's labels read a second way: linear models over the words of a tagged stretch.

The tagger gives each stretch a distribution over its labels, summed over its pieces
(`Tagged.votes`): an event's PLOVER type, a position's issue and stance. A softmax regression per
head over the words of the evidence, its word pairs and the other words of the sentence, trained on
the corpus's labelled events and positions (`scripts/train_wording.py`, numpy only, part of `make
train`), gives another; the two are mixed, the model's share `BLEND`. The tagger reads each word in
context; the regression weighs the words themselves over every labelled example, and the mix is
right more often than either (session 18, dev and dev2's labelled spans):

- event type: tagger .827 / .845, regression alone .795 / .845, mixed half and half .850 / .873;
- issue: .593 / .680, .593 / .623, mixed 0.3 .629 / .694; stance .789 / .849 and .793 / .861.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .tagger import HEADS, TYPES, model_folder

WORD = re.compile(r"[a-z]+", re.I)
LABELS = {"type": TYPES, "issue": HEADS["issue"], "stance": HEADS["stance"]}
# The model's share against the tagger's, chosen on dev and dev2 end to end (data/model/CARD.md).
BLEND = {"type": 0.5, "issue": 0.3, "stance": 0.3}


def features(sentence: str, start: int, end: int) -> list[str]:
    """Words of the evidence (sentence[start:end]) and their pairs, and the sentence's other words."""
    said = [w.lower() for w in WORD.findall(sentence[start:end])]
    rest = [w.lower() for w in WORD.findall(sentence[:start] + " " + sentence[end:])]
    return ([f"E:{w}" for w in set(said)] + [f"B:{a}_{b}" for a, b in set(zip(said, said[1:]))]
            + [f"S:{w}" for w in set(rest)])


@lru_cache(maxsize=2)
def _load(path: str):
    import numpy as np

    with np.load(path) as data:
        index = {str(name): k for k, name in enumerate(data["features"])}
        return index, {head: (data[f"{head}_w"].astype(np.float32), data[f"{head}_b"]) for head in LABELS}


class Wording:
    """Load once; `read(heads, sentence, start, end, votes)` gives a stretch's labels."""

    def __init__(self, folder: str | Path | None = None):
        self.index, self.heads = _load(str(Path(folder or model_folder()) / "wording.npz"))

    def probabilities(self, sentence: str, start: int, end: int) -> dict[str, list[float]]:
        import numpy as np

        rows = [self.index[f] for f in features(sentence, start, end) if f in self.index]
        out = {}
        for head, (w, b) in self.heads.items():
            z = w[rows].sum(0) + b
            p = np.exp(z - z.max())
            out[head] = [float(x) for x in p / p.sum()]
        return out

    def read(self, heads: tuple[str, ...], sentence: str, start: int, end: int, votes: tuple) -> tuple[str, ...]:
        """For each head, the label with the most of the tagger's share (`votes`, in the same order) and the
        model's mixed."""
        learned = self.probabilities(sentence, start, end)
        chosen = []
        for head, tagged in zip(heads, votes):
            mixed = [(1 - BLEND[head]) * a + BLEND[head] * b for a, b in zip(tagged, learned[head])]
            chosen.append(LABELS[head][max(range(len(mixed)), key=mixed.__getitem__)])
        return tuple(chosen)
