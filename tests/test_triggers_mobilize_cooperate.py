"""Force posture, cooperation, aid and support in everyday wire wording (triggers.tsv rows and
the merge convention for coordinated clauses)."""

import pytest

pytestmark = pytest.mark.model


def events_of(run_text, text):
    return run_text(text).events


@pytest.mark.parametrize("text, plover, cameo, source, target", [
    ("China moved dozens of coast guard cutters towards the Philippines.", "MOBILIZE", "154", "CHN", "PHL"),
    ("Rwanda sent 1,000 troops to Mozambique.", "MOBILIZE", "154", "RWA", "MOZ"),  # lemma "troop"
    ("Hungary activated its reserve forces.", "MOBILIZE", "154", "HUN", None),
    ("Lithuania is building a fence along its border with Belarus.", "MOBILIZE", "154", "LTU", "BLR"),
    ("France shared satellite imagery with Ukraine.", "COOPERATE", "064", "FRA", "UKR"),
    ("Kenya and Somalia now swap intelligence on militant movements.", "COOPERATE", "064", None, None),
    ("Turkey handed over two attack helicopters to Somalia.", "AID", "072", "TUR", "SOM"),
    ("The United Arab Emirates flew 50 tonnes of medical supplies into Somalia.", "AID", "073", "ARE", "SOM"),
    ("The European Union bankrolled the mission in Somalia for years.", "AID", "071", "IGO:EU", None),
    ("Norway granted protection to 40 Somali journalists.", "AID", "075", "NOR", None),
    ("The Arab League rallied behind Egypt's reconstruction plan.", "SUPPORT", "051", "IGO:ARAB_LEAGUE", "EGY"),
    ("Saudi Arabia and Iran restored diplomatic relations.", "SUPPORT", "050", "SAU", "IRN"),
])
def test_everyday_wording(run_text, text, plover, cameo, source, target):
    events = events_of(run_text, text)
    assert events, f"no event in {text!r}"
    event = events[0]
    assert (event.plover, event.cameo) == (plover, cameo)
    if source:
        assert event.source is not None and event.source.country == source
    if target:
        assert event.target is not None and event.target.country == target


def test_stepping_up_cooperation_is_not_a_threat(run_text):
    events = events_of(run_text, "Moldova and Romania pledged to step up security cooperation.")
    assert [e.plover for e in events] == ["AGREE"]


@pytest.mark.parametrize("text", [
    "A security official, who asked not to be named, said Egypt would send troops to Somalia.",
    "Norway, which hosts a large Somali diaspora, has called for calm.",
])
def test_formulas_are_not_appeals_or_visits(run_text, text):
    kinds = [e.plover for e in events_of(run_text, text)]
    assert "CONSULT" not in kinds and kinds.count("REQUEST") <= ("called for" in text)


def test_a_mission_is_a_visit_only_when_it_goes_somewhere(run_text):
    assert not events_of(run_text, "The African Union mission in Somalia is short of money.")
    assert [e.plover for e in events_of(run_text, "Macron's mission to Moscow ended without a deal.")] == ["CONSULT"]


def test_coordinated_clauses_with_their_own_subjects_are_two_acts(run_text):
    events = events_of(run_text, "Border units were put on alert, and thousands of reservists were called up.")
    assert [e.cameo for e in events] == ["152", "154"]
    # one actor's coordinated acts of one type stay one event
    events = events_of(run_text, "Taiwan scrambled fighter jets and dispatched warships to shadow the carrier.")
    assert [e.plover for e in events] == ["MOBILIZE"]


def test_event_noun_after_on_or_in_takes_the_clause_subject(run_text):
    event = run_text("Chinese troops were on high alert near the shoal.").events[0]
    assert event.plover == "MOBILIZE" and event.source is not None and event.source.country == "CHN"
    event = run_text("Some 200 Australian soldiers will take part in the joint exercise.").events[0]
    assert event.source is not None and event.source.country == "AUS"
