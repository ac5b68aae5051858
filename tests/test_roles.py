"""Who did what to whom: source and target rules on sentences of everyday reporting."""

import pytest

pytestmark = pytest.mark.model


def roles_of(run_text, text):
    return [(e.plover, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in run_text(text).events]


def test_a_lower_case_alias_of_an_armed_group_is_the_group(run_text):
    # "al-Shabaab" and "Al-Shabaab" are both aliases; the first must not be dropped as a duplicate.
    found = roles_of(run_text, "Somali officials said al-Shabaab fighters overran an army base in Hiiraan on Sunday.")
    assert ("ASSAULT", "NSA:ALSHABAAB", "SOM") in found, found


DOMESTIC = ("Georgian protesters rallied in Tbilisi for a fifth night. Georgia's opposition said the vote was rigged. "
            "President Salome Zourabichvili said Georgia needed a new election. The European Union said it was "
            "concerned. Georgian police detained 40 people in Tbilisi. Prime Minister Irakli Kobakhidze rejected the "
            "demand for a new vote.")


def test_in_a_story_about_one_state_a_rejection_answers_the_people_at_home(run_text):
    # The EU is the second most named party, but an onlooker: not the target of a domestic rejection.
    found = roles_of(run_text, DOMESTIC)
    assert ("REJECT", "GEO", "GEO") in found, found


def test_joint_subjects_are_not_each_others_target_in_a_one_sided_act(run_text):
    found = roles_of(run_text, "Lithuania, Latvia and Estonia imposed travel bans on Georgian officials on Monday.")
    assert [(s, t) for p, s, t in found if p == "SANCTION"] == [("LTU", "GEO")], found
    # In an act done together they are.
    found = roles_of(run_text, "Armenia and Azerbaijan held talks in Abu Dhabi on Thursday.")
    assert ("CONSULT", "ARM", "AZE") in found, found


def test_a_third_state_acting_alone_acts_on_the_main_party(run_text):
    text = ("Indian and Pakistani troops exchanged fire across the Line of Control. India said Pakistan shelled "
            "three villages. Pakistan accused India of striking a mosque. India closed its border crossing with "
            "Pakistan. Saudi Arabia offered to mediate.")
    found = roles_of(run_text, text)
    assert ("AGREE", "SAU", "IND") in found, found


def test_a_protest_outside_a_foreign_mission_targets_its_state(run_text):
    found = roles_of(run_text, "Several hundred fishermen rallied outside the Chinese consulate in Manila on Friday.")
    assert ("PROTEST", "PHL", "CHN") in found, found
    found = roles_of(run_text, "In Tehran thousands rallied after prayers, chanting slogans against the United States.")
    assert [t for p, _, t in found if p == "PROTEST"] == ["USA"], found


def test_the_two_countries_are_the_two_states_just_named(run_text):
    text = ("Kenyan and Somali police have begun joint patrols along the border, Kenya's interior ministry said. "
            "The two countries now swap intelligence on militant movements every week.")
    found = roles_of(run_text, text)
    assert ("COOPERATE", "KEN", "SOM") in found, found


def test_domestic_groups_belong_to_the_story_s_state_not_the_foreign_state_named_last(run_text):
    text = ("Serbian students blocked bridges in Belgrade. Serbia's president said the protests were foreign-funded. "
            "Serbia's government resigned. Two Croatian citizens were expelled from Serbia. "
            "Several hundred students began a hunger strike outside city hall on Sunday.")
    found = roles_of(run_text, text)
    assert found[-1] == ("PROTEST", "SRB", "SRB"), found


def test_the_bloc_is_the_organisation_named_last(run_text):
    found = roles_of(run_text, "ECOWAS leaders met in Abuja on Sunday. The bloc lifted most of the sanctions on Niger.")
    assert ("CONCEDE", "IGO:ECOWAS", "NER") in found, found


def test_the_group_is_the_armed_group_named_before(run_text):
    found = roles_of(run_text, "M23 rebels seized Goma in January. The group withdrew its fighters from Goma on Tuesday.")
    assert [s for p, s, _ in found if p == "RETREAT"] == ["NSA:M23"], found


def test_a_group_in_a_named_place_is_of_that_place(run_text):
    text = "France closed its embassy in Niger in December. Police in Niamey rounded up 14 activists on Monday."
    found = roles_of(run_text, text)
    assert ("COERCE", "NER", "NER") in found, found


def test_condemning_an_attack_accuses_the_attacker(run_text):
    text = ("Russian missiles struck Kyiv overnight, killing 12 people. Ukraine's foreign minister condemned the "
            "attack. UN Secretary-General Antonio Guterres also condemned it.")
    found = [(s, t) for p, s, t in roles_of(run_text, text) if p == "ACCUSE"]
    assert found == [("UKR", "RUS"), ("IGO:UN", "RUS")], found
    # "accused it of" names a party, not a deed.
    found = roles_of(run_text, "Sudan's army accused the United Arab Emirates of arming the RSF. "
                               "Sudan accused it of supplying drones.")
    assert [t for p, _, t in found if p == "ACCUSE"] == ["ARE", "ARE"], found


def test_an_unresolved_subject_in_a_story_about_one_state_is_that_state(run_text):
    # "they" names no one the coder knows; in a story about Georgia alone, the act is Georgia's own affair.
    found = roles_of(run_text, DOMESTIC + " The protesters' leaders met the speaker on Sunday, but they rejected his appeal.")
    assert found[-1] == ("REJECT", "GEO", "GEO"), found


def test_the_ministers_of_two_states_signing_are_each_others_partner(run_text):
    found = roles_of(run_text, "The foreign ministers of Armenia and Azerbaijan signed a peace agreement in Washington.")
    assert [(s, t) for p, s, t in found if p in {"SUPPORT", "AGREE"}] == [("ARM", "AZE")], found
