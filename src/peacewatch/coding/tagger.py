"""The statement tagger: a fine-tuned MiniLM encoder (int8 ONNX) that marks, in each sentence, the
evidence of events (PLOVER type and modality), of positions (issue and stance) and of conditionals.

It was trained on the train split of the blind-labelled corpus (`scripts/train_tagger.py`, `make
train`); `data/model/CARD.md` has its data, figures and the command that reproduces it. Runs with
onnxruntime and the tokenizers library only: no PyTorch at run time. One piece list per sentence,
sentences longer than the encoder's window are tagged in windows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
HEADS: dict[str, list[str]] = {
    "event": ["O"] + [f"{bio}-{kind}" for kind in TYPES for bio in ("B", "I")],
    "modality": ["asserted", "claimed", "negated", "planned", "conditional", "hypothetical"],
    "position": ["O", "B", "I"],
    "issue": ["talks", "ceasefire", "territory", "security_guarantees", "sanctions", "prisoners", "aid", "nato",
              "other"],
    "stance": ["demand", "offer", "accept", "refuse", "precondition", "assess"],
    "conditional": ["O", "B", "I"],
}
WINDOW = 126  # word pieces per run of the encoder, besides [CLS] and [SEP]
SHORT = 3  # pieces a conditional needs before a B tag may start another (chosen on dev)
GAP = 30  # untagged pieces an event's evidence may bridge (chosen on dev: 4 until session 16, see _runs)
# Untagged pieces a conditional may bridge: one until session 16; eight join the condition and the consequence
# of one conditional that the tagger leaves apart (dev conditional F1 .647 -> .674, train .782 -> .816).
CONDITIONAL_GAP = 8


@dataclass(frozen=True, slots=True)
class Tagged:
    """One tagged stretch of a sentence, offsets relative to the text given to `tag`."""

    kind: str  # event | position | conditional
    start: int
    end: int
    label: str = ""  # event: PLOVER type; position: issue
    detail: str = ""  # event: modality; position: stance
    score: float = 1.0  # mean probability of the tags that make it
    votes: tuple = ()  # the distributions its pieces sum to: an event's over TYPES, a position's issue and stance


def model_folder() -> Path:
    return Path(str(resources.files("peacewatch") / "data" / "model"))


@lru_cache(maxsize=4)
def load(folder: str, threads: int, name: str = "tagger.onnx"):
    """An onnxruntime session of the model file `name` in `folder` (one per folder, thread count and
    file), with the encoder's tokenizer beside it. Shared by the tagger and the side reader."""
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(str(Path(folder) / name), options,
                                           providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(Path(folder) / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return session, tokenizer


class Tagger:
    """Load once; `tag(texts)` gives each text's tagged stretches."""

    def __init__(self, folder: str | Path | None = None, *, threads: int = 1):
        self.session, self.tokenizer = load(str(folder or model_folder()), threads)

    def tag(self, texts: list[str]) -> list[list[Tagged]]:
        """Each window of each text is one run of the encoder, alone: int8 activations are quantised
        over the whole input, so a sentence's tags would otherwise depend on the sentences batched
        with it. Unpadded, one at a time is also faster on many short articles: `bench/throughput.py`,
        hybrid, 85 -> 127 sentences/s (spaCy 401 and 393 in the two runs); on one article of 2,376
        sentences 91 -> 82 (session 17)."""
        found: list[list[Tagged]] = []
        for text in texts:
            encoding = self.tokenizer.encode(text, add_special_tokens=False)
            ids, offsets = encoding.ids, encoding.offsets
            stretches: list[Tagged] = []
            for at in range(0, len(ids), WINDOW):
                window = [101, *ids[at:at + WINDOW], 102]
                stretches += decode(run(self.session, window), [(0, 0), *offsets[at:at + WINDOW], (0, 0)])
            found.append(sorted(stretches, key=lambda t: (t.start, t.kind)))
        return found


def run(session, ids: list[int]):
    """The model's logits for one input of piece ids (one row, no padding)."""
    import numpy as np

    row = np.asarray([ids], dtype=np.int64)
    [logits] = session.run(None, {"input_ids": row, "attention_mask": np.ones_like(row)})
    return logits[0]


def _softmax(x):
    import numpy as np

    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def decode(logits, offsets: list[tuple[int, int]]) -> list[Tagged]:
    """Each head's probabilities, then runs: events of one type (gaps of up to GAP pieces bridged, a B
    tag of another type starts the next), positions and conditionals from B/I runs; modality by the
    run's majority, issue and stance by its summed probabilities."""
    probs, at = {}, 0
    for name, labels in HEADS.items():
        probs[name] = _softmax(logits[:, at:at + len(labels)])
        at += len(labels)
    best = {name: p.argmax(-1) for name, p in probs.items()}
    out: list[Tagged] = []
    out += _runs(best["event"], probs["event"], offsets, GAP, lambda tag: HEADS["event"][tag][2:], "event",
                 lambda run: _majority(best["modality"], run, HEADS["modality"]))
    out += _runs(best["position"], probs["position"], offsets, 1, lambda tag: "P", "position", None,
                 lambda run: (_summed(probs["issue"], run, HEADS["issue"]),
                              _summed(probs["stance"], run, HEADS["stance"]),
                              (_shares(probs["issue"], run), _shares(probs["stance"], run))))
    out += _runs(best["conditional"], probs["conditional"], offsets, CONDITIONAL_GAP, lambda tag: "C",
                 "conditional", None)
    return out


def _majority(tags, run: list[int], labels: list[str]) -> str:
    return labels[Counter(int(tags[k]) for k in run).most_common(1)[0][0]]


def _event_type(probs, run: list[int]) -> str:
    """An event's type: the one with the most B and I probability summed over the run's pieces (a soft
    vote; on dev it beat the majority of the pieces' best tags: type F1 .649 -> .654, type+roles .396
    -> .400)."""
    summed = probs[run].sum(0)  # columns: O, then B-type and I-type for each type in TYPES order
    return TYPES[max(range(len(TYPES)), key=lambda k: summed[1 + 2 * k] + summed[2 + 2 * k])]


def _summed(probs, run: list[int], labels: list[str]) -> str:
    """The label with the most probability summed over the run's pieces (a soft vote): for a position's
    issue and stance it beat the majority of the pieces' best labels on dev (position F1 .288 -> .296)."""
    return labels[int(probs[run].sum(0).argmax())]


def _type_shares(probs, run: list[int]) -> tuple[float, ...]:
    summed = probs[run].sum(0)
    by_type = [summed[1 + 2 * k] + summed[2 + 2 * k] for k in range(len(TYPES))]
    return tuple(float(x) / sum(by_type) for x in by_type)


def _shares(probs, run: list[int]) -> tuple[float, ...]:
    summed = probs[run].sum(0)
    return tuple(float(x) for x in summed / summed.sum())


def _runs(tags, probs, offsets, gap: int, kind_of, name: str, detail=None, labels=None) -> list[Tagged]:
    out: list[Tagged] = []
    run: list[int] = []
    kinds: list[str] = []

    def close():
        if not run:
            return
        label = _event_type(probs, run) if name == "event" else Counter(kinds).most_common(1)[0][0]
        score = float(sum(1.0 - probs[k, 0] for k in run) / len(run))
        votes = (_type_shares(probs, run),) if name == "event" else ()
        if labels is not None:
            label, extra, votes = labels(run)
        else:
            extra = detail(run) if detail else ""
            label = label if name == "event" else ""
        out.append(Tagged(name, offsets[run[0]][0], offsets[run[-1]][1], label, extra, round(score, 3), votes))

    last = -10
    for k, tag in enumerate(tags):
        if offsets[k] == (0, 0) or tag == 0:
            continue
        kind = kind_of(int(tag))
        # A conditional's B does not cut a run of under SHORT pieces: "we | are ready ... if ..." is one.
        begins = name != "event" and HEADS[name][int(tag)] == "B" and (name != "conditional" or len(run) >= SHORT)
        # An event's B tag of another type than the piece before starts a new event, bridged gap or not:
        # "spoke by phone with Maduro, and the two agreed to ..." is a CONSULT and an AGREE. Session 16, dev
        # type F1 .661 -> .683, type+source+target .454 -> .474 (train .794 -> .829, .550 -> .584); with
        # that, bridging gaps of 30 pieces rather than 4 joins the pieces of one act: dev .695 and .480.
        switches = name == "event" and run and kind != kinds[-1] and HEADS["event"][int(tag)][0] == "B"
        if run and (k - last > gap + 1 or begins or switches):
            close()
            run, kinds = [], []
        run.append(k)
        kinds.append(kind)
        last = k
    close()
    return out
