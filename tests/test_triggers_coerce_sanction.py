"""Coercion, sanctions and threats in everyday wire wording (triggers.tsv rows and conventions)."""

import pytest

pytestmark = pytest.mark.model

STORY = ("Serbia and Kosovo traded accusations this month. Belgrade and Pristina blamed each other. "
         "Serbian and Kosovar officials spoke again. ")


def coded(run_text, sentence):
    article = run_text(STORY + sentence)
    return [e for e in article.events if e.start >= len(STORY)]


def kinds(run_text, sentence):
    return [(e.plover, e.cameo) for e in coded(run_text, sentence)]


@pytest.mark.parametrize("sentence, plover, cameo", [
    ("Serbian police picked up three Kosovar journalists on Monday.", "COERCE", "173"),
    ("Kosovo police raided the offices of a Serbian bank in Mitrovica.", "COERCE", "170"),
    ("Serbia pulled two Kosovar television channels off the air.", "COERCE", "1721"),
    ("Kosovo barred the Serbian minister from entering its territory.", "SANCTION", "163"),
    ("Serbia stopped issuing visas to Kosovar officials.", "SANCTION", "163"),
    ("Washington called off its strategic dialogue with Pristina.", "SANCTION", "164"),
    ("The European Union gave Belgrade 30 days to free the officers or face new sanctions.", "THREATEN", "139"),
    ("Washington designated the group as a foreign terrorist organisation in March.", "SANCTION", "163"),
    ("Serbia shut its airspace to Kosovar airlines.", "SANCTION", "161"),
    ("Belgrade vowed to take countermeasures against Pristina.", "THREATEN", "1312"),
    ("Kosovo authorities locked up three Serb officials on Monday.", "COERCE", "173"),
    ("Serbia declared the Kosovar envoy persona non grata.", "SANCTION", "166"),
    ("Hackers linked to Serbia launched a cyberattack on Kosovo's government websites.", "COERCE", "170"),
    ("Washington announced visa restrictions on Serbian officials.", "SANCTION", "163"),
    ("Vucic gave Pristina until Friday to release the detainees.", "THREATEN", "139"),
])
def test_everyday_wording(run_text, sentence, plover, cameo):
    found = kinds(run_text, sentence)
    assert (plover, cameo) in found, found


def test_envoy_ordered_out_is_a_diplomatic_expulsion(run_text):
    found = kinds(run_text, "Serbia ordered the Kosovar envoy to leave the country within 48 hours.")
    assert ("SANCTION", "166") in found, found


def test_expelling_a_journalist_is_coercion_not_a_diplomatic_expulsion(run_text):
    found = kinds(run_text, "Serbia expelled a Kosovar journalist on Thursday.")
    assert ("COERCE", "174") in found and ("SANCTION", "166") not in found, found


def test_coordinated_measures_are_separate_events(run_text):
    found = kinds(run_text, "Kosovo police raided four Serbian-run offices, seizing documents and detaining 11 employees.")
    assert ("COERCE", "170") in found and ("COERCE", "171") in found and ("COERCE", "173") in found, found


@pytest.mark.parametrize("sentence", [
    "Serbia retaliated by freezing all assistance to Kosovo.",
    "Pristina retaliated by declaring the Serbian envoy persona non grata.",
])
def test_retaliating_by_an_act_is_that_act(run_text, sentence):
    found = kinds(run_text, sentence)
    assert [p for p, _ in found] == ["SANCTION"], found


def test_ultimatum_content_is_not_an_act(run_text):
    found = kinds(run_text, "The European Union gave Belgrade 30 days to free the officers or face new sanctions.")
    assert "CONCEDE" not in [p for p, _ in found], found


def test_a_crowd_blocking_a_road_protests(run_text):
    found = kinds(run_text, "Hundreds of Serbs blocked the main road into Zvecan with trucks on Wednesday.")
    assert ("PROTEST", "144") in found, found


def test_troops_blocking_a_road_coerce(run_text):
    found = kinds(run_text, "Hundreds of Serbian soldiers blocked the main road into Zvecan on Wednesday.")
    assert ("COERCE", "191") in found, found


def test_a_warning_that_states_its_condition_was_made(run_text):
    events = coded(run_text, "The EU warned Serbia of serious consequences if it failed to comply.")
    assert [(e.plover, e.modality) for e in events] == [("THREATEN", "asserted")]
