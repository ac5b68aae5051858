"""The count linker: which count of a sentence is which quantity, learned from the corpus's labels
(`scripts/train_counts.py`), numpy only."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from peacewatch.coding.counts import KEYS, PEOPLE, THINGS, Counts, features
from peacewatch.coding.quantities import numbers

ROOT = Path(__file__).resolve().parent.parent


def keys_of(sentence: str) -> dict[str, list[str]]:
    model = Counts()
    return {sentence[n.start:n.figure_end]: model.keys(sentence, n) for n in numbers(sentence)}


def test_a_total_and_the_group_inside_it_are_told_apart():
    found = keys_of("Nine people, among them three children, died when shells hit the market in the town.")
    assert found == {"Nine": ["killed"], "three": ["children_killed"]}


def test_a_bare_count_takes_the_verb_after_it():
    found = keys_of("One policeman was killed and four were wounded when gunmen opened fire on the checkpoint.")
    assert found["One"][0] == "killed" and found["four"] == ["injured"]


def test_hostages_freed_are_hostages_released():
    found = keys_of("Militants released 23 hostages, all of them aid workers, after a week.")
    assert found["23"] == ["hostages_released"]


def test_a_count_of_things_only_takes_the_keys_of_its_thing():
    model = Counts()
    for sentence in ("A drone hit a bus, killing a driver.", "Two missiles struck the depot and killed three guards.",
                     "The bodies of 40 soldiers were handed over at the crossing."):
        for number in numbers(sentence):
            allowed = THINGS.get(number.unit, KEYS if number.unit is None else PEOPLE)
            assert set(model.keys(sentence, number)) <= set(allowed), (sentence, number)
    assert not set(THINGS["drone"]) & set(PEOPLE)


def test_features_name_the_words_around_the_figure_not_after_its_noun():
    sentence = "Rebels freed 12 captured soldiers on Monday."
    [number] = numbers(sentence)
    named = features(sentence, number)
    assert "L1:freed" in named and "R1:captured" in named and "U:prisoner" in named and "C:soldiers" in named
    assert any(name.startswith("K:L:released:") for name in named)


def test_the_fit_learns_keys_it_is_shown_and_is_the_same_each_run():
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_counts import fit

    rows = [("Gunmen killed 5 people.", {"killed"}), ("Shelling wounded 7 people.", {"injured"}),
            ("Police arrested 4 people.", {"arrested"}), ("Talks brought together 3 delegations.", set())] * 3
    data = [(text, numbers(text)[0], gold, set()) for text, gold in rows if numbers(text)]
    kept, w, b = fit(data, KEYS, 300, 1e-4)
    again = fit(data, KEYS, 300, 1e-4)
    assert kept == again[0] and np.array_equal(w, again[1])
    index = {name: k for k, name in enumerate(kept)}
    for text, number, gold, _ in data:
        p = 1 / (1 + np.exp(-(w[[index[f] for f in features(text, number) if f in index]].sum(0) + b)))
        assert {KEYS[k] for k in np.flatnonzero(p >= 0.5)} == gold
