"""Actor resolution floors on the project's labelled mentions (bench/actors.py prints the figures).

Floors only move up. Measured when pinned: 225 mentions, country 0.898, sector 0.920.
"""


from conftest import ROOT

from peacewatch.evaluation import score_actor_labels

FOLDER = ROOT / "bench" / "data" / "actors"


def test_country_and_sector_accuracy(pipeline):
    score = score_actor_labels(FOLDER, pipeline)
    assert score.labels >= 150
    assert score.rate("country") >= 0.87, score.misses
    assert score.rate("sector") >= 0.88, score.misses
