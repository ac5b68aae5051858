"""Assessment runs: each recorded in the store, so the next one can say what changed since.

`assess` stays pure: it reads the previous run of the same dyad and window from the table
`assessment_runs` and compares; `record_run` is the one write, and the caller passes the clock.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ..store.store import Store

TABLE = "assessment_runs"
ITEM_KEYS = ("key", "kind", "plover", "actor", "target", "condition", "consequence", "due", "status", "sentence",
             "article_id", "title", "source", "url", "published", "resolved_by")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def previous_run(store: Store, dyad: str | None, window: str) -> dict[str, Any] | None:
    """The latest recorded run for this dyad and window, or None."""
    rows = store.query(f"""SELECT run_at, assessment FROM {TABLE} WHERE dyad IS NOT DISTINCT FROM ? AND "window" = ?
                           ORDER BY run_at DESC, rowid DESC LIMIT 1""", [dyad, window])
    if not rows:
        return None
    return {"run_at": rows[0]["run_at"], "assessment": json.loads(rows[0]["assessment"])}


def record_run(store: Store, assessment: dict[str, Any], *, at: datetime) -> None:
    """Keep this run, so the next assessment of the same dyad and window can say what changed."""
    snapshot = {k: v for k, v in assessment.items() if k != "changes"}
    store.query(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?)",
                [at, assessment["dyad"], assessment["window"], json.dumps(snapshot, default=str, sort_keys=True)])


def _item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in ITEM_KEYS if k in item}


def changes_since(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """What changed since the previous run: the index and judgement then and now, the watch items new
    since, and those whose status changed (before, after); the same for scenarios."""
    now = {"index_now": current["index"], "judgement_now": current["judgement"]}
    if previous is None:
        return {"since": None, "first_run": True, "index_before": None, "judgement_before": None, **now,
                "new": [], "resolved": [], "scenarios": []}
    before = previous["assessment"]
    old = {w["key"]: w for w in before.get("watch", []) if w.get("key")}
    new = [_item(w) for w in current["watch"] if w["key"] not in old]
    resolved = [{**_item(w), "before": old[w["key"]]["status"], "after": w["status"]}
                for w in current["watch"] if w["key"] in old and old[w["key"]]["status"] != w["status"]]
    old_scenarios = {s["key"]: s for s in before.get("scenarios", [])}
    scenarios = [{"key": s["key"], "title": s["title"], "before": old_scenarios[s["key"]]["status"] if
                  s["key"] in old_scenarios else None, "after": s["status"]}
                 for s in current["scenarios"]
                 if s["key"] not in old_scenarios or old_scenarios[s["key"]]["status"] != s["status"]]
    return {"since": previous["run_at"].isoformat(sep=" ", timespec="seconds"), "first_run": False,
            "index_before": before.get("index"), "judgement_before": before.get("judgement"), **now,
            "new": new, "resolved": resolved, "scenarios": scenarios}
