"""The one carrier type: an `Article` and the layers the stages fill in.

Spans are offsets into `article.text` (the repaired text); `raw_span` maps them
back to the characters of `article.raw`, the text as it was read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

SentenceKind = str  # "body" | "heading" | "question" | "dangling" | "item"


@dataclass(slots=True)
class Repair:
    """One change to the raw text, in raw offsets."""

    start: int
    end: int
    before: str
    after: str
    kind: str


class OffsetMap:
    """Maps spans of the repaired text back to spans of the raw text."""

    __slots__ = ("_new_starts", "_edits")

    def __init__(self, repairs: list[Repair]):
        # Each edit: (raw_start, raw_end, new_start, new_end), sorted and disjoint.
        self._edits: list[tuple[int, int, int, int]] = []
        shift = 0
        for repair in repairs:
            new_start = repair.start + shift
            new_end = new_start + len(repair.after)
            self._edits.append((repair.start, repair.end, new_start, new_end))
            shift += len(repair.after) - (repair.end - repair.start)
        self._new_starts = [edit[2] for edit in self._edits]

    def start(self, position: int) -> int:
        k = bisect_right(self._new_starts, position) - 1
        if k < 0:
            return position
        raw_start, raw_end, new_start, new_end = self._edits[k]
        if position >= new_end:
            return position - new_end + raw_end
        return raw_start

    def end(self, position: int) -> int:
        k = bisect_left(self._new_starts, position) - 1
        if k < 0:
            return position
        raw_start, raw_end, new_start, new_end = self._edits[k]
        if position >= new_end:
            return position - new_end + raw_end
        return raw_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        raw_start = self.start(start)
        return raw_start, max(raw_start, self.end(end))


class SpanIndex:
    """Items with .start/.end sorted by start, to find those in or overlapping a range in log time."""

    __slots__ = ("items", "starts", "longest", "countries", "memo")

    def __init__(self, items):
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]
        self.longest = max((item.end - item.start for item in self.items), default=0)
        self.countries = {getattr(item, "country", None) for item in self.items}
        self.memo: dict = {}  # values derived from these items, computed once (per-sentence rescans were quadratic)

    def overlapping(self, start: int, end: int) -> list:
        low = bisect_left(self.starts, start - self.longest)
        high = bisect_left(self.starts, max(end, start + 1))
        return [item for item in self.items[low:high] if item.end > start and item.start < max(end, start + 1)]

    def starting_in(self, start: int, end: int) -> list:
        return self.items[bisect_left(self.starts, start):bisect_left(self.starts, end)]


@dataclass(slots=True)
class Token:
    """A parsed token; `head` indexes into its sentence's tokens."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    kind: SentenceKind = "body"
    paragraph: int = 0
    tokens: list[Token] | None = None
    _children: list[list[int]] | None = field(default=None, repr=False)

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens or ()]
            for token in self.tokens or ():
                if token.head != token.i:
                    kids[token.head].append(token.i)
            self._children = kids
        return self._children[i]

    def subtree(self, i: int) -> list[int]:
        """Token indices under `i`, itself included, in order."""
        todo, seen = [i], []
        while todo:
            j = todo.pop()
            seen.append(j)
            todo.extend(self.children(j))
        return sorted(seen)

    def ancestors(self, i: int):
        tokens = self.tokens or []
        while tokens[i].head != i:
            i = tokens[i].head
            yield i


@dataclass(slots=True)
class ActorRef:
    """Who did something or to whom: the contract's {name, country, sector, actor_id}."""

    name: str
    country: str
    sector: str
    actor_id: str


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    actor_id: str
    name: str
    country: str
    sector: str
    role: str
    how: str  # alias | adjective | seat | pattern | surname | pronoun | context | generic
    confidence: float

    def ref(self) -> ActorRef:
        return ActorRef(self.name, self.country, self.sector, self.actor_id)


@dataclass(slots=True)
class Event:
    id: str
    sentence: int
    start: int
    end: int
    trigger: str
    cameo: str
    plover: str
    plover_mode: str
    goldstein: float
    quad_class: int
    modality: str
    source: ActorRef | None = None
    target: ActorRef | None = None
    attributed_to: ActorRef | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    location: dict[str, Any] | None = None
    date: str | None = None
    confidence: float = 0.5
    raw_start: int = 0
    raw_end: int = 0
    conditional_part: str | None = None  # "condition" or "consequence" of an if-sentence


@dataclass(slots=True)
class Position:
    actor: ActorRef | None
    issue: str
    stance: str
    text: str
    start: int
    end: int
    raw_start: int = 0
    raw_end: int = 0


@dataclass(slots=True)
class Conditional:
    actor: ActorRef | None
    condition: str
    consequence: str
    phase: int | None
    text: str
    start: int
    end: int
    raw_start: int = 0
    raw_end: int = 0
    deadline: str | None = None


@dataclass(slots=True)
class Step:
    phase: int
    action: str
    plover: str | None
    start: int
    end: int
    raw_start: int = 0
    raw_end: int = 0


@dataclass(slots=True)
class Policy:
    """A phased plan: ordered steps under one actor."""

    actor: ActorRef | None
    steps: list[Step]


@dataclass(slots=True)
class Skipped:
    """An input that could not be read, and why."""

    path: str
    reason: str


@dataclass
class Article:
    id: str
    raw: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str = "en"
    origin: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    # Layers, filled by the stages in order.
    text: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    offsets: OffsetMap | None = None
    truncated: bool = False
    noise: float = 0.0
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    conditionals: list[Conditional] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    layers: set[str] = field(default_factory=lambda: {"raw"})
    _index: tuple | None = field(default=None, repr=False, compare=False)

    def as_read(self) -> "Article":
        """A copy holding only what the reader gave (no layers): to process again from the start."""
        return Article(id=self.id, raw=self.raw, title=self.title, url=self.url, source=self.source,
                       published=self.published, language=self.language, origin=self.origin,
                       metadata=dict(self.metadata))

    def mention_index(self) -> SpanIndex:
        """The mentions, indexed by position (rebuilt if the mention list changes)."""
        key = (id(self.mentions), len(self.mentions))
        if self._index is None or self._index[0] != key:
            self._index = (key, SpanIndex(self.mentions))
        return self._index[1]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets.span(start, end)

    def span_text(self, start: int, end: int) -> str:
        return (self.text or "")[start:end]

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.span_text(sentence.start, sentence.end)
