"""The whole pipeline on the bundled examples: specific actors, events and figures."""

import json

import pytest
from conftest import EXAMPLES

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def records(pipeline):
    from peacewatch import extract

    return {r["article"]["id"]: r for r in extract([EXAMPLES], pipeline=pipeline)}


def events(record, plover=None):
    return [e for e in record["events"] if plover is None or e["plover"] == plover]


def side(ref):
    return ref["country"] if ref else None


def test_every_example_is_read(records):
    assert len(records) == 11
    assert records["09_second-round-istanbul"]["article"]["published"] == "2025-06-02"
    assert records["ex10a"]["article"]["metadata"] == {"author": "Maria Lindqvist"}


def test_actors_resolve_to_countries(records):
    actors = {a["name"]: a["country"] for r in records.values() for a in r["actors"]}
    assert actors["Vladimir Putin"] == "RUS" and actors["Volodymyr Zelenskyy"] == "UKR"
    assert actors["Vladimir Medinsky"] == "RUS" and actors["Rustem Umerov"] == "UKR"
    assert actors["Hakan Fidan"] == "TUR" and actors["Dmitry Peskov"] == "RUS"


def test_the_deadliest_attack_carries_all_its_figures(records):
    attack = next(e for e in events(records["ex06"], "ASSAULT") if e["quantities"].get("drones_launched") == 298)
    assert (side(attack["source"]), side(attack["target"]), attack["modality"]) == ("RUS", "UKR", "asserted")
    assert attack["quantities"]["missiles_launched"] == 69
    assert attack["quantities"]["drones_intercepted"] == 266
    assert attack["quantities"]["killed"] == 12 and attack["quantities"]["children_killed"] == 3


def test_prisoner_exchange_and_bodies(records):
    swap = [e for e in events(records["ex05"], "CONCEDE") if e["quantities"].get("prisoners_exchanged") == 390]
    assert swap and swap[0]["modality"] == "asserted"
    bodies = [e for e in events(records["09_second-round-istanbul"], "CONCEDE")
              if e["quantities"].get("bodies_returned") == 6000]
    assert bodies and bodies[0]["modality"] == "planned"


def test_claims_and_denials(records):
    claimed = [e for e in events(records["ex06"], "ASSAULT") if e["modality"] == "claimed"]
    assert any(e["quantities"].get("drones_intercepted") == 95 and side(e["source"]) == "UKR" for e in claimed)
    assert any(e["modality"] == "negated" and side(e["source"]) == "RUS" for e in events(records["ex06"], "ASSAULT"))


def test_talks_in_istanbul(records):
    talks = [e for e in events(records["ex03"], "CONSULT") if e["location"] and e["location"]["name"] == "Istanbul"]
    assert talks and talks[0]["date"] == "2025-05-16"


def test_positions_and_conditionals(records):
    ex01 = records["ex01"]
    assert any(p["actor"]["country"] == "RUS" and p["issue"] == "nato" and p["stance"] == "demand"
               for p in ex01["positions"])
    [conditional] = [c for c in ex01["conditionals"] if "sanctions" in c["consequence"]]
    assert conditional["deadline"] == "2025-05-12"


def test_noisy_text_is_repaired_and_truncation_seen(records):
    ex08 = records["ex08"]
    assert ex08["article"]["truncated"] is True
    assert ex08["article"]["noise"] > 0
    kinds = {r["kind"] for r in records["ex06"]["repairs"]}
    assert {"typo", "casing", "spacing", "quote"} <= kinds
    for record in records.values():  # every event's raw span is a real span of the raw input
        for e in record["events"]:
            assert 0 <= e["raw_start"] < e["raw_end"]


def test_contract_fields_are_all_present(records):
    record = records["ex06"]
    assert set(record) >= {"article", "text", "repairs", "actors", "events", "positions", "conditionals"}
    event = record["events"][0]
    assert set(event) >= {"id", "sentence", "start", "end", "raw_start", "raw_end", "source", "target", "plover",
                          "plover_mode", "cameo", "goldstein", "quad_class", "modality", "attributed_to",
                          "quantities", "location", "date", "confidence"}
    json.dumps(record)


def _rebuilt(record, raw_start, raw_end):
    """The raw span with the repairs inside it applied."""
    raw = record["_raw"]
    parts, at = [], raw_start
    for repair in record["repairs"]:
        if raw_start <= repair["start"] and repair["end"] <= raw_end:
            parts += [raw[at:repair["start"]], repair["after"]]
            at = repair["end"]
    parts.append(raw[at:raw_end])
    return "".join(parts)


def test_raw_offsets_point_at_the_same_words(pipeline):
    from peacewatch import Pipeline  # noqa: F401  (the fixture already built one)
    from peacewatch.article import Article
    from peacewatch.contract import to_record
    from peacewatch.read.readers import read

    noisy = [a for a in read([EXAMPLES]) if isinstance(a, Article) and a.id in {"ex02", "ex04", "ex06", "ex08"}]
    for article in pipeline.process(noisy):
        record = to_record(article)
        record["_raw"] = article.raw
        spans = record["events"] + record["positions"] + record["conditionals"]
        assert spans
        for item in spans:
            repaired = record["text"][item["start"]:item["end"]]
            assert repaired in _rebuilt(record, item["raw_start"], item["raw_end"]), item
