"""The wording models: a stretch's type, or issue and stance, from linear models over its words, mixed
with the tagger's (`scripts/train_wording.py`), numpy only."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from peacewatch.coding.tagger import HEADS, Tagger
from peacewatch.coding.wording import BLEND, LABELS, Wording, features

ROOT = Path(__file__).resolve().parent.parent


def best(head: str, shares) -> str:
    return LABELS[head][int(np.argmax(shares))]


def test_the_words_of_a_stretch_give_its_type_issue_and_stance():
    model = Wording()
    for sentence, issue, stance in (
            ("The minister said Kyiv would never give up any part of its territory.", "territory", "refuse"),
            ("The foreign ministry said it was ready to join talks in Geneva next month.", "talks", "offer")):
        shares = model.probabilities(sentence, 0, len(sentence))
        assert (best("issue", shares["issue"]), best("stance", shares["stance"])) == (issue, stance)
        assert all(abs(sum(v) - 1) < 1e-5 for v in shares.values())
    for sentence, kind in (("Artillery shelled the outskirts of the city overnight.", "ASSAULT"),
                           ("The two leaders spoke by telephone on Tuesday.", "CONSULT")):
        assert best("type", model.probabilities(sentence, 0, len(sentence))["type"]) == kind


def test_the_tagger_and_the_model_are_mixed_by_their_shares():
    model = Wording()
    sentence = "The minister said Kyiv would never give up any part of its territory."
    learned = model.probabilities(sentence, 0, len(sentence))
    heads = ("issue", "stance")
    # A tagger sure of other labels outweighs the model (its share under a half); a tagger with no view leaves
    # it the choice.
    sure = tuple(tuple(1.0 if k == 0 else 0.0 for k in range(len(LABELS[h]))) for h in heads)
    assert max(BLEND[h] for h in heads) < 0.5
    assert model.read(heads, sentence, 0, len(sentence), sure) == (LABELS["issue"][0], LABELS["stance"][0])
    flat = tuple(tuple(1 / len(LABELS[h]) for _ in LABELS[h]) for h in heads)
    assert model.read(heads, sentence, 0, len(sentence), flat) == (best("issue", learned["issue"]),
                                                                   best("stance", learned["stance"]))


def test_features_tell_the_evidence_from_the_rest_of_the_sentence():
    sentence = "Moscow said on Monday that it rejects any ceasefire."
    start = sentence.index("it rejects")
    named = features(sentence, start, len(sentence) - 1)
    assert {"E:rejects", "B:any_ceasefire", "S:moscow"} <= set(named) and "E:moscow" not in named


def test_tagged_stretches_carry_the_tagger_s_shares():
    [stretches] = Tagger().tag(["The rebels demanded the release of all prisoners before any talks, and shelled "
                                "the town of Velmora."])
    positions = [t for t in stretches if t.kind == "position"]
    events = [t for t in stretches if t.kind == "event"]
    assert positions and events
    for position in positions:
        issue, stance = position.votes
        assert len(issue) == len(HEADS["issue"]) and abs(sum(issue) - 1) < 1e-5
        assert best("issue", issue) == position.label and best("stance", stance) == position.detail
    for event in events:
        [shares] = event.votes
        assert len(shares) == len(LABELS["type"]) and best("type", shares) == event.label


def test_the_fit_learns_the_answers_it_is_shown_and_is_the_same_each_run():
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_wording import fit

    rows = [["E:truce"], ["E:captives"], ["E:land"]] * 4
    answers = [1, 5, 2] * 4
    w, b = fit(rows, answers, 9, 1e-4, 200, ["E:captives", "E:land", "E:truce"])
    again = fit(rows, answers, 9, 1e-4, 200, ["E:captives", "E:land", "E:truce"])
    assert np.array_equal(w, again[0])
    index = {"E:captives": 0, "E:land": 1, "E:truce": 2}
    assert [int(np.argmax(w[index[r[0]]] + b)) for r in rows[:3]] == [1, 5, 2]
