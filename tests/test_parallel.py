"""Worker processes: the same records and the same store whatever the number of workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from peacewatch import Pipeline, extract
from peacewatch.settings import Settings
from peacewatch.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SETTINGS = Settings(coder="rules", batch_size=2)  # small batches: several go to the workers at once


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    (folder / "broken.jsonl").write_text('{"id": "x", "text": 5}\nnot json\n', encoding="utf-8")
    return folder


def _rows(db: Path) -> dict[str, list]:
    """Every table's rows, sorted, without the times of writing (runs, stored_at)."""
    con = duckdb.connect(str(db), read_only=True)
    tables = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                         "where table_schema = 'main' and table_name <> 'runs'").fetchall()]
    out = {}
    for table in tables:
        columns = [c for (c,) in con.execute("select column_name from information_schema.columns "
                                              "where table_name = ? order by ordinal_position", [table]).fetchall()
                   if c not in ("stored_at", "seen_at")]
        out[table] = con.execute(f"select {', '.join(chr(34) + c + chr(34) for c in columns)} from {table} "
                                 "order by all").fetchall()
    con.close()
    return out


def test_two_workers_give_the_same_records_in_the_same_order(news):
    pipeline = Pipeline(SETTINGS)
    one = extract([news], pipeline=pipeline, workers=1)
    two = extract([news], pipeline=pipeline, workers=2)
    assert len(one) == 11 and one == two


def test_two_workers_give_the_same_store(news, tmp_path):
    pipeline = Pipeline(SETTINGS)
    first = ingest([news], tmp_path / "one.duckdb", pipeline=pipeline, workers=1)
    second = ingest([news], tmp_path / "two.duckdb", pipeline=pipeline, workers=2)
    assert (first.stored, first.events, len(first.skipped)) == (second.stored, second.events, len(second.skipped))
    assert first.stored == 11 and first.skipped  # the broken lines are skipped with their reasons in both
    one, two = _rows(tmp_path / "one.duckdb"), _rows(tmp_path / "two.duckdb")
    assert one.keys() == two.keys() and all(one[t] == two[t] for t in one)
    assert one["events"] and one["stories"]


def test_a_pipeline_built_on_a_given_model_stays_in_process(news):
    """Workers rebuild the pipeline from its settings; one built on a given model or knowledge base
    cannot be rebuilt, so it runs in this process whatever `workers` says."""
    base = Pipeline(SETTINGS)
    own = Pipeline(SETTINGS, nlp=base.nlp)
    assert base.portable and not own.portable
    assert extract([news], pipeline=own, workers=2) == extract([news], pipeline=base, workers=1)


def test_a_batch_whose_worker_dies_is_redone_here(tmp_path):
    """Workers killed mid-run (out of memory, SIGKILL): their batches are processed in this process and
    nothing is lost."""
    import multiprocessing

    from peacewatch.contract import to_record

    for n in range(40):  # three batches of 16
        (tmp_path / f"{n:02d}.txt").write_text(f"Russia struck Kharkiv overnight, wounding {n + 2} people, "
                                               "Ukraine's emergency service said.", encoding="utf-8")
    pipeline = Pipeline(SETTINGS)
    killed = []

    def kill_workers(_item) -> None:
        if not killed:
            killed.extend(multiprocessing.active_children())
            for child in killed:
                child.kill()

    got = [to_record(a) for a in pipeline.run([tmp_path], workers=2, on_item=kill_workers)]
    assert killed, "the workers had started"
    assert got == [to_record(a) for a in pipeline.run([tmp_path], workers=1)]
    assert len(got) == 40
