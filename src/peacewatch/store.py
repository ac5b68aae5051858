"""The embedded store: one DuckDB file holding every layer of every article.

Writing an article replaces all of its earlier rows in one transaction, so
the same article stored twice is stored once. Everything downstream (the
assessment, the brief) reads from here, never from the articles.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .article import ActorRef, Article, Skipped
from .contract import PIPELINE_VERSION
from .errors import StoreError

SCHEMA_VERSION = 1
ACTOR_COLUMNS = ("name", "country", "sector", "actor_id")
TABLES = {
    "articles": """id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, source VARCHAR, published DATE,
        language VARCHAR, truncated BOOLEAN, noise DOUBLE, origin VARCHAR, content_hash VARCHAR,
        pipeline_version VARCHAR, metadata JSON, text VARCHAR, raw VARCHAR, stored_at TIMESTAMP""",
    "repairs": """article_id VARCHAR, "start" INTEGER, "end" INTEGER, before VARCHAR, after VARCHAR, kind VARCHAR""",
    "mentions": """article_id VARCHAR, actor_id VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
        role VARCHAR, "start" INTEGER, "end" INTEGER, raw_start INTEGER, raw_end INTEGER, text VARCHAR,
        how VARCHAR, confidence DOUBLE""",
    "events": """article_id VARCHAR, id VARCHAR, sentence VARCHAR, "start" INTEGER, "end" INTEGER,
        raw_start INTEGER, raw_end INTEGER, trigger VARCHAR,
        source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_actor_id VARCHAR,
        target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_actor_id VARCHAR,
        plover VARCHAR, plover_mode VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
        modality VARCHAR, attributed_to VARCHAR, quantities JSON, location_name VARCHAR,
        location_country VARCHAR, lat DOUBLE, lon DOUBLE, date DATE, confidence DOUBLE,
        conditional_part VARCHAR""",
    "positions": """article_id VARCHAR, actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR,
        actor_id VARCHAR, issue VARCHAR, stance VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER,
        raw_start INTEGER, raw_end INTEGER""",
    "conditionals": """article_id VARCHAR, actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR,
        actor_id VARCHAR, condition VARCHAR, consequence VARCHAR, phase INTEGER, deadline DATE, text VARCHAR,
        "start" INTEGER, "end" INTEGER, raw_start INTEGER, raw_end INTEGER""",
    "policy_steps": """article_id VARCHAR, policy INTEGER, actor_name VARCHAR, actor_country VARCHAR,
        actor_sector VARCHAR, actor_id VARCHAR, phase INTEGER, action VARCHAR, plover VARCHAR,
        "start" INTEGER, "end" INTEGER, raw_start INTEGER, raw_end INTEGER""",
    "skipped": """path VARCHAR PRIMARY KEY, reason VARCHAR, seen_at TIMESTAMP""",
    "meta": """key VARCHAR PRIMARY KEY, value VARCHAR""",
    "assessment_runs": """run_at TIMESTAMP, dyad VARCHAR, "window" VARCHAR, assessment JSON""",
}


def _actor(ref: ActorRef | None) -> tuple:
    return (None,) * 4 if ref is None else (ref.name, ref.country, ref.sector, ref.actor_id)


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.raw.encode("utf-8")).hexdigest()


class Store:
    """A DuckDB file (or ':memory:'). Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False):
        import duckdb

        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as error:
            raise StoreError(f"cannot open store {self.path}: {error}. If another process is writing it, "
                             "wait for it to finish; if the file is damaged, move it aside and ingest again.") from error
        if not read_only:
            self._create()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _create(self) -> None:
        for name, columns in TABLES.items():
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    def write(self, articles: list[Article], skipped: list[Skipped] = ()) -> None:
        """Store a batch in one transaction, replacing earlier rows of the same articles."""
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
        for article in articles:
            self._rows(article, rows, now)
        rows["skipped"] = [(s.path, s.reason, now) for s in skipped]
        ids = [(a.id,) for a in articles]
        try:
            self.db.execute("BEGIN TRANSACTION")
            for table in ("repairs", "mentions", "events", "positions", "conditionals", "policy_steps"):
                self.db.executemany(f"DELETE FROM {table} WHERE article_id = ?", ids)
            self.db.executemany("DELETE FROM articles WHERE id = ?", ids)
            for table, values in rows.items():
                if values and table != "meta":
                    marks = ", ".join("?" * len(values[0]))
                    verb = "INSERT OR REPLACE" if table == "skipped" else "INSERT"
                    self.db.executemany(f"{verb} INTO {table} VALUES ({marks})", values)
            self.db.execute("COMMIT")
        except Exception as error:
            self.db.execute("ROLLBACK")
            raise StoreError(f"could not write {len(articles)} articles to {self.path}: {error}") from error

    def _rows(self, article: Article, rows: dict[str, list[tuple]], now: datetime) -> None:
        a = article.id
        rows["articles"].append((a, article.title, article.url, article.source, article.published, article.language,
                                 article.truncated, article.noise, article.origin, content_hash(article),
                                 PIPELINE_VERSION, json.dumps(article.metadata, default=str), article.text,
                                 article.raw, now))
        rows["repairs"] += [(a, r.start, r.end, r.before, r.after, r.kind) for r in article.repairs]
        for m in article.mentions:
            raw = article.raw_span(m.start, m.end)
            rows["mentions"].append((a, m.actor_id, m.name, m.country, m.sector, m.role, m.start, m.end, *raw,
                                     m.text, m.how, m.confidence))
        for e in article.events:
            location = e.location or {}
            rows["events"].append((
                a, e.id, article.sentence_text(e.sentence), e.start, e.end, e.raw_start, e.raw_end, e.trigger,
                *_actor(e.source), *_actor(e.target), e.plover, e.plover_mode, e.cameo, e.goldstein, e.quad_class,
                e.modality, e.attributed_to.name if e.attributed_to else None, json.dumps(e.quantities),
                location.get("name"), location.get("country"), location.get("lat"), location.get("lon"),
                e.date, e.confidence, e.conditional_part))
        rows["positions"] += [(a, *_actor(p.actor), p.issue, p.stance, p.text, p.start, p.end, p.raw_start,
                               p.raw_end) for p in article.positions]
        rows["conditionals"] += [(a, *_actor(c.actor), c.condition, c.consequence, c.phase, c.deadline, c.text,
                                  c.start, c.end, c.raw_start, c.raw_end) for c in article.conditionals]
        for n, policy in enumerate(article.policies):
            rows["policy_steps"] += [(a, n, *_actor(policy.actor), s.phase, s.action, s.plover, s.start, s.end,
                                      s.raw_start, s.raw_end) for s in policy.steps]

    def query(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        """Rows as dicts."""
        cursor = self.db.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"no table {table!r}; tables: {', '.join(TABLES)}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
