"""CAMEO codes with their Goldstein weight, PLOVER type and mode, and QuadClass.

The table `data/cameo.tsv` is written by scripts/build_cameo_table.py from the
published tables; its docstring names the sources and the project's choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .kb import data_path

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES = ("asserted", "planned", "conditional", "hypothetical", "negated", "claimed")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    description: str
    goldstein: float
    plover: str
    plover_mode: str
    quad_class: int


@lru_cache(maxsize=1)
def table() -> dict[str, Code]:
    codes = {}
    for line in data_path("cameo.tsv").read_text(encoding="utf-8").splitlines()[2:]:
        code, description, goldstein, plover, mode, quad, _note = line.split("\t")
        codes[code] = Code(code, description, float(goldstein), plover, mode, int(quad))
    return codes


def lookup(code: str) -> Code | None:
    """The entry for a code, falling back to its parent (0841 -> 084 -> 08)."""
    codes = table()
    for n in range(len(code), 1, -1):
        if code[:n] in codes:
            return codes[code[:n]]
    return None


COOPERATIVE_ACTS = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# The PLOVER manual counts a threat to protest, strike or boycott as THREATEN, like a threat of force.
HOSTILE_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})


def plover_view(plover: str, modality: str) -> str:
    """The PLOVER type of an event as PLOVER itself records intents.

    peacewatch codes a promised act as that act with its modality ("will release prisoners":
    CONCEDE, planned). PLOVER records a promise to cooperate as AGREE and a promise of harm as
    THREATEN, so exports in PLOVER's terms (and scoring against PLOVER's gold standard) convert:
    planned or conditional cooperative acts become AGREE, planned or conditional hostile acts
    THREATEN; everything else keeps its type.
    """
    if modality in ("planned", "conditional"):
        if plover in COOPERATIVE_ACTS:
            return "AGREE"
        if plover in HOSTILE_ACTS:
            return "THREATEN"
    return plover
