import json
import subprocess
import sys
from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacewatch.article import ActorRef, Article, Conditional, Event, Mention, Policy, Position, Repair, Skipped, Step
from peacewatch.errors import CorruptStoreError, NewerSchemaError, StoreError, StoreFullError, StoreLockedError
from peacewatch.read.segment import split
from peacewatch.store.store import SCHEMA_VERSION, Store

RUS = ActorRef("Russia", "RUS", "GOV", "RUS")
UKR = ActorRef("Ukraine", "UKR", "GOV", "UKR")


def article(id="a1", text="Russia attacked Kyiv.", published="2025-05-20", source="Wire", place="Kyiv", killed=3):
    a = Article(id=id, raw=text, title="T", source=source, published=published, url=f"https://e.org/{id}")
    a.text = text
    a.sentences = split(text)
    a.events = [Event(id=f"{id}:e1", sentence=0, start=0, end=len(text) - 1, trigger="attacked", cameo="190",
                      plover="ASSAULT", plover_mode="", goldstein=-10.0, quad_class=4, modality="asserted",
                      source=RUS, target=UKR, quantities={"killed": killed},
                      location={"name": place, "country": "UKR", "lat": 50.45, "lon": 30.52}, date=published)]
    return a


def test_write_and_read_back(new_store):
    with Store(new_store()) as store:
        store.write([article()], [Skipped("bad.txt", "empty file")])
        [row] = store.query("SELECT * FROM events")
        assert (row["source_country"], row["target_country"], row["plover"]) == ("RUS", "UKR", "ASSAULT")
        assert json.loads(row["quantities"]) == {"killed": 3}
        assert row["sentence"] == "Russia attacked Kyiv."
        assert store.query("SELECT reason FROM skipped") == [{"reason": "empty file"}]
        assert store.query("SELECT value FROM meta WHERE key = 'schema_version'") == [{"value": str(SCHEMA_VERSION)}]


def test_same_article_twice_is_stored_once_and_edits_replace(new_store):
    path = new_store()
    with Store(path) as store:
        store.write([article()])
        store.write([article()])
        assert store.count("articles") == 1 and store.count("events") == 1 and store.count("signatures") == 1
        store.write([article(text="Russia attacked Lviv.")])
        assert store.query("SELECT text FROM articles") == [{"text": "Russia attacked Lviv."}]
    with Store(path, read_only=True) as store:  # the store persists
        assert store.count("events") == 1


# -- round trip -------------------------------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
small = st.integers(-2**31, 2**31 - 1)
real = st.floats(allow_nan=False, allow_infinity=False, width=64)
day = st.dates().map(lambda d: d.isoformat())
refs = st.none() | st.builds(ActorRef, text, text, text, text)
spans = st.tuples(small, small, small, small)


@st.composite
def articles(draw):
    a = Article(id=draw(text.filter(bool)), raw=draw(text), title=draw(text), url=draw(st.none() | text),
                source=draw(st.none() | text), published=draw(st.none() | day), language=draw(text),
                origin=draw(text), metadata=draw(st.dictionaries(text, text, max_size=3)), text=draw(text),
                truncated=draw(st.booleans()), noise=draw(real))
    a.repairs = draw(st.lists(st.builds(Repair, small, small, text, text, text), max_size=3))
    a.mentions = draw(st.lists(st.builds(Mention, small, small, text, text, text, text, text, text, text, real),
                               max_size=3))
    a.events = [Event(f"e{n}", -1, *draw(spans)[:2], draw(text), draw(text), draw(text), draw(text), draw(real),
                      draw(small), draw(text), draw(refs), draw(refs), draw(refs),
                      draw(st.dictionaries(text, small, max_size=3)),
                      draw(st.none() | st.fixed_dictionaries({"name": text, "country": text, "lat": real,
                                                              "lon": real})),
                      draw(st.none() | day), draw(real), *draw(spans)[:2], draw(st.none() | text))
                for n in range(draw(st.integers(0, 3)))]
    a.positions = draw(st.lists(st.builds(Position, refs, text, text, text, small, small, small, small), max_size=3))
    a.conditionals = draw(st.lists(st.builds(Conditional, refs, text, text, st.none() | small, text, small, small,
                                             small, small, st.none() | day), max_size=3))
    a.policies = draw(st.lists(st.builds(Policy, refs, st.lists(st.builds(Step, small, text, st.none() | text, small,
                                                                          small, small, small), min_size=1,
                                                                max_size=3)), max_size=2))
    return a


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_what_is_stored_comes_back_equal(original):
    with Store() as store:
        store.write([original])
        back = store.article(original.id)
    _same(back, original)


def _same(back: Article, original: Article) -> None:
    for field in ("id", "raw", "title", "url", "source", "published", "language", "origin", "metadata", "text",
                  "truncated", "noise", "repairs", "mentions", "events", "positions", "conditionals", "policies"):
        assert getattr(back, field) == getattr(original, field), field


def test_an_article_with_a_nul_is_skipped_with_its_reason_and_the_batch_commits(new_store):
    bad = article("bad")
    bad.origin = "feed\x00.jsonl"
    bad.title = "NUL\x00title"
    with Store(new_store()) as store:
        refused = store.write([article("good"), bad])
        stored = {r["id"] for r in store.query("SELECT id FROM articles")}
        assert "good" in stored
        if refused:  # PostgreSQL cannot hold a NUL in text; DuckDB can
            assert [r.path for r in refused] == ["feed\x00.jsonl"] and stored == {"good"}
            assert store.query("SELECT path FROM skipped") == [{"path": "feed\ufffd.jsonl"}]


POSTGRES: dict[str, Store] = {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_what_is_stored_comes_back_equal_from_postgres(postgres_server, original):
    """The same round trip through PostgreSQL, which cannot hold a NUL character in text: an article
    with one is refused with the reason."""
    if "store" not in POSTGRES:
        POSTGRES["store"] = Store(postgres_server.owner_url())
    store = POSTGRES["store"]
    refused = store.write([original])
    if refused:
        assert "\\x00" in repr(original) and "0x00" in refused[0].reason
        return
    _same(store.article(original.id), original)


# -- event clusters and stories -----------------------------------------------------------------------------------

def test_reports_of_one_strike_form_one_cluster_counted_once(new_store):
    with Store(new_store()) as store:
        store.write([article("a1", source="Wire"), article("a2", text="Russian forces struck Kyiv overnight.",
                                                           source="Daily", killed=4)])
        store.write([article("a3", text="Russia attacked Lviv.", place="Lviv")])
        clusters = store.query("SELECT * FROM event_clusters ORDER BY mentions DESC")
    assert len(clusters) == 2
    kyiv = clusters[0]
    assert (kyiv["location_name"], kyiv["mentions"], kyiv["articles"], kyiv["sources"]) == ("Kyiv", 2, 2, 2)
    assert kyiv["killed"] == 4 and kyiv["happened"] is True


WIRE = """Russia and Ukraine exchanged 390 prisoners of war on Friday, the first stage of a swap agreed at talks in
Istanbul last week, officials in Kyiv and Moscow said. Ukrainian President Volodymyr Zelenskyy said 270 soldiers
and 120 civilians had come home, and that more exchanges were expected over the weekend. The Russian defence
ministry said the same number of its servicemen had been returned through Belarus. The swap was the largest of
the war so far. Both sides agreed in Istanbul to free 1,000 prisoners each."""
COPY = "ISTANBUL (Danube Daily) - " + WIRE + "\nReporting by staff; editing by the desk."
REWRITE = """Three hundred and ninety captives went home to each side on Friday in the first phase of the
prisoner exchange that Moscow and Kyiv settled on in Istanbul, according to both governments. Zelenskyy put the
Ukrainian returns at 270 soldiers plus 120 civilians and promised further exchanges over the weekend, while
Russia's defence ministry reported an equal number of its servicemen back via Belarus. It is the biggest swap of
the war, part of a deal for 1,000 prisoners each."""
OTHER = """Russia launched 273 drones at Ukraine overnight into Sunday, the largest drone attack of the war, the
Ukrainian air force said. Most were shot down or jammed, but one woman was killed in the Kyiv region and several
people were injured in Dnipro. Moscow said it had intercepted Ukrainian drones over its own regions."""


def plain(id, text, published="2025-05-23", source=None):
    a = Article(id=id, raw=text, title=id, source=source or id, published=published)
    a.text = text
    return a


def test_syndicated_copies_and_rewrites_join_one_story(new_store):
    with Store(new_store()) as store:
        store.write([plain("wire", WIRE), plain("copy", COPY), plain("rewrite", REWRITE),
                     plain("other", OTHER, "2025-05-25")])
        stories = {r["id"]: r["story_id"] for r in store.query("SELECT id, story_id FROM articles")}
        assert stories["copy"] == stories["wire"] == "wire"
        assert stories["rewrite"] == "wire"
        assert stories["other"] == "other"
        assert {r["story_id"]: r["articles"] for r in store.query("SELECT * FROM stories")} == {"wire": 3, "other": 1}


def test_copies_far_apart_in_time_are_not_linked(new_store):
    with Store(new_store()) as store:
        store.write([plain("wire", WIRE), plain("copy", COPY, "2025-08-01")])
        assert store.query("SELECT story_id FROM articles WHERE id = 'copy'") == [{"story_id": "copy"}]


# -- named errors -------------------------------------------------------------------------------------------------

def test_a_file_that_is_not_a_database_is_a_corrupt_store_error(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a duckdb file at all" * 100)
    with pytest.raises(CorruptStoreError, match="Move it aside"):
        Store(bad)


def test_a_newer_schema_is_refused_with_what_to_do(new_store):
    path = new_store()
    with Store(path) as store:
        store.db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(NewerSchemaError, match="Upgrade peacewatch"):
        Store(path)


def test_a_version_1_file_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    db = duckdb.connect(str(path))
    db.execute("""CREATE TABLE articles (id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, source VARCHAR,
        published DATE, language VARCHAR, truncated BOOLEAN, noise DOUBLE, origin VARCHAR, content_hash VARCHAR,
        pipeline_version VARCHAR, metadata JSON, text VARCHAR, raw VARCHAR, stored_at TIMESTAMP)""")
    db.execute("""CREATE TABLE events (article_id VARCHAR, id VARCHAR, sentence VARCHAR, "start" INTEGER,
        "end" INTEGER, raw_start INTEGER, raw_end INTEGER, trigger VARCHAR, source_name VARCHAR,
        source_country VARCHAR, source_sector VARCHAR, source_actor_id VARCHAR, target_name VARCHAR,
        target_country VARCHAR, target_sector VARCHAR, target_actor_id VARCHAR, plover VARCHAR,
        plover_mode VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER, modality VARCHAR,
        attributed_to VARCHAR, quantities JSON, location_name VARCHAR, location_country VARCHAR, lat DOUBLE,
        lon DOUBLE, date DATE, confidence DOUBLE, conditional_part VARCHAR)""")
    db.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("""INSERT INTO articles (id, text, raw, published) VALUES ('old', 'Russia attacked Kyiv.',
        'Russia attacked Kyiv.', DATE '2025-05-20')""")
    db.execute("""INSERT INTO events (article_id, id, plover, source_country, target_country, location_name, date,
        modality, attributed_to) VALUES ('old', 'old:e1', 'ASSAULT', 'RUS', 'UKR', 'Kyiv', DATE '2025-05-20',
        'claimed', 'Ukraine')""")
    db.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        [event] = store.query("SELECT cluster_id, attributed_name FROM events")
        assert event["attributed_name"] == "Ukraine" and len(event["cluster_id"]) == 16
        assert store.query("SELECT story_id FROM articles") == [{"story_id": "old"}]
        assert not store.query("""SELECT * FROM duckdb_constraints() WHERE table_name = 'articles'
                                  AND constraint_type = 'PRIMARY KEY'""")  # rebuilt without its costly key
        store.write([article("new")])  # the same strike, reported again, joins the old report's cluster
        assert store.query("SELECT articles FROM event_clusters") == [{"articles": 2}]


def test_a_version_2_file_keeps_its_stories_and_dates_its_buckets(tmp_path):
    path = tmp_path / "v2.duckdb"
    text = "Russian forces struck the port of Odesa overnight, damaging grain silos and a ferry terminal."
    with Store(path) as store:
        store.write([article("first", text)])
        for table, column in (("lsh", "published"), ("signatures", "story_id"), ("signatures", "clusters")):
            store.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # as version 2 kept them
        store.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.query("SELECT DISTINCT published FROM lsh") == [{"published": date(2025, 5, 20)}]
        [signature] = store.query("SELECT story_id, clusters FROM signatures")
        assert signature["story_id"] == "first" and len(signature["clusters"]) == 1
        store.write([article("copy", text + " Officials said.")])  # a wire copy still finds the old report
        assert store.query("SELECT id, story_id FROM articles ORDER BY id") == [
            {"id": "copy", "story_id": "first"}, {"id": "first", "story_id": "first"}]


def test_a_copy_outside_the_date_window_is_a_new_story(new_store):
    text = "Russian forces struck the port of Odesa overnight, damaging grain silos and a ferry terminal."
    with Store(new_store()) as store:
        store.write([article("first", text)])
        store.write([article("late", text, published="2025-06-20"), article("near", text, published="2025-05-25")])
        assert store.query("SELECT id, story_id FROM articles ORDER BY id") == [
            {"id": "first", "story_id": "first"}, {"id": "late", "story_id": "late"},
            {"id": "near", "story_id": "first"}]


def _wire_copies() -> list[Article]:
    """Five reports, each copied eight times over ten days with a few words changed."""
    bases = ["Russian drones struck energy sites in Kharkiv and Sumy overnight, cutting power to thousands of homes "
             "while repair crews worked through freezing rain to restore heating before dawn",
             "Negotiators from both sides met in Geneva for a third round of talks on a prisoner exchange, "
             "with Turkish mediators shuttling between hotel rooms until late evening",
             "The European Union agreed a new package of sanctions on shipping and banks after a long debate "
             "among finance ministers, targeting tankers that carry crude through Baltic ports",
             "Ukrainian forces said they pushed back an assault near Pokrovsk and destroyed two armoured vehicles, "
             "although artillery duels continued along the railway embankment south of town",
             "The Red Cross delivered food and medicine to a frontline village after a pause in shelling, "
             "and volunteers evacuated elderly residents toward safer districts by minibus"]
    found = []
    for copy in range(8):
        for n, base in enumerate(bases):
            words = base.split()
            words[(copy * 3 + n) % len(words)] = f"word{copy}"
            found.append(article(f"r{n}-{copy}", " ".join(words) + ".", published=f"2025-05-{10 + copy + n % 3:02d}",
                                 place=f"Place {n}"))
    return found


@pytest.mark.parametrize("size", [1, 7])
def test_stories_do_not_depend_on_where_batches_begin(new_store, size):
    reports = _wire_copies()
    with Store(new_store()) as whole, Store(new_store()) as parts:
        whole.write(reports)
        for start in range(0, len(reports), size):
            parts.write(reports[start:start + size])
        wanted = "SELECT id, story_id, story_score FROM articles ORDER BY id"
        assert whole.query(wanted) == parts.query(wanted)
        assert 5 <= whole.count("stories") < len(reports)  # copies joined their report's story


def test_a_store_held_by_another_process_is_a_locked_error(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('holding', flush=True); time.sleep(30)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreLockedError, match=f"PID {holder.pid}"):
            Store(path, read_only=True, wait=0.3)
    finally:
        holder.kill()
        holder.wait()
    with Store(path, read_only=True, wait=5) as store:  # released when the writer dies
        assert store.count("articles") == 0


def test_a_full_disk_rolls_the_batch_back_and_keeps_earlier_ones(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write([article("a1")])
        real_insert = Store._insert

        def full(self, table, values):
            if table == "events":
                raise duckdb.IOException("Could not write file: No space left on device")
            return real_insert(self, table, values)

        monkeypatch.setattr(Store, "_insert", full)
        with pytest.raises(StoreFullError, match="Free space"):
            store.write([article("a2"), article("a1", text="Russia attacked Odesa.")])
        monkeypatch.undo()
        assert store.query("SELECT id, text FROM articles") == [{"id": "a1", "text": "Russia attacked Kyiv."}]
        assert store.count("events") == 1


def test_a_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="peacewatch ingest"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_read_only_store_refuses_writes(new_store):
    path = new_store()
    Store(path).close()
    with Store(path, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.write([article()])
        with pytest.raises(StoreError, match="read-only"):
            store.query("DELETE FROM articles")


# -- the Python API -----------------------------------------------------------------------------------------------

def test_tables_come_back_as_arrow_pandas_and_polars(new_store):
    with Store(new_store()) as store:
        store.write([article("a1"), article("a2", text="Russia attacked Lviv.", place="Lviv")])
        sql = "SELECT location_name, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"
        arrow = store.table(sql)
        assert arrow.column("location_name").to_pylist() == ["Kyiv", "Lviv"]
        frame = store.table(sql, kind="pandas")
        assert list(frame["n"]) == [1, 1]
        polars = pytest.importorskip("polars")
        assert store.table(sql, kind="polars").equals(polars.from_arrow(arrow))
        with pytest.raises(StoreError, match="kind must be"):
            store.table(sql, kind="excel")


def test_one_line_items_link_only_when_nearly_identical(new_store):
    with Store(new_store()) as store:
        store.write([plain("a", "Russia attacked Kyiv overnight."), plain("b", "Russia attacked Lviv overnight."),
                     plain("c", "Russia attacked Kyiv overnight!")])
        stories = {r["id"]: r["story_id"] for r in store.query("SELECT id, story_id FROM articles")}
    assert stories == {"a": "a", "b": "b", "c": "a"}
