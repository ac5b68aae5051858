"""One labelling scored against another, the way the annotation guide counts.

The same comparison serves two purposes: the coder's output (article-contract records) against gold
labels, and one labeller against another on the same articles (the agreement ceiling). Items are
matched one to one, in the gold's order, when their evidence spans overlap and:

- type: the PLOVER types agree;
- type+roles: the types agree and so do the source and the target (codes may list alternatives with
  `|`; `UNK` and no actor are the same);
- position: actor, issue and stance agree;
- conditional: the actor agrees.

F1 = 2 * matched / (gold + other), so agreement is symmetric. Modality accuracy and quantity accuracy
are taken over the type matches (quantities: over the matches whose gold event has figures, right
when every gold figure is there).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

METRICS = ("type", "type_roles", "position", "conditional")


def codes(value: str | None) -> frozenset[str | None]:
    """The codes a label allows: 'PSE|NSA:HAMAS' -> both; 'UNK' or nothing -> None."""
    return frozenset(None if v in {"UNK", ""} else v for v in (value or "UNK").split("|"))


def _country(ref: dict | None) -> frozenset[str | None]:
    return frozenset({ref["country"] if ref and ref.get("country") not in (None, "UNK") else None})


def _span(raw: str, evidence: str) -> tuple[int, int] | None:
    at = raw.find(evidence)
    return (at, at + len(evidence)) if at >= 0 and evidence else None


def from_label(label: dict[str, Any], raw: str) -> dict[str, list[dict]]:
    """The items of a label file, each with its span in `raw` (items whose evidence is not there are dropped)."""
    items: dict[str, list[dict]] = {"events": [], "positions": [], "conditionals": []}
    for e in label.get("events", []):
        if span := _span(raw, e.get("evidence", "")):
            items["events"].append({"span": span, "paragraph": _paragraph(raw, span),
                                    "plover": frozenset(e["plover"]), "source": codes(e.get("source")),
                                    "target": codes(e.get("target")),
                                    "modality": frozenset(e.get("modality", "asserted").split("|")),
                                    "quantities": e.get("quantities") or {}})
    for p in label.get("positions", []):
        if span := _span(raw, p.get("evidence", "")):
            items["positions"].append({"span": span, "actor": codes(p.get("actor")),
                                       "issue": frozenset(p.get("issue", "").split("|")),
                                       "stance": frozenset(p.get("stance", "").split("|"))})
    for c in label.get("conditionals", []):
        if span := _span(raw, c.get("evidence", "")):
            items["conditionals"].append({"span": span, "actor": codes(c.get("actor"))})
    return items


def _paragraph(raw: str, span: tuple[int, int]) -> tuple[int, int]:
    """The line (paragraph) around a span."""
    end = raw.find("\n", span[1])
    return raw.rfind("\n", 0, span[0]) + 1, len(raw) if end < 0 else end


def from_record(record: dict[str, Any]) -> dict[str, list[dict]]:
    """The items of an article-contract record (the coder's output), spans in the raw text."""
    return {
        "events": [{"span": (e["raw_start"], e["raw_end"]), "plover": frozenset({e["plover"]}),
                    "source": _country(e["source"]), "target": _country(e["target"]),
                    "modality": frozenset({e["modality"]}), "quantities": e.get("quantities") or {}}
                   for e in record["events"]],
        "positions": [{"span": (p["raw_start"], p["raw_end"]), "actor": _country(p["actor"]),
                       "issue": frozenset({p["issue"]}), "stance": frozenset({p["stance"]})}
                      for p in record["positions"]],
        "conditionals": [{"span": (c["raw_start"], c["raw_end"]), "actor": _country(c["actor"])}
                         for c in record["conditionals"]],
        "mentions": [(m["raw_start"], m["raw_end"], a["country"]) for a in record.get("actors", [])
                     for m in a["mentions"]],
    }


def _overlap(a: dict, b: dict) -> bool:
    return a["span"][0] < b["span"][1] and b["span"][0] < a["span"][1]


def _match(gold: list[dict], other: list[dict], agree) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        n = next((n for n, o in enumerate(other) if n not in used and _overlap(g, o) and agree(g, o)), None)
        if n is not None:
            used.add(n)
            pairs.append((g, other[n]))
    return pairs


def _type(g: dict, o: dict) -> bool:
    return bool(g["plover"] & o["plover"])


def _roles(g: dict, o: dict) -> bool:
    return _type(g, o) and bool(g["source"] & o["source"]) and bool(g["target"] & o["target"])


def _position(g: dict, o: dict) -> bool:
    return bool(g["actor"] & o["actor"] and g["issue"] & o["issue"] and g["stance"] & o["stance"])


def _conditional(g: dict, o: dict) -> bool:
    return bool(g["actor"] & o["actor"])


@dataclass
class Tally:
    """Counts summed over articles: per metric, gold items, other items and matches."""

    counts: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)  # (type, "gold" | "other" | "match")
    articles: int = 0

    def add(self, gold: dict[str, list[dict]], other: dict[str, list[dict]]) -> None:
        self.articles += 1
        for metric, kind, agree in (("type", "events", _type), ("type_roles", "events", _roles),
                                    ("position", "positions", _position), ("conditional", "conditionals",
                                                                           _conditional)):
            self.counts[(metric, "gold")] += len(gold[kind])
            self.counts[(metric, "other")] += len(other[kind])
            pairs = _match(gold[kind], other[kind], agree)
            self.counts[(metric, "match")] += len(pairs)
            if metric == "type":
                for g, o in pairs:
                    self.counts[("modality", "pairs")] += 1
                    self.counts[("modality", "right")] += bool(g["modality"] & o["modality"])
                    if g["quantities"]:
                        self.counts[("quantities", "pairs")] += 1
                        self.counts[("quantities", "right")] += all(o["quantities"].get(k) == v
                                                                    for k, v in g["quantities"].items())
                for g in gold[kind]:
                    self.by_type[(min(g["plover"]), "gold")] += 1
                    self._actors(g, other.get("mentions"))
                for o in other[kind]:
                    self.by_type[(min(o["plover"]), "other")] += 1
                for g, _ in pairs:
                    self.by_type[(min(g["plover"]), "match")] += 1

    def _actors(self, g: dict, mentions: list[tuple[int, int, str]] | None) -> None:
        """Actor country: each named actor of a gold event (not UNK) counts as right when the coder resolved
        a mention in the evidence's paragraph to that code."""
        if mentions is None or "paragraph" not in g:
            return
        start, end = g["paragraph"]
        named = {country for a, b, country in mentions if a < end and start < b}
        for side in (g["source"], g["target"]):
            if side != {None}:
                self.counts[("actors", "pairs")] += 1
                self.counts[("actors", "right")] += bool(side & named)

    def precision(self, metric: str) -> float:
        return _ratio(self.counts[(metric, "match")], self.counts[(metric, "other")])

    def recall(self, metric: str) -> float:
        return _ratio(self.counts[(metric, "match")], self.counts[(metric, "gold")])

    def f1(self, metric: str) -> float:
        return _ratio(2 * self.counts[(metric, "match")], self.counts[(metric, "gold")] + self.counts[(metric, "other")])

    def accuracy(self, name: str) -> float:
        """modality or quantities, over the type matches; actors, over the gold events."""
        return _ratio(self.counts[(name, "right")], self.counts[(name, "pairs")])

    def figures(self) -> dict[str, float]:
        out: dict[str, float] = {"articles": self.articles}
        for metric in METRICS:
            out |= {f"{metric}_p": self.precision(metric), f"{metric}_r": self.recall(metric),
                    f"{metric}_f1": self.f1(metric), f"{metric}_gold": self.counts[(metric, "gold")]}
        out |= {"modality_acc": self.accuracy("modality"), "quantities_acc": self.accuracy("quantities"),
                "actors_acc": self.accuracy("actors")}
        return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0
