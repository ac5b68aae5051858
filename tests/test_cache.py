"""Start-up tables are built once and read back; a bad or unwritable cache never fails a command."""

from __future__ import annotations

import os

import pytest

from peacewatch.knowledge import cache
from peacewatch.read.repair import correct_word, near


@pytest.fixture
def where(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACEWATCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting():
    calls = []

    def build():
        calls.append(1)
        return {"Kyiv": {"country": "UKR", "population": 2_900_000, "capital": True}, "words": ["a", "b"]}

    return build, calls


def test_a_table_is_built_once_and_read_back_equal(where):
    build, calls = _counting()
    first = cache.cached("places-test", build, packages=("pycountry",))
    second = cache.cached("places-test", build, packages=("pycountry",))
    assert len(calls) == 1  # the second came from the file
    assert first == second == build()
    assert len(list(where.glob("places-test-*.marshal"))) == 1


def test_a_damaged_file_is_rebuilt(where):
    build, calls = _counting()
    cache.cached("damaged", build)
    (path,) = where.glob("damaged-*.marshal")
    path.write_bytes(b"\x00not marshal")
    again = cache.cached("damaged", build)
    cache.cached("damaged", build)
    assert len(calls) == 2  # built at first, rebuilt once after the damage, then read
    assert again == build()


def test_off_and_unwritable_caches_still_give_the_table(tmp_path, monkeypatch):
    build, calls = _counting()
    monkeypatch.setenv("PEACEWATCH_CACHE", "off")
    assert cache.cached("off", build) == build()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("PEACEWATCH_CACHE", str(blocked / "cache"))
    assert cache.cached("blocked", build) == build()
    assert not any(name.startswith(".") for name in os.listdir(tmp_path))  # no half-written file left


def test_the_key_follows_the_package_versions(where):
    build, _ = _counting()
    cache.cached("versions", build, packages=("pycountry",))
    cache.cached("versions", build, packages=("pycountry", "no-such-package"))
    assert len(list(where.glob("versions-*.marshal"))) == 2


def test_near_finds_every_word_one_edit_away():
    assert {"forces", "fords", "forms", "forts"} <= near("forcs")
    assert "governor" in near("govenor")  # a letter dropped
    assert "ceasefire" in near("ceasfire")
    assert "said" in near("siad")  # two neighbours swapped
    assert "peace" in near("peacce")  # a letter added
    assert all(len(word) >= 3 for word in near("teh"))
    assert "the" in near("teh")


def test_corrections_are_the_confident_ones():
    assert correct_word("govenor", "regional", "said") == "governor"
    assert correct_word("civilans", "two", "") == "civilians"
    assert correct_word("kiling") is None  # killing, filing, piling: no clear winner without context
    assert correct_word("governor") is None  # a known word is left alone
