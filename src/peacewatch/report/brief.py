"""The brief: the assessment written as Markdown an analyst can read, every claim footnoted."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ..store.store import Store
from .brief_html import LANGUAGES, SHOWN, conditional_text, latest, left_out

MARKUP = re.compile(r"([\\`*_\[\]<>|~&!#])")  # what makes Markdown or HTML out of text in CommonMark and GFM
WEB = re.compile(r"https?://[^\s<>\\]+", re.I)
ARROWS = {"up": "▲", "down": "▼", "flat": "→"}
LEVEL = "⚑"


class Footnotes:
    """Numbers sources in order of first citation."""

    def __init__(self) -> None:
        self.keys: dict[tuple, int] = {}
        self.lines: list[str] = []

    def cite(self, item: dict[str, Any]) -> str:
        key = item.get("article_id") or item.get("url")
        if key not in self.keys:
            self.keys[key] = len(self.keys) + 1
            url = str(item.get("url") or "")
            where = f" <{url}>" if WEB.fullmatch(url) else ""  # only web links: no javascript:, file: or data:
            published = md(item.get("published") or item.get("date") or "undated")
            self.lines.append(f"[^{self.keys[key]}]: {md(item.get('source') or 'unknown source')}, "
                              f"\"{md(item.get('title') or item.get('article_id'))}\", {published}{where}")
        return f"[^{self.keys[key]}]"

    def cite_all(self, items: list[dict[str, Any]]) -> str:
        return " ".join(dict.fromkeys(self.cite(item) for item in items))


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def md(value) -> str:
    """Text from the input as Markdown that renders as that text: one line, markup characters escaped,
    so a title, name or sentence can never open a heading, a link, an image or raw HTML."""
    return MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def said_in(item: dict[str, Any]) -> str:
    """" (in Ukrainian)" after a sentence quoted in its original language other than English."""
    language = item.get("language") or "en"
    return "" if language in ("en", "und") else f" (in {LANGUAGES.get(language, md(language))})"


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return md(text if len(text) <= limit else text[: limit - 1] + "…")


def _span(w: dict[str, Any]) -> str:
    return f"{w['start']} – {w['end']}" if w["start"] else "undated"


def render(store: Store, assessment: dict[str, Any], *, skipped: list[dict[str, str]] = ()) -> str:
    notes = Footnotes()
    a = assessment
    lines = [f"# peacewatch brief: {a['dyad'] or 'all parties'}", "",
             f"Generated {date.today().isoformat()} from {a['evidence']['articles']} articles "
             f"({a['evidence']['events']} events that happened, {a['evidence']['sources']} sources).", ""]
    lines += _judgement(a, notes)
    lines += _changes(a, notes)
    lines += _indicators(a)
    lines += _windows(a)
    lines += _scenarios(a, notes)
    lines += _key_events(store, notes)
    lines += _positions(a, notes)
    lines += _casualties(store, notes)
    lines += _policies(store, a, notes)
    lines += _watch(a, notes)
    if skipped:
        lines += ["## Inputs skipped", ""] + [f"- {md(s['skipped'])}: {md(s['reason'])}" for s in skipped] + [""]
    lines += ["## Sources", ""] + notes.lines
    return "\n".join(lines) + "\n"


def _judgement(a: dict[str, Any], notes: Footnotes) -> list[str]:
    previous = f"the previous {a['window']}" if len(a["windows"]) > 1 else "no earlier window"
    lines = ["## Judgement", "",
             f"**{a['judgement'].capitalize()}** — index {a['index']:+.2f} on a -10..+10 scale, trend "
             f"**{a['trend']}** ({a['trend_delta']:+.2f} against {previous}), confidence {a['confidence']:.2f} "
             f"({a['confidence_label']}: {a['evidence']['latest_window']['events']} events from "
             f"{a['evidence']['latest_window']['sources']} sources in the latest window). "
             f"Signals are **{a['signal']}**.", ""]
    if a["components"]:
        parts = " ".join(f"{c['contribution']:+.2f} {name}" for name, c in a["components"].items())
        lines += [f"The index is the sum of its components: {parts} (weights: {a['weights']['source']}).", ""]
    if a["evidence"]["undated"]:
        lines += [f"{a['evidence']['undated']} undated events are left out of the windows.", ""]
    if a["drivers"]:
        lines += ["Drivers in the latest window:", ""]
        for d in a["drivers"]:
            cites = notes.cite_all(d["evidence"])
            example = _quote(d["evidence"][0]["sentence"], 200) if d["evidence"] else ""
            change = f", {d['delta']:+.2f} against the previous {a['window']}" if d["delta"] is not None else ""
            lines.append(f"- {d['plover']} ({d['component']}, {d['direction']}, {d['contribution']:+.2f}{change}): "
                         f"“{example}”{said_in(d['evidence'][0]) if d['evidence'] else ''} {cites}")
        lines.append("")
    return lines


def _changes(a: dict[str, Any], notes: Footnotes) -> list[str]:
    c = a["changes"]
    lines = ["## What changed since the last run", ""]
    if c["first_run"]:
        return lines + [f"This is the first recorded run for {a['dyad'] or 'all parties'} by {a['window']}; "
                        "the next brief (or `peacewatch assess`) lists what changed since.", ""]
    lines += [f"Since the run of {c['since']}: index {c['index_before']:+.2f} → {c['index_now']:+.2f} "
              f"({c['judgement_before']} → {c['judgement_now']}).", ""]
    resolved, rest = latest(c["resolved"])
    new, more = latest(c["new"])
    for item in resolved:
        what = item.get("plover") or "policy"
        lines.append(f"- resolved: [{item['before']} → {item['after']}] {what}: “{_quote(item['sentence'], 180)}” "
                     f"{notes.cite(item)}" + (f"; shown by “{_quote(item['resolved_by']['sentence'], 160)}” "
                                              f"{notes.cite(item['resolved_by'])}" if item.get("resolved_by") else ""))
    for item in new:
        lines.append(f"- new on the watch-list: [{item['status']}] {item.get('plover') or 'policy'}: "
                     f"“{_quote(item['sentence'], 180)}” {notes.cite(item)}")
    for s in c["scenarios"][:SHOWN]:
        lines.append(f"- scenario {s['before'] or 'new'} → {s['after']}: {_quote(s['title'], 160)}")
    lines += [note for note in (left_out(rest, "resolved items"), left_out(more, "new items"),
                                left_out(max(0, len(c["scenarios"]) - SHOWN), "scenario changes")) if note]
    if not (c["resolved"] or c["new"] or c["scenarios"]):
        lines.append("Nothing on the watch-list or in the scenarios changed.")
    return lines + [""]


def _indicators(a: dict[str, Any]) -> list[str]:
    if not a["indicators"]:
        return []
    lines = [f"## Indicators, latest {a['window']} against the one before", "",
             f"{ARROWS['up']}/{ARROWS['down']} against the previous window; {LEVEL} where the series changes level "
             f"(more than {a['weights']['level_change']['threshold']:g}× its earlier mean away from that mean).", "",
             "| indicator | now | before | trend | reads as |", "|---|---|---|---|---|"]
    quiet = []
    for row in a["indicators"]:
        if not row["value"] and not row["previous"]:
            quiet.append(row["label"])
            continue
        before = "–" if row["previous"] is None else f"{row['previous']:g}"
        flag = f" {LEVEL}" if row["level_change"] else ""
        lines.append(f"| {row['label']} | {row['value']:g} | {before} | {ARROWS.get(row['direction'], '–')}{flag} | "
                     f"{row['reading'] or '–'} |")
    lines.append("")
    if quiet:
        lines += [f"None in either window: {', '.join(quiet)}.", ""]
    return lines


def _windows(a: dict[str, Any]) -> list[str]:
    columns = ["events", "index", "goldstein_mean", "diplomacy", "talks", "prisoner_exchanges", "strikes", "killed",
               "injured", "intercepted", "sanctions_implemented", "sanctions_planned", "bad_faith"]
    heads = ["events", "index", "Goldstein mean", "diplomacy", "talks", "prisoner exchanges", "strikes", "killed",
             "injured", "intercepted", "sanctions", "sanctions planned", "bad faith"]
    lines = ["## Trend by window", "", f"| window | {' | '.join(heads)} |", "|---" * (len(heads) + 1) + "|"]
    for w in a["windows"]:
        cells = []
        for name in columns:
            value = w[name]
            text = f"{value:+.2f}" if name in ("index", "goldstein_mean") else f"{value:g}"
            cells.append(text + (f" {LEVEL}" if w["changes"][name]["level_change"] else ""))
        lines.append(f"| {_span(w)} | {' | '.join(cells)} |")
    return lines + [""]


def _scenarios(a: dict[str, Any], notes: Footnotes) -> list[str]:
    lines = ["## Scenarios", ""]
    if not a["scenarios"]:
        return lines + ["No conditional policy or phased plan was stated.", ""]
    scenarios, rest = latest(a["scenarios"])
    if rest:
        lines += [left_out(rest, "scenarios"), ""]
    for s in scenarios:
        reached = f", phase {s['current_phase']} observed" if s["kind"] == "phased plan" and s["current_phase"] else ""
        lines.append(f"**{_quote(s['title'], 220)}** ({md(s['actor'] or 'unattributed')}; {s['kind']}; "
                     f"status **{s['status']}**{reached}) {notes.cite_all(s['evidence'])}")
        lines.append("")
        if s["kind"] == "phased plan":
            for step in s["steps"]:
                lines.append(f"- Phase {step['phase']} [{step['status']}]: {_quote(step['action'], 200)}"
                             + _shown_by(step, notes))
            for b in s["branches"]:
                lines.append(f"- Branch [{b['outcome']}]: if {_quote(b['condition'], 140)} → "
                             f"{_quote(b['consequence'], 140)}")
        if s["signposts"]:
            lines.append("- Signposts:")
            for p in s["signposts"]:
                means = {"averts": f"averts “{_quote(p['branch'], 80)}”",
                         "condition met": f"condition met, leads to “{_quote(p['branch'], 80)}”",
                         "consequence": f"carries out “{_quote(p['branch'], 80)}”"}.get(p["means"], p["means"])
                lines.append(f"  - [{p['status']}] {md(p['text'])} — {means}" + _shown_by(p, notes))
        lines.append("")
    return lines


def _shown_by(item: dict[str, Any], notes: Footnotes) -> str:
    report = item.get("resolved_by")
    return f"; shown by “{_quote(report['sentence'], 160)}” {notes.cite(report)}" if report else ""


def _key_events(store: Store, notes: Footnotes) -> list[str]:
    lines = ["## Key events", ""]
    key_events = []
    for side in ("e.goldstein < 0", "e.goldstein >= 0"):  # the strongest of each direction, not just strikes
        key_events += store.query(f"""SELECT e.*, a.title, a.source AS outlet, a.url, a.published, a.language
            FROM events e JOIN articles a ON a.id = e.article_id WHERE e.modality IN ('asserted', 'claimed') AND {side}
            ORDER BY abs(e.goldstein) * e.confidence DESC, e.date, e.id LIMIT 7""")
    for e in sorted(key_events, key=lambda r: (r["date"] or date.min, r["id"])):
        who = f"{md(e['source_name'] or 'unknown')} → {md(e['target_name'] or 'unknown')}"
        item = {"article_id": e["article_id"], "url": e["url"], "source": e["outlet"], "title": e["title"],
                "date": e["date"].isoformat() if e["date"] else None, "published": _iso(e["published"])}
        figures = json.loads(e["quantities"] or "{}")
        extra = f" ({', '.join(f'{k} {v}' for k, v in figures.items())})" if figures else ""
        lines.append(f"- {item['date'] or 'undated'} **{e['plover']}** ({e['modality']}) {who}{extra}: "
                     f"“{_quote(e['sentence'])}”{said_in(e)} {notes.cite(item)}")
    return lines + [""]


def _positions(a: dict[str, Any], notes: Footnotes) -> list[str]:
    lines = ["## Positions by actor", ""]
    for country, items in sorted(a["positions"].items()):
        lines.append(f"**{md(country)}**")
        for p in items:
            lines.append(f"- {p['stance']} on {p['issue']} ({md(p['actor'] or country)}): “{_quote(p['text'], 220)}”"
                         f"{said_in(p)} {notes.cite(p)}")
        lines.append("")
    if a["stances"]:
        lines += [f"In the latest {a['window']}, by side:", ""]
        for side, kinds in a["stances"].items():
            for kind in ("new", "hardened", "dropped"):
                for p in kinds[kind]:
                    was = f" (was {p['before']})" if p.get("before") else ""
                    lines.append(f"- {md(side)} {kind}: {p['stance']} on {p['issue']}{was}: “{_quote(p['text'], 160)}” "
                                 f"{notes.cite(p)}")
            held = ", ".join(f"{p['stance']} on {p['issue']}" for p in kinds["outstanding"]) or "none"
            lines.append(f"- {md(side)} outstanding: {held}")
        lines.append("")
    return lines


def _casualties(store: Store, notes: Footnotes) -> list[str]:
    lines = ["## Casualty figures", ""]
    casualties = store.query("""SELECT e.*, a.title, a.source AS outlet, a.url, a.published, a.language FROM events e
        JOIN articles a ON a.id = e.article_id WHERE e.plover = 'ASSAULT' AND CAST(e.quantities AS VARCHAR) <> '{}'
        ORDER BY e.date, e.id""")
    shown, rest = latest(casualties)
    for e in shown:
        figures = json.loads(e["quantities"])
        item = {"article_id": e["article_id"], "url": e["url"], "source": e["outlet"], "title": e["title"],
                "date": e["date"].isoformat() if e["date"] else None, "published": _iso(e["published"])}
        place = f" in {md(e['location_name'])}" if e["location_name"] else ""
        lines.append(f"- {item['date'] or 'undated'}{place}: {', '.join(f'{k} {v}' for k, v in figures.items())} "
                     f"({e['modality']}) {notes.cite(item)}")
    if rest:
        lines.append(f"- {rest:,} earlier reports of figures are left out here; all are in the store's events.")
    if not casualties:
        lines.append("No figures reported.")
    return lines + [""]


def _policies(store: Store, a: dict[str, Any], notes: Footnotes) -> list[str]:
    lines = ["## Conditional policies and phases", ""]
    steps = store.query("""SELECT s.*, a.title, a.source AS outlet, a.url, a.published, a.language FROM policy_steps s
        JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.policy, s.phase""")
    steps, rest = latest(steps)
    if rest:
        lines.append(f"- {rest:,} earlier phases are left out here; all are in the store's policy_steps.")
    for s in steps:
        item = {"article_id": s["article_id"], "url": s["url"], "source": s["outlet"], "title": s["title"],
                "date": s["published"].isoformat() if s["published"] else None}
        lines.append(f"- Phase {s['phase']} ({md(s['actor_name'] or 'unattributed')}, {s['plover'] or 'untyped'}): "
                     f"{_quote(s['action'], 200)} {notes.cite(item)}")
    policies, more = latest([w for w in a["watch"] if w["kind"] == "policy"])
    if more:
        lines.append(f"- {left_out(more, 'conditional policies')}")
    for w in policies:
        lines.append(f"- {conditional_text(_quote(w['condition'], 160))} → {_quote(w['consequence'], 160)} "
                     f"({md(w['actor'] or 'unattributed')}; {w['status']}, {w['outcome']}) {notes.cite(w)}")
    if not steps and not policies:
        lines.append("None stated.")
    return lines + [""]


def _watch(a: dict[str, Any], notes: Footnotes) -> list[str]:
    lines = ["## Watch-list", ""]
    pending, rest = latest([w for w in a["watch"] if w["kind"] != "policy"])
    if rest:
        lines.append(left_out(rest, "watch items"))
    for w in pending:
        due = f", due {w['due']}" if w.get("due") else ""
        lines.append(f"- [{w['status']}] {w['plover']} ({w['kind']}{due}) {md(w['actor'] or 'unknown')} → "
                     f"{md(w['target'] or 'unknown')}: “{_quote(w['sentence'], 200)}” {notes.cite(w)}"
                     + _shown_by(w, notes))
    if not pending:
        lines.append("Nothing pending.")
    return lines + [""]
