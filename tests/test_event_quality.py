"""Event, position and conditional floors on the project's own gold set (bench/score_gold.py prints
the figures). Floors only move up.

Measured when pinned (12 articles, 285 gold events): event F1 0.816 (P 0.808, R 0.825), macro F1 by
type 0.826, roles 0.61, modality 0.92, quantities 19/35; positions found 57/77 (actor 40, stance 45,
issue 38 of those), conditionals 33/42.
"""

import pytest

from conftest import ROOT
from peacewatch.evaluation import gold_files, score_gold

pytestmark = pytest.mark.model
GOLD = ROOT / "bench" / "data" / "gold"


@pytest.fixture(scope="module")
def score(pipeline):
    pairs = gold_files(GOLD)
    assert len(pairs) >= 12
    return score_gold(pairs, pipeline)


def test_the_set_covers_every_type_and_modality(score):
    from peacewatch.codes import MODALITIES, PLOVER_TYPES

    assert score.gold >= 200
    assert all(score.by_type[(kind, "gold")] >= 2 for kind in PLOVER_TYPES)
    assert all(score.by_modality[(modality, "gold")] >= 1 for modality in MODALITIES)


def test_event_floors(score):
    assert score.f1 >= 0.80
    assert score.macro_type_f1() >= 0.80
    assert score.modality / score.matched >= 0.88
    assert score.roles / score.matched >= 0.58
    assert score.quantity_right >= 17


def test_position_and_conditional_floors(score):
    assert score.positions["found"] / score.positions["gold"] >= 0.70
    assert score.conditionals["found"] / score.conditionals["gold"] >= 0.75
    found = score.positions["found"]
    assert score.positions["actor"] / found >= 0.65 and score.positions["stance"] / found >= 0.75
    assert score.positions["issue"] / found >= 0.60
