"""Split repaired text into sentences and say what kind each one is.

Reads: text, truncated. Writes: sentences.

Rule-based and fast, so that the parser only sees sentences worth parsing.
Kinds: body, item ("Label: text."), heading (a short line with no final
punctuation), question, dangling (the unfinished end of a truncated text).
"""

from __future__ import annotations

import re

from ..article import Article, Sentence

# A sentence ends at . ! ? … (Arabic ؟) before a word that does not start in lower case: a capital, a digit,
# or a letter of a script without case (Arabic).
BOUNDARY = re.compile(r"(?<=[.!?…؟])[\"”’»)\]]*[ \t]+(?=[\"“‘«„(]?[^\W_])")
OPENING = "\"“‘«„("
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|Sen|Rep|Gov|Prof|No|Vol|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|vs|approx|Inc|Corp|Ltd|Co)|\b[A-Z]|(?:\b[A-Za-z]\.)+[A-Za-z])\.$"
)
FINAL = re.compile(r"[.!?…؟][\"'”’»)\]]*$")
ITEM = re.compile(r"^[\"“]?[A-Z][^.:!?]{0,60}:\s+\S")
HEADING_MAX_WORDS = 14
HEADLINE_MAX_WORDS = 25


class Segmenter:
    name = "segment"
    reads = frozenset({"text"})
    writes = frozenset({"sentences"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.sentences = split(article.text or "", truncated=article.truncated)
            article.layers.add("sentences")
        return articles


def split(text: str, *, truncated: bool = False) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    for line in text.splitlines(keepends=True):
        start, stripped = position, line.strip()
        position += len(line)
        if not stripped:
            paragraph += 1
            continue
        offset = start + (len(line) - len(line.lstrip()))
        pieces = _pieces(stripped)
        for piece_start, piece_end in pieces:
            piece = stripped[piece_start:piece_end]
            sentences.append(Sentence(offset + piece_start, offset + piece_end, _kind(piece, len(pieces)), paragraph))
    # A first line standing alone, with no full stop, above the body is the headline, however long.
    if len(sentences) > 1 and sentences[0].kind == "body" and sentences[1].paragraph > sentences[0].paragraph \
            and not FINAL.search(text[sentences[0].start:sentences[0].end]) \
            and len(text[sentences[0].start:sentences[0].end].split()) <= HEADLINE_MAX_WORDS:
        sentences[0].kind = "heading"
    # A one-sentence text with no full stop is a whole record (a feed summary, a CSV cell), not a fragment.
    if truncated and len(sentences) > 1 and not FINAL.search(text[sentences[-1].start:sentences[-1].end]):
        sentences[-1].kind = "dangling"
    return sentences


def _pieces(line: str) -> list[tuple[int, int]]:
    pieces, start = [], 0
    for match in BOUNDARY.finditer(line):
        head = line[start:match.start()].rstrip("\"”’»)]")
        if ABBREVIATION.search(head) or line[match.end():].lstrip(OPENING)[:1].islower():
            continue
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(line)))
    return [(a, b) for a, b in pieces if line[a:b].strip()]


def _kind(piece: str, pieces_in_line: int) -> str:
    if piece.endswith("?") or piece.endswith("?”") or piece.endswith('?"'):
        return "question"
    if not FINAL.search(piece) and pieces_in_line == 1 and len(piece.split()) <= HEADING_MAX_WORDS:
        return "heading"
    if ITEM.match(piece):
        return "item"
    return "body"
