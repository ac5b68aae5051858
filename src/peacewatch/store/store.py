"""The embedded store: one DuckDB file holding every layer of every article.

- Idempotent: writing an article replaces all of its earlier rows in one
  transaction; each article keeps the hash of its raw text and the pipeline
  version that made its rows, so an ingest skips what it already holds.
- Versioned: the schema version lives in the `meta` table; an older file is
  migrated on open, a newer one is refused (NewerSchemaError).
- Stories: each article is linked to the story it repeats (dedupe.py), so
  syndicated copies and rewrites count as one story.
- Event clusters: reports of the same real-world event (same type, dyad,
  place and day, and whether it happened) share a cluster_id; the view
  `event_clusters` counts their mentions, articles and sources once.

Batches are inserted as Arrow tables. Opening a file another process is
writing waits up to `wait` seconds, then raises StoreLockedError.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..article import ActorRef, Article, Conditional, Event, Mention, Policy, Position, Repair, Skipped, Step
from ..contract import PIPELINE_VERSION
from ..errors import (
    CorruptStoreError,
    NewerSchemaError,
    ReadOnlyQuery,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreNotFound,
)
from ..read.readers import printable
from . import dedupe, postgres

SCHEMA_VERSION = 4
HAPPENED = ("asserted", "claimed")
_ACTOR = "{p}_name VARCHAR, {p}_country VARCHAR, {p}_sector VARCHAR, {p}_actor_id VARCHAR"
_SPAN = '"start" INTEGER, "end" INTEGER, raw_start INTEGER, raw_end INTEGER'
TABLES = {
    "articles": """id VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR, published DATE,
        language VARCHAR, truncated BOOLEAN, noise DOUBLE, origin VARCHAR, content_hash VARCHAR,
        pipeline_version VARCHAR, metadata JSON, text VARCHAR, raw VARCHAR, stored_at TIMESTAMP,
        story_id VARCHAR, story_score DOUBLE""",
    "repairs": """article_id VARCHAR, "start" INTEGER, "end" INTEGER, before VARCHAR, after VARCHAR, kind VARCHAR""",
    "mentions": f"""article_id VARCHAR, actor_id VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
        role VARCHAR, {_SPAN}, text VARCHAR, how VARCHAR, confidence DOUBLE""",
    "events": f"""article_id VARCHAR, id VARCHAR, sentence VARCHAR, sentence_index INTEGER, {_SPAN},
        trigger VARCHAR, {_ACTOR.format(p="source")}, {_ACTOR.format(p="target")},
        plover VARCHAR, plover_mode VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
        modality VARCHAR, {_ACTOR.format(p="attributed")}, quantities JSON, location_name VARCHAR,
        location_country VARCHAR, lat DOUBLE, lon DOUBLE, location JSON, date DATE, confidence DOUBLE,
        conditional_part VARCHAR, cluster_id VARCHAR""",
    "positions": f"""article_id VARCHAR, {_ACTOR.format(p="actor")}, issue VARCHAR, stance VARCHAR, text VARCHAR,
        {_SPAN}""",
    "conditionals": f"""article_id VARCHAR, {_ACTOR.format(p="actor")}, condition VARCHAR, consequence VARCHAR,
        phase INTEGER, deadline DATE, text VARCHAR, {_SPAN}""",
    "policy_steps": f"""article_id VARCHAR, policy INTEGER, {_ACTOR.format(p="actor")}, phase INTEGER,
        action VARCHAR, plover VARCHAR, {_SPAN}""",
    "signatures": """article_id VARCHAR, published DATE, features INTEGER, minhash UBIGINT[],
        story_id VARCHAR, clusters VARCHAR[]""",
    "lsh": "article_id VARCHAR, bucket UBIGINT, published DATE",
    "skipped": "path VARCHAR PRIMARY KEY, reason VARCHAR, seen_at TIMESTAMP",
    "runs": """started TIMESTAMP, finished TIMESTAMP, status VARCHAR, stored INTEGER, unchanged INTEGER,
        skipped INTEGER, pipeline_version VARCHAR""",
    "assessment_runs": "run_at TIMESTAMP, dyad VARCHAR, \"window\" VARCHAR, assessment JSON",
    "loads": "partition VARCHAR PRIMARY KEY, loaded_at TIMESTAMP, articles INTEGER",
    "sources": """url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, checked_at TIMESTAMP, status VARCHAR,
        reason VARCHAR, items INTEGER""",
    "meta": "key VARCHAR PRIMARY KEY, value VARCHAR",
}
ARTICLE_TABLES = ("repairs", "mentions", "events", "positions", "conditionals", "policy_steps", "signatures", "lsh")
VIEWS = {  # in SQL that DuckDB and PostgreSQL both read
    # A cluster is described by its earliest report (by publication, article, event id), counted over all.
    "event_clusters": """
        WITH reports AS (
            SELECT e.*, a.source AS outlet, coalesce(a.url, a.id) AS link, a.published, a.story_id,
                   concat_ws('|', coalesce(CAST(a.published AS VARCHAR), '9999'), e.article_id, e.id) AS k
            FROM events e JOIN articles a ON a.id = e.article_id),
        earliest AS (
            SELECT DISTINCT ON (cluster_id) cluster_id, plover, cameo, source_name, source_country, target_name,
                   target_country, location_name, location_country, lat, lon, goldstein, quad_class,
                   link AS first_url, id AS first_event_id
            FROM reports ORDER BY cluster_id, k),
        counted AS (
            SELECT cluster_id, min(date) AS date, bool_or(modality IN ('asserted', 'claimed')) AS happened,
                   count(*) AS mentions, count(DISTINCT article_id) AS articles,
                   count(DISTINCT coalesce(outlet, article_id)) AS sources, count(DISTINCT story_id) AS stories,
                   max(CAST(quantities ->> 'killed' AS INTEGER)) AS killed,
                   max(CAST(quantities ->> 'injured' AS INTEGER)) AS injured, min(published) AS first_published
            FROM reports GROUP BY cluster_id)
        SELECT f.cluster_id, f.plover, f.cameo, f.source_name, f.source_country, f.target_name, f.target_country,
               f.location_name, f.location_country, f.lat, f.lon, c.date, c.happened, f.goldstein, f.quad_class,
               c.mentions, c.articles, c.sources, c.stories, c.killed, c.injured, f.first_url, c.first_published,
               f.first_event_id
        FROM earliest f JOIN counted c ON c.cluster_id = f.cluster_id""",
    "stories": """
        SELECT story_id, count(*) AS articles, count(DISTINCT coalesce(source, id)) AS sources,
               min(published) AS first_published,
               (array_agg(title ORDER BY published, id) FILTER (WHERE title IS NOT NULL AND published IS NOT NULL))[1]
                   AS title,
               array_agg(id ORDER BY id) AS members
        FROM articles GROUP BY story_id""",
}


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.raw.encode("utf-8")).hexdigest()


def cluster_id(event: Event) -> str:
    """The real-world event a report describes: type, the two sides (either order), place, day, happened."""
    sides = sorted(c or "" for c in ((event.source.country if event.source else None),
                                     (event.target.country if event.target else None)))
    place = (event.location or {}).get("name") or (event.location or {}).get("country") or ""
    key = "|".join([event.plover, *sides, place.lower(), str(event.date or ""), str(event.modality in HAPPENED)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _actor(ref: ActorRef | None) -> tuple:
    return (None,) * 4 if ref is None else (ref.name, ref.country, ref.sector, ref.actor_id)


def _ref(row: dict[str, Any], prefix: str) -> ActorRef | None:
    if row[f"{prefix}_name"] is None and row[f"{prefix}_actor_id"] is None:
        return None
    return ActorRef(row[f"{prefix}_name"], row[f"{prefix}_country"], row[f"{prefix}_sector"], row[f"{prefix}_actor_id"])


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def definitions(table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a table in TABLES."""
    parts = (part.split() for part in re.split(r",(?![^\[]*\])", TABLES[table]))
    return [(words[0].strip('"'), " ".join(words[1:])) for words in parts]


def column_names(table: str) -> list[str]:
    return [name for name, _ in definitions(table)]


LOCKED = re.compile(r"\b(?:lock|locked|locking)\b", re.I)  # a word: "block" in a checksum error is not a lock


def errors() -> tuple[type[BaseException], ...]:
    """The exceptions a store connection raises: DuckDB's, and psycopg's when it is installed."""
    import duckdb

    return (duckdb.Error, *postgres.error_types())


def _explain(error: Exception, path: str) -> StoreError:
    """Turn a DuckDB or PostgreSQL failure into the named error that says what to do."""
    text = str(error)
    if postgres.is_url(path):
        path = postgres.redacted(path)
        if "connection" in text and ("refused" in text or "failed" in text or "timeout" in text):
            return StoreError(f"cannot reach the PostgreSQL store {path}: {text.splitlines()[0]}. Is the "
                              "server running, and does the URL name its host, port, user and database?")
    if "not a valid DuckDB database" in text or "Could not read enough bytes" in text or "Corrupt" in text \
            or "checksum" in text.lower():
        return CorruptStoreError(
            f"store {path} is damaged or not a peacewatch store ({text.splitlines()[0]}). Move it aside "
            "and ingest the articles again; nothing else reads from it.")
    if LOCKED.search(text):
        holder = re.search(r"PID (\d+)", text)
        return StoreLockedError(
            f"store {path} is being written by another process{f' (PID {holder.group(1)})' if holder else ''}. "
            "Wait for it to finish (an ingest releases the file between batches), or pass --wait SECONDS.")
    if "No space left" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return StoreFullError(
            f"the disk holding {path} is full. Free space and run the ingest again: batches already "
            "committed are kept, the failed batch was rolled back and will be redone.")
    return StoreError(f"store {path}: {text}")


def connect(path: str | Path, *, read_only: bool = False, wait: float = 0.0, config: dict | None = None):
    """A DuckDB connection to the store file (waits up to `wait` seconds for a writer to let go), or a
    PostgreSQL one for a postgresql:// URL (postgres.py; `config` then holds server settings)."""
    import duckdb

    path = str(path)
    if postgres.is_url(path):
        try:
            return postgres.Connection(path, read_only=read_only, options=config)
        except errors() as error:
            raise _explain(error, path) from error
    if path != ":memory:":
        if read_only and not Path(path).exists():
            raise StoreNotFound(path)
        if not read_only:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder of store {path}: {error.strerror or error}") from error
    deadline = time.monotonic() + wait
    while True:
        try:
            db = duckdb.connect(path, read_only=read_only, config=config or {})
            if not (config or {}).get("lock_configuration"):
                db.execute("SET enable_progress_bar = false")  # no bar on the terminal from a long migration
            return db
        except duckdb.Error as error:
            named = _explain(error, path)
            if isinstance(named, StoreLockedError) and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            raise named from error


class Store:
    """A DuckDB file (or ':memory:'), or a PostgreSQL database (a postgresql:// URL) shared by several
    writers. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False, wait: float = 0.0):
        self.path = str(path)
        self.read_only = read_only
        self.postgres = postgres.is_url(self.path)
        self.db = connect(self.path, read_only=read_only, wait=wait)
        try:
            self._open()
        except BaseException:
            self.db.close()
            raise

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema ---------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        try:
            if "meta" not in self._tables():
                return 0
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except errors() as error:
            raise _explain(error, self.path) from error
        return int(row[0][0]) if row else 0

    def _tables(self) -> set[str]:
        return {r[0] for r in self.db.execute("""SELECT table_name FROM information_schema.tables
                                                 WHERE table_schema = current_schema()""").fetchall()}

    def _described(self, table: str) -> set[str]:
        return {r[0] for r in self.db.execute("""SELECT column_name FROM information_schema.columns
                                                 WHERE table_schema = current_schema() AND table_name = ?""",
                                              [table]).fetchall()}

    def _open(self) -> None:
        found = self.schema_version()
        if found > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"store {self.path} has schema version {found}, newer than this peacewatch understands "
                f"({SCHEMA_VERSION}). Upgrade peacewatch (pip install -U peacewatch), or ingest into a new file.")
        if self.read_only:
            if found < SCHEMA_VERSION:
                raise StoreError(f"store {self.path} has schema version {found}; open it once for writing "
                                 f"(e.g. `peacewatch ingest --db {self.path}` with no paths) to migrate it")
            return
        if found == SCHEMA_VERSION and set(TABLES) | set(VIEWS) <= self._tables():
            return  # nothing to migrate: no DDL (on PostgreSQL, no lock on the views) for every batch
        self._transaction(lambda: self._migrate(found))

    def _migrate(self, found: int) -> None:
        """Create what is missing (a table lost or added since), then bring an older file's rows up to
        this version."""
        for name in VIEWS:  # rebuilt below, over the tables as they end up
            self.db.execute(f"DROP VIEW IF EXISTS {name}")
        for name, columns in TABLES.items():
            if self.postgres:  # its types, and DuckDB's rowid: the order rows were written in
                columns = ", ".join(f'"{c}" {postgres.column_type(k)}' for c, k in definitions(name))
                columns += ", rowid BIGINT GENERATED ALWAYS AS IDENTITY"
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
            keyed = self.db.execute("""SELECT count(*) FROM information_schema.table_constraints
                                       WHERE table_schema = current_schema() AND table_name = ?
                                       AND constraint_type = 'PRIMARY KEY'""", [name]).fetchall()
            if keyed[0][0] and "PRIMARY KEY" not in columns:
                # Version 3 dropped the keys of the large tables: DuckDB rewrites a key's whole index at
                # every checkpoint, a cost that grew with the store (ingest and load keep ids unique).
                self.db.execute(f"CREATE TABLE _{name}_unkeyed AS SELECT * FROM {name}")
                self.db.execute(f"DROP TABLE {name}")
                self.db.execute(f"ALTER TABLE _{name}_unkeyed RENAME TO {name}")
            had = self._described(name)
            for column, kind in definitions(name):
                if column not in had:
                    kind = postgres.column_type(kind) if self.postgres else kind
                    self.db.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {kind.replace("PRIMARY KEY", "")}')
        if found == 1:
            self._migrate_1_to_2()
        elif found == 2:  # version 3 keeps with each signature what story linking compares it by
            self.db.execute("""UPDATE lsh SET published = s.published FROM signatures s
                               WHERE s.article_id = lsh.article_id""")
            self.db.execute("""UPDATE signatures SET story_id = coalesce(a.story_id, a.id) FROM articles a
                               WHERE a.id = signatures.article_id""")
            self.db.execute("""UPDATE signatures SET clusters = e.clusters
                               FROM (SELECT article_id, list(DISTINCT cluster_id ORDER BY cluster_id) AS clusters
                                     FROM events GROUP BY article_id) e
                               WHERE e.article_id = signatures.article_id""")
        if self.postgres:  # PostgreSQL finds rows by index (DuckDB scans, skipping row groups by their bounds)
            for table, column in (("articles", "id"), ("lsh", "bucket, published"),
                                  *((t, "article_id") for t in ARTICLE_TABLES)):
                self.db.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column.split(',')[0]} ON {table} ({column})")
        for name, sql in VIEWS.items():
            self.db.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
        self.db.execute("""INSERT INTO meta (key, value) VALUES ('schema_version', ?)
                           ON CONFLICT (key) DO UPDATE SET value = excluded.value""", [str(SCHEMA_VERSION)])

    def _migrate_1_to_2(self) -> None:
        """Version 2 added stories, event clusters, attribution actors, signatures and the run log."""
        if "attributed_to" in self._described("events"):
            # version 1 kept only the claimer's name
            self.db.execute("UPDATE events SET attributed_name = attributed_to WHERE attributed_name IS NULL")
        rows = self.db.execute("""SELECT rowid, plover, source_country, target_country, location_name,
                                  location_country, date, modality FROM events""").fetchall()
        for rowid, plover, sc, tc, place, country, day, modality in rows:
            e = Event("", 0, 0, 0, "", "", plover, "", 0.0, 0, modality,
                      source=ActorRef("", sc, "", "") if sc else None, target=ActorRef("", tc, "", "") if tc else None,
                      location={"name": place, "country": country} if place or country else None, date=_iso(day))
            self.db.execute("UPDATE events SET cluster_id = ? WHERE rowid = ?", [cluster_id(e), rowid])
        clusters: dict[str, set[str]] = {}
        for article_id, cluster in self.db.execute("SELECT article_id, cluster_id FROM events").fetchall():
            clusters.setdefault(article_id, set()).add(cluster)
        links = self._link_stories([dedupe.sign(a, text or "", _iso(day), clusters.get(a, set())) for a, text, day in
                                    self.db.execute("SELECT id, text, published FROM articles ORDER BY published, id"
                                                    ).fetchall()])
        self.db.executemany("UPDATE articles SET story_id = ?, story_score = ? WHERE id = ?", links)

    def _transaction(self, work) -> Any:
        """Run `work` in one transaction. On PostgreSQL it first takes the store's writer lock, so
        writers on several machines commit one at a time (DuckDB has one writer per file)."""
        self.db.execute("BEGIN TRANSACTION")
        try:
            if self.postgres:
                self.db.execute(f"SELECT pg_advisory_xact_lock({postgres.WRITER_LOCK})")
            result = work()
            self.db.execute("COMMIT")
            return result
        except BaseException as error:
            try:
                self.db.execute("ROLLBACK")
            except errors():
                pass
            if isinstance(error, (*errors(), OSError)):
                raise _explain(error, self.path) from error
            raise

    # -- writing --------------------------------------------------------------------------------------------

    def write(self, articles: list[Article], skipped: list[Skipped] = (), *, link: bool = True) -> list[Skipped]:
        """Store a batch in one transaction, replacing earlier rows of the same articles. Returns the
        articles that could not be stored, as Skipped with the reason; the rest of the batch commits.
        An empty batch writes nothing. `link=False` stores signatures without linking stories: a
        partition of a distributed run, linked when it is loaded (load.py)."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if not articles and not skipped:
            return []
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
        refused: list[Skipped] = []
        good: list[Article] = []
        last = {article.id: n for n, article in enumerate(articles)}
        for n, article in enumerate(articles):
            if last[article.id] != n:
                later = articles[last[article.id]]
                refused.append(Skipped(article.origin or article.id, f"another record in the same batch has the id "
                                       f"{article.id!r} ({later.origin}) and replaced this one; ids must be unique"))
                continue
            mine: dict[str, list[tuple]] = {name: [] for name in TABLES}
            try:
                self._rows(article, mine, now)
            except (TypeError, ValueError, OverflowError, IndexError, KeyError) as error:
                refused.append(Skipped(article.origin or article.id, f"article {article.id!r} cannot be stored: "
                                                                     f"{type(error).__name__}: {error}"))
                continue
            good.append(article)
            for name, values in mine.items():
                rows[name] += values
        rows["skipped"] = [_skipped(s, now) for s in [*skipped, *refused]]
        try:
            self._transaction(lambda: self._write_rows(good, rows, link))
        except (StoreLockedError, StoreFullError, CorruptStoreError):
            raise
        except StoreError:
            if not good:
                raise
            # An article's rows broke the batch: store the articles one by one, and skip the ones that fail.
            refused += self._write_each(good, rows["skipped"], now, link)
        return refused

    def _write_each(self, articles: list[Article], skipped_rows: list[tuple], now: datetime,
                    link: bool) -> list[Skipped]:
        refused = []
        for article in articles:
            rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
            self._rows(article, rows, now)
            try:
                self._transaction(lambda: self._write_rows([article], rows, link))
            except (StoreLockedError, StoreFullError, CorruptStoreError):
                raise
            except StoreError as error:
                refused.append(Skipped(article.origin or article.id,
                                       f"article {article.id!r} cannot be stored: {error}"))
        rows = {name: [] for name in TABLES}
        rows["skipped"] = skipped_rows + [_skipped(s, now) for s in refused]
        self._transaction(lambda: self._write_rows([], rows, link))
        return refused

    def _write_rows(self, articles: list[Article], rows: dict[str, list[tuple]], link: bool = True) -> None:
        self._forget([a.id for a in articles])
        if articles:
            self.db.execute("DELETE FROM skipped WHERE path = ANY(?)", [[a.origin for a in articles]])
        signed = [dedupe.sign(a.id, a.text or a.raw, a.published, {cluster_id(e) for e in a.events}) for a in articles]
        if link:
            links = {article_id: (story, score) for story, score, article_id in self._link_stories(signed)}
            rows["articles"] = [(*row[:-2], *links[row[0]]) for row in rows["articles"]]
        else:
            dedupe.insert_signed(self._insert, signed, [(i.id, None, i.id) for i in signed])
        for table in ("articles", "repairs", "mentions", "events", "positions", "conditionals", "policy_steps"):
            self._insert(table, rows[table])
        if rows["skipped"]:
            paths = list(dict.fromkeys(r[0] for r in rows["skipped"]))
            rows["skipped"] = list({r[0]: r for r in rows["skipped"]}.values())  # one row per path: the last reason
            self.db.execute("DELETE FROM skipped WHERE path = ANY(?)", [paths])
            self._insert("skipped", rows["skipped"])

    def _forget(self, ids: list[str]) -> None:
        """Delete every row of the articles among `ids` that are stored (a new article costs no search
        of the other tables)."""
        stored = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE id = ANY(?)",
                                                [ids]).fetchall()] if ids else []
        if stored:
            for table in ARTICLE_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE article_id = ANY(?)", [stored])
            self.db.execute("DELETE FROM articles WHERE id = ANY(?)", [stored])

    def _insert(self, table: str, values: list[tuple]) -> None:
        """Bulk insert through Arrow: one statement per table per batch."""
        if not values:
            return
        if self.postgres:
            self.db.insert(table, definitions(table), values)
            return
        import pyarrow as pa

        names = column_names(table)
        batch = pa.table({name: [row[i] for row in values] for i, name in enumerate(names)})
        self.db.register("_batch", batch)
        try:
            self.db.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
        finally:
            self.db.unregister("_batch")

    def _link_stories(self, signed: list[dedupe.Signed]) -> list[tuple[str, float | None, str]]:
        """Link each signed article to its story and store its signature and buckets (dedupe.link)."""
        return dedupe.link(self.db, signed, self._insert)

    def _rows(self, article: Article, rows: dict[str, list[tuple]], now: datetime) -> None:
        a = article.id
        rows["articles"].append((a, article.title, article.url, article.source, dedupe.day(article.published),
                                 article.language, article.truncated, float(article.noise), article.origin,
                                 content_hash(article), PIPELINE_VERSION,
                                 json.dumps(article.metadata, default=str, ensure_ascii=False), article.text,
                                 article.raw, now, a, None))
        rows["repairs"] += [(a, r.start, r.end, r.before, r.after, r.kind) for r in article.repairs]
        for m in article.mentions:
            rows["mentions"].append((a, m.actor_id, m.name, m.country, m.sector, m.role, m.start, m.end,
                                     *article.raw_span(m.start, m.end), m.text, m.how, float(m.confidence)))
        for e in article.events:
            location = e.location or {}
            sentence = article.sentence_text(e.sentence) if 0 <= e.sentence < len(article.sentences) else None
            rows["events"].append((
                a, e.id, sentence, e.sentence, e.start, e.end, e.raw_start, e.raw_end, e.trigger,
                *_actor(e.source), *_actor(e.target), e.plover, e.plover_mode, e.cameo, float(e.goldstein),
                e.quad_class, e.modality, *_actor(e.attributed_to), json.dumps(e.quantities),
                location.get("name"), location.get("country"), _float(location.get("lat")),
                _float(location.get("lon")), json.dumps(e.location, ensure_ascii=False) if e.location else None,
                dedupe.day(e.date), float(e.confidence), e.conditional_part, cluster_id(e)))
        rows["positions"] += [(a, *_actor(p.actor), p.issue, p.stance, p.text, p.start, p.end, p.raw_start,
                               p.raw_end) for p in article.positions]
        rows["conditionals"] += [(a, *_actor(c.actor), c.condition, c.consequence, c.phase, dedupe.day(c.deadline),
                                  c.text, c.start, c.end, c.raw_start, c.raw_end) for c in article.conditionals]
        for n, policy in enumerate(article.policies):
            rows["policy_steps"] += [(a, n, *_actor(policy.actor), s.phase, s.action, s.plover, s.start, s.end,
                                      s.raw_start, s.raw_end) for s in policy.steps]

    def record_sources(self, rows: list[tuple]) -> None:
        """Keep each watched source's last check: (url, etag, last_modified, checked_at, status, reason, items)."""
        def write() -> None:
            self.db.execute("DELETE FROM sources WHERE url = ANY(?)", [[r[0] for r in rows]])
            self._insert("sources", rows)

        if rows:
            self._transaction(write)

    def record_run(self, started: datetime, status: str, stored: int, unchanged: int, skipped: int) -> None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self._transaction(lambda: self.db.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                                                  [started, now, status, stored, unchanged, skipped,
                                                   PIPELINE_VERSION]))

    # -- reading --------------------------------------------------------------------------------------------

    def query(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        """Rows as dicts."""
        names, rows = self.select(sql, params)
        return [dict(zip(names, row)) for row in rows]

    def select(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Column names and rows of one statement; on a read-only store a write is a ReadOnlyQuery."""
        try:
            cursor = self.db.execute(sql, params or [])
            return ([d[0] for d in cursor.description] if cursor.description else []), cursor.fetchall()
        except errors() as error:
            first = str(error).splitlines()[0]
            if self.read_only and "read-only" in str(error):
                raise ReadOnlyQuery(f"the store is open read-only and this statement would change it: {first}") \
                    from error
            raise StoreError(f"query failed: {first}") from error

    def table(self, sql: str, params: list | None = None, *, kind: str = "arrow"):
        """A query's result as an Arrow table (kind="arrow"), a pandas ("pandas") or polars ("polars") frame."""
        try:
            result = self.db.sql(sql, params=params or None).to_arrow_table()
        except errors() as error:
            raise StoreError(f"query failed: {str(error).splitlines()[0]}") from error
        if kind == "arrow":
            return result
        if kind == "pandas":
            return result.to_pandas()
        if kind == "polars":
            try:
                import polars
            except ImportError as error:
                raise StoreError("polars is not installed: pip install polars") from error
            return polars.from_arrow(result)
        raise StoreError(f"kind must be arrow, pandas or polars, not {kind!r}")

    def count(self, table: str) -> int:
        if table not in TABLES and table not in VIEWS:
            raise StoreError(f"no table {table!r}; tables: {', '.join([*TABLES, *VIEWS])}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def known(self) -> dict[str, tuple[str, str]]:
        """Every stored article: id -> (content hash, pipeline version)."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT id, content_hash, pipeline_version FROM articles").fetchall()}

    def article(self, article_id: str) -> Article:
        """An article rebuilt from its stored rows (text and every stored layer; no tokens)."""
        found = self.query("SELECT * FROM articles WHERE id = ?", [article_id])
        if not found:
            raise StoreError(f"no article {article_id!r} in {self.path}")
        r = found[0]
        a = Article(id=r["id"], raw=r["raw"], title=r["title"], url=r["url"], source=r["source"],
                    published=_iso(r["published"]), language=r["language"], origin=r["origin"],
                    metadata=json.loads(r["metadata"] or "{}"), text=r["text"], truncated=r["truncated"],
                    noise=r["noise"])
        rows = {t: self.query(f'SELECT * FROM {t} WHERE article_id = ? ORDER BY rowid', [article_id])
                for t in ("repairs", "mentions", "events", "positions", "conditionals", "policy_steps")}
        a.repairs = [Repair(x["start"], x["end"], x["before"], x["after"], x["kind"]) for x in rows["repairs"]]
        a.mentions = [Mention(x["start"], x["end"], x["text"], x["actor_id"], x["name"], x["country"], x["sector"],
                              x["role"], x["how"], x["confidence"]) for x in rows["mentions"]]
        a.events = [Event(x["id"], x["sentence_index"], x["start"], x["end"], x["trigger"], x["cameo"], x["plover"],
                          x["plover_mode"], x["goldstein"], x["quad_class"], x["modality"], _ref(x, "source"),
                          _ref(x, "target"), _ref(x, "attributed"), json.loads(x["quantities"] or "{}"),
                          json.loads(x["location"]) if x["location"] else None, _iso(x["date"]), x["confidence"],
                          x["raw_start"], x["raw_end"], x["conditional_part"]) for x in rows["events"]]
        a.positions = [Position(_ref(x, "actor"), x["issue"], x["stance"], x["text"], x["start"], x["end"],
                                x["raw_start"], x["raw_end"]) for x in rows["positions"]]
        a.conditionals = [Conditional(_ref(x, "actor"), x["condition"], x["consequence"], x["phase"], x["text"],
                                      x["start"], x["end"], x["raw_start"], x["raw_end"], _iso(x["deadline"]))
                          for x in rows["conditionals"]]
        policies: dict[int, Policy] = {}
        for x in rows["policy_steps"]:
            policies.setdefault(x["policy"], Policy(_ref(x, "actor"), [])).steps.append(
                Step(x["phase"], x["action"], x["plover"], x["start"], x["end"], x["raw_start"], x["raw_end"]))
        a.policies = [policies[k] for k in sorted(policies)]
        return a


def _skipped(item: Skipped, now: datetime) -> tuple:
    """A skipped input's row: its path and reason as text any store holds (no NUL: PostgreSQL refuses it)."""
    return printable(item.path).replace("\x00", "\ufffd"), printable(item.reason).replace("\x00", "\ufffd"), now


def _float(value) -> float | None:
    return None if value is None else float(value)
