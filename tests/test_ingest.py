"""Ingest through the command line: idempotent, resumable after SIGKILL, readable, exportable."""

import csv
import json
import signal
import subprocess
import sys

import duckdb
import pytest
from conftest import EXAMPLES

from peacewatch.store.export import gdelt_columns
from peacewatch.store.ingest import ingest
from peacewatch.store.store import Store

pytestmark = pytest.mark.model
TOTAL = 40
CITIES = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Sumy", "Kherson", "Lviv", "Mykolaiv"]


def cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "peacewatch.cli", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)


def write_articles(folder, count):
    """Short distinct reports, one per file: a strike, its toll, and talk of a meeting."""
    folder.mkdir()
    for n in range(count):
        city = CITIES[n % len(CITIES)]
        day = 1 + n % 28
        (folder / f"report-{n:02d}.md").write_text(
            f"---\npublished: 2025-06-{day:02d}\nsource: Outlet {n % 5}\n---\n"
            f"# Strike on {city}, report {n}\n\n"
            f"Russian forces struck {city} overnight, killing {n + 2} people and injuring {n + 10}, "
            f"regional officials said on Tuesday. Ukraine's air force said it shot down {20 + n} drones.\n\n"
            f"Ukrainian President Volodymyr Zelenskyy said he was ready to meet Vladimir Putin in Istanbul "
            f"if Russia agreed to a ceasefire. Kremlin spokesman Dmitry Peskov said talks could resume "
            f"next week.\n", encoding="utf-8")
    return folder


def test_ingest_killed_mid_way_loses_nothing_and_the_rerun_finishes(tmp_path, pipeline_hybrid):
    inputs = write_articles(tmp_path / "in", TOTAL)
    config = tmp_path / "small-batches.toml"
    config.write_text("batch_size = 2\n", encoding="utf-8")
    db = tmp_path / "pw.duckdb"
    process = subprocess.Popen([sys.executable, "-m", "peacewatch.cli", "ingest", str(inputs), "--db", str(db),
                                "--config", str(config)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True)
    committed = 0
    for line in process.stderr:
        if line.startswith("committed batch 1:"):  # another process reads while the ingest goes on
            reader = cli("query", "SELECT count(*) AS n FROM articles", "--db", str(db), "--format", "json",
                         "--wait", "60")
            assert reader.returncode == 0, reader.stderr
            assert json.loads(reader.stdout)[0]["n"] >= 2
        if line.startswith("committed batch 3:"):
            committed = int(line.split(":")[1].split()[0])
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL and committed >= 6
    with Store(db, read_only=True, wait=10) as store:
        survived = store.count("articles")
    assert committed <= survived < TOTAL  # every committed batch is there; the run did not finish

    rerun = cli("ingest", str(inputs), "--db", str(db), "--config", str(config), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{TOTAL - survived} articles stored" in rerun.stdout and f"{survived} unchanged" in rerun.stdout

    reference = tmp_path / "reference.duckdb"
    ingest([inputs], reference, pipeline=pipeline_hybrid)  # what the command runs by default
    table = "SELECT article_id, id, plover, cameo, modality, quantities FROM events ORDER BY article_id, id"
    with Store(db, read_only=True) as resumed, Store(reference, read_only=True) as clean:
        assert resumed.count("articles") == TOTAL
        assert resumed.query(table) == clean.query(table)
        assert resumed.query("SELECT count(*) - count(DISTINCT id) AS twice FROM events") == [{"twice": 0}]


def test_double_ingest_edit_query_and_exports(tmp_path):
    inputs = write_articles(tmp_path / "in", 3)
    db = str(tmp_path / "pw.duckdb")
    first = cli("ingest", str(inputs), str(EXAMPLES / "01_istanbul-talks-proposed.md"), "--db", db, "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("4 articles stored")
    second = cli("ingest", str(inputs), "--db", db, "--quiet")
    assert second.stdout.startswith("0 articles stored") and "3 unchanged" in second.stdout
    edited = inputs / "report-01.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("killing 3 people", "killing 7 people"),
                      encoding="utf-8")
    third = cli("ingest", str(inputs), "--db", db, "--quiet")
    assert third.stdout.startswith("1 articles stored") and "2 unchanged" in third.stdout

    counted = cli("query", "SELECT count(*) AS n FROM articles", "--db", db, "--format", "json")
    assert json.loads(counted.stdout) == [{"n": 4}]
    killed = cli("query", "SELECT quantities FROM events WHERE article_id = 'report-01' AND plover = 'ASSAULT'",
                 "--db", db, "--format", "csv")
    assert '""killed"": 7' in killed.stdout
    refused = cli("query", "DELETE FROM articles", "--db", db)
    assert refused.returncode == 2 and "read-only" in refused.stderr

    parquet = cli("export", "--format", "parquet", "--db", db, "-o", str(tmp_path / "pq"))
    assert parquet.returncode == 0, parquet.stderr
    exported = tmp_path / "pq" / "events.parquet"
    events = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{exported}')").fetchone()[0]
    with Store(db, read_only=True) as store:
        assert events == store.count("events")
        happened_clusters = store.query("SELECT count(*) AS n FROM event_clusters WHERE happened")[0]["n"]

    gdelt = cli("export", "--format", "gdelt", "--db", db)
    rows = list(csv.reader(gdelt.stdout.splitlines(), delimiter="\t"))
    assert len(rows) == happened_clusters and all(len(r) == len(gdelt_columns()) == 61 for r in rows)
    named = [dict(zip(gdelt_columns(), r)) for r in rows]
    strike = next(r for r in named if r["EventRootCode"] in ("18", "19")
                  and r["ActionGeo_FullName"].startswith("Kharkiv"))
    # "on Tuesday" in a report published Sunday 1 June 2025 is 27 May.
    assert strike["Actor1CountryCode"] == "RUS" and strike["SQLDATE"] == "20250527"
    assert int(strike["NumMentions"]) >= 1 and strike["SOURCEURL"]

    plover = cli("export", "--format", "plover", "--db", db, "-o", str(tmp_path / "events.jsonl"))
    assert plover.returncode == 0
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == events
    assault = next(r for r in records if r["event"] == "ASSAULT" and r["articleId"] == "report-01")
    assert assault["dead"] == 7 and assault["source"][0]["country"] == "RUS"

    articles = cli("export", "--format", "jsonl", "--db", db)
    records = [json.loads(line) for line in articles.stdout.splitlines()]
    assert len(records) == 4 and all(r["article"]["content_hash"] for r in records)
