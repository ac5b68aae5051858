"""Who did it, and to whom: the ranker's and the side reader's scores weighed by a model learned on
text neither of them was trained on.

For each candidate of a role (an event's source or target, a position's or a conditional's actor;
None for "nobody named") a few features: the ranker's log-probability, the reader's log-score for
that role and for the other one (UNREAD for an actor the reader did not see), whether the reader saw
it, whether it is "nobody", and whether it is the ranker's and the reader's first. A conditional
logit per role weighs them. It is trained (`scripts/train_chooser.py`, numpy only, part of `make
train`) on the held-out round of the train split, the articles the ranker and the reader do not learn
from, so the scores it learns from are as honest as the ones it meets on new text. Until session 21
the two scores were added with a fixed weight chosen on dev.

An event's source and target are chosen as a pair. The annotation guide codes a domestic act as a
self-pair (police of a state detaining its own citizens: PAK -> PAK), so one actor may take both
sides, but the pair's summed score pays `self_pair`, a penalty chosen on the same held-out round
(since session 23; until then one actor never took both sides).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from .sides import Reading
from .tagger import model_folder

ROLES = ("source", "target", "actor")
FEATURES = ("ranker", "reader", "seen", "reader, other role", "nobody", "ranker's first", "reader's first")
UNREAD = 0.1  # the reader's score of an actor it did not see, or of "nobody"
# The reader's channel for each role, then the other channel: a position's or a conditional's actor is
# read on the source channel.
CHANNELS = {"source": ("source", "target"), "target": ("target", "source"), "actor": ("source", "target")}


def features(ranked: dict[str | None, float], reading: Reading | None, role: str) -> tuple[list, list[list[float]]]:
    """The candidates (the ranker's, in its order) and a row of FEATURES for each."""
    own, other = (reading.actors[c] for c in CHANNELS[role]) if reading is not None else ({}, {})
    codes = list(ranked)

    def log_read(scores: dict[str, float], code: str | None) -> float:
        return math.log(scores.get(code, UNREAD)) if code is not None else math.log(UNREAD)

    best_ranked = max(codes, key=lambda c: ranked[c])
    seen = [c for c in codes if c in own]
    best_read = max(seen, key=lambda c: own[c]) if seen else None
    rows = [[math.log(ranked[c] + 1e-9), log_read(own, c), float(c in own), log_read(other, c), float(c is None),
             float(c == best_ranked), float(c is not None and c == best_read)] for c in codes]
    return codes, rows


@lru_cache(maxsize=2)
def _weights(path: str) -> tuple[dict[str, list[float]], float]:
    import numpy as np

    with np.load(path) as data:
        penalty = float(data["self_pair"]) if "self_pair" in data.files else math.inf
        return {role: [float(w) for w in data[role]] for role in ROLES}, penalty


class Chooser:
    """Load once; `scores(ranked, reading, role)` gives each candidate's learned score (higher is better).
    `weights` (a list per role, in FEATURES order) and `self_pair` instead of the file: for training and
    comparison (without the file's, one actor never takes both sides of an event)."""

    def __init__(self, folder: str | Path | None = None, *, weights: dict[str, list[float]] | None = None,
                 self_pair: float = math.inf):
        if weights is None:
            weights, self_pair = _weights(str(Path(folder or model_folder()) / "chooser.npz"))
        self.weights, self.self_pair = weights, self_pair

    def scores(self, ranked: dict[str | None, float], reading: Reading | None, role: str) -> dict[str | None, float]:
        codes, rows = features(ranked, reading, role)
        w = self.weights[role]
        return {code: sum(a * b for a, b in zip(row, w)) for code, row in zip(codes, rows)}
