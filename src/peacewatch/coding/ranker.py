"""Who did it, and to whom: a learned scorer of the candidate actors of a stretch of text.

For an event's evidence (its source and its target), a position's or a conditional's (its actor),
every actor the article names is a candidate, and so is "nobody named". Each candidate is
described by a few dozen general features - where its mentions stand relative to the stretch
(inside, before, after, how far), their grammatical role (subject, object, agent of a passive,
object of which preposition, possessor), the sentence before, how prominent the actor is in the
article, whether it is the one speaking (the subject of a verb of saying earlier in the paragraph,
the last one named, the next one; and whether the stretch is quoted) - and a small two-layer network
scores them; the best wins. Trained on the corpus's train split (`scripts/train_roles.py`), run
with numpy.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..article import Article, Mention, Sentence
from ..nlp import coref
from .tagger import TYPES, model_folder

ROLES = ["source", "target", "actor"]
KINDS = [*TYPES, "POSITION", "CONDITIONAL"]
DEPS = ["nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "amod", "conj", "appos", "dative", "attr"]
PREPS = ["to", "with", "against", "on", "at", "from", "by", "for", "between", "of", "in", "into", "over"]
HOW = ["alias", "adjective", "seat", "pattern", "surname", "pronoun", "context", "generic"]
SAY = {"say", "tell", "state", "announce", "warn", "add", "insist", "accuse", "claim", "write", "note", "argue",
       "declare", "stress", "reply", "respond"}
NONE = "-"


def _bucket(value: float, edges: tuple[float, ...]) -> list[float]:
    return [1.0 if value <= edge else 0.0 for edge in edges]


def _head_token(sentence: Sentence, mention: Mention) -> int | None:
    tokens = sentence.tokens or []
    inside = [t.i for t in tokens if t.start < mention.end and mention.start < t.end]
    for i in inside:
        if tokens[i].head not in inside or tokens[i].head == i:
            return i
    return inside[-1] if inside else None


def _mention_features(sentence: Sentence | None, mention: Mention | None) -> list[float]:
    """Grammatical role of one mention: its dependency, the preposition governing it, its head's lemma."""
    dep = [0.0] * len(DEPS)
    prep = [0.0] * len(PREPS)
    said = 0.0
    if sentence is not None and mention is not None and sentence.tokens:
        i = _head_token(sentence, mention)
        if i is not None:
            token = sentence.tokens[i]
            if token.dep in DEPS:
                dep[DEPS.index(token.dep)] = 1.0
            head = sentence.tokens[token.head]
            if token.dep == "pobj" and head.lemma.lower() in PREPS:
                prep[PREPS.index(head.lemma.lower())] = 1.0
            if token.dep in {"nsubj", "nsubjpass"} and head.lemma.lower() in SAY:
                said = 1.0
    how = [1.0 if mention is not None and mention.how == h else 0.0 for h in HOW]
    return dep + prep + how + [said]


def _ancestors(tokens, i: int) -> list[int]:
    out = []
    while tokens[i].head != i and len(out) < 40:
        i = tokens[i].head
        out.append(i)
    return out


def stretch_head(sentence: Sentence, start: int, end: int) -> int | None:
    """The token of the stretch whose head lies outside it (its syntactic head)."""
    tokens = sentence.tokens or []
    inside = [t.i for t in tokens if start <= t.start < end]
    for i in inside:
        if tokens[i].head == i or not start <= tokens[tokens[i].head].start < end:
            return i
    return inside[0] if inside else None


def _tree_features(sentence: Sentence, head: int | None, mentions: list[Mention]) -> list[float]:
    """How the candidate's mentions hang on the stretch's head word, best over its mentions: a direct
    dependent (as subject, passive subject, object, agent, through a preposition), the subject of a
    word governing the head ("Russia said it would strike"), inside the head's subtree, path length."""
    out = [0.0] * 8
    tokens = sentence.tokens or []
    if head is None or not tokens:
        return out + [0.0] * 4
    up = _ancestors(tokens, head)
    shortest = 99
    for mention in mentions:
        i = _head_token(sentence, mention)
        if i is None:
            continue
        token = tokens[i]
        governor = tokens[token.head]
        if token.head == head:
            out[0] = max(out[0], float(token.dep == "nsubj"))
            out[1] = max(out[1], float(token.dep == "nsubjpass"))
            out[2] = max(out[2], float(token.dep in {"dobj", "dative", "attr"}))
            out[3] = max(out[3], float(token.dep in {"poss", "compound", "amod", "nmod"}))
        if token.dep == "pobj" and governor.head == head:
            out[4] = max(out[4], 1.0 if governor.dep == "agent" or governor.lemma == "by" else 0.5)
        if token.dep in {"nsubj", "nsubjpass"} and token.head in up:
            out[5] = 1.0
        mine = _ancestors(tokens, i)
        if head in mine:
            out[6] = 1.0
        if token.dep in {"nsubj", "nsubjpass"} and governor.lemma.lower() in SAY:
            out[7] = 1.0
        common = next((a for a in [i, *mine] if a == head or a in up), None)
        if common is not None:
            length = ([i, *mine].index(common)) + ([head, *up].index(common))
            shortest = min(shortest, length)
    return out + _bucket(shortest, (1, 2, 3, 5))


def _speakers(article: Article) -> list[tuple[int, int, str]]:
    """(sentence index, paragraph, code) of every mention that is the subject of a verb of saying,
    in order: who is speaking where. Computed once per mention list."""
    memo = article.mention_index().memo
    if "speakers" not in memo:
        found = []
        index = article.mention_index()
        for n, sentence in enumerate(article.sentences):
            for mention in index.overlapping(sentence.start, sentence.end):
                i = _head_token(sentence, mention) if sentence.tokens else None
                for _ in range(2):  # "Kenya's interior minister said": up from the possessor to its noun
                    if i is None or sentence.tokens[i].dep not in {"poss", "compound", "amod", "nmod"}:
                        break
                    i = sentence.tokens[i].head
                if i is not None and sentence.tokens[i].dep in {"nsubj", "nsubjpass"} \
                        and sentence.tokens[sentence.tokens[i].head].lemma.lower() in SAY:
                    found.append((n, sentence.paragraph, mention.country))
        memo["speakers"] = found
    return memo["speakers"]


def _quoted(article: Article, sentence_index: int, start: int) -> bool:
    """Whether `start` lies inside quotation marks opened in its paragraph."""
    sentence = article.sentences[sentence_index]
    first = sentence_index
    while first > 0 and article.sentences[first - 1].paragraph == sentence.paragraph:
        first -= 1
    return coref.inside_quotes(article.text or "", article.sentences[first].start, start)


def _speaking(article: Article, sentence_index: int, start: int) -> tuple[set[str], str | None, str | None, bool]:
    """Who speaks around a stretch, found once per stretch (every candidate asks): the speakers earlier
    in its paragraph, the last one named before it, the next one in its paragraph; whether it is quoted."""
    memo = article.mention_index().memo
    key = ("speaking", sentence_index, start)
    if key not in memo:
        paragraph = article.sentences[sentence_index].paragraph
        said = _speakers(article)
        before = [(p, code) for n, p, code in said if n < sentence_index]
        memo[key] = ({code for p, code in before if p == paragraph}, before[-1][1] if before else None,
                     next((code for n, p, code in said if n > sentence_index and p == paragraph), None),
                     _quoted(article, sentence_index, start))
    return memo[key]


def _speaker_features(article: Article, sentence_index: int, start: int, candidate: str) -> list[float]:
    """The candidate as the speaker: the subject of a verb of saying earlier in the stretch's paragraph,
    the last one named before it anywhere, the first one after it in the paragraph; and whether the
    stretch is quoted ("I", "we", "our forces" inside a quote are the speaker's side)."""
    earlier, last, after, quoted = _speaking(article, sentence_index, start)
    return [float(candidate in earlier), float(last == candidate), float(after == candidate), float(quoted)]


def _counts(article: Article) -> Counter:
    """How often the article names each code, counted once per mention list (per candidate it was quadratic)."""
    memo = article.mention_index().memo
    if "counts" not in memo:
        memo["counts"] = Counter(m.country for m in article.mentions)
    return memo["counts"]


SIZE = 3 + len(KINDS) + 4 + 6 + 4 + 4 + 5 + len(DEPS) + len(PREPS) + len(HOW) + 1 + 12 + 4 + 1


def features(article: Article, sentence_index: int, start: int, end: int, kind: str, role: str,
             candidate: str, order: list[str]) -> list[float]:
    """The feature vector of one candidate (a country or group code, or NONE) for one stretch.

    `order` holds the article's codes, most named first. What the rule stages said about the same
    stretch is no feature: on dev the ranker scored as well without it (data/model/CARD.md)."""
    row = [1.0 if role == r else 0.0 for r in ROLES] + [1.0 if kind == k else 0.0 for k in KINDS]
    if candidate == NONE:
        return row + [0.0] * (SIZE - len(row) - 1) + [1.0]
    index = article.mention_index()
    sentence = article.sentences[sentence_index]
    mine = [m for m in index.overlapping(sentence.start, sentence.end) if m.country == candidate]
    inside = [m for m in mine if m.start < end and start < m.end]
    before = [m for m in mine if m.end <= start]
    after = [m for m in mine if m.start >= end]
    row += [min(len(inside), 3) / 3, min(len(before), 3) / 3, min(len(after), 3) / 3,
            1.0 if inside and inside[0].start - start < 4 else 0.0]
    near_before = start - before[-1].end if before else 10_000
    near_after = after[0].start - end if after else 10_000
    row += _bucket(near_before, (3, 15, 60)) + _bucket(near_after, (3, 15, 60))
    previous = article.sentences[sentence_index - 1] if sentence_index > 0 else None
    earlier = [m for m in index.overlapping(previous.start, previous.end) if m.country == candidate] \
        if previous is not None else []
    first = article.sentences[0] if article.sentences else None
    titled = bool(first and any(m.country == candidate for m in index.overlapping(first.start, first.end)))
    rank = order.index(candidate) if candidate in order else 99
    row += [min(len(earlier), 3) / 3, 1.0 if titled else 0.0] + _bucket(rank, (0, 1))
    total = _counts(article)[candidate]
    row += [min(math.log1p(total) / 3, 1.0), 1.0 if any(m.country == candidate for m in index.overlapping(
        max(0, start - 400), start)) else 0.0, 1.0 if sentence.kind == "item" else 0.0,
        1.0 if len(candidate) == 3 else 0.0]
    distance = min((abs(m.start - start) for m in mine), default=10_000)
    row += _bucket(distance, (0, 10, 40, 120, 400))
    nearest = min(inside or mine, key=lambda m: abs(m.start - start)) if (inside or mine) else None
    row += _mention_features(sentence if nearest else None, nearest)
    row += _tree_features(sentence, stretch_head(sentence, start, end), mine)
    row += _speaker_features(article, sentence_index, start, candidate)
    return row + [0.0]


@lru_cache(maxsize=2)
def _weights(path: str):
    import numpy as np

    with np.load(path) as data:
        return {k: data[k] for k in data.files}


class Ranker:
    """Scores candidates with the trained network (data/model/roles.npz)."""

    def __init__(self, folder: str | Path | None = None):
        self.weights = _weights(str(Path(folder or model_folder()) / "roles.npz"))

    def scores(self, rows: list[list[float]]):
        import numpy as np

        w = self.weights
        x = (np.asarray(rows, dtype=np.float32) - w["mean"]) / w["scale"]
        hidden = np.maximum(x @ w["w1"] + w["b1"], 0.0)
        return (hidden @ w["w2"] + w["b2"]).ravel()

    def probabilities(self, article: Article, sentence_index: int, start: int, end: int, kind: str, role: str,
                      order: list[str]) -> dict[str | None, float]:
        """Each candidate's probability (softmax of the scores); None stands for "nobody named"."""
        import numpy as np

        candidates = [NONE, *order]
        scores = self.scores([features(article, sentence_index, start, end, kind, role, c, order) for c in candidates])
        weights = np.exp(scores - scores.max())
        return {None if c == NONE else c: float(w) for c, w in zip(candidates, weights / weights.sum())}

    def best(self, article: Article, sentence_index: int, start: int, end: int, kind: str, role: str,
             order: list[str], exclude: str | None = None) -> str | None:
        """The best-scored candidate; None when "nobody named" wins."""
        found = {c: p for c, p in self.probabilities(article, sentence_index, start, end, kind, role, order).items()
                 if c is None or c != exclude}
        return max(found, key=found.__getitem__)


def candidates(article: Article) -> list[str]:
    """The article's actor codes, most mentioned first (ties: first named first)."""
    counts: dict[str, list[int]] = {}
    for n, mention in enumerate(sorted(article.mentions, key=lambda m: m.start)):
        if mention.country and mention.country != "UNK":
            counts.setdefault(mention.country, [0, n])[0] += 1
    return sorted(counts, key=lambda c: (-counts[c][0], counts[c][1]))
