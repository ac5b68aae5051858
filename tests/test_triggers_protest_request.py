"""Protest, strike and denial constructions of everyday reporting (domestic unrest, labour action)."""

import pytest

pytestmark = pytest.mark.model


def events_of(run_text, text):
    return [(e.plover, e.cameo, e.modality) for e in run_text(text).events]


@pytest.mark.parametrize("text, cameo", [
    ("Thousands of people poured onto the streets of Belgrade on Saturday.", "141"),
    ("Teachers across Serbia walked off the job on Monday.", "143"),
    ("Opposition supporters joined the protests outside parliament.", "141"),
    ("Some protesters hurled bottles at the police lines.", "145"),
    ("Demonstrators pelted riot police with eggs.", "145"),
])
def test_protest_wording(run_text, text, cameo):
    found = events_of(run_text, text)
    assert ("PROTEST", cameo) in [(p, c) for p, c, _ in found], found


def test_students_and_farmers_blocking_roads_obstruct_passage(run_text):
    # CAMEO 144: a blockade by civilians is a protest, not a military blockade (191).
    assert [c for p, c, _ in events_of(run_text, "Serbian students blockaded the main bridges in Belgrade.")
            if p == "PROTEST"] == ["144"]
    found = events_of(run_text, "Georgian truck drivers said they would block the main highway to Poti.")
    assert ("PROTEST", "144", "planned") in found, found
    # Troops blockading a port stay a coercive blockade.
    assert ("COERCE", "191") in [(p, c) for p, c, _ in
                                 events_of(run_text, "Russian forces blockaded the port of Odesa.")]


def test_pledged_or_called_strike_is_a_planned_protest_not_a_threat(run_text):
    found = events_of(run_text, "Serbian farmers' unions pledged to join a general strike on Friday.")
    assert [(p, m) for p, _, m in found] == [("PROTEST", "planned")], found
    found = events_of(run_text, "Georgian opposition groups have called a nationwide general strike for Friday.")
    assert ("PROTEST", "planned") in [(p, m) for p, _, m in found], found


def test_signing_a_letter_is_no_agreement_and_denied_reports_are_rejected(run_text):
    found = events_of(run_text, "More than 200 Georgian diplomats signed an open letter criticising the government.")
    assert "AGREE" not in {p for p, _, _ in found} and "ACCUSE" in {p for p, _, _ in found}, found
    found = events_of(run_text, "Georgia's foreign ministry denied reports that police had beaten detainees.")
    assert "REJECT" in {p for p, _, _ in found}, found
    assert ("ASSAULT", "negated") in [(p, m) for p, _, m in found], found


def test_police_using_water_cannon_is_repression(run_text):
    found = events_of(run_text, "Georgian police used water cannon and pepper spray to clear the avenue.")
    assert ("COERCE", "175") in [(p, c) for p, c, _ in found], found  # CAMEO root 17 (annotation guide)


def test_domestic_dissent_and_policing_stay_at_home(run_text):
    # In a story about two other states, Serbian students' blockade is aimed at Serbia's government,
    # not at one of the story's main parties.
    article = run_text("Russia and Ukraine traded accusations. Serbian students blocked a highway near Nis on Monday.")
    protest = [e for e in article.events if e.plover == "PROTEST"]
    assert [(e.source.country, e.target.country) for e in protest] == [("SRB", "SRB")]
    article = run_text("Thousands of Georgian protesters rallied outside parliament on Wednesday.")
    assert [(e.plover, e.source.country, e.target.country) for e in article.events] == [("PROTEST", "GEO", "GEO")]


def test_traded_accusations_are_accusations_not_trade(run_text):
    found = [(e.plover, e.cameo) for e in run_text("Armenia and Azerbaijan traded accusations on Monday.").events]
    assert ("ACCUSE", "112") in found and "COOPERATE" not in {p for p, _ in found}, found
