import pytest

pytestmark = pytest.mark.model


def stances(article):
    return [(p.actor.country if p.actor else None, p.issue, p.stance) for p in article.positions]


def test_demand_precondition_offer_refuse_accept_assess(run_text):
    article = run_text(
        "The Kremlin demands that Ukraine withdraw from the Donetsk region. "
        "Moscow insists on a ceasefire plan before any summit. "
        "Zelenskyy said he was ready to meet Putin in Ankara. "
        "Ukraine rejected the Russian memorandum. "
        "Both delegations agreed to a swap of prisoners. "
        "Kyiv remains sceptical of Russia's commitment to negotiations.")
    got = stances(article)
    assert ("RUS", "territory", "demand") in got
    assert ("RUS", "talks", "precondition") in got
    assert ("UKR", "talks", "offer") in got
    assert any(s == ("UKR", s[1], "refuse") for s in got)
    assert ("UKR", "talks", "assess") in got


def test_list_items_take_the_lead_in_actor(run_text):
    article = run_text("Moscow restated its terms for peace. These include:\n"
                       "Land: Demanding that Kyiv cede four regions.\n"
                       "Alliance: Insisting that Ukraine stay out of NATO.\n")
    assert stances(article)[:2] == [("RUS", "territory", "demand"), ("RUS", "nato", "demand")]


def test_conditionals_phases_and_deadline(run_text):
    article = run_text(
        "Ukrainian officials set out a plan against Russia. The plan has two parts:\n"
        "Phase 1: Sanctions on Russian gas exports.\n"
        "Phase 2: Review. If the sanctions fail, the allies will send more weapons to Ukraine.\n"
        "Unless Moscow agrees to a ceasefire by Friday, the EU will impose new sanctions.",
        published="2025-05-20")
    assert [s.phase for s in article.policies[0].steps] == [1, 2]
    assert article.policies[0].steps[0].plover == "SANCTION"
    first, second = article.conditionals[:2]
    assert first.condition.startswith("the sanctions fail") and first.phase == 2
    assert "send more weapons" in first.consequence
    assert second.deadline == "2025-05-23"


def test_first_then_is_a_phased_plan(run_text):
    article = run_text("Brussels outlined its approach. The EU will first impose sanctions on Russian oil, "
                       "then send more weapons to Ukraine.")
    [policy] = article.policies
    assert [(s.phase, s.plover) for s in policy.steps] == [(1, "SANCTION"), (2, "AID")]


def test_conditional_promise_is_an_offer(run_text):
    article = run_text("Hamas said it would release 40 hostages if Israel stops shelling Gaza.")
    assert any(p.stance == "offer" and p.issue == "prisoners" for p in article.positions)
