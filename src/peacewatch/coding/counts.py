"""The figures of the learned coder's events: which count in a sentence is which quantity, learned.

The rule stage (`quantities`) finds the counts of a sentence ("Seven people", "two children",
"273 drones", "more than 50") and reads their values; which quantity each one gives (killed,
children_killed, drones_launched, ...) was decided by hand rules: the nearest keyword, a preceding
"including", a partitive "of them". Here a linear model decides it, one logistic scorer per key
over the words around the count, the count's noun and the keywords of the sentence by side and
distance, trained on the corpus's labelled figures (`scripts/train_counts.py`, numpy only, part of
`make train`). It learns, from 1,104 labelled events rather than from the sentences a rule was
written for, that in "Seven people, among them two children, were killed" the seven are the killed
and the two the children killed. The rules coder (the `fast` setting) keeps the hand rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .quantities import KEYWORD, Quantity, kind_of, numbers
from .tagger import model_folder

KEYS = ("killed", "civilians_killed", "soldiers_killed", "children_killed", "injured", "children_injured",
        "displaced", "arrested", "prisoners_released", "prisoners_exchanged", "civilians_released",
        "hostages_released", "bodies_returned", "drones_launched", "drones_intercepted", "missiles_launched",
        "missiles_intercepted", "aircraft_downed", "aircraft_destroyed")
# What a count of each kind of thing can be (the contract's keys): a drone is launched or intercepted, never
# killed. Counts of people, prisoners and hostages, and bare numbers, may be any key of people.
THINGS = {"drone": ("drones_launched", "drones_intercepted"), "missile": ("missiles_launched", "missiles_intercepted"),
          "aircraft": ("aircraft_downed", "aircraft_destroyed"), "body": ("bodies_returned",)}
PEOPLE = tuple(k for k in KEYS if not any(k in keys for keys in THINGS.values()))
WORD = re.compile(r"[a-z]+|\d+|[^\sa-z\d]", re.I)
NEAR = 6  # words each side read as a bag
THRESHOLD = 0.5


def _bucket(words: int) -> str:
    return "0" if words < 2 else "1" if words < 4 else "2" if words < 8 else "3"


def features(span: str, number) -> list[str]:
    """The named features of one count (`quantities.Number`, offsets in `span`)."""
    left = [w.lower() for w in WORD.findall(span[:number.start])]
    right = [w.lower() for w in WORD.findall(span[number.figure_end:])]
    out = [f"U:{number.unit}", f"N:{number.noun}", f"C:{kind_of(number.noun)}", f"V:{_magnitude(number.value)}",
           f"H:{number.held}"]
    out += [f"L{k}:{w}" for k, w in enumerate(reversed(left[-3:]), 1)]
    out += [f"R{k}:{w}" for k, w in enumerate(right[:3], 1)]
    out += [f"LB:{w}" for w in set(left[-NEAR:])] + [f"RB:{w}" for w in set(right[:NEAR])]
    nearest: dict[str, tuple[int, str]] = {}
    for match in KEYWORD.finditer(span):
        if match.end() <= number.start:
            side, gap = "L", len(WORD.findall(span[match.end():number.start]))
        elif match.start() >= number.figure_end:
            side, gap = "R", len(WORD.findall(span[number.figure_end:match.start()]))
        else:
            continue
        out.append(f"K:{side}:{match.lastgroup}:{_bucket(gap)}")
        if side not in nearest or gap < nearest[side][0]:
            nearest[side] = (gap, match.lastgroup)
    out += [f"KN:{side}:{kind}" for side, (_, kind) in nearest.items()]
    out += [f"UK:{number.unit}:{side}:{kind}" for side, (_, kind) in nearest.items()]
    out += [f"CK:{kind_of(number.noun)}:{side}:{kind}" for side, (_, kind) in nearest.items()]
    return out


def _magnitude(value: int) -> str:
    return "1" if value == 1 else "s" if value < 10 else "m" if value < 100 else "l"


@lru_cache(maxsize=2)
def _load(path: str):
    import numpy as np

    with np.load(path) as data:
        names = [str(n) for n in data["features"]]
        return {name: k for k, name in enumerate(names)}, data["weights"].astype(np.float32), data["bias"]


class Counts:
    """Load once; `link(text, start, end)` gives the counts of text[start:end] with their keys."""

    def __init__(self, folder: str | Path | None = None):
        self.index, self.weights, self.bias = _load(str(Path(folder or model_folder()) / "counts.npz"))

    def scores(self, span: str, number):
        import numpy as np

        rows = [self.index[f] for f in features(span, number) if f in self.index]
        z = self.weights[rows].sum(0) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def keys(self, span: str, number) -> list[str]:
        """The keys the model gives a count: those it scores at least THRESHOLD that fit what is counted."""
        allowed = THINGS.get(number.unit, KEYS if number.unit is None else PEOPLE)
        return [key for key, p in zip(KEYS, self.scores(span, number)) if p >= THRESHOLD and key in allowed]

    def link(self, text: str, start: int, end: int) -> list[Quantity]:
        span = text[start:end]
        return [Quantity(key, number.value, number.maximum, start + number.start, start + number.end)
                for number in numbers(span) for key in self.keys(span, number)]
