import json

import pytest

from peacewatch.article import ActorRef, Article, Event, Repair, Skipped
from peacewatch.errors import StoreError
from peacewatch.store import Store


def article(id="a1", text="Russia attacked Kyiv.", published="2025-05-20"):
    a = Article(id=id, raw=text, title="T", source="Wire", published=published, url=f"https://e.org/{id}")
    a.text = text
    a.repairs = [Repair(0, 0, "", "", "unicode")][:0]
    from peacewatch.segment import split
    a.sentences = split(text)
    a.events = [Event(id=f"{id}:e1", sentence=0, start=0, end=len(text) - 1, trigger="attacked", cameo="190",
                      plover="ASSAULT", plover_mode="", goldstein=-10.0, quad_class=4, modality="asserted",
                      source=ActorRef("Russia", "RUS", "GOV", "RUS"), target=ActorRef("Ukraine", "UKR", "GOV", "UKR"),
                      quantities={"killed": 3}, date=published)]
    return a


def test_write_and_read_back(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write([article()], [Skipped("bad.txt", "empty file")])
        [row] = store.query("SELECT * FROM events")
        assert (row["source_country"], row["target_country"], row["plover"]) == ("RUS", "UKR", "ASSAULT")
        assert json.loads(row["quantities"]) == {"killed": 3}
        assert store.query("SELECT reason FROM skipped") == [{"reason": "empty file"}]


def test_same_article_twice_is_stored_once_and_edits_replace(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write([article()])
        store.write([article()])
        assert store.count("articles") == 1 and store.count("events") == 1
        store.write([article(text="Russia attacked Lviv.")])
        assert store.query("SELECT text FROM articles") == [{"text": "Russia attacked Lviv."}]
    with Store(path, read_only=True) as store:  # the file persists
        assert store.count("events") == 1


def test_unopenable_store_is_a_named_error(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a duckdb file at all" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(bad)
