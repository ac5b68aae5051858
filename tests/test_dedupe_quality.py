"""Quality floor for near-duplicate detection on the project's labelled set (bench/data/dedupe)."""

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT / "bench" / "data" / "dedupe"


@pytest.mark.model
def test_story_links_on_the_labelled_set(pipeline):
    from dedupe import evaluate

    result = evaluate(DATA / "articles.jsonl", pipeline)
    assert result["precision"] >= 0.95 and result["recall"] >= 0.90, result["wrong"]
    assert result["by_kind"]["syndicated"] == (16, 16)


@pytest.mark.model
def test_story_links_on_the_held_out_set(pipeline):
    """Written after the thresholds were chosen, and never used to choose them."""
    from dedupe import evaluate

    result = evaluate(DATA / "heldout.jsonl", pipeline)
    assert result["precision"] >= 0.95 and result["recall"] >= 0.85, result["wrong"]
