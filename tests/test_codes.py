"""The code tables and PLOVER's view of intents (no model needed)."""

import pytest

from peacewatch.knowledge.codes import lookup, plover_view


@pytest.mark.parametrize("plover, modality, expected", [
    ("RETREAT", "planned", "AGREE"),         # a promised release or withdrawal is an intent to cooperate
    ("AID", "conditional", "AGREE"),
    ("ASSAULT", "planned", "THREATEN"),       # a promised attack is a threat
    ("SANCTION", "conditional", "THREATEN"),
    ("PROTEST", "planned", "THREATEN"),       # "unions will strike": the manual's threat to protest
    ("PROTEST", "asserted", "PROTEST"),
    ("REQUEST", "planned", "REQUEST"),        # verbal acts keep their type
    ("ASSAULT", "negated", "ASSAULT"),
    ("CONSULT", "hypothetical", "CONSULT"),
])
def test_plover_view_of_intents(plover, modality, expected):
    assert plover_view(plover, modality) == expected


def test_lookup_falls_back_to_the_parent_code():
    assert lookup("0841").plover == lookup("084").plover
    assert lookup("1451").plover == "PROTEST"
    assert lookup("99") is None
