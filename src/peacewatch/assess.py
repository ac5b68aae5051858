"""The assessment: indicators per window, a de-escalation index, a judgement, drivers, a watch-list.

Reads only from the store. The index of a window is

    index = sum(Goldstein of events that happened) / (number of those events + PRIOR)

which lies in [-10, 10], leans toward 0 when evidence is thin (PRIOR pseudo-
events of weight 0), and is positive when cooperation outweighs conflict.
Events "happened" when their modality is asserted or claimed. Fatalities are
counted once per (date, place, figure), so copies of one report count once.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .errors import SettingsError
from .store import Store

PRIOR = 5.0
HAPPENED = ("asserted", "claimed")
PENDING = ("planned", "conditional")
JUDGEMENTS = [(2.0, "elevated"), (0.5, "moderate"), (-1.5, "guarded"), (-math.inf, "low")]
TREND_STEP = 0.5
DIPLOMACY = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "CONCEDE", "RETREAT", "AID"}


@dataclass
class Window:
    start: str
    end: str
    events: int = 0
    by_quad: dict[int, int] = field(default_factory=dict)
    by_plover: dict[str, int] = field(default_factory=dict)
    goldstein_sum: float = 0.0
    goldstein_mean: float = 0.0
    killed: int = 0
    injured: int = 0
    strikes: int = 0
    intercepted: int = 0
    diplomacy: int = 0
    index: float = 0.0


def _events(store: Store, dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    rows = store.query(
        """SELECT e.*, a.title, a.source AS outlet, a.url, a.published FROM events e
           JOIN articles a ON a.id = e.article_id ORDER BY e.date, e.article_id, e.id""")
    if dyad is None:
        return rows
    pair = set(dyad)
    return [r for r in rows if {r["source_country"], r["target_country"]} - {None} <= pair
            and ({r["source_country"], r["target_country"]} & pair)]


def default_dyad(store: Store) -> tuple[str, str] | None:
    rows = store.query("""SELECT country, count(*) AS n FROM (
        SELECT source_country AS country FROM events UNION ALL SELECT target_country FROM events)
        WHERE country IS NOT NULL AND length(country) = 3 GROUP BY country ORDER BY n DESC, country LIMIT 2""")
    return (rows[0]["country"], rows[1]["country"]) if len(rows) == 2 else None


def parse_dyad(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    parts = text.upper().replace("_", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise SettingsError(f"a dyad is two country codes joined by '-', like RUS-UKR, not {text!r}")
    return parts[0], parts[1]


def _window_start(day: date, window: str) -> date:
    return day if window == "day" else day - timedelta(days=day.weekday())


def indicators(events: list[dict[str, Any]], window: str = "week") -> list[Window]:
    buckets: dict[date, list[dict]] = defaultdict(list)
    for event in events:
        # Only what happened makes a window: a planned date next month is not evidence about next month.
        if event["date"] is not None and event["modality"] in HAPPENED:
            buckets[_window_start(event["date"], window)].append(event)
    windows = []
    for start in sorted(buckets):
        end = start + timedelta(days=0 if window == "day" else 6)
        w = Window(start.isoformat(), end.isoformat())
        happened = [e for e in buckets[start] if e["modality"] in HAPPENED]
        w.events = len(happened)
        w.by_quad = dict(sorted(Counter(e["quad_class"] for e in happened).items()))
        w.by_plover = dict(Counter(e["plover"] for e in happened).most_common())
        w.goldstein_sum = round(sum(e["goldstein"] for e in happened), 2)
        w.goldstein_mean = round(w.goldstein_sum / len(happened), 2) if happened else 0.0
        seen = set()
        for e in happened:
            figures = json.loads(e["quantities"] or "{}")
            key = (e["date"], e["location_name"], figures.get("killed"), figures.get("injured"))
            if e["plover"] == "ASSAULT":
                w.strikes += 1
                if key not in seen:
                    seen.add(key)
                    w.killed += figures.get("killed", 0)
                    w.injured += figures.get("injured", 0)
                w.intercepted += figures.get("drones_intercepted", 0) + figures.get("missiles_intercepted", 0)
        w.diplomacy = sum(1 for e in happened if e["plover"] in DIPLOMACY)
        w.index = round(w.goldstein_sum / (len(happened) + PRIOR), 2)
        windows.append(w)
    return windows


def judgement(index: float) -> str:
    return next(label for floor, label in JUDGEMENTS if index >= floor)


def assess(store: Store, *, window: str = "week", dyad: tuple[str, str] | None = None) -> dict[str, Any]:
    """The whole assessment as a JSON-ready dict. Same store, same output."""
    dyad = dyad or default_dyad(store)
    events = _events(store, dyad)
    windows = indicators(events, window)
    latest = windows[-1] if windows else None
    previous = windows[-2] if len(windows) > 1 else None
    index = latest.index if latest else 0.0
    delta = index - previous.index if previous else 0.0
    trend = "improving" if delta > TREND_STEP else "deteriorating" if delta < -TREND_STEP else "unchanged"
    happened = [e for e in events if e["modality"] in HAPPENED]
    sources = {e["outlet"] or e["article_id"] for e in happened}
    confidence = round((1 - math.exp(-len(happened) / 40)) * (len(sources) / (len(sources) + 1)), 2)
    coop = sum(1 for e in happened if e["quad_class"] in (1, 2))
    conflict = len(happened) - coop
    signal = "mixed" if happened and min(coop, conflict) / len(happened) >= 0.3 else \
        "cooperative" if coop > conflict else "conflictual" if happened else "none"
    return {
        "dyad": "-".join(dyad) if dyad else None,
        "window": window,
        "judgement": f"{judgement(index)} prospects for de-escalation" if latest else "no evidence",
        "index": index,
        "trend": trend,
        "trend_delta": round(delta, 2),
        "confidence": confidence,
        "signal": signal,
        "evidence": {"events": len(happened), "sources": len(sources), "articles": len({e["article_id"] for e in events})},
        "windows": [vars(w) for w in windows],
        "drivers": _drivers(events, latest),
        "watch": watch_list(store, events),
        "positions": positions(store, dyad),
    }


def _drivers(events: list[dict[str, Any]], latest: Window | None, top: int = 4) -> list[dict[str, Any]]:
    """The event types that moved the latest window's index most, with their evidence."""
    if latest is None:
        return []
    inside = [e for e in events if e["modality"] in HAPPENED and e["date"] is not None
              and latest.start <= e["date"].isoformat() <= latest.end]
    weight: dict[str, float] = defaultdict(float)
    for e in inside:
        weight[e["plover"]] += e["goldstein"]
    drivers = []
    for plover, total in sorted(weight.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]:
        evidence = [_evidence(e) for e in inside if e["plover"] == plover][:3]
        drivers.append({"plover": plover, "direction": "de-escalating" if total > 0 else "escalating",
                        "weight": round(total / (len(inside) + PRIOR), 2), "evidence": evidence})
    return drivers


def _evidence(e: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": e["id"], "sentence": e["sentence"], "article_id": e["article_id"], "title": e["title"],
            "source": e["outlet"], "url": e["url"], "date": e["date"].isoformat() if e["date"] else None,
            "published": e["published"].isoformat() if e["published"] else None}


def watch_list(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Planned and conditional events, and conditional policies, each resolved against later reports."""
    happened = [e for e in events if e["modality"] in HAPPENED]
    latest_day = max((e["published"] for e in events if e["published"]), default=None)
    items = []
    for e in events:
        commitment = e["plover"] == "AGREE" and e["modality"] in HAPPENED  # "agreed to swap prisoners"
        if not commitment and (e["modality"] not in PENDING or e["conditional_part"] == "condition"):
            continue
        later = next((h for h in happened if _fulfils(h, e, any_cooperation=commitment)), None)
        due = e["date"]
        overdue = due and latest_day and due < latest_day and (latest_day - due).days > 7
        status = "happened" if later else "lapsed" if overdue and e["modality"] == "planned" else "pending"
        items.append({"kind": "commitment" if commitment else e["modality"], "plover": e["plover"],
                      "actor": e["source_name"],
                      "target": e["target_name"], "due": due.isoformat() if due else None, "status": status,
                      "resolved_by": _evidence(later) if later else None, **_evidence(e)})
    for c in store.query("""SELECT c.*, a.title, a.source AS outlet, a.url, a.published FROM conditionals c
                            JOIN articles a ON a.id = c.article_id ORDER BY a.published, c.article_id, c."start" """):
        status = "lapsed" if c["deadline"] and latest_day and c["deadline"] < latest_day else "pending"
        items.append({"kind": "policy", "plover": None, "actor": c["actor_name"], "condition": c["condition"],
                      "consequence": c["consequence"], "due": c["deadline"].isoformat() if c["deadline"] else None,
                      "status": status, "sentence": c["text"], "article_id": c["article_id"], "title": c["title"],
                      "source": c["outlet"], "url": c["url"],
                      "date": c["published"].isoformat() if c["published"] else None,
                      "published": c["published"].isoformat() if c["published"] else None})
    return items


def _fulfils(report: dict[str, Any], pending: dict[str, Any], *, any_cooperation: bool = False) -> bool:
    """A later report of the same kind of act between the same sides (for a commitment, any
    cooperative act that carries it out)."""
    if any_cooperation:
        if report["plover"] == "AGREE" or report["quad_class"] not in (1, 2):
            return False
    elif report["plover"] != pending["plover"]:
        return False
    if not report["published"] or not pending["published"]:
        return False
    if report["published"] <= pending["published"]:
        return False
    sides = {pending["source_country"], pending["target_country"]} - {None}
    return bool(sides) and sides <= {report["source_country"], report["target_country"]}


def positions(store: Store, dyad: tuple[str, str] | None) -> dict[str, list[dict[str, Any]]]:
    rows = store.query("""SELECT p.*, a.title, a.source AS outlet, a.url, a.published FROM positions p
                          JOIN articles a ON a.id = p.article_id ORDER BY a.published, p.article_id, p."start" """)
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        country = r["actor_country"] or "UNK"
        if dyad and country not in dyad and country != "UNK":
            continue
        published = r["published"].isoformat() if r["published"] else None
        by_actor[country].append({"actor": r["actor_name"], "issue": r["issue"], "stance": r["stance"],
                                  "text": r["text"], "article_id": r["article_id"], "title": r["title"],
                                  "source": r["outlet"], "url": r["url"], "date": published, "published": published})
    return dict(by_actor)
