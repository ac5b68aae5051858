import pytest

from peacewatch.coding.quantities import extract, merge, to_int


@pytest.mark.parametrize("sentence, expected", [
    ("The strike on the city claimed the lives of 14 people, including four children.",
     {"killed": 14, "children_killed": 4}),
    ("Air defences intercepted 37 of the 40 drones launched overnight.",
     {"drones_intercepted": 37, "drones_launched": 40}),
    ("The army fired 12 missiles and dozens of drones at the port.", {"missiles_launched": 12, "drones_launched": 24}),
    ("At least nine people were killed and more than 50 wounded.", {"killed": 9, "injured": 50}),
    ("Each side freed 205 prisoners of war.", {"prisoners_exchanged": 205}),
    ("Kyiv received the bodies of 909 soldiers; Moscow got 34 bodies.", {"bodies_returned": 909}),
    ("Between 20 and 30 people were injured.", {"injured": 20, "injured_max": 30}),
    ("The EU adopted its 17th package on 20 May after a 30-day pause.", {}),
    ("Iran fired 14 missiles at the base; 13 were intercepted.", {"missiles_launched": 14, "missiles_intercepted": 13}),
    ("The offensive killed about 3,000 people and displaced 700,000.", {"killed": 3000, "displaced": 700000}),
    ("Police arrested 14 protesters.", {"arrested": 14}),
    ("The group freed 30 detained civilians.", {"prisoners_released": 30}),
    ("Rockets killed 12 people, including a child.", {"killed": 12, "children_killed": 1}),
    # headlines in the present tense, and the other nouns news counts people by (my own sentences)
    ("Police arrest 11 suspects in the capital", {"arrested": 11}),
    ("Army kills 16 insurgents near the dam", {"killed": 16}),
    ("Gunmen behead three farmers in the hills", {"killed": 3, "civilians_killed": 3}),
    ("The brigade frees nine abducted students", {"hostages_released": 9}),
    ("Militia frees two detained customs officers", {"prisoners_released": 2}),
    ("Troops neutralised 23 terrorists in the forest.", {"killed": 23}),
    ("Separatists shot dead a gendarme at the bridge.", {"killed": 1, "soldiers_killed": 1}),
    # one, counted by the article before a singular noun, adjectives between (my own sentences)
    ("Rebels shot down a military transport helicopter near the lake.", {"aircraft_downed": 1}),
    ("Border police detained a senior customs official on Monday.", {"arrested": 1}),
    ("The navy fired 20 drones and a cruise missile at the depot.", {"drones_launched": 20, "missiles_launched": 1}),
    ("Guards detained Petro Hnatyuk, 61, at the crossing.", {"arrested": 1}),
    ("Soldiers killed Islamic State fighters in the valley.", {}),
    ("One hundred and twelve people were killed in the raids.", {"killed": 112}),
])
def test_figures(sentence, expected):
    assert merge(extract(sentence)) == expected


def test_number_words():
    assert to_int("twenty-five") == 25 and to_int("1,200") == 1200 and to_int("three hundred") == 300


def test_each_count_takes_its_own_keyword():
    assert merge(extract("At least 23 people were killed and 134 injured.")) == {"killed": 23, "injured": 134}
