"""The brief as one self-contained HTML page: the judgement, three SVG charts, tables, footnoted evidence.

The page loads nothing from anywhere: the CSS is inline and the charts are
inline SVG (`charts.py`), so it opens offline and prints. Every text from the store or the
assessment is escaped. Optional assessment keys (scenarios, changes,
indicators) get a section only when present; missing data gets a short note.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..assessment.index import HAPPENED
from ..store.store import Store
from . import charts
from .charts import esc, nodata, period

SHOWN = 50  # items a long list shows in a brief; assessment.json (and the store) hold them all


def _published(item: dict[str, Any]) -> str:
    """When an item became known: its own publication day, or its latest evidence's (a scenario)."""
    days = [str(item.get("published") or "")] + [str(e.get("published") or "") for e in _dicts(item.get("evidence"))]
    return max(days)


def latest(items: list, limit: int = SHOWN) -> tuple[list, int]:
    """The `limit` most recently published items, in their own order, and how many are left out: a brief
    of a large store stays readable, and assessment.json keeps every item."""
    if len(items) <= limit:
        return items, 0
    keep = sorted(sorted(range(len(items)), key=lambda n: (_published(items[n]), n))[-limit:])
    return [items[n] for n in keep], len(items) - limit


def left_out(count: int, what: str) -> str:
    return f"{count:,} earlier {what} are left out here; all of them are in assessment.json." if count else ""

LANGUAGES = {"uk": "Ukrainian", "ru": "Russian", "es": "Spanish", "fr": "French", "de": "German", "ar": "Arabic"}

NETWORK_SIZE = 15
TONES = {"happened": "good", "seen": "good", "met": "good", "done": "good", "resolved": "good",
         "pending": "wait", "planned": "wait", "open": "wait", "watch": "wait",
         "lapsed": "gone", "missed": "gone", "expired": "gone", "unmet": "gone", "not seen": "gone"}

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:980px;margin:0 auto;
padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;
margin-top:2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
.meta,.nodata,figcaption small{color:#666}.nodata{font-style:italic}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(110px,1fr));gap:.6rem;margin:1rem 0}
.summary div{border:1px solid #ddd;border-radius:6px;padding:.5rem .7rem}
.summary b{display:block;font-size:.75rem;color:#666;text-transform:uppercase;letter-spacing:.04em}
.summary span{font-size:1.15rem}
.judgement{font-size:1.1rem;padding:.6rem .8rem;border-left:5px solid #555;background:#f6f6f6}
.judgement.elevated{border-color:#1b7f5b}.judgement.moderate{border-color:#6aa84f}
.judgement.guarded{border-color:#e0a100}.judgement.low{border-color:#c0392b}
figure.chart{margin:1.2rem 0;border:1px solid #e3e3e3;border-radius:6px;padding:.6rem}
figure.chart svg{width:100%;height:auto;display:block}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font:11px system-ui,sans-serif;fill:#444}svg .grid{stroke:#eee}svg .axis{stroke:#999}
svg .zero{stroke:#555;stroke-dasharray:4 3}svg .band{stroke:#ccc;stroke-dasharray:2 3}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#fafafa}#trend td+td,#trend th+th{text-align:right;font-variant-numeric:tabular-nums}
.day{white-space:nowrap}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.8rem;background:#ddd;white-space:nowrap}
.badge.good{background:#d4efdf;color:#145a32}.badge.wait{background:#fdebd0;color:#7e5109}
.badge.gone{background:#e5e5e5;color:#555}
blockquote{margin:.3rem 0 .3rem 1rem;color:#333}sup.cite a{text-decoration:none;font-size:.75rem}
ol.notes li{margin:.2rem 0;word-break:break-word}nav a{margin-right:.8rem}
@media print{body{max-width:none;padding:0}figure.chart,tr,blockquote{break-inside:avoid}nav{display:none}}
"""


def _num(value: Any, fmt: str = "+.2f") -> str:
    try:
        return format(float(value), fmt)
    except (TypeError, ValueError):
        return "n/a"


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _badge(status: Any) -> str:
    label = str(status or "unknown")
    return f'<span class="badge {TONES.get(label.lower(), "")}">{esc(label)}</span>'


class Footnotes:
    """Numbers the cited articles in order of first citation; a citation links to its note."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.notes: list[str] = []

    def cite(self, item: Any) -> str:
        if not isinstance(item, dict):
            return ""
        key = str(item.get("article_id") or item.get("url") or item.get("title") or "")
        if not key:
            return ""
        if key not in self.keys:
            n = self.keys[key] = len(self.keys) + 1
            url = str(item.get("url") or "")
            link = f' <a href="{esc(url)}" rel="noreferrer">{esc(url)}</a>' if url.startswith(("http://", "https://")) else ""
            published = item.get("published") or item.get("date") or "undated"
            self.notes.append(f'<li id="fn-{n}">{esc(item.get("source") or "unknown source")}, '
                              f'“{esc(item.get("title") or item.get("article_id"))}”, {esc(published)}.{link}</li>')
        n = self.keys[key]
        return f'<sup class="cite"><a href="#fn-{n}">[{n}]</a></sup>'


def _quote(item: dict[str, Any], notes: Footnotes) -> str:
    """An evidence sentence in quotes with its footnote."""
    text = " ".join(str(item.get("sentence") or item.get("text") or "").split())
    language = item.get("language") or "en"
    if text and language not in ("en", "und"):  # quoted in its own language, marked as such
        return (f'<q lang="{esc(language)}">{esc(text)}</q> <span class="meta">(in '
                f'{esc(LANGUAGES.get(language, language))})</span> {notes.cite(item)}')
    return f"“{esc(text)}” {notes.cite(item)}" if text else notes.cite(item)


def actor_network(store: Store | None, size: int = NETWORK_SIZE) -> tuple[list[dict], list[dict]]:
    """The most active actors in events that happened, and their pairs split into cooperative and conflictual."""
    if store is None:
        return [], []
    happened = """SELECT source_name AS a, target_name AS b, quad_class IN (1, 2) AS cooperative FROM events
        WHERE modality = ANY(?) AND source_name IS NOT NULL AND target_name IS NOT NULL
        AND source_name <> target_name AND quad_class IS NOT NULL"""
    nodes = store.query(f"""WITH h AS ({happened}) SELECT name, count(*) AS n FROM
        (SELECT a AS name FROM h UNION ALL SELECT b FROM h) ends GROUP BY name ORDER BY n DESC, name LIMIT {int(size)}""",
                        [list(HAPPENED)])
    names = [n["name"] for n in nodes]
    edges = store.query(f"""WITH h AS ({happened}) SELECT least(a, b) AS a, greatest(a, b) AS b, cooperative,
        count(*) AS n FROM h WHERE a = ANY(?) AND b = ANY(?)
        GROUP BY least(a, b), greatest(a, b), cooperative ORDER BY n DESC, a, b, cooperative""", [list(HAPPENED), names, names])
    return nodes, edges


def _header(a: dict[str, Any]) -> str:
    evidence = a.get("evidence") if isinstance(a.get("evidence"), dict) else {}
    judgement = str(a.get("judgement") or "no evidence")
    cards = [("Index", _num(a.get("index"))), ("Trend", f"{a.get('trend') or 'n/a'} ({_num(a.get('trend_delta'))})"),
             ("Confidence", _num(a.get("confidence"), ".2f")), ("Signal", a.get("signal") or "n/a"),
             ("Events", evidence.get("events", 0)), ("Sources", evidence.get("sources", 0)),
             ("Articles", evidence.get("articles", 0))]
    return (f'<header><h1>peacewatch brief: {esc(a.get("dyad") or "all parties")}</h1>'
            f'<p class="meta">Generated {date.today().isoformat()}; window: {esc(a.get("window") or "week")}; '
            f'index on a -10..+10 scale.</p>'
            f'<p class="judgement {esc((judgement.split() or [""])[0])}"><strong>{esc(judgement.capitalize())}</strong></p>'
            f'<div class="summary">{"".join(f"<div><b>{k}</b><span>{esc(v)}</span></div>" for k, v in cards)}</div>'
            f'</header>')


def _drivers(drivers: list[dict[str, Any]], notes: Footnotes) -> str:
    if not drivers:
        return nodata("No drivers: no events in the latest window.")
    out = []
    for d in drivers:
        out.append(f'<h3>{esc(d.get("plover"))} <span class="meta">({esc(d.get("direction"))}, weight '
                   f'{_num(d.get("weight"))})</span></h3>')
        # Two events of one sentence are one piece of evidence.
        unique: dict[tuple, dict] = {}
        for item in _dicts(d.get("evidence")):
            unique.setdefault((item.get("sentence"), item.get("article_id")), item)
        out += [f"<blockquote>{_quote(item, notes)}</blockquote>" for item in unique.values()]
    return "".join(out)


def _table(head: list[str], rows: list[list[str]], empty: str) -> str:
    """Cells are HTML already."""
    if not rows:
        return nodata(empty)
    cells = lambda row, tag: "".join(f"<{tag}>{c}</{tag}>" for c in row)  # noqa: E731
    return (f"<table><thead><tr>{cells([esc(h) for h in head], 'th')}</tr></thead><tbody>"
            + "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows) + "</tbody></table>")


def _windows_table(windows: list[dict[str, Any]]) -> str:
    keys = ["events", "index", "goldstein_mean", "diplomacy", "strikes", "killed", "injured", "intercepted"]
    signed = {"index", "goldstein_mean"}
    rows = [[esc(period(w))] + [_num(w.get(k)) if k in signed else esc(w.get(k, "")) for k in keys] for w in windows]
    return _table(["window"] + [k.replace("_", " ") for k in keys], rows, "No windows.")


def _positions(positions: Any, notes: Footnotes) -> str:
    rows = []
    for country, items in sorted(positions.items(), key=lambda kv: str(kv[0])) if isinstance(positions, dict) else []:
        for p in _dicts(items):
            rows.append([esc(country), esc(p.get("actor") or country), esc(p.get("stance")), esc(p.get("issue")),
                         _quote(p, notes)])
    return _table(["country", "actor", "stance", "issue", "statement"], rows, "No positions stated.")


def _watch(watch: list[dict[str, Any]], notes: Footnotes) -> str:
    rows = []
    watch, rest = latest(watch)
    for w in watch:
        if w.get("kind") == "policy":
            what = f"{esc(conditional_text(w.get('condition')))} → {esc(w.get('consequence'))} {notes.cite(w)}"
        else:
            what = _quote(w, notes)
        who = f"{esc(w.get('actor') or 'unknown')} → {esc(w.get('target') or 'unknown')}" if w.get("kind") != "policy" \
            else esc(w.get("actor") or "unattributed")
        rows.append([_badge(w.get("status")), esc(w.get("kind")), esc(w.get("plover") or ""), who,
                     f'<span class="day">{esc(w.get("due") or "")}</span>', what])
    note = f'<p class="meta">{esc(left_out(rest, "watch items"))}</p>' if rest else ""
    return _table(["status", "kind", "type", "who", "due", "what"], rows, "Nothing pending.") + note


def _item(item: Any, notes: Footnotes) -> str:
    """One entry of a list whose shape may vary: a string, or a dict with some of the usual keys."""
    if not isinstance(item, dict):
        return f"<li>{esc(item)}</li>"
    head = " ".join(x for x in (_badge(item["status"]) if item.get("status") else "",
                                f"<b>{esc(item['plover'])}</b>" if item.get("plover") else "",
                                esc(item.get("actor") or "") + (f" → {esc(item['target'])}" if item.get("target") else ""))
                    if x)
    text = _quote(item, notes) if (item.get("sentence") or item.get("text")) else \
        f'{esc(item.get("title") or "")} {notes.cite(item)}'
    return f"<li>{head}{': ' if head else ''}{text}</li>"


def _scenarios(scenarios: list[dict[str, Any]], notes: Footnotes) -> str:
    if not scenarios:
        return nodata("No scenarios.")
    scenarios, rest = latest(scenarios)
    out = [f'<p class="meta">{esc(left_out(rest, "scenarios"))}</p>'] if rest else []
    for s in scenarios:
        out.append(f'<h3>{esc(s.get("title") or "Scenario")} <span class="meta">({esc(s.get("actor") or "unattributed")})'
                   f'</span></h3>')
        steps = []
        for step in _dicts(s.get("steps")):
            phase = step.get("phase") if step.get("phase") is not None else "?"
            plover = f' <b>{esc(step["plover"])}</b>' if step.get("plover") else ""
            steps.append(f'<li>{_badge(step.get("status"))} Phase {esc(phase)}: {esc(step.get("action"))}{plover}</li>')
        out.append(f'<ol>{"".join(steps)}</ol>' if steps else nodata("No steps."))
        signposts = [f'<li>{_badge(sp.get("status"))} {esc(sp.get("text"))}</li>' for sp in _dicts(s.get("signposts"))]
        if signposts:
            out.append(f'<p>Signposts:</p><ul>{"".join(signposts)}</ul>')
        out += [f"<blockquote>{_quote(item, notes)}</blockquote>" for item in _dicts(s.get("evidence"))]
    return "".join(out)


def _changes(changes: dict[str, Any], notes: Footnotes) -> str:
    if changes.get("first_run"):
        return ("<p>This is the first recorded run for this pair and window; the next brief (or "
                "<code>peacewatch assess</code>) lists what changed since.</p>")
    out = [f'<p>Since {esc(changes.get("since") or "the last run")}: index {_num(changes.get("index_before"))} → '
           f'{_num(changes.get("index_now"))}.</p>']
    for key, label in (("new", "New"), ("resolved", "Resolved")):
        items = changes.get(key) if isinstance(changes.get(key), list) else []
        out.append(f"<h3>{label}</h3>" + (f'<ul>{"".join(_item(i, notes) for i in items)}</ul>' if items
                                          else nodata("None.")))
    return "".join(out)


def _indicators(indicators: Any) -> str:
    """Extra indicators per window: a list of dicts, or a dict keyed by window; scalar values only."""
    if isinstance(indicators, dict):
        indicators = [{"window": k, **v} if isinstance(v, dict) else {"window": k, "value": v}
                      for k, v in indicators.items()]
    rows = _dicts(indicators)
    keys = list(dict.fromkeys(k for r in rows for k, v in r.items() if not isinstance(v, (dict, list))))
    return _table([k.replace("_", " ") for k in keys], [[esc(r.get(k, "")) for k in keys] for r in rows],
                  "No further indicators.")


def render_html(store: Store | None, assessment: dict[str, Any] | None, *, skipped=()) -> str:
    """The whole brief as one HTML document that needs no network."""
    a = assessment if isinstance(assessment, dict) else {}
    notes = Footnotes()
    windows = _dicts(a.get("windows"))
    unit = "day" if a.get("window") == "day" else "week"
    sections = [("drivers", "Drivers in the latest window", _drivers(_dicts(a.get("drivers")), notes))]
    if isinstance(a.get("changes"), dict):
        sections.append(("changes", "What changed since the last run", _changes(a["changes"], notes)))
    sections.append(("trend", "Trend", charts.violence_diplomacy(windows, unit) + charts.goldstein(windows, unit)
                     + _windows_table(windows)))
    if a.get("indicators"):
        sections.append(("indicators", "Further indicators", _indicators(a["indicators"])))
    sections.append(("network", "Who acts on whom", charts.network(*actor_network(store))))
    if isinstance(a.get("scenarios"), list):
        sections.append(("scenarios", "Scenarios", _scenarios(_dicts(a["scenarios"]), notes)))
    sections += [("positions", "Positions by actor", _positions(a.get("positions"), notes)),
                 ("watch", "Watch-list", _watch(_dicts(a.get("watch")), notes))]
    if skipped:
        items = [f"<li>{esc(s.get('skipped'))}: {esc(s.get('reason'))}</li>" for s in _dicts(list(skipped))]
        sections.append(("skipped", "Inputs skipped", f"<ul>{''.join(items)}</ul>"))
    sections.append(("sources", "Sources", f'<ol class="notes">{"".join(notes.notes)}</ol>' if notes.notes
                     else nodata("No sources cited.")))
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{esc(title)}</h2>{html}</section>' for key, title, html in sections)
    title = f"peacewatch brief: {a.get('dyad') or 'all parties'}"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><style>{CSS}</style></head><body>{_header(a)}<nav>{nav}</nav>{body}'
            f'</body></html>\n')


def conditional_text(condition: str | None) -> str:
    """'if X' as written; a bare condition gets its 'If'."""
    text = (condition or "").strip()
    return text[:1].upper() + text[1:] if re.match(r"(?i)(if|unless|should|until|only|once)\b", text) else f"If {text}"
