"""The fuzz campaign: hostile records through `ingest`, hostile SQL through `query`.

Each generated case writes a folder of inputs (a JSONL file and a CSV file of records whose fields
may have any type, size or encoding trouble, broken lines and quotes, and a few hostile whole files:
nested HTML, NULs, byte-order marks), ingests it with the real pipeline, and checks that nothing
raised, that every good record is stored and every bad one is skipped with a reason. SQL cases run
generated statements through the query sandbox and check that the store's bytes never change.

`test_campaign` is the slow run (marked `slow`, and run by `make test` and CI): at least 10,000
generated records and 10,000 generated statements. The quick tests below run a few hundred.
"""

from __future__ import annotations

import csv
import io
import json
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacewatch.errors import PeacewatchError, StoreError
from peacewatch.store.ingest import ingest
from peacewatch.store.sandbox import select
from peacewatch.store.store import Store

pytestmark = pytest.mark.model

WORDS = ["Russia", "struck", "Kharkiv", "Ukraine", "accused", "Moscow", "talks", "Istanbul", "killed", "12",
         "drones", "if", "Hamas", "freed", "hostages", "said", "not", "the", "ceasefire", "«", "»", "—", "\n", "\t",
         "<script>alert(1)</script>", "**", "[x](javascript:alert(1))", "# heading", "'; DROP TABLE articles; --",
         "\\", "\u202e", "\u200b", "\ufeff", "𝔘𝔨𝔯𝔞𝔦𝔫𝔢", "☢", "\r", "&amp;", "%s", "{0}", "$(rm -rf /)"]
HOSTILE = st.one_of(
    st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(max_size=30),  # lone surrogates included
    st.sampled_from(["", " ", "\x00", "a\x00b", "\ud800", "x" * 5_000, "2025-13-45", "javascript:alert(1)",
                     "https://127.0.0.1:9/a", "<img src=x onerror=alert(1)>", "\n# injected\n"]),
)
SQL_PARTS = ["SELECT", "*", "FROM", "articles", "events", "COPY", "TO", "'/tmp/x'", "ATTACH", "DETACH", "INSTALL",
             "httpfs", "LOAD", "read_text('/etc/passwd')", "glob('/*')", "read_csv('x.csv')", ";", "DELETE",
             "DROP", "TABLE", "UPDATE", "SET", "enable_external_access", "=", "true", "PRAGMA", "show_tables",
             "CALL", "EXPORT", "DATABASE", "(", ")", "WITH", "t", "AS", "count(*)", "range(10)", "LIMIT", "1",
             "'", '"', "--", "/*", "*/", "CREATE", "VIEW", "v", "CHECKPOINT", "VACUUM", "USE", "memory", "SHOW",
             "DESCRIBE", "SUMMARIZE", "query('SELECT 1')", "getenv('HOME')", "current_setting('threads')"]


@dataclass
class Case:
    folder: Path
    good: set[str] = field(default_factory=set)
    bad: int = 0
    records: int = 0
    texts: set[str] = field(default_factory=set)

    def expect(self, record_id: str, text: str) -> None:
        """A good record is stored, unless a good one before it had the same text (an identical copy)."""
        if text not in self.texts:
            self.good.add(record_id)
            self.texts.add(text)


def _good_text(n: int, words: list[str]) -> str:
    return " ".join(words) + f" Russia and Ukraine held talks, report {n}."


@st.composite
def records(draw, n: int):
    """(record, good?) where a good record has text and every known field of the right type and size."""
    words = draw(st.lists(st.sampled_from(WORDS), max_size=25))
    record: dict = {"id": f"r{n}", "text": _good_text(n, words)}
    hostile = draw(st.sets(st.sampled_from(["id", "title", "text", "url", "source", "published", "language",
                                            "extra"]), max_size=2))
    for name in hostile:
        record[name] = draw(HOSTILE)
    if "id" in hostile and (record["id"] is None or isinstance(record["id"], str) and not record["id"].strip()):
        record["id"] = f"r{n}"  # an absent id takes a default; keep ids unique so the check stays exact
    return record


def _is_good(record: dict) -> bool:
    def ok(value, limit, *, number=False) -> bool:
        if value is None or value == "":
            return True
        if number and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        return isinstance(value, str) and len(value) <= limit and _clean(value)

    text = record.get("text")
    extra_ok = _clean(json.dumps(record.get("extra"), ensure_ascii=False)) if "extra" in record else True
    published = record.get("published")
    return (isinstance(text, str) and bool(text.strip()) and _clean(text) and ok(record.get("id"), 300, number=True)
            and isinstance(record.get("title"), str | None) and _clean(record.get("title") or "")
            and ok(record.get("url"), 4096) and ok(record.get("source"), 500) and ok(record.get("language"), 35)
            and (not isinstance(published, str) or _clean(published)) and extra_ok)


def _clean(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@st.composite
def cases(draw, size: int):
    """A folder's worth of inputs: `size` records split between JSONL and CSV, plus hostile whole files."""
    items = [draw(records(n)) for n in range(size)]
    cut = draw(st.integers(0, size))
    return items[:cut], items[cut:], draw(st.lists(st.sampled_from(["deep.html", "bom16.txt", "nul.txt", "empty.md",
                                                                   "latin1.txt", "nojson.jsonl", "broken.csv",
                                                                   "tags.html", "bom32.md"]), max_size=3,
                                                   unique=True)), draw(st.booleans())


def _write(folder: Path, jsonl: list[dict], rows: list[dict], extras: list[str], broken_line: bool) -> Case:
    case = Case(folder)
    folder.mkdir(parents=True)
    lines = []
    for record in jsonl:
        case.records += 1
        try:
            lines.append(json.dumps(record, ensure_ascii=True, allow_nan=True))
        except ValueError:
            continue
        if _is_good(record):
            case.expect(str(record["id"]).strip(), record["text"])
        else:
            case.bad += 1
    if broken_line:
        lines.insert(len(lines) // 2, '{"id": "cut", "text": "unfinished')
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    if rows:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "title", "text", "url", "source", "published", "extra"])
        for record in rows:
            case.records += 1
            cells = ["" if record.get(k) is None else str(record.get(k))
                     for k in ("id", "title", "text", "url", "source", "published", "extra")]
            if any(not _clean(c) for c in cells):
                continue  # a CSV cannot carry it: not written
            writer.writerow(cells)
            as_read = dict(zip(["id", "title", "text", "url", "source", "published"], cells))
            if _is_good(as_read) and cells[0].strip() and len(cells[0]) <= 300:
                case.expect(cells[0].strip(), cells[2])
            else:
                case.bad += 1
        (folder / "table.csv").write_text(out.getvalue(), encoding="utf-8")
    hostile = {
        "deep.html": ("<div>" * 5_000 + "<p>Russia and Ukraine held talks.</p>").encode(),
        "bom16.txt": "Talks\n\nRussia and Ukraine held talks in UTF-16.".encode("utf-16"),
        "bom32.md": "Talks\n\nRussia and Ukraine held talks in UTF-32.".encode("utf-32"),
        "nul.txt": b"Talks\n\n" + b"x" * 9000 + b"\x00",
        "empty.md": b"   \n",
        "latin1.txt": "Talks in caf\xe9".encode("latin-1"),
        "nojson.jsonl": b"{not json\n[1, 2]\n\"text\"\n",
        "broken.csv": b'id,text\nb1,"never closed\nb2,fine\n',
        "tags.html": b"<html><body><script>alert(1)</script><p>Russia and Ukraine held talks.</p></body></html>",
    }
    for name in extras:
        (folder / name).write_bytes(hostile[name])
    return case


def _check(case: Case, db: Path, pipeline) -> None:
    report = ingest([case.folder], db, pipeline=pipeline)  # raises nothing: that is the first check
    with Store(db, read_only=True) as store:
        stored = {r["id"] for r in store.query("SELECT id FROM articles")}
    lost = case.good - stored
    assert not lost, f"good records lost: {sorted(lost)[:5]}; skipped: {report.skipped[:5]}"
    assert len(report.skipped) >= case.bad
    assert all(s["reason"] for s in report.skipped)


SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@settings(max_examples=12, **SETTINGS)
@given(cases(12))
def test_hostile_records_never_crash_ingest_or_lose_a_good_record(tmp_path_factory, pipeline, case):
    folder = tmp_path_factory.mktemp("fuzz")
    _check(_write(folder / "in", *case), folder / "s.duckdb", pipeline)


@pytest.fixture(scope="module")
def store_file(tmp_path_factory, pipeline):
    folder = tmp_path_factory.mktemp("sql")
    (folder / "a.txt").write_text("Talks\n\nRussia and Ukraine held talks in Istanbul.", encoding="utf-8")
    ingest([folder / "a.txt"], folder / "s.duckdb", pipeline=pipeline)
    return folder / "s.duckdb"


def _query_case(path: Path, sql: str) -> None:
    before = path.read_bytes()
    try:
        select(path, sql, timeout=5)
    except PeacewatchError as error:
        assert isinstance(error, StoreError) and str(error)
    assert path.read_bytes() == before


@settings(max_examples=150, **SETTINGS)
@given(st.one_of(st.lists(st.sampled_from(SQL_PARTS), max_size=12).map(" ".join), st.text(max_size=60)))
def test_hostile_sql_is_answered_or_refused_by_name_and_never_changes_the_store(store_file, sql):
    _query_case(store_file, sql)


@pytest.mark.slow
def test_campaign(tmp_path_factory, pipeline, store_file):
    """At least 10,000 generated records through ingest and 10,000 statements through query."""
    tally = {"cases": 0, "records": 0, "good": 0, "bad": 0, "statements": 0}

    @settings(max_examples=250, **SETTINGS)
    @given(cases(40))
    def records_campaign(case):
        folder = tmp_path_factory.mktemp("campaign")
        written = _write(folder / "in", *case)
        _check(written, folder / "s.duckdb", pipeline)
        tally["cases"] += 1
        tally["records"] += written.records
        tally["good"] += len(written.good)
        tally["bad"] += written.bad

    @settings(max_examples=10_000, **SETTINGS)
    @given(st.one_of(st.lists(st.sampled_from(SQL_PARTS), max_size=14).map(" ".join),
                     st.text(alphabet=string.printable, max_size=80)))
    def sql_campaign(sql):
        _query_case(store_file, sql)
        tally["statements"] += 1

    records_campaign()
    sql_campaign()
    print(f"\nfuzz campaign: {tally}")
    assert tally["records"] >= 10_000 and tally["statements"] >= 10_000
