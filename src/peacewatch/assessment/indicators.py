"""Indicators per dyad and window, read from the store: what happened, in named counts.

An event belongs to the dyad when every side it names is one of the two parties; an event
between one party and a third party (a visit, a call, mediation, sanctions, aid) counts only
in the diplomacy and levers components, as does a lever (sanctions, aid) with no stated target
from a third party. Every event that happened (asserted or claimed) falls in exactly one
component by its CAMEO code (`component`). Planned and conditional events are counted in the
window in which they were announced (the article's date), never in the window they name.

Every count, and the index, takes one report per event cluster (its earliest), so a strike that
five outlets report counts once. Figures (killed, injured, intercepted) are counted once per
event cluster: the store's `cluster_id` where there is one, else the (date, place, figures) of
a report that names a place or figures, keeping the highest figure reported for a cluster. A side's positions are tracked per issue: its stance in
a window is the hardest it stated there (accept < offer < demand < precondition, refuse); a
first stance is new, a harder one hardened, a soft one after a hard one dropped (issues other
than "other", sides of the dyad only).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..store.store import Store

HAPPENED = ("asserted", "claimed")
PENDING = ("planned", "conditional")
COMPONENT_PREFIXES = {
    "violence": ("14", "15", "17", "18", "19", "20"),
    "diplomacy": ("03", "04", "05", "06", "08", "164", "165"),
    "positions": ("02", "10", "12", "13"),
    "levers": ("07", "16", "033", "0354", "085", "1311", "1312"),
    "credibility": ("09", "11"),
}
THIRD_PARTY_COMPONENTS = {"diplomacy", "levers"}
HARDNESS = {"accept": 0, "offer": 1, "demand": 2, "precondition": 3, "refuse": 3}
HARD = 2
EPOCH_MONDAY = date(2000, 1, 3)  # windows of N days are aligned on Mondays, so 7 days is a calendar week

# name, polarity (+1: a rise reads as de-escalation, -1: as escalation, 0: neither), label
INDICATORS = [
    ("index", 1, "de-escalation index"), ("events", 0, "events that happened"),
    ("goldstein_mean", 1, "Goldstein mean"), ("material_conflict", -1, "material conflict (QuadClass 4)"),
    ("verbal_conflict", -1, "verbal conflict (QuadClass 3)"), ("cooperation", 1, "cooperation (QuadClass 1-2)"),
    ("killed", -1, "killed"), ("injured", -1, "injured"), ("strikes", -1, "strikes"),
    ("intercepted", -1, "drones and missiles intercepted"), ("diplomacy", 1, "diplomatic acts"),
    ("consultations", 1, "consultations"),
    ("talks", 1, "negotiations"), ("visits", 1, "visits"), ("mediation", 1, "mediation and offers to mediate"),
    ("prisoner_exchanges", 1, "prisoner exchanges"), ("agreements", 1, "agreements and commitments"),
    ("sanctions_implemented", -1, "sanctions imposed"), ("sanctions_planned", -1, "sanctions planned or threatened"),
    ("aid_implemented", 1, "aid delivered"), ("aid_planned", 1, "aid planned or pledged"),
    ("bad_faith", -1, "accusations of bad faith"), ("positions_new", 0, "positions stated for the first time"),
    ("positions_hardened", -1, "positions hardened"), ("positions_dropped", 1, "demands dropped"),
    ("positions_outstanding", -1, "demands outstanding"),
]


@lru_cache(maxsize=4096)
def component(cameo: str | None) -> str | None:
    """The index component of a CAMEO code: the longest matching prefix wins (164 is diplomacy, 16 levers)."""
    best, length = None, 0
    for name, prefixes in COMPONENT_PREFIXES.items():
        for prefix in prefixes:
            if cameo and cameo.startswith(prefix) and len(prefix) > length:
                best, length = name, len(prefix)
    return best


def _is(event: dict[str, Any], *prefixes: str) -> bool:
    return bool(event["cameo"]) and event["cameo"].startswith(prefixes)


def read_events(store: Store) -> list[dict[str, Any]]:
    """Every event with its article and its index `component`, in date order: read once per assessment."""
    rows = store.query(
        """SELECT e.*, a.title, a.source AS outlet, a.url, a.published, a.language, a.story_id FROM events e
           JOIN articles a ON a.id = e.article_id ORDER BY e.date, e.article_id, e."start", e.id""")
    for row in rows:
        row["component"] = component(row["cameo"])
        row["figures"] = json.loads(row["quantities"]) if row["quantities"] not in (None, "{}") else {}
    return rows


def bearing(rows: list[dict[str, Any]], dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    """The events that bear on the dyad (all, without one), each marked with `third_party`."""
    kept = []
    for row in rows:
        sides = {row["source_country"], row["target_country"]} - {None, "UNK"}  # "police" of no known country
        if dyad is None:
            row["third_party"] = False
            kept.append(row)
            continue
        pair = set(dyad)
        if sides and sides <= pair:
            third = False
        elif row["component"] in THIRD_PARTY_COMPONENTS and (
                (len(sides & pair) == 1 and len(sides) == 2)
                or (row["component"] == "levers" and row["target_country"] is None and sides and not sides & pair)):
            third = True
        else:
            continue
        row["third_party"] = third
        kept.append(row)
    return kept


def load_positions(store: Store, dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    rows = store.query("""SELECT p.*, a.title, a.source AS outlet, a.url, a.published, a.language FROM positions p
                          JOIN articles a ON a.id = p.article_id ORDER BY a.published, p.article_id, p."start" """)
    for r in rows:
        r["actor_country"] = r["actor_country"] or "UNK"
    return [r for r in rows if dyad is None or r["actor_country"] in dyad or r["actor_country"] == "UNK"]


@dataclass
class Window:
    """One window's evidence; `figures()` turns it into the indicator dict."""

    start: date | None
    end: date | None
    happened: list[dict[str, Any]] = field(default_factory=list)
    announced: list[dict[str, Any]] = field(default_factory=list)  # planned and conditional, by announcement
    clusters: list[dict[str, Any]] = field(default_factory=list)  # figures first reported in this window
    moves: list[dict[str, Any]] = field(default_factory=list)  # position changes
    outstanding: list[dict[str, Any]] = field(default_factory=list)  # hard stances held at the window's end

    def figures(self) -> dict[str, Any]:
        h = self.happened
        quads = Counter(e["quad_class"] for e in h)
        goldstein = round(sum(e["goldstein"] for e in h), 2)
        strikes = {_cluster_key(e) for e in h if e["plover"] == "ASSAULT" and not e["third_party"]}
        moves = Counter(m["change"] for m in self.moves)
        sides = sorted({m["side"] for m in self.moves} | {p["side"] for p in self.outstanding})
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "events": len(h),
            "by_quad": dict(sorted(quads.items())),
            "by_plover": dict(sorted(Counter(e["plover"] for e in h).items(), key=lambda kv: (-kv[1], kv[0]))),
            "goldstein_sum": goldstein,
            "goldstein_mean": round(goldstein / len(h), 2) if h else 0.0,
            "material_conflict": quads.get(4, 0), "verbal_conflict": quads.get(3, 0),
            "cooperation": quads.get(1, 0) + quads.get(2, 0),
            "killed": sum(c["killed"] for c in self.clusters),
            "injured": sum(c["injured"] for c in self.clusters),
            "strikes": len(strikes),
            "intercepted": sum(c["intercepted"] for c in self.clusters),
            "diplomacy": sum(1 for e in h if e["component"] == "diplomacy"),
            "consultations": sum(1 for e in h if e["cameo"] in ("04", "040", "041", "044")),
            "talks": sum(1 for e in h if _is(e, "046")),
            "visits": sum(1 for e in h if _is(e, "042", "043")),
            "mediation": sum(1 for e in h if _is(e, "045", "038", "039")),
            "prisoner_exchanges": len({_cluster_key(e) for e in h if e["plover"] != "AGREE" and (
                _is(e, "0841") or "prisoners_exchanged" in e["figures"])}),
            "agreements": sum(1 for e in h if e["plover"] == "AGREE" or _is(e, "057")),
            "sanctions_implemented": sum(1 for e in h if _is(e, "163")),
            "sanctions_planned": sum(1 for e in self.announced if _is(e, "163")) + sum(1 for e in h if _is(e, "1312")),
            "aid_implemented": sum(1 for e in h if _is(e, "07")),
            "aid_planned": sum(1 for e in self.announced if _is(e, "07")) + sum(1 for e in h if _is(e, "033")),
            "bad_faith": sum(1 for e in h if _is(e, "112") and not e["third_party"]),
            "positions_new": moves.get("new", 0), "positions_hardened": moves.get("hardened", 0),
            "positions_dropped": moves.get("dropped", 0), "positions_outstanding": len(self.outstanding),
            "positions": {side: {"new": sum(1 for m in self.moves if m["side"] == side and m["change"] == "new"),
                                 "hardened": sum(1 for m in self.moves if m["side"] == side and m["change"] == "hardened"),
                                 "dropped": sum(1 for m in self.moves if m["side"] == side and m["change"] == "dropped"),
                                 "outstanding": sum(1 for p in self.outstanding if p["side"] == side)}
                          for side in sides},
        }


class Calendar:
    """Maps a day to the start of its window: windows of `days` days aligned on Mondays."""

    def __init__(self, days: int):
        self.days = days

    def start(self, day: date) -> date:
        return EPOCH_MONDAY + timedelta(days=((day - EPOCH_MONDAY).days // self.days) * self.days)

    def end(self, start: date) -> date:
        return start + timedelta(days=self.days - 1)


def build_windows(events: list[dict[str, Any]], positions: list[dict[str, Any]], *, days: int) -> list[Window]:
    """The windows that hold evidence, oldest first. Undated evidence makes one undated window only
    when nothing is dated (a single undated analysis is still assessed); otherwise it is left out."""
    calendar = Calendar(days)
    happened = [e for e in events if e["modality"] in HAPPENED and e["component"]]
    dated = any(e["date"] for e in happened) or any(p["published"] for p in positions)

    def key(day: date | None) -> date | None:
        return calendar.start(day) if day else None

    windows: dict[date | None, Window] = {}

    def window(day: date | None, *, create: bool = True) -> Window | None:
        if (day is None) == dated:
            return None
        start = key(day)
        if start not in windows and create:
            windows[start] = Window(start, calendar.end(start) if start else None)
        return windows.get(start)

    for event in _once_per_cluster(happened):
        if (w := window(event["date"])) is not None:
            w.happened.append(event)
    _track_positions(positions, window, key)
    # Announcements and figures join the windows that evidence made; they make none of their own.
    for event in events:
        if event["modality"] in PENDING and event["conditional_part"] != "condition" and event["component"]:
            if (w := window(event["published"] or event["date"], create=False)) is not None:
                w.announced.append(event)
    for cluster in _clusters(happened):
        if (w := window(cluster["date"], create=False)) is not None:
            w.clusters.append(cluster)
    return [windows[k] for k in sorted(windows, key=lambda d: d or date.min)]


def _once_per_cluster(happened: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One report per real-world event (its earliest), so five outlets reporting one strike count once."""
    seen: set[str] = set()
    once = []
    for e in sorted(happened, key=lambda e: (e["published"] or date.max, e["article_id"], e["id"])):
        if e.get("cluster_id"):
            if e["cluster_id"] in seen:
                continue
            seen.add(e["cluster_id"])
        once.append(e)
    return sorted(once, key=lambda e: (e["date"] or date.min, e["article_id"], e["id"]))


def _clusters(happened: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures once per event cluster, each cluster dated by its first report."""
    clusters: dict[Any, dict[str, Any]] = {}
    for e in happened:
        if e["plover"] != "ASSAULT" or e["third_party"] or not e["figures"]:
            continue
        f = e["figures"]
        key = _cluster_key(e)
        figures = {"killed": f.get("killed", 0), "injured": f.get("injured", 0),
                   "intercepted": f.get("drones_intercepted", 0) + f.get("missiles_intercepted", 0)}
        if key not in clusters:
            clusters[key] = {"date": e["date"], "events": [], **figures}
        cluster = clusters[key]
        cluster["events"].append(e)
        for name, value in figures.items():  # later reports of one strike often raise the toll
            cluster[name] = max(cluster[name], value)
        if e["date"] and (cluster["date"] is None or e["date"] < cluster["date"]):
            cluster["date"] = e["date"]
    return list(clusters.values())


def _cluster_key(e: dict[str, Any]) -> Any:
    """What makes reports one event: the store's cluster_id, else the same day, place and figures
    (when the report names a place or figures), else the report itself."""
    if e.get("cluster_id"):
        return e["cluster_id"]
    if e["location_name"] or e["figures"]:
        return (e["plover"], e["date"], e["location_name"], tuple(sorted(e["figures"].items())))
    return e["id"]


def _track_positions(positions: list[dict[str, Any]], window, key) -> None:
    """New, hardened and dropped positions per window, and the hard stances outstanding at its end."""
    by_window: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for p in positions:
        if p["stance"] not in HARDNESS or p["actor_country"] == "UNK" or p["issue"] == "other":
            continue  # an assessment ("Kyiv remains skeptical") is no stance, "other" no one issue, UNK no side
        by_window[key(p["published"])].append(p)
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for start in sorted(by_window, key=lambda d: d or date.min):
        w = window(by_window[start][0]["published"])
        stated: dict[tuple[str, str], dict[str, Any]] = {}
        for p in by_window[start]:  # the hardest stance of the window stands for it
            k = (p["actor_country"], p["issue"])
            if k not in stated or HARDNESS[p["stance"]] > HARDNESS[stated[k]["stance"]]:
                stated[k] = p
        for k, p in sorted(stated.items()):
            before = held.get(k)
            change = None
            if before is None:
                change = "new"
            elif HARDNESS[p["stance"]] > HARDNESS[before["stance"]]:
                change = "hardened"
            elif HARDNESS[before["stance"]] >= HARD > HARDNESS[p["stance"]]:
                change = "dropped"
            held[k] = p
            if change and w is not None:
                w.moves.append({**position_item(p), "side": k[0], "change": change,
                                "before": before["stance"] if before else None})
        if w is not None:
            w.outstanding = [{**position_item(p), "side": k[0]} for k, p in sorted(held.items())
                             if HARDNESS[p["stance"]] >= HARD]


def position_item(p: dict[str, Any]) -> dict[str, Any]:
    published = p["published"].isoformat() if p["published"] else None
    return {"actor": p["actor_name"], "issue": p["issue"], "stance": p["stance"], "text": p["text"],
            "article_id": p["article_id"], "title": p["title"], "source": p["outlet"], "url": p["url"],
            "date": published, "published": published, "language": p.get("language")}


def mark_changes(windows: list[dict[str, Any]], *, threshold: float, floor: float, min_history: int) -> None:
    """Each window's `changes`: per indicator its value, the previous window's, the delta, and whether
    the series changed level: |value - mean of all earlier windows| > threshold * max(|that mean|, floor),
    judged only with at least `min_history` earlier windows."""
    for n, w in enumerate(windows):
        changes = {}
        for name, _polarity, _label in INDICATORS:
            history = [earlier[name] for earlier in windows[:n]]
            value = w[name]
            previous = history[-1] if history else None
            mean = sum(history) / len(history) if history else None
            level = bool(mean is not None and len(history) >= min_history
                         and abs(value - mean) > threshold * max(abs(mean), floor))
            changes[name] = {"value": value, "previous": previous,
                             "delta": round(value - previous, 2) if previous is not None else None,
                             "mean_before": round(mean, 2) if mean is not None else None, "level_change": level}
        w["changes"] = changes


def latest_indicators(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest window's indicators, each with its trend against the previous window."""
    if not windows:
        return []
    rows = []
    for name, polarity, label in INDICATORS:
        change = windows[-1]["changes"][name]
        delta = change["delta"]
        if delta is None:  # a single window has no trend
            direction = reading = None
        else:
            direction = "flat" if not delta else "up" if delta > 0 else "down"
            reading = "neutral" if direction == "flat" or polarity == 0 else \
                "de-escalating" if (delta > 0) == (polarity > 0) else "escalating"
        rows.append({"name": name, "label": label, **change, "direction": direction, "reading": reading})
    return rows


def fatality_events(killed: int, scale: float) -> float:
    """Pseudo-events a death toll adds to the violence component: ln(1 + killed) * scale."""
    return math.log1p(max(killed, 0)) * scale
