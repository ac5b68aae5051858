"""The brief: the assessment written as Markdown an analyst can read, every claim footnoted."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .store import Store


class Footnotes:
    """Numbers sources in order of first citation."""

    def __init__(self) -> None:
        self.keys: dict[tuple, int] = {}
        self.lines: list[str] = []

    def cite(self, item: dict[str, Any]) -> str:
        key = item.get("article_id") or item.get("url")
        if key not in self.keys:
            self.keys[key] = len(self.keys) + 1
            where = f" <{item['url']}>" if item.get("url") else ""
            published = item.get("published") or item.get("date") or "undated"
            self.lines.append(f"[^{self.keys[key]}]: {item.get('source') or 'unknown source'}, "
                              f"\"{item.get('title') or item.get('article_id')}\", {published}{where}")
        return f"[^{self.keys[key]}]"

    def cite_all(self, items: list[dict[str, Any]]) -> str:
        return " ".join(dict.fromkeys(self.cite(item) for item in items))


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(store: Store, assessment: dict[str, Any], *, skipped: list[dict[str, str]] = ()) -> str:
    notes = Footnotes()
    a = assessment
    lines = [f"# peacewatch brief: {a['dyad'] or 'all parties'}", "",
             f"Generated {date.today().isoformat()} from {a['evidence']['articles']} articles "
             f"({a['evidence']['events']} events that happened, {a['evidence']['sources']} sources).", "",
             "## Judgement", "",
             f"**{a['judgement'].capitalize()}** — index {a['index']:+.2f} on a -10..+10 scale, trend "
             f"**{a['trend']}** ({a['trend_delta']:+.2f} against the previous {a['window']}), "
             f"confidence {a['confidence']:.2f}. Signals are **{a['signal']}**.", ""]
    if a["drivers"]:
        lines += ["Drivers in the latest window:", ""]
        for d in a["drivers"]:
            cites = notes.cite_all(d["evidence"])
            example = _quote(d["evidence"][0]["sentence"], 200) if d["evidence"] else ""
            lines.append(f"- {d['plover']} ({d['direction']}, {d['weight']:+.2f}): “{example}” {cites}")
        lines.append("")

    lines += ["## Trend by window", "", "| window | events | index | Goldstein mean | diplomacy | strikes | killed | injured | intercepted |",
              "|---|---|---|---|---|---|---|---|---|"]
    for w in a["windows"]:
        lines.append(f"| {w['start']} – {w['end']} | {w['events']} | {w['index']:+.2f} | {w['goldstein_mean']:+.2f} | "
                     f"{w['diplomacy']} | {w['strikes']} | {w['killed']} | {w['injured']} | {w['intercepted']} |")
    lines.append("")

    lines += ["## Key events", ""]
    key_events = []
    for side in ("e.goldstein < 0", "e.goldstein >= 0"):  # the strongest of each direction, not just strikes
        key_events += store.query(f"""SELECT e.*, a.title, a.source AS outlet, a.url, a.published FROM events e
            JOIN articles a ON a.id = e.article_id WHERE e.modality IN ('asserted', 'claimed') AND {side}
            ORDER BY abs(e.goldstein) * e.confidence DESC, e.date, e.id LIMIT 7""")
    for e in sorted(key_events, key=lambda r: (r["date"] or date.min, r["id"])):
        who = f"{e['source_name'] or 'unknown'} → {e['target_name'] or 'unknown'}"
        item = {"article_id": e["article_id"], "url": e["url"], "source": e["outlet"], "title": e["title"],
                "date": e["date"].isoformat() if e["date"] else None, "published": _iso(e["published"])}
        figures = json.loads(e["quantities"] or "{}")
        extra = f" ({', '.join(f'{k} {v}' for k, v in figures.items())})" if figures else ""
        lines.append(f"- {item['date'] or 'undated'} **{e['plover']}** ({e['modality']}) {who}{extra}: "
                     f"“{_quote(e['sentence'])}” {notes.cite(item)}")
    lines.append("")

    lines += ["## Positions by actor", ""]
    for country, items in sorted(a["positions"].items()):
        lines.append(f"**{country}**")
        for p in items:
            lines.append(f"- {p['stance']} on {p['issue']} ({p['actor'] or country}): “{_quote(p['text'], 220)}” "
                         f"{notes.cite(p)}")
        lines.append("")

    lines += ["## Casualty figures", ""]
    casualties = store.query("""SELECT e.*, a.title, a.source AS outlet, a.url, a.published FROM events e
        JOIN articles a ON a.id = e.article_id WHERE e.plover = 'ASSAULT' AND e.quantities <> '{}'
        ORDER BY e.date, e.id""")
    for e in casualties:
        figures = json.loads(e["quantities"])
        item = {"article_id": e["article_id"], "url": e["url"], "source": e["outlet"], "title": e["title"],
                "date": e["date"].isoformat() if e["date"] else None, "published": _iso(e["published"])}
        place = f" in {e['location_name']}" if e["location_name"] else ""
        lines.append(f"- {item['date']}{place}: {', '.join(f'{k} {v}' for k, v in figures.items())} "
                     f"({e['modality']}) {notes.cite(item)}")
    if not casualties:
        lines.append("No figures reported.")
    lines.append("")

    lines += ["## Conditional policies and phases", ""]
    steps = store.query("""SELECT s.*, a.title, a.source AS outlet, a.url, a.published FROM policy_steps s
        JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.policy, s.phase""")
    for s in steps:
        item = {"article_id": s["article_id"], "url": s["url"], "source": s["outlet"], "title": s["title"],
                "date": s["published"].isoformat() if s["published"] else None}
        lines.append(f"- Phase {s['phase']} ({s['actor_name'] or 'unattributed'}, {s['plover'] or 'untyped'}): "
                     f"{_quote(s['action'], 200)} {notes.cite(item)}")
    policies = [w for w in a["watch"] if w["kind"] == "policy"]
    for w in policies:
        lines.append(f"- If {_quote(w['condition'], 160)} → {_quote(w['consequence'], 160)} "
                     f"({w['actor'] or 'unattributed'}; {w['status']}) {notes.cite(w)}")
    if not steps and not policies:
        lines.append("None stated.")
    lines.append("")

    lines += ["## Watch-list", ""]
    pending = [w for w in a["watch"] if w["kind"] != "policy"]
    for w in pending:
        due = f", due {w['due']}" if w.get("due") else ""
        lines.append(f"- [{w['status']}] {w['plover']} ({w['kind']}{due}) {w['actor'] or 'unknown'} → "
                     f"{w['target'] or 'unknown'}: “{_quote(w['sentence'], 200)}” {notes.cite(w)}")
    if not pending:
        lines.append("Nothing pending.")
    lines.append("")

    if skipped:
        lines += ["## Inputs skipped", ""] + [f"- {s['skipped']}: {s['reason']}" for s in skipped] + [""]
    lines += ["## Sources", ""] + notes.lines
    return "\n".join(lines) + "\n"
