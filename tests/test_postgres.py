"""PostgreSQL as a shared store: the same articles give the same store, assessment, brief and exports as
DuckDB; the query sandbox holds; several writers at once lose nothing.

The tests start their own server on 127.0.0.1 (tests/pgserver.py) and skip, saying why, when none can
be started. The store tests of test_store.py run on both backends too (the `new_store` fixture)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from peacewatch import Pipeline
from peacewatch.cli import main
from peacewatch.errors import QueryRefused, QueryTimeout
from peacewatch.report.brief import render
from peacewatch.settings import Settings
from peacewatch.store.export import export, gdelt_columns
from peacewatch.store.ingest import ingest
from peacewatch.store.load import load
from peacewatch.store.partitions import run
from peacewatch.store.sandbox import select
from peacewatch.store.store import TABLES, VIEWS, Store, column_names

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(coder="rules", batch_size=4)
WRITTEN = {"stored_at", "seen_at", "run_at", "loaded_at", "started", "finished"}  # the times of writing


def store_rows(location: str) -> dict[str, list]:
    """Every table's and view's rows, sorted, without the times of writing and the log of runs."""
    out = {}
    with Store(location, read_only=True) as store:
        for name in [*TABLES, *VIEWS]:
            if name in ("runs", "assessment_runs"):
                continue
            if name in TABLES:
                columns = [c for c in column_names(name) if c not in WRITTEN]
            else:
                columns = [c for c in store.select(f"SELECT * FROM {name} LIMIT 0")[0] if c not in WRITTEN]
            rows = store.select(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {name}")[1]
            if name == "lsh":  # PostgreSQL has no unsigned 64-bit type: a bucket is the BIGINT of the same bits
                rows = [(a, bucket % (1 << 64), day) for a, bucket, day in rows]
            out[name] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def both(news, tmp_path_factory, postgres_server) -> dict[str, str]:
    """The same news ingested into a DuckDB file and into a PostgreSQL database."""
    pipeline = Pipeline(SETTINGS)
    stores = {"duckdb": str(tmp_path_factory.mktemp("duck") / "store.duckdb"), "postgres": postgres_server.owner_url()}
    for location in stores.values():
        ingest([news], location, pipeline=pipeline)
    return stores


pytestmark = pytest.mark.model


def test_the_same_news_gives_the_same_store(both):
    duck, pg = store_rows(both["duckdb"]), store_rows(both["postgres"])
    assert duck == pg
    assert len(pg["articles"]) >= 15 and len(pg["events"]) > 100 and pg["skipped"] and pg["event_clusters"]


def test_the_same_assessment_and_brief(both, tmp_path):
    from peacewatch.assessment.index import assess

    briefs, assessments = {}, {}
    for name, location in both.items():
        with Store(location, read_only=True) as store:
            assessment = assess(store, window="week")
            assessments[name] = json.dumps(assessment, sort_keys=True, default=str)
            briefs[name] = render(store, assessment)
    assert assessments["duckdb"] == assessments["postgres"]
    assert briefs["duckdb"] == briefs["postgres"] and "## " in briefs["postgres"]


def test_the_same_exports(both, tmp_path):
    for fmt in ("gdelt", "plover", "jsonl"):
        written = {}
        for name, location in both.items():
            with Store(location, read_only=True) as store:
                export(store, fmt, tmp_path / f"{name}.{fmt}")
            written[name] = (tmp_path / f"{name}.{fmt}").read_text("utf-8")
            if fmt == "gdelt":  # but the day each store was written
                added = gdelt_columns().index("DATEADDED")
                written[name] = [line.split("\t")[:added] + line.split("\t")[added + 1:]
                                 for line in written[name].splitlines()]
        assert written["duckdb"] == written["postgres"] and written["postgres"], fmt
    import pyarrow.parquet as pq

    for name, location in both.items():
        with Store(location, read_only=True) as store:
            export(store, "parquet", tmp_path / name)
    for table in ("articles", "events", "positions", "event_clusters", "stories"):
        duck, pg = (pq.read_table(tmp_path / name / f"{table}.parquet") for name in both)
        assert duck.column_names == pg.column_names, table  # no rowid column on either
        assert duck.num_rows == pg.num_rows > 0, table


def test_load_into_postgres_gives_the_store_ingest_gives(news, both, tmp_path, postgres_url):
    report = run([news], tmp_path / "out", settings=SETTINGS, engine="local")
    assert not report.failed
    loaded = load(tmp_path / "out", postgres_url)
    assert loaded.loaded == report.partitions and loaded.identical == 1
    expected = store_rows(both["duckdb"])
    got = store_rows(postgres_url)
    got.pop("loads"), expected.pop("loads")
    assert got == expected


# -- the query sandbox --------------------------------------------------------------------------------------------

def test_queries_read_and_nothing_else(both, postgres_server):
    url = both["postgres"]
    result = select(url, "SELECT plover, count(*) AS n FROM events GROUP BY plover ORDER BY n DESC", limit=3)
    assert result.names == ["plover", "n"] and len(result.rows) == 3 and result.truncated
    refused = ["DELETE FROM articles", "DROP TABLE events", "UPDATE articles SET title = 'x'",
               "WITH gone AS (DELETE FROM events RETURNING id) SELECT count(*) FROM gone",
               "SELECT 1; DELETE FROM articles", "COPY articles TO '/tmp/out.csv'",
               "SELECT set_config('default_transaction_read_only', 'off', false)",
               "SELECT pg_terminate_backend(pg_backend_pid())", "select * from pg_read_file('/etc/passwd')",
               "SELECT pg_catalog.\"set_config\"('role', 'postgres', true)",
               "/* a comment */ INSERT INTO meta VALUES ('x', 'y')", "SELECT * FROM articles FOR UPDATE"]
    for sql in refused:
        with pytest.raises(QueryRefused):
            select(url, sql)
    with Store(url, read_only=True) as store:
        assert store.count("articles") >= 15 and store.count("meta") == 1  # nothing changed
    with pytest.raises(QueryTimeout):
        select(url, "SELECT pg_sleep(5)", timeout=0.5)
    superuser = url.replace("//peacewatch@", "//postgres@")
    with pytest.raises(QueryRefused, match="superuser"):
        select(superuser, "SELECT count(*) FROM articles")


def test_the_commands_take_a_postgresql_url(both, tmp_path, capsys):
    url = both["postgres"]
    assert main(["query", "SELECT count(*) AS n FROM stories", "--db", url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["n"] >= 10
    assert main(["export", "--format", "plover", "--db", url, "-o", str(tmp_path / "events.jsonl")]) == 0
    assert (tmp_path / "events.jsonl").read_text("utf-8").count("\n") > 100
    assert main(["assess", "--db", url]) == 0
    assert json.loads(capsys.readouterr().out)["dyad"]
    assert main(["query", "DELETE FROM articles", "--db", url]) == 2
    assert "refused" in capsys.readouterr().err


def test_brief_into_a_shared_store(news, tmp_path, postgres_url):
    assert main(["brief", str(news / "01_istanbul-talks-proposed.md"), "-o", str(tmp_path / "out"), "--db",
                 postgres_url, "--workers", "1", "--quiet"]) == 0
    assert (tmp_path / "out" / "brief.md").read_text("utf-8").startswith("#")
    assert not (tmp_path / "out" / "peacewatch.duckdb").exists()  # the store is the shared one
    with Store(postgres_url, read_only=True) as store:
        assert store.count("articles") == 1 and store.count("assessment_runs") == 1


# -- several writers ----------------------------------------------------------------------------------------------

def test_writers_at_once_lose_no_batch(postgres_url):
    """Four connections (as four machines would) write interleaved batches of wire copies at once: every
    article is stored once, and its story is one an article stored before it began."""
    from test_store import _wire_copies

    reports = _wire_copies()
    errors = []

    def write(share: list) -> None:
        try:
            with Store(postgres_url) as store:
                for start in range(0, len(share), 2):
                    store.write(share[start:start + 2])
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(reports[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with Store(postgres_url, read_only=True) as store:
        rows = store.query("SELECT id, story_id FROM articles")
        assert sorted(r["id"] for r in rows) == sorted(r.id for r in reports)
        assert store.count("signatures") == store.count("events") == len(reports)
        assert {r["story_id"] for r in rows} <= {r["id"] for r in rows}
        assert store.count("stories") < len(reports)  # copies written by different writers still joined
