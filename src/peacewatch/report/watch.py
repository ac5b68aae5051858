"""Watching sources: rounds of fetching, ingesting, assessing, writing the brief, and alerting.

    peacewatch watch SOURCES... [--every 15m] [--once] [--db STORE] [-o DIR] [--alerts FILE] [--webhook URL]

A source is a feed (RSS, Atom, JSON Feed), a sitemap, a page, or a file listing them one a line. Each
round fetches every source with a conditional GET (a 304 costs nothing more), fetches the pages of the
entries the store does not hold yet (an entry that carries its whole article needs no page), and writes
what it found as one JSONL file (in a temporary folder), which is ingested like any input: the store's
rules apply (an unchanged article is skipped, a copy joins its story). A source or page that fails is
recorded with its reason (the `sources` and `skipped` tables) and the others go on. Then the store is
assessed, the brief rewritten, and what changed since the previous round becomes alerts: JSON lines
appended to the alerts file, printed, and posted to the webhook (through the same SSRF guard).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..article import Skipped
from ..assessment.runs import TABLE as RUNS
from ..assessment.runs import utc_now
from ..errors import FetchError, InputError
from ..read.feeds import Item, article_id, item_record, page_of, parse
from ..read.fetch import Fetcher
from ..store import postgres
from ..store.store import Store
from .job import STORE_NAME, write_brief

MAX_ITEMS = 500  # entries read from one feed or sitemap per round
MAX_SITEMAPS = 20  # sitemaps an index may add per round


@dataclass
class RoundReport:
    at: str
    sources: int = 0
    not_modified: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)  # sources that could not be read
    entries: int = 0  # entries listed by the feeds and sitemaps
    known: int = 0  # entries the store already holds
    fetched: int = 0  # new articles found (pages fetched or entries carrying their article)
    skipped: list[dict[str, str]] = field(default_factory=list)  # entries whose page failed
    stored: int = 0
    events: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    brief: str | None = None
    seconds: float = 0.0


def read_sources(names: list[str]) -> list[str]:
    """The URLs of the sources: each name is a URL, or a file of URLs (one a line, # comments)."""
    urls: list[str] = []
    for name in names:
        if "://" in name:
            urls.append(name.strip())
            continue
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(name, f"not a URL, and not a readable file of URLs ({error})") from error
        urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return list(dict.fromkeys(urls))


def watch_round(sources: list[str], *, db: str | Path, out_dir: Path, pipeline, fetcher: Fetcher,
                alerts: Path | None = None, webhook: str | None = None, window: str | None = None,
                dyad: str | None = None, clock: Callable[[], datetime] = utc_now,
                always_assess: bool = True) -> RoundReport:
    """One round: fetch what is new, ingest it, assess, rewrite the brief, and alert on what changed.
    With `always_assess` False, a round that found nothing new leaves the assessment and brief as they
    are: the store has not changed, so neither have they (nor is there anything to alert on)."""
    started = time.perf_counter()
    now = clock()
    report = RoundReport(at=now.isoformat(timespec="seconds"), sources=len(sources))
    out_dir.mkdir(parents=True, exist_ok=True)
    with Store(db, wait=30) as store:
        known = {r[0] for r in store.select("SELECT id FROM articles")[1]}
        validators = {r["url"]: r for r in store.query("SELECT url, etag, last_modified FROM sources")}
    records: list[dict] = []
    statuses: list[tuple] = []
    queue = list(sources)
    while queue:
        url = queue.pop(0)
        seen = validators.get(url, {})
        try:
            response = fetcher.get(url, etag=seen.get("etag"), last_modified=seen.get("last_modified"))
            if response.not_modified:
                report.not_modified += 1
                statuses.append((url, seen.get("etag"), seen.get("last_modified"), now, "not modified", None, 0))
                continue
            listing = parse(response.page())
        except FetchError as error:
            report.failed.append({"source": url, "reason": error.reason})
            statuses.append((url, None, None, now, "failed", error.reason, 0))
            continue
        if listing.record is not None:
            items, found = [], [listing.record]
        else:
            items, found = listing.items[:MAX_ITEMS], []
            room = MAX_SITEMAPS - (len(queue) + len(records))
            queue += [s for s in listing.sitemaps[:max(0, room)] if s not in validators]
        report.entries += len(items)
        for item in items:
            record = _entry(item, listing.title, known, fetcher, report)
            if record is not None:
                found.append(record)
        for record in found:
            if record["id"] not in known:
                known.add(record["id"])
                records.append(record)
        statuses.append((url, response.headers.get("etag"), response.headers.get("last-modified"), now, "read",
                         None, len(items) or len(found)))
    report.fetched = len(records)
    assessment = None
    if records or always_assess:
        with tempfile.TemporaryDirectory(prefix="peacewatch-round-") as folder:
            paths = []
            if records:
                paths = [Path(folder) / f"fetched-{now.strftime('%Y%m%dT%H%M%S')}.jsonl"]
                paths[0].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                    encoding="utf-8")
            result = write_brief(paths, out_dir, pipeline=pipeline, window=window, dyad=dyad, clock=lambda: now,
                                 store=db)
        report.stored, report.events, report.brief = result["articles"], result["events"], result["brief"]
        assessment = result["assessment"]
    with Store(db, wait=30) as store:
        store.record_sources(statuses)
        if report.skipped:
            store.write([], [Skipped(s["path"], s["reason"]) for s in report.skipped])
        previous = _previous(store, assessment) if assessment else None
    report.alerts = alerts_of(assessment, previous, at=report.at) if assessment else []
    _send(report, alerts, webhook, fetcher)
    report.seconds = time.perf_counter() - started
    return report


def _entry(item: Item, source: str, known: set[str], fetcher: Fetcher, report: RoundReport) -> dict | None:
    """The record of a new entry (from the entry itself, or its fetched page), None when known or failed."""
    if not item.url:
        return None  # no link: nothing to name the article by (its id is its URL's digest) or to fetch
    if article_id(item.url) in known:
        report.known += 1
        return None
    record = item_record(item, source)
    if record is not None:
        return record
    try:
        return page_of(item, fetcher.get(item.url).page())
    except FetchError as error:
        report.skipped.append({"path": item.url, "reason": error.reason})
        return None


def _previous(store: Store, assessment: dict[str, Any]) -> dict[str, Any] | None:
    """The assessment recorded before this round's, for the same dyad and window."""
    rows = store.query(f"""SELECT assessment FROM {RUNS} WHERE dyad IS NOT DISTINCT FROM ? AND "window" = ?
                           ORDER BY run_at DESC, rowid DESC LIMIT 2""", [assessment["dyad"], assessment["window"]])
    return json.loads(rows[1]["assessment"]) if len(rows) == 2 else None


def alerts_of(assessment: dict[str, Any], previous: dict[str, Any] | None, *, at: str) -> list[dict[str, Any]]:
    """What changed since the previous assessment, each alert named by its `alert` field: "judgement" (the
    band moved), "watch" and "scenario" (an item's status moved: `before`, `after`), "indicator" (a level
    change not alerted before), "position" (a side's positions newly hardened in the latest window)."""
    if previous is None:
        return []
    base = {"at": at, "dyad": assessment["dyad"], "window": assessment["window"]}
    found = []
    if previous.get("band") != assessment["band"]:
        found.append({**base, "alert": "judgement", "before": previous.get("judgement"),
                      "after": assessment["judgement"], "index": assessment["index"]})
    changes = assessment.get("changes") or {}
    for item in changes.get("resolved", []):
        found.append({**base, **item, "alert": "watch"})
    for scenario in changes.get("scenarios", []):
        if scenario.get("before") is not None:
            found.append({**base, **scenario, "alert": "scenario"})
    before = {i["name"]: i for i in previous.get("indicators", [])}
    for indicator in assessment.get("indicators", []):
        old = before.get(indicator["name"], {})
        if indicator.get("level_change") and (not old.get("level_change") or old.get("value") != indicator["value"]):
            found.append({**base, "alert": "indicator", "name": indicator["name"], "label": indicator.get("label"),
                          "value": indicator["value"], "previous": indicator.get("previous"),
                          "direction": indicator.get("direction")})
    latest = (assessment.get("windows") or [{}])[-1]
    earlier = next((w for w in previous.get("windows", []) if w.get("start") == latest.get("start")), {})
    for side, moves in (latest.get("positions") or {}).items():
        had = ((earlier.get("positions") or {}).get(side) or {}).get("hardened", 0)
        if moves.get("hardened", 0) > had:
            found.append({**base, "alert": "position", "side": side, "hardened": moves["hardened"] - had,
                          "window_start": latest.get("start")})
    return found


def _send(report: RoundReport, alerts: Path | None, webhook: str | None, fetcher: Fetcher) -> None:
    if alerts is not None and report.alerts:
        with alerts.open("a", encoding="utf-8") as handle:
            for alert in report.alerts:
                handle.write(json.dumps(alert, default=str, ensure_ascii=False) + "\n")
    if webhook and report.alerts:
        try:
            fetcher.post_json(webhook, {"alerts": report.alerts})
        except FetchError as error:
            report.failed.append({"source": webhook, "reason": f"webhook: {error.reason}"})


def watch(sources: list[str], *, db: str | Path | None, out_dir: Path, pipeline, fetcher: Fetcher,
          every: float, once: bool = False, alerts: Path | None = None, webhook: str | None = None,
          window: str | None = None, dyad: str | None = None,
          on_round: Callable[[RoundReport], None] | None = None, rounds: int | None = None) -> list[RoundReport]:
    """Rounds every `every` seconds (one with `once`, or `rounds` of them), until interrupted."""
    db = db or out_dir / STORE_NAME
    done = []
    while True:
        began = time.monotonic()
        report = watch_round(sources, db=db, out_dir=out_dir, pipeline=pipeline, fetcher=fetcher, alerts=alerts,
                             webhook=webhook, window=window, dyad=dyad, always_assess=not done)
        done.append(report)
        if on_round:
            on_round(report)
        if once or (rounds is not None and len(done) >= rounds):
            return done
        time.sleep(max(0.0, every - (time.monotonic() - began)))


def describe(report: RoundReport, db: str | Path) -> str:
    return (f"round {report.at}: {report.sources} sources ({report.not_modified} not modified, "
            f"{len(report.failed)} failed), {report.entries} entries ({report.known} known), {report.fetched} new, "
            f"{report.stored} stored, {len(report.skipped)} skipped, {len(report.alerts)} alerts -> "
            f"{postgres.redacted(str(db))} [{report.seconds:.1f} s]")
