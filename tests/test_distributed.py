"""The Dask runner and `load`: the same store as `ingest`, reruns that do only what is missing, and
failures that are reported without losing the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_parallel import _rows

from peacewatch import Pipeline
from peacewatch.settings import Settings
from peacewatch.store.ingest import ingest
from peacewatch.store.load import load
from peacewatch.store.partitions import FILES_PER_PARTITION, partitions, run

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(coder="rules", batch_size=4)
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def ingested(news, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("ingest") / "store.duckdb"
    ingest([news], db, pipeline=Pipeline(SETTINGS))
    return _loaded(db)


def _loaded(db: Path) -> dict:
    """Every table's rows, but the log of loads."""
    rows = _rows(db)
    rows.pop("loads")
    return rows


def test_dask_run_and_load_give_the_store_ingest_gives(news, ingested, tmp_path):
    report = run([news], tmp_path / "out", settings=SETTINGS, workers=2)
    assert not report.failed and report.done == report.partitions >= 3
    assert len({done["worker"] for done in report.workers}) == 2  # both workers took partitions
    loaded = load(tmp_path / "out", tmp_path / "store.duckdb")
    assert loaded.loaded == report.partitions and loaded.identical == 1
    rows = _loaded(tmp_path / "store.duckdb")
    assert rows == ingested
    assert len(rows["articles"]) > 15 and len(rows["events"]) > 100 and rows["skipped"]


def test_a_rerun_does_only_what_changed(news, tmp_path):
    out = tmp_path / "out"
    found, _ = partitions([news], SETTINGS, exclude=[out])
    leftover = out / f".{found[0].name}-12345"  # what a worker killed mid-write leaves
    leftover.mkdir(parents=True)
    first = run([news], out, settings=SETTINGS, engine="local")
    assert first.done == first.partitions and not leftover.exists()
    assert load(out, tmp_path / "store.duckdb").loaded == first.partitions
    again = run([news], out, settings=SETTINGS, engine="local")
    assert (again.done, again.already) == (0, first.partitions)
    assert load(out, tmp_path / "store.duckdb").already == first.partitions
    changed = tmp_path / "news"
    shutil.copytree(news, changed)
    edited = changed / "broken.jsonl"
    edited.write_text('{"id": "x", "text": "Russia and Ukraine swapped 84 prisoners on Friday."}\n', encoding="utf-8")
    rerun = run([changed], tmp_path / "out2", settings=SETTINGS, engine="local")
    assert rerun.done == first.partitions  # another folder of inputs: other paths, other keys
    for folder in (tmp_path / "out2").iterdir():
        shutil.copytree(folder, out / folder.name, dirs_exist_ok=True)
    third = load(out, tmp_path / "store.duckdb")
    assert third.stored == 1 and third.unchanged >= 15  # only the mended record is new


def test_a_failed_partition_is_reported_and_the_others_are_done(news, tmp_path):
    out = tmp_path / "out"
    found, _ = partitions([news], SETTINGS, exclude=[out])
    out.mkdir()
    (out / found[0].name).write_text("a file where the partition's folder must go")
    report = run([news], out, settings=SETTINGS, workers=2, retries=1)
    assert [f["partition"] for f in report.failed] == [found[0].name]
    assert report.done == len(found) - 1
    loaded = load(out, tmp_path / "store.duckdb")
    assert loaded.loaded == len(found) - 1


def test_partitions_follow_the_reading_order(tmp_path):
    for n in range(FILES_PER_PARTITION + 103):
        (tmp_path / f"{n:04d}.txt").write_text(f"Report {n}\nTalks went on.", encoding="utf-8")
    (tmp_path / "0100.jsonl").write_text('{"text": "One record."}\n', encoding="utf-8")
    found, skipped = partitions([tmp_path], SETTINGS)
    sizes = [len(p.paths) for p in found]
    assert sizes == [100, 1, FILES_PER_PARTITION, 3] and not skipped  # 0000-0099, the JSONL, 0100-0299, the rest
    assert [Path(p).name for p in found[1].paths] == ["0100.jsonl"]
    again, _ = partitions([tmp_path], SETTINGS)
    assert [p.key for p in again] == [p.key for p in found]
    assert partitions([tmp_path], Settings(coder="hybrid"))[0][0].key != found[0].key  # settings change the key


def test_the_commands(tmp_path):
    import subprocess
    import sys

    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ROOT / "examples" / "05_prisoner-exchange-begins.md", news)

    def command(*args):
        return subprocess.run([sys.executable, "-m", "peacewatch.cli", *args], capture_output=True, text=True,
                              timeout=300)

    ran = command("run", str(news), "--out", str(tmp_path / "out"), "--engine", "local", "--quiet")
    assert ran.returncode == 0, ran.stderr
    assert "1 partitions run, 0 already done, 0 failed of 1: 1 articles" in ran.stdout
    loaded = command("load", str(tmp_path / "out"), "--db", str(tmp_path / "s.duckdb"))
    assert loaded.returncode == 0 and "1 partitions loaded" in loaded.stdout and "1 articles stored" in loaded.stdout
    missing = command("load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.duckdb"))
    assert missing.returncode == 2 and "is not a folder of a distributed run" in missing.stderr


def test_inputs_the_run_could_not_list_are_loaded_as_skipped(tmp_path):
    import json

    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ROOT / "examples" / "05_prisoner-exchange-begins.md", news)
    out = tmp_path / "out"
    run([news], out, settings=SETTINGS, engine="local")
    (out / "unlisted.json").write_text(json.dumps([{"path": "news/locked", "reason": "folder cannot be read"}]))
    loaded = load(out, tmp_path / "s.duckdb")
    assert loaded.stored == 1 and loaded.skipped == 1
    rows = _rows(tmp_path / "s.duckdb")["skipped"]
    assert rows == [("news/locked", "folder cannot be read")]
