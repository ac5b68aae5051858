"""Exports: the store as files other tools read.

- parquet, csv: one file per table and view, in a folder;
- gdelt: a GDELT 2.0-style event file (tab-separated, no header, GDELT's 61
  columns in order), one row per event cluster that happened, with mention,
  source and article counts and the first report's URL;
- plover: PLOVER JSON records, one per coded event report, in the field names
  of the PLOVER gold-standard records plus peacewatch's modality, quantities,
  place and cluster; `event` is the type as PLOVER records intents (a promised
  cooperative act is AGREE, a promised hostile act THREATEN), `peacewatchEvent`
  peacewatch's own;
- jsonl: one object per article with every stored layer.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from datetime import date
from importlib import resources
from pathlib import Path
from typing import IO, Any

from ..errors import ExportError, StoreError
from ..knowledge.codes import plover_view
from .store import HAPPENED, TABLES, VIEWS, Store, column_names

FORMATS = ("parquet", "csv", "gdelt", "plover", "jsonl")
INTERNAL = {"lsh", "signatures", "meta"}


def gdelt_columns() -> list[str]:
    text = resources.files("peacewatch").joinpath("data/gdelt2-columns.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def export(store: Store, fmt: str, out: Path | IO[str]) -> int:
    """Write the store in `fmt`; returns the number of rows (tables for parquet/csv) written."""
    if fmt in ("parquet", "csv"):
        if not isinstance(out, Path):
            raise StoreError(f"--format {fmt} writes a folder of files: give -o DIR")
        return _tables(store, fmt, out)
    writers = {"gdelt": _gdelt, "plover": _plover, "jsonl": _jsonl}
    if fmt not in writers:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(out, Path):
        _writable(out, store)
        try:
            with out.open("w", encoding="utf-8", newline="") as handle:
                return writers[fmt](store, handle)
        except OSError as error:
            raise ExportError(f"cannot write {out}: {error.strerror or error}") from error
    return writers[fmt](store, out)


def _writable(out: Path, store: Store) -> None:
    """An export never creates folders above its output, and never writes over the store it reads."""
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {out.parent} does not exist; create it first")
    if store.path != ":memory:" and out.resolve() in {Path(store.path).resolve(), Path(f"{store.path}.wal").resolve()}:
        raise ExportError(f"-o {out} is the store being exported; choose another path")


def _tables(store: Store, fmt: str, folder: Path) -> int:
    _writable(folder, store)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create folder {folder}: {error.strerror or error}") from error
    if not folder.is_dir():
        raise ExportError(f"-o {folder} is a file; --format {fmt} writes a folder of files")
    names = [t for t in TABLES if t not in INTERNAL] + list(VIEWS)
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    import duckdb

    # DuckDB writes the files, from the store itself or from what PostgreSQL returns (the same format either way).
    writer = duckdb.connect() if store.postgres else store.db
    try:
        for name in names:
            target = str(folder / f"{name}.{fmt}").replace("'", "''")
            source = name
            if store.postgres:
                picked = ", ".join(f'"{c}"' for c in column_names(name)) if name in TABLES else "*"
                writer.register("_rows", store.table(f"SELECT {picked} FROM {name}"))
                source = "_rows"
            try:
                writer.execute(f"COPY (SELECT * FROM {source}) TO '{target}' ({options})")
            except duckdb.Error as error:
                raise ExportError(f"cannot write {folder / f'{name}.{fmt}'}: {str(error).splitlines()[0]}") from error
    finally:
        if store.postgres:
            writer.close()
    return len(names)


def _cameo_actor(country: str | None, sector: str | None) -> str:
    country = "" if country == "UNK" else country  # an unknown country has no code: "COP", not "UNKCOP"
    return f"{country or ''}{sector or ''}" if (country or sector) else ""


def _gdelt(store: Store, out: IO[str]) -> int:
    columns = gdelt_columns()
    clusters = store.query("""
        SELECT c.*, e.source_sector, e.source_actor_id, e.target_sector, e.target_actor_id, e.sentence_index,
               a.stored_at
        FROM event_clusters c JOIN events e ON e.id = c.first_event_id
        JOIN articles a ON a.id = e.article_id
        WHERE c.happened ORDER BY c.date, c.cluster_id""")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for c in clusters:
        day: date | None = c["date"]
        row: dict[str, Any] = {name: "" for name in columns}
        row.update({
            "GLOBALEVENTID": int(c["cluster_id"][:15], 16),
            "SQLDATE": day.strftime("%Y%m%d") if day else "",
            "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": day.year if day else "",
            "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
            "IsRootEvent": int((c["sentence_index"] or 0) < 3),
            "EventCode": c["cameo"], "EventBaseCode": (c["cameo"] or "")[:3],
            "EventRootCode": (c["cameo"] or "")[:2], "QuadClass": c["quad_class"],
            "GoldsteinScale": c["goldstein"], "NumMentions": c["mentions"], "NumSources": c["sources"],
            "NumArticles": c["articles"],
            "DATEADDED": c["stored_at"].strftime("%Y%m%d%H%M%S") if c["stored_at"] else "",
            "SOURCEURL": c["first_url"] or "",
        })
        for n, side in ((1, "source"), (2, "target")):
            sector = c[f"{side}_sector"]
            row.update({
                f"Actor{n}Code": _cameo_actor(c[f"{side}_country"], sector),
                f"Actor{n}Name": (c[f"{side}_name"] or "").upper(),
                f"Actor{n}CountryCode": c[f"{side}_country"] or "",
                f"Actor{n}KnownGroupCode": (c[f"{side}_actor_id"] or "") if sector in ("IGO", "NSA") else "",
                f"Actor{n}Type1Code": sector if sector not in (None, "IGO", "NSA") else "",
            })
        if c["location_name"] or c["location_country"]:
            city = c["location_name"] and c["location_name"] != c["location_country"]
            row.update({"ActionGeo_Type": 4 if city else 1,
                        "ActionGeo_FullName": ", ".join(x for x in (c["location_name"], c["location_country"]) if x),
                        "ActionGeo_Lat": "" if c["lat"] is None else round(c["lat"], 4),
                        "ActionGeo_Long": "" if c["lon"] is None else round(c["lon"], 4)})
        writer.writerow([row[name] for name in columns])
    return len(clusters)


def _actors(name: str | None, country: str | None, sector: str | None) -> list[dict[str, str]]:
    return [] if name is None and country is None else [
        {"actorText": name or "", "code": _cameo_actor(country, sector), "country": country or "",
         "sector": sector or ""}]


def _plover(store: Store, out: IO[str]) -> int:
    rows = store.query("""
        SELECT e.*, a.published, a.source AS outlet, a.url, a.language FROM events e
        JOIN articles a ON a.id = e.article_id ORDER BY a.published, e.article_id, e.id""")
    for e in rows:
        figures = json.loads(e["quantities"] or "{}")
        record = {
            "id": e["id"], "date": e["date"].isoformat() if e["date"] else None,
            "source": _actors(e["source_name"], e["source_country"], e["source_sector"]),
            "target": _actors(e["target_name"], e["target_country"], e["target_sector"]),
            "event": plover_view(e["plover"], e["modality"]), "mode": e["plover_mode"] or "", "context": "",
            "peacewatchEvent": e["plover"],
            "eventText": e["trigger"], "text": e["sentence"],
            "dead": figures.get("killed"), "injured": figures.get("injured"),
            "modality": e["modality"], "happened": e["modality"] in HAPPENED,
            "attributedTo": e["attributed_name"], "quantities": figures,
            "location": json.loads(e["location"]) if e["location"] else None,
            "cameo": e["cameo"], "goldstein": e["goldstein"], "quadClass": e["quad_class"],
            "cluster": e["cluster_id"], "publication": e["outlet"], "url": e["url"],
            "articleId": e["article_id"], "language": e["language"], "coder": "peacewatch",
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(rows)


def _jsonl(store: Store, out: IO[str]) -> int:
    stored = store.query("SELECT id, story_id, content_hash, pipeline_version FROM articles ORDER BY published, id")
    for story in stored:
        article = store.article(story.pop("id"))
        record = {
            "article": {"id": article.id, "title": article.title, "url": article.url, "source": article.source,
                        "published": article.published, "language": article.language,
                        "truncated": article.truncated, "noise": article.noise, "origin": article.origin,
                        "metadata": article.metadata, **story},
            "text": article.text,
            **{layer: [asdict(x) for x in getattr(article, layer)]
               for layer in ("repairs", "mentions", "events", "positions", "conditionals", "policies")},
        }
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return len(stored)
