"""Who did it, and to whom, read from the words: a fine-tuned encoder that reads one stretch (an
event's, a position's or a conditional's evidence) marked inside its sentence, with the three
sentences before it, and gives each word the probability that it names the stretch's source (for a
position or a conditional: its actor) and its target.

The input is `[CLS] <kind> [SEP] <text before> [SEP] <sentence, evidence between « and »> [SEP]`,
the kind being the PLOVER type in lower case, "position" or "conditional", the text before being
the last 96 pieces of the three sentences before (one sentence and 48 pieces until session 17). An
actor's score is the best, over its mentions in what the reader sees, of the mean probability of the
mention's pieces. The ranker (`ranker.py`) still decides when no actor named there is likely enough:
the speaker of a quote three paragraphs up, an actor named only in the title.

Trained on the corpus's train split (`scripts/train_sides.py`, `make train`), run with onnxruntime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..article import Article
from .tagger import load, model_folder, run

OPEN, CLOSE, CLS, SEP = 1077, 1090, 101, 102  # «, », [CLS], [SEP] in the MiniLM vocabulary
SENTENCE = 120  # pieces of the stretch's sentence at most (a window around the stretch beyond that)
CONTEXT = 96  # pieces of the text before at most (its end)
BACK = 3  # sentences before the stretch's that the reader sees (what CONTEXT leaves of them)
CHANNELS = ("source", "target")  # a position's or a conditional's actor is read on the source channel


@dataclass(slots=True)
class Reading:
    """What the reader says of one stretch: each channel's actors, with their scores."""

    actors: dict[str, dict[str, float]] = field(default_factory=lambda: {c: {} for c in CHANNELS})


def encode(tokenizer, kind: str, before: str, sentence: str, start: int, end: int):
    """Piece ids, and for each piece the span it covers: (0, a, b) in `before`, (1, a, b) in `sentence`,
    None for the kind, the markers and the separators. `start`, `end`: the stretch, in `sentence`."""
    head = tokenizer.encode(kind.lower(), add_special_tokens=False).ids
    previous = tokenizer.encode(before, add_special_tokens=False) if before else None
    current = tokenizer.encode(sentence, add_special_tokens=False)
    offsets = current.offsets
    first = next((k for k, (a, b) in enumerate(offsets) if b > start), len(offsets))
    last = next((k for k, (a, b) in enumerate(offsets) if a >= end), len(offsets))
    low = max(0, min(first - (SENTENCE - (last - first)) // 2, len(offsets) - SENTENCE))
    high = min(len(offsets), low + SENTENCE)
    ids = [CLS, *head, SEP]
    spans: list[tuple[int, int, int] | None] = [None] * len(ids)
    if previous is not None:
        for k in range(max(0, len(previous.ids) - CONTEXT), len(previous.ids)):
            ids.append(previous.ids[k])
            spans.append((0, *previous.offsets[k]))
    ids.append(SEP)
    spans.append(None)
    opens, closes = min(max(first, low), high), min(max(last, low), high)
    for k in range(low, high + 1):
        if k == opens:
            ids.append(OPEN)
            spans.append(None)
        if k == closes:
            ids.append(CLOSE)
            spans.append(None)
        if k < high:
            ids.append(current.ids[k])
            spans.append((1, *offsets[k]))
    ids.append(SEP)
    spans.append(None)
    return ids, spans


def window(article: Article, n: int) -> tuple[str, str, int, int]:
    """The text before (up to BACK sentences) and the sentence the reader sees for sentence n, each
    with where it starts in article.text."""
    sentence = article.sentences[n]
    first = article.sentences[max(0, n - BACK)].start
    return article.span_text(first, sentence.start), article.sentence_text(n), first, sentence.start


class Sides:
    """Load once; `read(article, stretches)` scores the actors named around each stretch."""

    def __init__(self, folder: str | Path | None = None, *, threads: int = 1):
        self.session, self.tokenizer = load(str(folder or model_folder()), threads, "sides.onnx")

    def read(self, article: Article, stretches: list[tuple[int, int, int, str]]) -> list[Reading]:
        """For each (sentence index, start, end, kind) - start and end in article.text - the score of
        every actor code named in what the reader sees, per channel (source, target). Each
        stretch is read alone (as the tagger reads each sentence), so its scores do not depend on the
        other stretches of the article."""
        import numpy as np

        out = []
        for n, start, end, kind in stretches:
            before, sentence, before_at, sentence_at = window(article, n)
            ids, spans = encode(self.tokenizer, kind, before, sentence, start - sentence_at, end - sentence_at)
            probabilities = 1.0 / (1.0 + np.exp(-run(self.session, ids)))
            out.append(Reading(_scores(article, n, spans, probabilities)))
        return out


def _scores(article: Article, n: int, spans, probabilities) -> dict[str, dict[str, float]]:
    _, _, before_at, sentence_at = window(article, n)
    at = {0: before_at, 1: sentence_at}
    placed = [(at[s[0]] + s[1], at[s[0]] + s[2], k) for k, s in enumerate(spans) if s is not None]
    out: dict[str, dict[str, float]] = {channel: {} for channel in CHANNELS}
    if not placed:
        return out
    low, high = placed[0][0], placed[-1][1]
    for mention in article.mention_index().overlapping(low, high):
        if not mention.country or mention.country == "UNK":
            continue
        pieces = [k for a, b, k in placed if a < mention.end and mention.start < b]
        if not pieces:
            continue
        for c, channel in enumerate(CHANNELS):
            score = float(probabilities[pieces, c].mean())
            if score > out[channel].get(mention.country, 0.0):
                out[channel][mention.country] = score
    return out


def labels(article: Article, n: int, spans, codes: dict[str, frozenset]) -> list[list[float]]:
    """Training targets: per piece and channel, 1 where the piece lies in a mention of an actor the
    label gives for that channel (every mention of it in what the reader sees), 0 elsewhere, -100 for
    the kind, the markers and the separators."""
    _, _, before_at, sentence_at = window(article, n)
    at = {0: before_at, 1: sentence_at}
    out = []
    index = article.mention_index()
    for span in spans:
        if span is None:
            out.append([-100.0, -100.0])
            continue
        a, b = at[span[0]] + span[1], at[span[0]] + span[2]
        named = {m.country for m in index.overlapping(a, b)}
        out.append([1.0 if named & codes[channel] else 0.0 for channel in CHANNELS])
    return out
