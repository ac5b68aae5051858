"""The learned coder: the shipped tagger and ranker load without PyTorch, tag what they should,
and the hybrid pipeline keeps its quality floors on the corpus's dev split (the test split is
scored only at milestones, by bench/score_corpus.py)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from peacewatch.article import Article
from peacewatch.coding.chooser import FEATURES, ROLES, Chooser
from peacewatch.coding.chooser import features as choice_features
from peacewatch.coding.learned import choose, pair
from peacewatch.coding.ranker import NONE, SIZE, Ranker, candidates, features
from peacewatch.coding.sides import CLOSE, OPEN, SENTENCE, Reading, Sides, encode, window
from peacewatch.coding.tagger import HEADS, Tagger, model_folder
from peacewatch.errors import SettingsError
from peacewatch.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_model_ships_small_and_int8():
    folder = model_folder()
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert {"tagger.onnx", "sides.onnx", "tokenizer.json", "roles.npz", "counts.npz", "wording.npz",
            "chooser.npz", "CARD.md"} <= set(sizes)
    assert sum(sizes.values()) < 50 * 2**20
    assert "torch" not in sys.modules


def test_tagger_marks_an_attack_a_demand_and_a_condition():
    tagger = Tagger()
    attack, demand, condition = tagger.tag([
        "Artillery units of the northern army shelled the border town of Velmora overnight, killing four people.",
        "The foreign minister demanded that the neighbouring government withdraw its troops from the valley.",
        "The rebels will resume their attacks if the government does not release the detained commanders.",
    ])
    assert any(t.kind == "event" and t.label == "ASSAULT" for t in attack)
    assert any(t.kind == "event" and t.label == "REQUEST" for t in demand)
    assert any(t.kind == "conditional" for t in condition)
    for stretch in attack + demand + condition:
        assert 0 <= stretch.start < stretch.end
        if stretch.kind == "event":
            assert stretch.detail in HEADS["modality"]


def _decoded(head: str, tags: list[str]):
    """`tagger.decode` on made-up logits: each piece tagged `tags[k]` on `head`, "O" on the other B/I
    heads; pieces three characters apart."""
    import numpy as np

    from peacewatch.coding.tagger import decode

    at = {name: sum(len(v) for v in list(HEADS.values())[:k]) for k, name in enumerate(HEADS)}
    logits = np.zeros((len(tags), sum(len(v) for v in HEADS.values())), dtype=np.float32)
    for k, tag in enumerate(tags):
        for other in ("event", "position", "conditional"):
            logits[k, at[other]] = 5.0
        logits[k, at[head]] = 0.0
        logits[k, at[head] + HEADS[head].index(tag)] = 5.0
    return decode(logits, [(3 * k, 3 * k + 2) for k in range(len(tags))])


def test_a_short_conditional_run_is_not_cut_by_a_b_tag():
    """Decoding: a B tag right after a conditional run of one piece continues it ("we | are ready ...
    if ..."), but starts a new run after a longer one."""
    from peacewatch.coding.tagger import SHORT

    def tagged(conditional: list[str]) -> list[tuple[int, int]]:
        return [(t.start, t.end) for t in _decoded("conditional", conditional) if t.kind == "conditional"]

    assert tagged(["B", "B", "I", "I"]) == [(0, 11)]
    assert tagged(["B"] + ["I"] * SHORT + ["B", "I"]) == [(0, 3 * SHORT + 2), (3 * SHORT + 3, 3 * SHORT + 8)]


def test_an_event_of_another_type_starts_at_its_b_tag_and_one_act_bridges_a_gap():
    """Decoding: "spoke by phone with X, and the two agreed" tagged B-CONSULT I-CONSULT O B-AGREE I-AGREE
    is two events, even across a gap it would otherwise bridge; pieces of one type with a few untagged
    pieces between them are one event."""
    from peacewatch.coding.tagger import GAP

    def events(tags: list[str]) -> list[tuple[str, int, int]]:
        return [(t.label, t.start, t.end) for t in _decoded("event", tags) if t.kind == "event"]

    assert events(["B-CONSULT", "I-CONSULT", "O", "B-AGREE", "I-AGREE"]) == [("CONSULT", 0, 5), ("AGREE", 9, 14)]
    assert events(["B-CONSULT", "I-CONSULT", "B-AGREE", "I-AGREE"]) == [("CONSULT", 0, 5), ("AGREE", 6, 11)]
    assert events(["B-ASSAULT", "I-ASSAULT", "O", "O", "I-ASSAULT"]) == [("ASSAULT", 0, 14)]
    assert len(events(["B-ASSAULT"] + ["O"] * (GAP + 1) + ["B-ASSAULT"])) == 2


def test_tagger_handles_empty_and_very_long_sentences():
    tagger = Tagger()
    # (the tagger retrained on 406 articles missed the act after a filler of one clause repeated 16 times,
    # "the committee ... reviewed the budget,"; the windows are what this test is about)
    filler = "farmers in the valley brought their harvest to the market and sold grain, fruit and wool, " * 15
    long = filler + "and on the same evening the army shelled the border town of Velmora, killing four people."
    empty, tagged = tagger.tag(["", long])
    assert empty == []
    assert len(tagger.tokenizer.encode(long).ids) > 126 + 60  # the act sits in the second window
    assert any(t.kind == "event" and t.label == "ASSAULT" and t.start > len(filler) - 10 for t in tagged)


def test_a_sentences_tags_do_not_depend_on_the_sentences_tagged_with_it():
    """int8 activations are quantised over each run of the model: each sentence is a run of its own."""
    tagger = Tagger()
    sentence = ("The rebels said they would never accept a ceasefire and warned they would attack the town if the "
                "army advanced.")
    others = ["A long and unrelated report about markets, harvests and the weather in the capital. " * 6,
              "!!!! ???? 1234567890 $$$$ %%%% ^^^^ &&&& **** (((( )))) ____ ++++ ==== " * 5]
    alone = tagger.tag([sentence])[0]
    assert {t.kind for t in alone} == {"event", "position", "conditional"}
    # batched with these (session 16), the sentence tested then had its event's score moved from 0.716 to 0.735
    # and 0.748, and its position went
    for other in others:
        assert tagger.tag([other, sentence])[1] == alone


@pytest.mark.model
def test_an_articles_coding_does_not_depend_on_its_batch(pipeline_hybrid):
    """int8 activations are quantised over each run of the model: each sentence and each stretch is one."""
    one = "Government troops shelled the rebel-held town of Velmora overnight. The rebels vowed revenge."
    other = ("A long and unrelated report about markets, harvests and the weather in the capital. " * 8
             + "Police arrested forty protesters outside parliament.")
    alone = pipeline_hybrid.process([Article(id="a", raw=one)])[0]
    together = pipeline_hybrid.process([Article(id="b", raw=other), Article(id="a", raw=one)])[1]
    assert [(e.start, e.end, e.plover, e.modality, e.source, e.target) for e in alone.events] == \
        [(e.start, e.end, e.plover, e.modality, e.source, e.target) for e in together.events]
    assert alone.events


@pytest.mark.model
def test_ranker_features_have_one_size(pipeline_rules):
    text = "Russia's army shelled villages in Ukraine on Monday. Ukraine's president condemned the attack."
    [article] = pipeline_rules.process([Article(id="r1", raw=text)])
    order = candidates(article)
    assert set(order) == {"RUS", "UKR"}
    sentence = article.sentences[0]
    for code in (*order, NONE):
        row = features(article, 0, sentence.start, sentence.end, "ASSAULT", "source", code, order)
        assert len(row) == SIZE
    assert Ranker().best(article, 0, sentence.start, sentence.end, "ASSAULT", "source", order) == "RUS"
    assert Ranker().best(article, 0, sentence.start, sentence.end, "ASSAULT", "target", order, "RUS") == "UKR"


@pytest.mark.model
def test_ranker_knows_who_is_speaking(pipeline_rules):
    from peacewatch.coding.ranker import _speaker_features

    # My own lines: Kenya's minister speaks, then a quote of two sentences goes on.
    text = ('Kenya\'s interior minister said on Monday that the border with Somalia would stay shut. '
            '"We will not reopen it. Our forces will hold the line," he told reporters.')
    [article] = pipeline_rules.process([Article(id="q1", raw=text)])
    second = article.sentences[1]
    start = article.text.index("Our forces")
    kenya = _speaker_features(article, 1, start, "KEN")
    somalia = _speaker_features(article, 1, start, "SOM")
    assert kenya[:2] == [1.0, 1.0] and somalia[:2] == [0.0, 0.0]
    assert kenya[3] == 1.0  # the stretch is inside the quote
    assert _speaker_features(article, 0, article.sentences[0].start, "KEN")[3] == 0.0
    assert second.paragraph == article.sentences[0].paragraph


def test_side_reader_input_marks_the_stretch_once():
    tokenizer = Tagger().tokenizer
    before = "The talks collapsed on Monday."
    sentence = "On Tuesday the northern army shelled the border town of Velmora, killing four people."
    start = sentence.index("shelled")
    ids, spans = encode(tokenizer, "ASSAULT", before, sentence, start, start + len("shelled"))
    assert ids.count(OPEN) == 1 and ids.count(CLOSE) == 1
    marked = [spans[k] for k in range(ids.index(OPEN) + 1, ids.index(CLOSE))]
    assert "".join(sentence[a:b] for _, a, b in marked) == "shelled"
    assert {part for part, *_ in filter(None, spans)} == {0, 1}
    long = "the regional delegates of the northern provinces reviewed the budget and " * 20 + sentence
    start = long.index("shelled")
    ids, spans = encode(tokenizer, "ASSAULT", "", long, start, start + 7)
    inside = [spans[k] for k in range(ids.index(OPEN) + 1, ids.index(CLOSE))]
    assert "".join(long[a:b] for _, a, b in inside) == "shelled"  # the window follows the stretch
    assert sum(1 for span in spans if span) <= SENTENCE


@pytest.mark.model
@pytest.mark.parametrize("text, plover, source, target", [
    ("Armenian troops shelled Azerbaijani positions near the border on Monday.", "ASSAULT", "ARM", "AZE"),
    ("Ukraine's army hit a Russian ammunition depot in Belgorod on Tuesday.", "ASSAULT", "UKR", "RUS"),
    ("Kenyan police arrested three Somali nationals in Mombasa.", "COERCE", "KEN", "SOM"),
])
def test_hybrid_tells_who_did_it_to_whom(pipeline_hybrid, pipeline_rules, text, plover, source, target):
    [article] = pipeline_hybrid.process([Article(id="s1", raw=text)])
    assert [(e.plover, e.source.country, e.target.country) for e in article.events] == [(plover, source, target)]
    [ruled] = pipeline_rules.process([Article(id="s1", raw=text)])
    event = ruled.events[0]
    [reading] = Sides().read(ruled, [(event.sentence, event.start, event.end, event.plover)])
    assert max(reading.actors["source"], key=reading.actors["source"].get) == source
    assert max(reading.actors["target"], key=reading.actors["target"].get) == target


@pytest.mark.model
@pytest.mark.parametrize("text, pairs", [
    ("Qatar, Egypt and Jordan condemned the Israeli strike on Doha on Tuesday.",
     {("QAT", "ISR"), ("EGY", "ISR"), ("JOR", "ISR")}),
    ("The Turkish foreign minister urged Armenia and Azerbaijan to return to talks.", {("TUR", "ARM"), ("TUR", "AZE")}),
    ("Armenia and Azerbaijan accused each other of shelling border villages overnight.",
     {("ARM", "AZE"), ("AZE", "ARM")}),
])
def test_hybrid_codes_one_event_per_source_and_target(pipeline_hybrid, text, pairs):
    """The annotation standard: an act by or aimed at several parties named in a list, or done to "each
    other", is one event per source-target pair."""
    [article] = pipeline_hybrid.process([Article(id="s1", raw=text)])
    assert len({e.plover for e in article.events}) == 1
    assert {(e.source.country, e.target.country) for e in article.events} == pairs


@pytest.mark.model
@pytest.mark.parametrize("text, plover", [
    ("A Belgrade court ordered the officers held in custody for 30 days.", "COERCE"),
    ("Israeli forces completed their withdrawal from the town.", "RETREAT"),
])
def test_hybrid_codes_acts_whose_trigger_rows_were_deleted(pipeline_hybrid, text, plover):
    """The rows "hold in custody" and the noun "withdrawal" were deleted (right at most 1 time in 10 on
    the blind train split: scripts/prune_triggers.py): the tagger still finds these acts."""
    [article] = pipeline_hybrid.process([Article(id="s1", raw=text)])
    assert plover in [e.plover for e in article.events]


def test_coder_setting_is_checked(tmp_path):
    path = tmp_path / "peacewatch.toml"
    path.write_text('coder = "magic"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="coder must be one of"):
        Settings.load(path)
    path.write_text('coder = "rules"\n', encoding="utf-8")
    assert Settings.load(path).coder == "rules"


def test_ranker_weights_match_the_features():
    weights = Ranker().weights
    assert weights["w1"].shape[0] == SIZE == weights["mean"].shape[0]


def test_chooser_describes_each_candidate_by_both_models():
    ranked = {None: 0.1, "RUS": 0.6, "UKR": 0.3}
    reading = Reading({"source": {"UKR": 0.9}, "target": {"RUS": 0.8}})
    codes, rows = choice_features(ranked, reading, "source")
    assert codes == [None, "RUS", "UKR"] and all(len(row) == len(FEATURES) for row in rows)
    named = {code: dict(zip(FEATURES, row)) for code, row in zip(codes, rows)}
    assert named[None]["nobody"] == 1.0 and named["RUS"]["nobody"] == 0.0
    assert named["RUS"]["ranker's first"] == 1.0 and named["UKR"]["reader's first"] == 1.0
    assert named["UKR"]["seen"] == 1.0 and named["RUS"]["seen"] == 0.0
    assert named["RUS"]["reader, other role"] > named["UKR"]["reader, other role"]
    # a target's own channel is the reader's target channel; without a reading nothing is seen
    as_target = dict(zip(FEATURES, choice_features(ranked, reading, "target")[1][1]))
    assert named["RUS"]["reader"] < as_target["reader"]
    assert all(row[FEATURES.index("seen")] == 0.0 for row in choice_features(ranked, None, "actor")[1])


def test_shipped_chooser_trusts_both_models_and_picks_what_they_agree_on():
    chooser = Chooser()
    for role in ROLES:
        weights = dict(zip(FEATURES, chooser.weights[role]))
        assert weights["ranker"] > 0 and weights["reader"] > 0, (role, weights)
    sources, targets = {None: 0.05, "SDN": 0.7, "TCD": 0.25}, {None: 0.05, "SDN": 0.15, "TCD": 0.8}
    reading = Reading({"source": {"SDN": 0.9, "TCD": 0.1}, "target": {"TCD": 0.85, "SDN": 0.2}})
    assert pair(chooser, sources, targets, reading) == ("SDN", "TCD")
    reading = Reading({"source": {"TCD": 0.9}, "target": {}})
    assert choose(chooser, {None: 0.1, "SDN": 0.2, "TCD": 0.7}, reading) == "TCD"
    # one actor takes both sides (a domestic act) only when both models are much surer of it than of
    # any other: the pair pays the penalty the held-out round chose
    assert 0 < chooser.self_pair < math.inf
    both = {None: 0.01, "SDN": 0.98, "TCD": 0.01}
    assert pair(chooser, both, dict(both), None) == ("SDN", "SDN")
    assert pair(chooser, both, {None: 0.05, "SDN": 0.6, "TCD": 0.35}, None) == ("SDN", "TCD")
    # without a penalty from the file, never
    never = Chooser(weights=chooser.weights)
    source, target = pair(never, both, dict(both), None)
    assert "SDN" in (source, target) and source != target


def test_chooser_fit_learns_to_trust_the_model_that_is_right(tmp_path):
    """scripts/train_chooser.py on made-up items where the reader's first is right and the ranker's is not."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_chooser import fit
    from train_sides import right

    ranked = {None: 0.05, "A": 0.85, "B": 0.1}
    reading = Reading({"source": {"A": 0.2, "B": 0.9}, "target": {}})
    items = [({"actor": ranked}, reading, {"source": frozenset({"B"}), "target": frozenset()})] * 60
    learned = Chooser(weights={"actor": list(fit(items, "actor", l2=1e-3, steps=200))})
    fixed = Chooser(weights={"actor": [1.0, 1.0] + [0.0] * (len(FEATURES) - 2)})
    assert right(items, fixed)["actor"] < 1.0 and right(items, learned)["actor"] == 1.0


def test_chooser_penalty_for_one_actor_on_both_sides_is_chosen_on_the_held_out_items():
    """scripts/train_chooser.py's self-pair penalty: domestic acts (A -> A) call for a small one, none for
    an infinite one."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_chooser import PENALTIES, penalty
    from train_sides import right

    weights = {role: [1.0, 1.0] + [0.0] * (len(FEATURES) - 2) for role in ROLES}
    ranked = {None: 0.05, "A": 0.7, "B": 0.25}
    domestic = ({"source": ranked, "target": dict(ranked)}, None, {"source": frozenset({"A"}),
                                                                   "target": frozenset({"A"})})
    foreign = ({"source": ranked, "target": {None: 0.05, "A": 0.5, "B": 0.45}}, None,
               {"source": frozenset({"A"}), "target": frozenset({"B"})})
    # A's margin over B as a target is log(0.7 / 0.25) = 1.03: 0.5 and 1 both keep the domestic acts, the
    # larger wins the tie
    assert penalty([domestic] * 5 + [foreign] * 5, weights) == 1.0 and 1.0 in PENALTIES
    assert penalty([foreign] * 10, weights) == math.inf
    assert right([domestic, foreign], Chooser(weights=weights))["both"] == 0.5


def test_an_ensemble_saved_as_one_wider_network_scores_the_mean_of_its_members(tmp_path):
    """How scripts/train_roles.py saves its scorers: hidden layers side by side, output weights / K."""
    import numpy as np

    rng = np.random.default_rng(13)
    members = [(rng.normal(size=(6, 4)), rng.normal(size=4), rng.normal(size=(4, 1)), rng.normal(size=1))
               for _ in range(3)]
    mean, scale = rng.normal(size=6), rng.uniform(0.5, 2, size=6)
    np.savez(tmp_path / "roles.npz", mean=mean, scale=scale, w1=np.concatenate([m[0] for m in members], axis=1),
             b1=np.concatenate([m[1] for m in members]), w2=np.concatenate([m[2] for m in members]) / 3,
             b2=np.mean([m[3] for m in members], axis=0))
    rows = rng.normal(size=(5, 6))
    x = (rows - mean) / scale
    alone = [(np.maximum(x @ w1 + b1, 0) @ w2 + b2).ravel() for w1, b1, w2, b2 in members]
    assert np.allclose(Ranker(tmp_path).scores(rows.tolist()), np.mean(alone, axis=0), atol=1e-4)


# Floors on dev and dev2, set a little under the figures measured when the model was trained (CARD.md):
# a retrained model or a changed stage that falls below them has made the coder worse.
# Session 11 (the deeper knowledge base, the ranker that knows who is speaking): type+roles 0.448,
# position 0.308, conditional 0.617. Session 12 (people by age and trade, state bodies, headlines; the
# ranker an ensemble of five): type+roles 0.452, position 0.308, conditional 0.627. Session 16 (an event's
# B tag of another type starts a new event; the side reader retrained, weighing 0.7): type 0.697, type+roles
# 0.498, position 0.339, conditional 0.705.
# Session 17 (rule events the tagger did not mark no longer kept; each sentence tagged alone; the side reader
# sees three sentences before, weighing 1.0): dev type 0.695, type+roles 0.493, position 0.338, conditional
# 0.688; dev2, the second dev set: 0.742, 0.520, 0.379, 0.758.
FLOORS = {"dev": {"type_f1": 0.67, "type_roles_f1": 0.47, "position_f1": 0.32, "conditional_f1": 0.67,
                  "modality_acc": 0.97, "quantities_acc": 0.66},
          "dev2": {"type_f1": 0.72, "type_roles_f1": 0.47, "position_f1": 0.36, "conditional_f1": 0.73,
                   "modality_acc": 0.96, "quantities_acc": 0.65}}


@pytest.mark.model
@pytest.mark.parametrize("split", sorted(FLOORS))
def test_hybrid_keeps_its_floors(split):
    sys.path.insert(0, str(ROOT / "bench"))
    from score_corpus import score_coder, split_ids

    assert split_ids(split)
    tally, _ = score_coder(split_ids(split), misses=False, coder="hybrid")
    figures = tally.figures()
    for key, floor in FLOORS[split].items():
        assert figures[key] >= floor, f"{split} {key} {figures[key]:.3f} fell below its floor {floor}"


@pytest.mark.model
def test_side_reader_sees_the_three_sentences_before_the_stretch(pipeline_rules):
    text = ("Talks in Geneva ended on Monday. Kenya's envoy left the city. The army of Ruvania then spoke. "
            "It blamed the rebels. Rebels shelled the town of Velmora overnight.")
    [article] = pipeline_rules.process([Article(id="w1", raw=text)])
    assert len(article.sentences) == 5
    before, sentence, before_at, sentence_at = window(article, 4)
    assert sentence.startswith("Rebels shelled") and before.startswith("Kenya's envoy") and "Geneva" not in before
    assert article.text[before_at:sentence_at] == before
    assert window(article, 0)[0] == ""
