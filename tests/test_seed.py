"""Acceptance on the founding document; skipped when ../shared is not beside the checkout."""

import json

import pytest
from conftest import SHARED

SEED = SHARED / "seed" / "000_e7fa3d57873a640b.txt"
GOLD = SHARED / "acceptance" / "seed-gold.json"
pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present beside the checkout")]


@pytest.fixture(scope="module")
def seed(pipeline):
    """The rule stages on the seed (`coder = "rules"`): the text they were written against. The
    default hybrid coder does not yet keep all of it (issue 15: see data/model/CARD.md)."""
    from peacewatch import extract

    [record] = extract([SEED], pipeline=pipeline)
    return record


def test_named_people_resolve_to_their_countries(seed):
    countries = {a["name"]: a["country"] for a in seed["actors"]}
    assert countries["Vladimir Putin"] == "RUS" and countries["Donald Trump"] == "USA"
    assert countries["Steve Witkoff"] == "USA" and countries["Mykhailo Podolyak"] == "UKR"
    assert countries["Volodymyr Zelenskyy"] == "UKR"


def test_kyiv_strike(seed):
    strikes = [e for e in seed["events"] if e["plover"] == "ASSAULT" and e["quantities"].get("killed") == 31]
    assert strikes and strikes[0]["quantities"]["children_killed"] == 5


def test_gold_repairs_names_and_truncation(seed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = seed["text"]
    for repair in gold["repairs"]:
        assert repair["fixed"] in text, repair
    for name in gold["must_not_change"]:
        assert name in text
    assert seed["article"]["truncated"] is True


def test_gold_events_positions_conditionals(pipeline):
    from peacewatch.evaluation import score_gold

    s = score_gold([(GOLD, SEED)], pipeline)
    assert s.matched >= 15, s.misses
    assert s.quantity_right == s.quantity_gold
    assert s.positions["found"] == s.positions["gold"] == 6
    assert s.conditionals["found"] == s.conditionals["gold"] == 2
    assert s.actors["right"] == s.actors["gold"] == 10


def test_the_two_phases_in_order(seed):
    [policy] = seed["policies"]
    assert [step["phase"] for step in policy["steps"]] == [1, 2]
    assert policy["steps"][0]["plover"] == "SANCTION"
    assert policy["actor"]["country"] == "UKR"


def test_the_assessment_of_the_seed_alone(pipeline, tmp_path):
    """The seed's own reading: mixed signals, the phased sanctions plan as a scenario, things to watch."""
    from peacewatch.assessment.index import assess
    from peacewatch.report.job import ingest
    from peacewatch.store.store import Store

    with Store(tmp_path / "seed.duckdb") as store:
        ingest([SEED], store, pipeline=pipeline)
        assessment = assess(store)
    assert assessment["dyad"] == "RUS-UKR" and assessment["signal"] == "mixed"
    [window] = assessment["windows"]  # the seed is undated: one undated window
    assert window["start"] is None and window["killed"] == 31 and window["visits"] >= 2
    plan = next(s for s in assessment["scenarios"] if s["kind"] == "phased plan")
    assert plan["actor_country"] == "UKR" and [step["phase"] for step in plan["steps"]] == [1, 2]
    assert plan["steps"][0]["plover"] == "SANCTION" and plan["status"] == "open"
    assert any(p["label"] == "sanctions imposed" and p["target"] == "RUS" for p in plan["signposts"])
    assert any(b["negated"] and "further sanctions" in b["consequence"] for b in plan["branches"])
    kinds = {item["kind"] for item in assessment["watch"]}
    assert {"visit", "planned", "policy"} <= kinds and all(item["status"] == "pending" for item in assessment["watch"])
