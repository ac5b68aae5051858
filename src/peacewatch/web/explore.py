"""The events explorer's selection, and the store's lists the other pages show (outlets, positions, articles).

A selection is parsed from query parameters once (`Selection.parse`), checked against the
vocabularies, and turned into SQL with `?` parameters only: user text is never spliced into SQL,
and a sort is one of the names in SORTS, each mapped to a fixed expression. Page sizes and
exports are bounded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from ..assessment.index import parse_dyad
from ..errors import ParameterError, PeacewatchError
from ..knowledge.codes import MODALITIES, PLOVER_TYPES
from ..store.store import Store

PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
EXPORT_LIMIT = 100_000  # rows in one CSV or Parquet export
MAX_TEXT = 500  # characters of a free-text filter (an outlet is at most 500 in the store)
SORTS = {  # name -> (SQL expression, what it is); ties always break by article and event id
    "date": ("e.date", "event date"),
    "published": ("a.published", "publication date"),
    "type": ("e.plover", "PLOVER type"),
    "modality": ("e.modality", "modality"),
    "goldstein": ("e.goldstein", "Goldstein weight"),
    "source": ("e.source_country", "who acts"),
    "target": ("e.target_country", "on whom"),
    "outlet": ("a.source", "outlet"),
    "article": ("a.id", "article"),
}
COLUMNS = """e.article_id, e.id, e.plover, e.cameo, e.modality, e.date, e.goldstein, e.quad_class,
    e.source_name, e.source_country, e.target_name, e.target_country, e.location_name, e.location_country,
    e.quantities, e.confidence, e.sentence, e."start", e."end", e.cluster_id, a.source AS outlet, a.title,
    a.published, a.url"""


@dataclass(frozen=True)
class Selection:
    """Which events, in which order, which page."""

    dyad: tuple[str, str] | None = None
    actor: str | None = None
    plover: str | None = None
    modality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    article: str | None = None
    sort: str = "date"
    descending: bool = True
    page: int = 1
    per_page: int = PER_PAGE
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, params: dict[str, str], *, strict: bool = True) -> "Selection":
        """From query parameters. With `strict`, the first bad value raises ParameterError; without it,
        bad values are dropped and listed in `problems` (a page shows them beside the form)."""
        problems: list[str] = []
        values: dict[str, Any] = {}

        def take(name: str, parse) -> None:
            text = (params.get(name) or "").strip()
            if not text:
                return
            try:
                values[name] = parse(text)
            except PeacewatchError as error:
                if strict:
                    raise ParameterError(f"{name}: {error}") from error
                problems.append(f"{name}: {error}")

        take("dyad", lambda t: parse_dyad(_short(t)))
        take("actor", _actor)
        take("plover", lambda t: _one_of(t.upper(), PLOVER_TYPES, "a PLOVER type"))
        take("modality", lambda t: _one_of(t.lower(), MODALITIES, "a modality"))
        take("date_from", _day)
        take("date_to", _day)
        take("outlet", _short)
        take("article", _short)
        take("sort", lambda t: _one_of(t.lower(), tuple(SORTS), "a sort"))
        take("order", lambda t: _one_of(t.lower(), ("asc", "desc"), "an order"))
        take("page", lambda t: bounded(t, 1, MAX_PAGE))
        take("per_page", lambda t: bounded(t, 1, MAX_PER_PAGE))
        order = values.pop("order", "desc")
        return cls(**values, descending=order == "desc", problems=tuple(problems))

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.dyad:
            a, b = self.dyad
            clauses.append("((e.source_country = ? AND e.target_country = ?) OR "
                           "(e.source_country = ? AND e.target_country = ?))")
            params += [a, b, b, a]
        if self.actor:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.actor, self.actor]
        for column, value in (("e.plover", self.plover), ("e.modality", self.modality), ("a.source", self.outlet),
                              ("e.article_id", self.article)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.date_from:
            clauses.append("e.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("e.date <= ?")
            params.append(self.date_to)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def order_by(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        return f" ORDER BY {SORTS[self.sort][0]} {direction} NULLS LAST, e.article_id, e.id"

    def params(self, **changes) -> dict[str, str]:
        """The selection as query parameters (for links: the next page, another sort, an export)."""
        chosen = replace(self, **changes) if changes else self
        out = {"dyad": "-".join(chosen.dyad) if chosen.dyad else "", "actor": chosen.actor or "",
               "plover": chosen.plover or "", "modality": chosen.modality or "",
               "date_from": chosen.date_from.isoformat() if chosen.date_from else "",
               "date_to": chosen.date_to.isoformat() if chosen.date_to else "", "outlet": chosen.outlet or "",
               "article": chosen.article or "", "sort": chosen.sort, "order": "desc" if chosen.descending else "asc",
               "page": str(chosen.page), "per_page": str(chosen.per_page)}
        defaults = {("sort", "date"), ("order", "desc"), ("page", "1"), ("per_page", str(PER_PAGE))}
        return {k: v for k, v in out.items() if v and (k, v) not in defaults}

    def query(self, **changes) -> str:
        return urlencode(self.params(**changes))


def _short(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ParameterError(f"at most {MAX_TEXT} characters")
    return text


def _actor(text: str) -> str:
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}|(?:IGO|NSA):[A-Z0-9_]{1,40}", code):
        raise ParameterError(f"an actor is a country code (RUS) or an organisation or group code (IGO:EU), "
                             f"not {text!r}")
    return code


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ParameterError(f"{value!r} is not {what}; one of: {', '.join(allowed)}")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ParameterError(f"a date is YYYY-MM-DD, not {text!r}") from error


def bounded(text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise ParameterError(f"a whole number from {low} to {high}, not {text!r}") from error
    if not low <= value <= high:
        raise ParameterError(f"a whole number from {low} to {high}, not {value}")
    return value


def events_page(store: Store, selection: Selection) -> dict[str, Any]:
    """One page of the selected events, the total they come to, and the page's place."""
    where, params = selection.where()
    total = store.query(f"SELECT count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id{where}",
                        params)[0]["n"]
    offset = (selection.page - 1) * selection.per_page
    rows = store.query(f"SELECT {COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id{where}"
                       f"{selection.order_by()} LIMIT ? OFFSET ?", params + [selection.per_page, offset])
    pages = max(1, -(-total // selection.per_page))
    return {"total": total, "page": selection.page, "per_page": selection.per_page, "pages": pages,
            "events": [_event_row(r) for r in rows]}


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}
    try:
        out["quantities"] = json.loads(row["quantities"] or "{}")
    except ValueError:
        out["quantities"] = {}
    return out


def events_table(store: Store, selection: Selection, *, limit: int = EXPORT_LIMIT):
    """The whole selection (every page, at most `limit` rows) as an Arrow table, and whether more matched."""
    where, params = selection.where()
    table = store.table(f"SELECT {COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id{where}"
                        f"{selection.order_by()} LIMIT ?", params + [limit + 1])
    return table.slice(0, limit), table.num_rows > limit


FORMULA = ("=", "+", "-", "@", "\t", "\r")  # how a spreadsheet cell starts a formula


def _cell(value):
    """A CSV cell: a date as ISO, and a text that a spreadsheet would run as a formula quoted with ' (the
    text comes from the news: a sentence beginning "=HYPERLINK(..." stays text)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def as_csv(table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow([_cell(v) for v in row.values()])
    return out.getvalue().encode("utf-8")


def as_parquet(table) -> bytes:
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def outlets(store: Store) -> list[dict[str, Any]]:
    """Every outlet (articles.source) with its articles, events and first and last publication."""
    rows = store.query("""SELECT a.source AS outlet, count(*) AS articles, coalesce(sum(e.n), 0) AS events,
            min(a.published) AS first_published, max(a.published) AS last_published
        FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM events GROUP BY article_id) e
            ON e.article_id = a.id
        GROUP BY a.source ORDER BY articles DESC, events DESC, outlet NULLS LAST""")
    return [{k: (v.isoformat() if isinstance(v, date) else int(v) if k == "events" else v) for k, v in r.items()}
            for r in rows]


def choices(store: Store) -> dict[str, list[str]]:
    """What the filter forms offer: the actors, types and outlets the store holds."""
    actors = [r["c"] for r in store.query("""SELECT c FROM (SELECT source_country AS c FROM events
        UNION ALL SELECT target_country FROM events) s WHERE c IS NOT NULL AND c <> 'UNK'
        GROUP BY c ORDER BY count(*) DESC, c LIMIT 200""")]
    sources = [r["s"] for r in store.query("""SELECT source AS s FROM articles WHERE source IS NOT NULL
        GROUP BY source ORDER BY count(*) DESC, source LIMIT 500""")]
    return {"actors": actors, "plover": list(PLOVER_TYPES), "modality": list(MODALITIES), "outlets": sources,
            "sorts": list(SORTS)}


def positions(store: Store, *, actor: str | None = None, issue: str | None = None,
              limit: int = 1_000) -> dict[str, Any]:
    """Stated positions grouped by actor (the most outspoken first), each actor's in order of publication, at
    most `limit` in all."""
    clauses, params = [], []
    if actor:
        clauses.append("p.actor_country = ?")
        params.append(_actor(actor))
    if issue:
        clauses.append("p.issue = ?")
        params.append(_short(issue))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.query(f"""SELECT coalesce(p.actor_country, 'UNK') AS actor, p.actor_name, p.issue, p.stance, p.text,
            p."start", p."end", a.id AS article_id, a.title, a.source AS outlet, a.published, a.url
        FROM positions p JOIN articles a ON a.id = p.article_id{where}
        ORDER BY count(*) OVER (PARTITION BY coalesce(p.actor_country, 'UNK')) DESC, actor, a.published NULLS LAST,
            a.id, p."start" LIMIT ?""", params + [limit + 1])  # the most outspoken actors first
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in rows[:limit]:
        r["published"] = r["published"].isoformat() if r["published"] else None
        grouped.setdefault(r["actor"], []).append(r)
    actors = [r["a"] for r in store.query("""SELECT coalesce(actor_country, 'UNK') AS a FROM positions
        GROUP BY a ORDER BY count(*) DESC, a LIMIT 200""")]
    issues = [r["i"] for r in store.query("SELECT issue AS i FROM positions GROUP BY issue ORDER BY issue")]
    return {"actors": grouped, "truncated": len(rows) > limit, "choices": {"actors": actors, "issues": issues}}


def latest_stances(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An actor's latest stance on each issue (items in order of publication)."""
    latest: dict[str, dict[str, Any]] = {}
    for item in items:
        latest[item["issue"]] = item
    return [latest[k] for k in sorted(latest)]


def articles(store: Store, *, page: int = 1, per_page: int = PER_PAGE, outlet: str | None = None) -> dict[str, Any]:
    """A page of articles, newest first, with their counts of events, positions and conditionals."""
    where, params = ("WHERE a.source = ?", [_short(outlet)]) if outlet else ("", [])
    total = store.query(f"SELECT count(*) AS n FROM articles a {where}", params)[0]["n"]
    rows = store.query(f"""SELECT a.id, a.title, a.source AS outlet, a.published, a.url, a.language,
            (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
            (SELECT count(*) FROM positions p WHERE p.article_id = a.id) AS positions,
            (SELECT count(*) FROM conditionals c WHERE c.article_id = a.id) AS conditionals
        FROM articles a {where} ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""",
                       params + [per_page, (page - 1) * per_page])
    for r in rows:
        r["published"] = r["published"].isoformat() if r["published"] else None
    return {"total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)),
            "articles": rows}
