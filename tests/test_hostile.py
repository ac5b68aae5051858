"""Hostile and broken input (issue 13): each numbered problem of the report has a test here.

The fuzz campaign over generated records is in test_fuzz.py.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from peacewatch.article import Article, Skipped
from peacewatch.errors import (
    CorruptStoreError,
    ExportError,
    QueryRefused,
    QueryTimeout,
    ReadOnlyQuery,
    SettingsError,
)
from peacewatch.read.readers import MAX_ARTICLE_CHARS, read
from peacewatch.store.sandbox import select
from peacewatch.store.store import Store

TALKS = "Russia and Ukraine held talks in Istanbul on Friday and agreed to exchange 1,000 prisoners each."


def _store(path: Path, articles: int = 3) -> Path:
    with Store(path) as store:
        store.write([Article(id=f"a{n}", raw=f"Talks {n}\n\n{TALKS}", title=f"Talks {n}", published="2025-05-16")
                     for n in range(articles)])
    return path


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


# 1. `query` is a sandbox -------------------------------------------------------------------------------


@pytest.fixture
def stores(tmp_path):
    db = _store(tmp_path / "news.duckdb")
    other = _store(tmp_path / "other.duckdb", articles=2)
    link = tmp_path / "link.duckdb"
    os.link(db, link)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    return {"db": db, "other": other, "link": link, "victim": victim, "dir": tmp_path / "exported"}


ATTACKS = [
    "COPY articles TO '{victim}'",
    "COPY (SELECT 1) TO '{victim}' (FORMAT csv)",
    "EXPORT DATABASE '{dir}'",
    "ATTACH '{other}' AS o (READ_WRITE)",
    "ATTACH '{other}' AS o (READ_WRITE); DELETE FROM o.articles",
    "ATTACH '{link}' AS l; DELETE FROM l.articles",
    "SELECT * FROM read_text('/etc/shadow')",
    "SELECT * FROM read_text('{victim}')",
    "SELECT * FROM read_csv('{victim}')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM glob('/root/*')",
    "SELECT 1; DELETE FROM articles",
    "SELECT 1; SELECT 2",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SELECT * FROM read_csv('https://127.0.0.1:9/x.csv')",
    "SELECT * FROM 'https://127.0.0.1:9/x.parquet'",
    "SET enable_external_access = true",
    "RESET lock_configuration",
    "DELETE FROM articles",
    "DROP TABLE articles",
    "UPDATE articles SET title = 'x'",
    "CREATE TABLE x (a INTEGER)",
    "CREATE TEMP TABLE x AS SELECT * FROM articles",
    "INSERT INTO articles (id) VALUES ('x')",
    "CHECKPOINT",
    "VACUUM",
    "CALL pragma_version()",
    "PRAGMA enable_profiling",
    "DETACH news",
    "USE other",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_attack_on_query_is_refused_and_nothing_changes(stores, attack):
    sql = attack.format(**{k: str(v) for k, v in stores.items()})
    before = {name: _bytes(stores[name]) for name in ("db", "other", "victim")}
    with pytest.raises(ReadOnlyQuery) as refused:
        select(stores["db"], sql)
    assert "allowed" in str(refused.value) or "read-only" in str(refused.value)
    assert {name: _bytes(stores[name]) for name in ("db", "other", "victim")} == before
    assert not stores["dir"].exists()
    with Store(stores["other"], read_only=True) as other:
        assert other.count("articles") == 2


def test_query_allows_reading_statements_with_a_row_and_a_time_limit(stores):
    assert select(stores["db"], "SELECT count(*) FROM articles").rows == [(3,)]
    assert select(stores["db"], "WITH t AS (SELECT id FROM articles) SELECT count(*) FROM t").rows == [(3,)]
    assert ("articles",) in select(stores["db"], "SHOW TABLES").rows
    assert select(stores["db"], "DESCRIBE articles").rows[0][0] == "id"
    assert select(stores["db"], "PRAGMA table_info('articles')").rows[0][1] == "id"
    assert select(stores["db"], "FROM articles SELECT id ORDER BY id").rows == [("a0",), ("a1",), ("a2",)]
    many = select(stores["db"], "SELECT * FROM range(100)", limit=7)
    assert len(many.rows) == 7 and many.truncated
    with pytest.raises(QueryTimeout, match="stopped"):
        select(stores["db"], "SELECT count(*) FROM range(10000000000000)", timeout=0.3)


def test_query_cli_refuses_and_exits_2(stores, capsys):
    from peacewatch.cli import main

    assert main(["query", "COPY articles TO '" + str(stores["victim"]) + "'", "--db", str(stores["db"])]) == 2
    assert "refused" in capsys.readouterr().err
    assert stores["victim"].read_text(encoding="utf-8") == "keep me\n"
    assert main(["query", "SELECT id FROM articles ORDER BY id", "--db", str(stores["db"]), "--format", "csv",
                 "--limit", "2"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == ["id", "a0", "a1"] and "--limit" in out.err


# 2. fields of the wrong type ----------------------------------------------------------------------------


def test_jsonl_fields_of_the_wrong_type_skip_the_record_not_the_batch(tmp_path, pipeline):
    from peacewatch.store.ingest import ingest

    feed = tmp_path / "feed.jsonl"
    records = [{"id": "good1", "text": TALKS},
               {"id": "bad1", "text": TALKS, "source": 5},
               {"id": "bad2", "text": TALKS, "url": {"href": "x"}},
               {"id": "bad3", "text": ["a list"]},
               {"id": "bad4", "text": TALKS, "title": 3.5},
               {"id": 17, "text": TALKS + " Again."},
               {"id": "good2", "text": TALKS + " Later.", "published": 20250516}]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    report = ingest([feed], db, pipeline=pipeline)
    assert report.stored == 3
    reasons = {s["skipped"].rsplit(":", 1)[1]: s["reason"] for s in report.skipped}
    assert "field 'source' must be text, not int" in reasons["2"]
    assert "field 'url' must be text, not dict" in reasons["3"]
    assert "field 'text' must be text, not list" in reasons["4"]
    assert "field 'title' must be text, not float" in reasons["5"]
    with Store(db, read_only=True) as store:
        assert sorted(r["id"] for r in store.query("SELECT id FROM articles")) == ["17", "good1", "good2"]
        assert store.count("skipped") == 4
    assert ingest([feed], db, pipeline=pipeline).unchanged == 3  # and a rerun does not stop at the bad lines


# 3. CSV: large fields, broken quotes --------------------------------------------------------------------


def test_csv_field_over_128_kb_is_read_and_the_rows_after_it_too(tmp_path):
    long_text = (TALKS + " ") * (200_000 // len(TALKS))
    path = tmp_path / "big.csv"
    path.write_text(f'id,text\nbig,"{long_text}"\nafter,"{TALKS}"\n', encoding="utf-8")
    items = list(read([path]))
    assert all(isinstance(i, Article) for i in items)
    assert [i.id for i in items] == ["big", "big~2", "big~3", "after"]
    assert "".join(i.raw for i in items[:3]) == long_text


def test_csv_broken_quote_is_reported_and_does_not_swallow_the_rows_after(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(f'id,text\nc1,"{TALKS}"\nc2,"an unterminated quote\nc3,"{TALKS}"\nc4,{TALKS[:40]}\n',
                    encoding="utf-8")
    items = list(read([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["c1", "c3", "c4"]
    [broken] = [i for i in items if isinstance(i, Skipped)]
    assert broken.path.endswith(":3") and "broken CSV quoting" in broken.reason and "line 4" in broken.reason


# 4. a batch of nothing but skipped inputs ---------------------------------------------------------------


def test_second_ingest_with_a_missing_path_and_a_bad_file_is_a_clean_no_op(tmp_path, pipeline):
    from peacewatch.store.ingest import ingest

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    (news / "bad.txt").write_bytes(b"\xfa\xfb not text")
    db = tmp_path / "s.duckdb"
    inputs = [news, tmp_path / "nowhere.txt", tmp_path / "nowhere"]
    first = ingest(inputs, db, pipeline=pipeline)
    second = ingest(inputs, db, pipeline=pipeline)
    assert (first.stored, second.stored, second.unchanged) == (1, 0, 1)
    reasons = {Path(s["skipped"]).name: s["reason"] for s in second.skipped}
    assert "no such file or folder" in reasons["nowhere.txt"] and "no such file" in reasons["nowhere"]
    assert "UTF-8" in reasons["bad.txt"]


def test_a_file_name_that_is_not_utf8_is_skipped_and_the_rest_is_stored(tmp_path, pipeline):
    from peacewatch.store.ingest import ingest

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    (news / os.fsdecode(b"caf\xe9.txt")).write_text(f"Talks\n\n{TALKS} Later.", encoding="utf-8")
    report = ingest([news], tmp_path / "s.duckdb", pipeline=pipeline)
    assert report.stored == 1
    [refused] = report.skipped
    assert "not valid UTF-8" in refused["reason"] and refused["skipped"].endswith("caf\ufffd.txt")


class Bomb:
    """A stage that breaks on one article, as a bug in a real stage would."""

    name = "bomb"
    reads = writes = frozenset()

    def __call__(self, articles):
        if any(a.id == "bomb" for a in articles):
            raise ValueError("boom")
        return articles


def test_an_article_that_breaks_a_stage_is_skipped_and_the_batch_commits(tmp_path, pipeline, monkeypatch):
    from peacewatch.store.ingest import ingest

    monkeypatch.setattr(pipeline, "stages", [*pipeline.stages, Bomb()])
    news = tmp_path / "news"
    news.mkdir()
    for name in ("a", "bomb", "c"):
        (news / f"{name}.txt").write_text(f"{name}\n\n{TALKS} ({name})", encoding="utf-8")
    report = ingest([news], tmp_path / "s.duckdb", pipeline=pipeline)
    assert report.stored == 2 and report.batches == 1
    [refused] = report.skipped
    assert refused["skipped"].endswith("bomb.txt") and "stage 'bomb' failed: ValueError: boom" in refused["reason"]
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert sorted(r["id"] for r in store.query("SELECT id FROM articles")) == ["a", "c"]
        assert store.count("skipped") == 1


# 5. an output path that is an input ---------------------------------------------------------------------


def test_extract_refuses_to_write_over_its_input(tmp_path, capsys):
    from peacewatch.cli import main

    source = tmp_path / "a.txt"
    source.write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(source), "-q"]) == 2
    assert "also an input" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == f"Talks\n\n{TALKS}"


def test_extract_output_inside_the_input_folder_is_not_read(tmp_path, pipeline):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    (folder / "out.jsonl").write_text(json.dumps({"id": "old", "text": TALKS}) + "\n", encoding="utf-8")
    items = list(pipeline.run([folder], exclude=[folder / "out.jsonl"]))
    assert [i.id for i in items] == ["a"]


# 6. time linear in length: the size limit, and no per-sentence pass over all mentions ------------------


def test_long_text_is_split_at_boundaries_into_parts_that_lose_nothing(tmp_path):
    body = " ".join(f"Sentence {n} says that talks went on." for n in range(12_000))  # one line, ~450 KB
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n" + body, encoding="utf-8")
    parts = list(read([path]))
    assert len(parts) == len("Huge\n" + body) // MAX_ARTICLE_CHARS + 1
    assert "".join(p.raw for p in parts) == "Huge\n" + body
    assert all(len(p.raw) <= MAX_ARTICLE_CHARS for p in parts)
    assert all(p.raw.endswith(". ") or p is parts[-1] for p in parts)  # cut after a sentence
    assert [p.metadata["part"] for p in parts] == list(range(1, len(parts) + 1))
    assert parts[1].id == "huge~2" and parts[1].metadata["part_offset"] == len(parts[0].raw)


def test_story_state_is_computed_once_per_article_not_per_event(pipeline, monkeypatch):
    from peacewatch.nlp import story

    calls = []
    real = story.dominant_state
    monkeypatch.setattr(story, "dominant_state", lambda mentions: calls.append(1) or real(mentions))
    text = " ".join(["Russian drones struck Kharkiv overnight.", "Ukraine said it shot down 40 drones.",
                     "Kyiv accused Moscow of targeting civilians.", "The Kremlin denied it."] * 60)
    [done] = pipeline.process([Article(id="long", raw=text, published="2025-05-20")])
    assert len(done.events) > 100
    assert len(calls) <= 3  # groups(), generic() and the coder's one, whatever the length


def test_progress_moves_within_a_long_article(tmp_path, pipeline, monkeypatch):
    from peacewatch import pipeline as stages

    monkeypatch.setattr(stages, "BATCH_CHARS", 150_000)
    path = tmp_path / "long.txt"
    path.write_text("Long\n" + " ".join(["Russian drones struck Kharkiv overnight."] * 9000), encoding="utf-8")
    seen = []
    items = list(pipeline.run([path], on_item=lambda item: seen.append(item.id)))
    assert len(items) == 4 and seen == ["long", "long~2", "long~3", "long~4"]


# 7. corruption is not a lock ----------------------------------------------------------------------------


def test_checksum_error_is_reported_as_corruption_at_once(tmp_path):
    path = _store(tmp_path / "damaged.duckdb", articles=40)
    data = bytearray(path.read_bytes())
    for offset in range(12288 + 100, len(data), 4096):
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError, match="damaged"):
        with Store(path, read_only=True, wait=30) as store:
            store.query("SELECT sum(length(raw)) FROM articles")


def test_explain_tells_block_from_lock():
    from peacewatch.errors import StoreLockedError
    from peacewatch.store.store import _explain

    checksum = Exception("IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2 "
                         "in block at location 12288")
    assert isinstance(_explain(checksum, "x.duckdb"), CorruptStoreError)
    locked = Exception('IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in python (PID 7)')
    assert isinstance(_explain(locked, "x.duckdb"), StoreLockedError)
    assert not isinstance(_explain(Exception("Catalog Error: blocklist"), "x"), StoreLockedError)


# 8. brief.md escapes what comes from the input ----------------------------------------------------------

HOSTILE_TITLE = "Talks <script>alert(1)</script>\n# Injected heading\n[^1]: fake footnote"


def test_brief_markdown_renders_input_as_text(tmp_path, pipeline):
    from markdown_it import MarkdownIt

    from peacewatch.report.job import write_brief

    feed = tmp_path / "news" / "feed.jsonl"
    feed.parent.mkdir()
    records = [
        {"id": "x1", "title": HOSTILE_TITLE, "source": "Wire <img src=http://127.0.0.1:9/p.png>\n## Fake",
         "url": "javascript:alert(1)", "published": "2025-05-16",
         "text": "Russia and Ukraine held talks in Istanbul on Friday. Russian drones struck Kharkiv, "
                 "killing 4 people <img src=x onerror=alert(2)> **bold** [link](javascript:alert(3))."},
        {"id": "x2", "title": "Second [x](javascript:alert(4))", "source": "<b>Desk</b>",
         "url": "https://example.org/a?b=<c>", "published": "2025-05-17",
         "text": "Ukraine accused Russia of shelling Kherson. <javascript:alert(5)> Moscow denied it."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    write_brief([feed.parent], tmp_path / "out", pipeline=pipeline)
    text = (tmp_path / "out" / "brief.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    for live in ("<script", "<img", "<b>", "<strong>bold", "<a href=\"javascript"):
        assert live not in html, live  # shown as text (&lt;script&gt;), never live
    assert "&lt;script&gt;alert(1)" in html
    assert not re.search(r'href="(?!https?://|#)', html)
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert not any("Injected" in h or "Fake" in h for h in headings)
    assert [line for line in text.splitlines() if line.startswith("[^")] == \
        [line for line in text.splitlines() if re.match(r"\[\^\d+\]: ", line)]
    assert not any(re.match(r"\[\^1\]: fake", line) for line in text.splitlines())


# 9. an unreadable folder is reported ---------------------------------------------------------------------


def test_unreadable_folder_is_skipped_with_its_reason(tmp_path, monkeypatch):
    news = tmp_path / "news"
    (news / "locked").mkdir(parents=True)
    (news / "a.txt").write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    (news / "locked" / "b.txt").write_text(f"Talks\n\n{TALKS}", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # root reads any folder, so the refusal is staged as the kernel gives it
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read([news]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a"]
    [refused] = [i for i in items if isinstance(i, Skipped)]
    assert refused.path.endswith("locked") and "folder cannot be read: Permission denied" in refused.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_mode_000_folder_is_skipped(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    news.chmod(0)
    try:
        [refused] = list(read([news]))
    finally:
        news.chmod(0o755)
    assert "folder cannot be read" in refused.reason


# 10. a brief does not read its own output ----------------------------------------------------------------


def test_brief_into_a_folder_inside_its_input_ignores_its_own_output(tmp_path, pipeline):
    from peacewatch.report.job import write_brief

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Talks\n\nRussia and Ukraine held talks in Istanbul on Friday.", encoding="utf-8")
    (news / "b.txt").write_text("Strike\n\nRussian drones struck Kharkiv on Saturday, killing 4 people.",
                                encoding="utf-8")
    first = write_brief([news], news / "out", pipeline=pipeline)
    second = write_brief([news], news / "out", pipeline=pipeline)
    assert (first["articles"], second["articles"], second["unchanged"]) == (2, 0, 2)
    assert second["skipped"] == []
    first_json = json.loads((news / "out" / "assessment.json").read_text(encoding="utf-8"))
    assert first_json["evidence"]["articles"] == 2


# 11. the smaller ones -----------------------------------------------------------------------------------


def test_empty_query_is_refused(stores):
    for sql in ("", "   ", ";"):
        with pytest.raises(QueryRefused):
            select(stores["db"], sql)


def test_settings_of_the_wrong_type_are_named_errors(tmp_path):
    from peacewatch.settings import Settings

    config = tmp_path / "s.toml"
    for line in ('batch_size = "x"', "batch_size = true", "model = 3", "window = 7"):
        config.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(SettingsError, match="must be"):
            Settings.load(config)


def test_export_to_impossible_paths_is_a_named_error(stores, tmp_path):
    from peacewatch.store.export import export

    with Store(stores["db"], read_only=True) as store:
        with pytest.raises(ExportError):
            export(store, "gdelt", Path("/proc/x"))
        with pytest.raises(ExportError, match="does not exist"):
            export(store, "plover", tmp_path / "nonexistent_dir" / "x.tsv")
        with pytest.raises(ExportError, match="does not exist"):
            export(store, "csv", tmp_path / "nonexistent_dir" / "tables")
        with pytest.raises(ExportError, match="is the store"):
            export(store, "jsonl", stores["db"])
    assert not (tmp_path / "nonexistent_dir").exists()
    assert select(stores["db"], "SELECT count(*) FROM articles").rows == [(3,)]


def test_utf16_and_utf32_with_a_bom_are_text(tmp_path):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{encoding}.txt"
        data = f"Talks\n\n{TALKS}".encode(encoding)
        if not encoding == "utf-16" and not encoding == "utf-32":
            data = "\ufeff".encode(encoding) + data
        path.write_bytes(data)
        [article] = list(read([path]))
        assert isinstance(article, Article) and article.raw == f"Talks\n\n{TALKS}", encoding


def test_nul_bytes_anywhere_make_a_file_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"Talks\n\n" + TALKS.encode() * 200 + b"\x00\x01tail")
    [skipped] = list(read([path]))
    assert isinstance(skipped, Skipped) and "NUL" in skipped.reason


def test_impossible_published_date_is_dropped_and_kept_aside(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"---\npublished: 2025-13-45\n---\nTalks\n\n{TALKS}", encoding="utf-8")
    [article] = list(read([path]))
    assert article.published is None and article.metadata["published_invalid"] == "2025-13-45"


@pytest.mark.parametrize("dyad", ["XYZ-ABC", "RUS-RUS", "RUS", "RUS-UKR-BLR", "ru-ua"])
def test_bad_dyads_are_refused(dyad, capsys):
    from peacewatch.assessment.index import parse_dyad
    from peacewatch.cli import main

    with pytest.raises(SettingsError):
        parse_dyad(dyad)
    with pytest.raises(SystemExit) as exit_:
        main(["assess", "--dyad", dyad])
    assert exit_.value.code == 2 and "dyad" in capsys.readouterr().err


def test_good_dyads_pass():
    from peacewatch.assessment.index import parse_dyad

    assert parse_dyad("rus-ukr") == ("RUS", "UKR")
    assert parse_dyad("NSA:HAMAS-ISR") == ("NSA:HAMAS", "ISR")


def test_html_nested_10000_levels_keeps_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * 10_000 + f"<p>{TALKS}</p>"
                    + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    [article] = list(read([path]))
    assert isinstance(article, Article) and TALKS in article.raw and article.title == "Deep"


@pytest.mark.parametrize("others", [0, 2])
def test_an_article_whose_rows_the_store_refuses_is_skipped_alone(tmp_path, others):
    from peacewatch.article import Repair

    bad = Article(id="bad", raw=TALKS, origin="bad.txt")
    bad.repairs = [Repair(2**40, 2**40 + 1, "x", "y", "typo")]  # no INTEGER column holds it
    good = [Article(id=f"g{n}", raw=f"{TALKS} {n}", origin=f"g{n}.txt") for n in range(others)]
    with Store(tmp_path / "s.duckdb") as store:
        [refused] = store.write([bad, *good], [Skipped("gone.txt", "no such file")])
        assert refused.path == "bad.txt" and "cannot be stored" in refused.reason
        assert sorted(r["id"] for r in store.query("SELECT id FROM articles")) == [a.id for a in good]
        assert sorted(r["path"] for r in store.query("SELECT path FROM skipped")) == ["bad.txt", "gone.txt"]
