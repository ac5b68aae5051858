"""CONCEDE, RETREAT and AGREE in the everyday wording of news reports."""

import pytest

pytestmark = pytest.mark.model


def kinds(run_text, text):
    return [(e.plover, e.cameo, e.modality) for e in run_text(text).events]


@pytest.mark.parametrize("text, plover, cameo", [
    ("Britain loosened restrictions on Russian banks.", "CONCEDE", "085"),
    ("The militia returned the seized tankers to their owners.", "CONCEDE", "0842"),
    ("The army let humanitarian convoys into the besieged city.", "CONCEDE", "0863"),
    ("The army admitted responsibility for the strike on the school.", "CONCEDE", "080"),
    ("It also scrapped a night curfew in the two towns.", "RETREAT", "0813"),
    ("The insurgents vacated the airport.", "RETREAT", "0874"),
    ("The troops redeployed away from the contact line.", "RETREAT", "0874"),
    ("Hungary withdrew its veto on the new sanctions.", "CONCEDE", "0832"),
    ("Washington removed the group from its terrorism blacklist.", "CONCEDE", "085"),
    ("Some 300 prisoners walked free from Evin prison on Monday.", "CONCEDE", "0841"),
    ("The president expressed regret over the civilian deaths.", "SUPPORT", "055"),
])
def test_everyday_wording(run_text, text, plover, cameo):
    assert (plover, cameo) in [(p, c) for p, c, _ in kinds(run_text, text)], text


@pytest.mark.parametrize("text", [
    "The ministry released a statement on Monday.",
    "Hamas released a video of the hostage.",
    "The minister withdrew from the race.",
    "The ceasefire collapsed after two days.",
])
def test_publishing_and_failing_are_no_concessions(run_text, text):
    assert not [k for k in kinds(run_text, text) if k[0] in {"CONCEDE", "RETREAT"}], text


def test_evacuating_residents_is_not_an_embassy_pullout(run_text):
    assert [p for p, _, _ in kinds(run_text, "The government evacuated 3,000 residents from the border villages.")] == ["AID"]


def test_a_halt_offered_under_a_condition_is_no_threat(run_text):
    found = kinds(run_text, "The RSF said it would stop fighting if the army does the same.")
    assert [p for p, _, _ in found] == ["CONCEDE"]  # a truce (0871): "truce implemented" in the annotation guide
    assert found[0][2] == "conditional"


def test_a_participle_describing_a_noun_does_not_make_a_threat(run_text):
    found = kinds(run_text, "Caracas agreed to take back Venezuelan migrants deported from the United States.")
    assert "THREATEN" not in [p for p, _, _ in found]
    assert "AGREE" in [p for p, _, _ in found]


def test_a_coordinated_clause_in_another_mood_is_a_second_act(run_text):
    found = kinds(run_text, "The spokesman said the army had suspended offensive operations and would respect the truce.")
    assert [p for p, _, _ in found] == ["CONCEDE", "CONCEDE"]
    assert found[0][2] == "asserted" and found[1][2] == "planned"


def test_an_offer_whose_content_has_a_condition_is_conditional(run_text):
    found = kinds(run_text, "The junta offered to release the detained journalists if sanctions were lifted.")
    assert ("AGREE", "conditional") in [(p, m) for p, _, m in found]
    # a threat under a condition is a threat made
    found = kinds(run_text, "Trump threatened to impose new tariffs on Russia if Moscow refuses a ceasefire.")
    assert ("THREATEN", "asserted") in [(p, m) for p, _, m in found]


def test_in_exchange_for_is_no_prisoner_exchange(run_text):
    assert not kinds(run_text, "Kyiv received security guarantees in exchange for the deal.")
    assert ("CONCEDE", "0841") in [(p, c) for p, c, _ in kinds(run_text, "Ukraine received 150 prisoners of war in the swap.")]


@pytest.mark.parametrize("text, plover", [
    ("Troops were withdrawn from the disputed zone.", "RETREAT"),
    ("The rebels withdrew from Goma on Sunday.", "RETREAT"),
    ("Washington withdrew two warships from the region.", "RETREAT"),
    ("The US withdrew funding for the agency.", "SANCTION"),
    ("Hungary withdrew its support for the package.", None),
    ("The company withdrew its application.", None),
    ("The suspect surrendered his passport.", None),
    ("The garrison surrendered to the rebels.", "RETREAT"),
])
def test_withdrawing_and_surrendering_what(run_text, text, plover):
    found = [p for p, _, _ in kinds(run_text, text)]
    assert found == ([plover] if plover else []), text


def test_agreeing_to_phase_out_sanctions_is_no_threat(run_text):
    found = [p for p, _, _ in kinds(run_text, "The EU agreed to phase out sanctions on Syria.")]
    assert "THREATEN" not in found and "AGREE" in found


def test_a_closure_ending_eases_a_blockade(run_text):
    found = kinds(run_text, "Officials said the closure of the crossing would end on Monday.")
    assert [(p, c) for p, c, _ in found] == [("CONCEDE", "085")]  # a border closure is a sanction; its end eases it
    found = kinds(run_text, "The army said the blockade of the port would end on Monday.")
    assert [(p, c) for p, c, _ in found] == [("CONCEDE", "0872")]
