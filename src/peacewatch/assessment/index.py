"""The assessment: indicators per window, a de-escalation index, a judgement, drivers, scenarios, a watch-list.

Reads only from the store, and writes nothing: the same store gives the same assessment.
The index of a window is a weighted mean Goldstein weight shrunk toward 0:

    index = sum_k( w_k * S_k ) / ( sum_k( w_k * N_k ) + prior )

over the components k = violence, diplomacy, positions, levers, credibility. Every event that
happened (asserted or claimed) falls in one component by its CAMEO code (`indicators.component`);
S_k sums the Goldstein weights of its events and N_k counts them. Pseudo-events add what events
alone miss: ln(1 + killed) * fatality_scale events at fatality_goldstein in violence (deaths
once per event cluster), and one event per position that hardened or demand dropped in
positions. w_k is the component's weight, times `third_party` for an event between one party
and a third party, and times `material` for a deed (QuadClass 2 or 4) rather than a statement. The index stays within -10..+10; each component's contribution
w_k * S_k / denominator is in the output and the contributions add up to the index.

The weights, the prior, the judgement bands (elevated, moderate, guarded, low), the trend step,
the signal's mixed share, the confidence scale and the level-change rule are in
`data/assessment.toml`, which documents them; the `assessment_file` setting overrides them.

- trend: the latest window's index against the previous window's, beyond +/- trend step;
- confidence: (1 - exp(-n / volume_scale)) * s / (s + 1), n events and s distinct sources in
  the latest window: it grows with the volume of evidence and with its diversity;
- signal: mixed when cooperative (QuadClass 1-2) and conflictual (3-4) events are each at
  least `mixed_share` of the latest window's events;
- drivers: the (component, type) groups with the largest contributions in the latest window,
  each with its change from the previous window and its evidence sentences.
"""

from __future__ import annotations

import functools
import gc
import math
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import SettingsError, StoreError, StoreNotFound
from ..settings import window_days, window_name
from ..store import postgres
from ..store.store import Store
from . import indicators, runs
from .indicators import HAPPENED, Window
from .scenarios import Resolver, evidence
from .weights import COMPONENTS, Weights
from .weights import load as load_weights


def default_dyad(store: Store) -> tuple[str, str] | None:
    rows = store.query("""SELECT country, count(*) AS n FROM (
        SELECT source_country AS country FROM events UNION ALL SELECT target_country FROM events) sides
        WHERE country IS NOT NULL AND length(country) = 3 AND country <> 'UNK'
        GROUP BY country ORDER BY n DESC, country LIMIT 2""")
    # The two most involved states, in alphabetical order: the same pair is always named the same way.
    return tuple(sorted((rows[0]["country"], rows[1]["country"]))) if len(rows) == 2 else None


BODY = re.compile(r"(?:IGO|NSA):[A-Z0-9_]{1,40}")


def parse_dyad(text: str | None) -> tuple[str, str] | None:
    """Two different actor codes joined by '-': ISO 3166 alpha-3 countries (or XKX, Kosovo), or
    organisations and armed groups as the store names them (IGO:EU, NSA:HAMAS)."""
    if not text:
        return None
    parts = text.strip().upper().split("-")
    if len(parts) != 2 or not all(parts):
        raise SettingsError(f"a dyad is two country codes joined by '-', like RUS-UKR, not {text!r}")
    unknown = [p for p in parts if p not in _country_codes() and not BODY.fullmatch(p)]
    if unknown:
        raise SettingsError(f"{', '.join(map(repr, unknown))} in --dyad {text!r} is not an ISO 3166 alpha-3 country "
                            "code (RUS, UKR, PSE...) nor an organisation or group code (IGO:EU, NSA:HAMAS)")
    if parts[0] == parts[1]:
        raise SettingsError(f"a dyad is two different parties, not {text!r}")
    return parts[0], parts[1]


@functools.cache
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def judgement(index: float, weights: Weights | None = None) -> str:
    return (weights or load_weights()).band(index)


def score(window: Window, weights: Weights) -> dict[str, Any]:
    """The index of one window, its components and the groups (component, type) it is made of."""
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"sum": 0.0, "count": 0.0, "items": []})
    for e in window.happened:
        factor = weights.weight(e["component"]) * (weights.third_party if e["third_party"] else 1.0) \
            * (weights.material if e["quad_class"] in (2, 4) else 1.0)
        group = groups[(e["component"], e["plover"])]
        group["sum"] += factor * e["goldstein"]
        group["count"] += factor
        group["items"].append({**evidence(e), "figures": e["figures"]})
    killed = sum(c["killed"] for c in window.clusters)
    if killed and weights.fatality_scale:
        pseudo = indicators.fatality_events(killed, weights.fatality_scale) * weights.weight("violence")
        group = groups[("violence", "fatalities")]
        group["sum"] += pseudo * weights.fatality_goldstein
        group["count"] += pseudo
        group["items"] += [{**evidence(e), "figures": e["figures"]} for c in window.clusters if c["killed"]
                           for e in c["events"]]
    for move in window.moves:
        if move["change"] in ("hardened", "dropped"):
            group = groups[("positions", f"position {move['change']}")]
            group["sum"] += weights.weight("positions") * (weights.hardened if move["change"] == "hardened"
                                                           else weights.dropped)
            group["count"] += weights.weight("positions")
            group["items"].append({"event_id": None, "sentence": move["text"], **{
                k: move[k] for k in ("article_id", "title", "source", "url", "date", "published")}})
    denominator = sum(g["count"] for g in groups.values()) + weights.prior
    components = {}
    for name in COMPONENTS:
        mine = [g for (k, _), g in groups.items() if k == name]
        components[name] = {"weight": weights.weight(name), "events": round(sum(g["count"] for g in mine), 2),
                            "goldstein": round(sum(g["sum"] for g in mine), 2),
                            "contribution": round(sum(g["sum"] for g in mine) / denominator, 2)}
    index = round(sum(g["sum"] for g in groups.values()) / denominator, 2)
    for group in groups.values():
        group["contribution"] = group["sum"] / denominator
    return {"index": index, "components": components, "groups": dict(groups)}


def assess(store: Store, *, window: str = "week", dyad: tuple[str, str] | None = None,
           weights: Weights | None = None) -> dict[str, Any]:
    """The whole assessment as a JSON-ready dict. Same store, same output; writes nothing."""
    # Every event becomes a dict here (millions, in a large store) and lives until the end: the cyclic
    # collector would scan them all again and again while they are made, for no cycle. It waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _assess(store, window=window, dyad=dyad, weights=weights)
    finally:
        if collecting:
            gc.enable()


def _assess(store: Store, *, window: str, dyad: tuple[str, str] | None, weights: Weights | None) -> dict[str, Any]:
    weights = weights or load_weights()
    name = window_name(window)
    dyad = dyad or default_dyad(store)
    every = indicators.read_events(store)
    events = indicators.bearing(every, dyad)
    positions = indicators.load_positions(store, dyad)
    built = indicators.build_windows(events, positions, days=window_days(window))
    scores = [score(w, weights) for w in built]
    windows = []
    for w, s in zip(built, scores):
        figures = w.figures()
        figures["index"] = s["index"]
        figures["components"] = s["components"]
        windows.append(figures)
    indicators.mark_changes(windows, threshold=weights.level_threshold, floor=weights.level_floor,
                            min_history=weights.level_min_history)
    latest = built[-1] if built else None
    index = windows[-1]["index"] if windows else 0.0
    delta = index - windows[-2]["index"] if len(windows) > 1 else 0.0
    trend = "improving" if delta > weights.trend_step else "deteriorating" if delta < -weights.trend_step \
        else "unchanged"
    happened = latest.happened if latest else []
    sources = {e["outlet"] or e["article_id"] for e in happened}
    confidence = round((1 - math.exp(-len(happened) / weights.volume_scale)) * len(sources) / (len(sources) + 1), 2)
    resolver = Resolver(store, events, dyad, lapse_days=weights.lapse_days, every=every)
    scenarios = resolver.scenarios()
    all_happened = [e for e in events if e["modality"] in HAPPENED and e["component"]]
    band = weights.band(index) if latest else None
    assessment = {
        "dyad": "-".join(dyad) if dyad else None,
        "window": name,
        "judgement": f"{band} prospects for de-escalation" if band else "no evidence",
        "band": band,
        "index": index,
        "trend": trend,
        "trend_delta": round(delta, 2),
        "confidence": confidence,
        "confidence_label": weights.confidence_label(confidence),
        "signal": _signal(happened, weights.mixed_share),
        "evidence": {"events": len(all_happened), "sources": len({e["outlet"] or e["article_id"] for e in all_happened}),
                     "articles": len({e["article_id"] for e in events}),
                     "undated": sum(1 for e in all_happened if e["date"] is None) if any(
                         e["date"] for e in all_happened) else 0,
                     "latest_window": {"events": len(happened), "sources": len(sources)}},
        "components": windows[-1]["components"] if windows else {},
        "indicators": indicators.latest_indicators(windows),
        "windows": windows,
        "drivers": _drivers(scores, weights),
        "stances": _stances(latest),
        "scenarios": scenarios,
        "watch": resolver.watch_items() + resolver.policy_items(scenarios),
        "positions": _positions_by_actor(positions),
        "weights": weights.as_dict(),
    }
    assessment["changes"] = runs.changes_since(runs.previous_run(store, assessment["dyad"], name), assessment)
    return assessment


def _signal(happened: list[dict[str, Any]], mixed_share: float) -> str:
    if not happened:
        return "none"
    cooperative = sum(1 for e in happened if e["quad_class"] in (1, 2))
    conflictual = len(happened) - cooperative
    if min(cooperative, conflictual) / len(happened) >= mixed_share:
        return "mixed"
    return "cooperative" if cooperative > conflictual else "conflictual"


def _drivers(scores: list[dict[str, Any]], weights: Weights) -> list[dict[str, Any]]:
    """The groups that weigh most in the latest window's index, with their change since the previous one."""
    if not scores:
        return []
    latest = scores[-1]["groups"]
    previous = scores[-2]["groups"] if len(scores) > 1 else {}
    ranked = sorted(latest.items(), key=lambda kv: (-abs(kv[1]["contribution"]), kv[0]))[:weights.drivers_top]
    drivers = []
    for (name, kind), group in ranked:
        before = previous.get((name, kind), {}).get("contribution", 0.0) if len(scores) > 1 else None
        picked, seen = [], set()
        # Reports with figures first, then one sentence per article, so the evidence is strong and diverse.
        items = sorted(group["items"], key=lambda i: (-(i.get("figures") or {}).get("killed", 0),
                                                       -len(i.get("figures") or {}), i["date"] or "", i["event_id"] or ""))
        for item in items:
            if item["article_id"] not in seen:
                seen.add(item["article_id"])
                picked.append(item)
        picked += [i for i in items if i not in picked]
        contribution = round(group["contribution"], 2)
        drivers.append({"component": name, "plover": kind, "events": round(group["count"], 2),
                        "direction": "de-escalating" if group["sum"] > 0 else "escalating",
                        "contribution": contribution, "weight": contribution,
                        "previous": round(before, 2) if before is not None else None,
                        "delta": round(group["contribution"] - before, 2) if before is not None else None,
                        "evidence": picked[:weights.drivers_evidence]})
    return drivers


def _stances(latest: Window | None) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per side: the positions new, hardened or dropped in the latest window, and those outstanding."""
    if latest is None:
        return {}
    sides: dict[str, dict[str, list]] = {}
    for move in latest.moves:
        sides.setdefault(move["side"], {"new": [], "hardened": [], "dropped": [], "outstanding": []})
        sides[move["side"]][move["change"]].append(move)
    for held in latest.outstanding:
        sides.setdefault(held["side"], {"new": [], "hardened": [], "dropped": [], "outstanding": []})
        sides[held["side"]]["outstanding"].append(held)
    return dict(sorted(sides.items()))


def _positions_by_actor(positions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in positions:
        by_actor[p["actor_country"]].append(indicators.position_item(p))
    return dict(by_actor)


def assess_store(path: str | Path, *, window: str = "week", dyad: str | None = None, weights=None,
                 clock: Callable[[], datetime] = runs.utc_now, record: bool = True) -> tuple[dict[str, Any], str | None]:
    """Assess an existing store (opened read-only) and record the run. Returns the assessment and a
    warning when the run could not be recorded (the store is held by another process)."""
    if not postgres.is_url(str(path)):
        path = Path(path)
        if not path.is_file():
            raise StoreNotFound(str(path))
    with Store(path, read_only=True, wait=10) as store:
        assessment = assess(store, window=window, dyad=parse_dyad(dyad), weights=weights)
    if not record:
        return assessment, None
    try:
        with Store(path, wait=10) as store:
            runs.record_run(store, assessment, at=clock())
    except StoreError as error:
        return assessment, f"this run was not recorded, so the next one compares with an earlier run: {error}"
    return assessment, None
