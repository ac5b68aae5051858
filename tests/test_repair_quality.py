"""Repair quality floors on clean text damaged at known rates (bench/noise.py prints the figures).

Floors only move up. Measured when pinned (5 seeds): typo P 0.95 R 0.84; casing, spacing
and quote P 1.00 R 1.00.
"""

import sys

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.article import Article
from peacewatch.pipeline import vocabulary
from peacewatch.read.noise import evaluate
from peacewatch.read.repair import Repairer

sys.path.insert(0, str(ROOT / "bench"))
from noise import clean_texts  # noqa: E402

FLOORS = {"typo": (0.92, 0.80), "casing": (0.98, 0.97), "spacing": (0.98, 0.97), "quote": (0.98, 0.95)}


@pytest.fixture(scope="module")
def repairer(kb):
    return Repairer(kb, vocabulary=vocabulary())


@pytest.fixture(scope="module")
def texts(repairer):
    return clean_texts(repairer)


def test_floors(kb, repairer, texts):
    assert len(texts) >= 6
    result = evaluate(texts, repairer, kb, seeds=3)
    for kind, (precision, recall) in FLOORS.items():
        assert result.made[kind] > 10, kind
        assert result.precision(kind) >= precision, (kind, result.precision(kind))
        assert result.recall(kind) >= recall, (kind, result.recall(kind))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_clean_text_is_left_alone(repairer, texts, data):
    sentences = [s for text in texts for s in text.replace("\n", " ").split(". ") if len(s) > 20]
    picked = data.draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=6))
    joiner = data.draw(st.sampled_from([". ", ".\n", ".\n\n"]))
    text = joiner.join(s.strip().rstrip(".") for s in picked) + "."
    article = Article(id="clean", raw=text)
    repairer.repair(article)
    assert [r for r in article.repairs if r.kind != "whitespace"] == []
