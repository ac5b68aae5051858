"""Scoring against labelled data: gold files in the seed-gold format, and actor-mention labels.

Gold file (JSON): {"id", "events": [{evidence, source, target, plover: [...], modality, quantities?}],
"positions": [{actor, issue, stance, evidence}], "conditionals": [{evidence, ...}],
"actors": [{mention, country}], "repairs": [{raw, fixed}]}; evidence strings are exact
substrings of the raw text, and codes may list alternatives joined by '|'. A predicted
event matches a gold event when its raw span overlaps the evidence and its PLOVER type
is one the gold allows; each is matched at most once.

Actor labels (JSONL): {"id", "mentions": [{text, occurrence, country, sector}]}; the
label is the occurrence-th appearance of `text` in the raw article. A label counts as
resolved right when a mention overlapping it has its country (and sector).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def alternatives(value: str | None) -> set[str | None]:
    return {None if v in {"UNK", ""} else v for v in (value or "UNK").split("|")}


def _country(ref: dict | None) -> str | None:
    return ref["country"] if ref and ref["country"] != "UNK" else None  # UNK is no country, as in the labels


def _overlaps(item: dict, start: int, end: int) -> bool:
    return item["raw_start"] < end and start < item["raw_end"]


@dataclass
class EventScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    roles: int = 0
    modality: int = 0
    quantity_gold: int = 0
    quantity_right: int = 0
    by_type: Counter = field(default_factory=Counter)   # (type, "gold" | "found" | "predicted" | "right")
    by_modality: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    positions: Counter = field(default_factory=Counter)
    conditionals: Counter = field(default_factory=Counter)
    actors: Counter = field(default_factory=Counter)
    repairs: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def type_f1(self, kind: str) -> float:
        """F1 of one type: precision over events predicted with it, recall over gold events of it."""
        found, right, gold, predicted = (self.by_type[(kind, k)] for k in ("found", "right", "gold", "predicted"))
        p = right / predicted if predicted else 0.0
        r = found / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def macro_type_f1(self) -> float:
        kinds = sorted({k for k, _ in self.by_type if self.by_type[(k, "gold")]})
        return sum(self.type_f1(k) for k in kinds) / len(kinds) if kinds else 0.0


def score_record(gold: dict[str, Any], record: dict[str, Any], raw: str, total: EventScore) -> EventScore:
    predicted = record["events"]
    total.predicted += len(predicted)
    for event in predicted:
        total.by_type[(event["plover"], "predicted")] += 1
    used: set[int] = set()
    for g in gold.get("events", []):
        total.gold += 1
        total.by_type[(g["plover"][0], "gold")] += 1
        at = raw.find(g["evidence"])
        span = (at, at + len(g["evidence"]))
        match = next((n for n, e in enumerate(predicted) if n not in used and _overlaps(e, *span)
                      and e["plover"] in g["plover"]), None)
        if match is None:
            total.misses.append(f"{gold.get('id')}: {'/'.join(g['plover'])} {g['evidence'][:70]!r}")
            continue
        used.add(match)
        event = predicted[match]
        total.matched += 1
        total.by_type[(g["plover"][0], "found")] += 1
        total.by_type[(event["plover"], "right")] += 1
        total.roles += _country(event["source"]) in alternatives(g.get("source")) \
            and _country(event["target"]) in alternatives(g.get("target"))
        modality_right = event["modality"] in set(g.get("modality", "asserted").split("|"))
        total.modality += modality_right
        gold_modality = g.get("modality", "asserted").split("|")[0]
        total.by_modality[(gold_modality, "gold")] += 1
        total.by_modality[(gold_modality, "right")] += modality_right
        if g.get("quantities"):
            total.quantity_gold += 1
            total.quantity_right += all(event["quantities"].get(k) == v for k, v in g["quantities"].items())
    for kind in ("positions", "conditionals"):
        counter = getattr(total, kind)
        for g in gold.get(kind, []):
            counter["gold"] += 1
            at = raw.find(g["evidence"])
            found = [p for p in record[kind] if _overlaps(p, at, at + len(g["evidence"]))]
            counter["found"] += bool(found)
            if kind == "positions" and found:
                counter["actor"] += any(_country(p["actor"]) in alternatives(g.get("actor")) for p in found)
                counter["stance"] += any(p["stance"] == g.get("stance") for p in found)
                counter["issue"] += any(p["issue"] == g.get("issue") for p in found)
        counter["predicted"] += len(record[kind])
    for a in gold.get("actors", []):
        total.actors["gold"] += 1
        name = a["mention"].lower()
        countries = {m["text"].lower(): actor["country"] for actor in record["actors"] for m in actor["mentions"]}
        got = countries.get(name) or next((c for text, c in countries.items() if name.split()[-1] in text), None)
        total.actors["right"] += got in alternatives(a["country"])
    for r in gold.get("repairs", []):
        total.repairs["gold"] += 1
        total.repairs["made"] += r["fixed"] in record["text"]
    return total


def gold_files(folder: Path) -> list[tuple[Path, Path]]:
    """(gold json, raw text) pairs in a folder of <id>.json and <id>.txt files."""
    pairs = []
    for path in sorted(folder.glob("*.json")):
        text = path.with_suffix(".txt")
        if text.exists():
            pairs.append((path, text))
    return pairs


def score_gold(pairs: list[tuple[Path, Path]], pipeline) -> EventScore:
    from . import extract

    total = EventScore()
    records = {r["article"]["origin"]: r for r in extract([t for _, t in pairs], pipeline=pipeline)}
    for gold_path, text_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = text_path.read_text(encoding="utf-8")
        score_record(gold, records[str(text_path)], raw, total)
    return total


@dataclass
class ActorScore:
    labels: int = 0
    resolved: int = 0
    country: int = 0
    sector: int = 0
    both: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        return getattr(self, name) / self.labels if self.labels else 0.0


def score_actor_labels(folder: Path, pipeline) -> ActorScore:
    """Country and sector accuracy of resolved mentions against labels.jsonl in `folder`."""
    return score_actor_mentions(folder / "labels.jsonl", sorted(folder.glob("*.txt")), pipeline)


def score_actor_mentions(labels_file: Path, texts: list[Path], pipeline) -> ActorScore:
    """Country and sector accuracy of resolved mentions against a JSON-lines file of labelled
    mentions ({"id", "mentions": [{"text", "occurrence", "country", "sector"}]}), ids being the
    articles' ids (their file names)."""
    from .contract import to_record
    from .read.readers import read

    labels = {}
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            labels[item["id"]] = item["mentions"]
    articles = [a for a in read(texts) if a.__class__.__name__ == "Article"]
    # Only the stages up to actors are needed; the parser's work is not scored here.
    for stage in pipeline.stages[:3]:
        articles = stage(articles)
    total = ActorScore()
    for article in articles:
        record = to_record(article)
        mentions = [m for actor in record["actors"] for m in
                    ({**m, "country": actor["country"], "sector": actor["sector"]} for m in actor["mentions"])]
        for label in labels.get(article.id, []):
            start = _nth(article.raw, label["text"], label["occurrence"])
            if start < 0:
                continue
            total.labels += 1
            end = start + len(label["text"])
            hits = [m for m in mentions if m["raw_start"] < end and start < m["raw_end"]]
            if not hits:
                total.misses.append(f"{article.id}: unresolved {label['text']!r}")
                continue
            total.resolved += 1
            country = any(m["country"] == label["country"] for m in hits)
            sector = any(m["sector"] == label["sector"] for m in hits)
            total.country += country
            total.sector += sector
            total.both += any(m["country"] == label["country"] and m["sector"] == label["sector"] for m in hits)
            if not country:
                total.misses.append(f"{article.id}: {label['text']!r} -> {hits[0]['country']} "
                                    f"(label {label['country']})")
    return total


def _nth(text: str, needle: str, n: int) -> int:
    at = -1
    for _ in range(max(1, n)):
        at = text.find(needle, at + 1)
        if at < 0:
            return -1
    return at
