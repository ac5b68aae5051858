"""Positions: what each side demands, offers, refuses, accepts or judges.

Reads: sentences, tokens, mentions. Writes: positions.

A stance cue ("demanding", "insists on X before Y", "expressed a willingness
to", "rejected", "agreed to", "remains skeptical of") marks the sentence; the
issue comes from what the cue governs; the actor is the cue's subject, the
speaker of a reported position ("Moscow says it will never ..."), or, for
list items after a lead-in ("These include: Territorial control: Demanding
..."), the actor of the lead-in.
"""

from __future__ import annotations

import re

from .article import ActorRef, Article, Position, Sentence

STANCES = [
    ("precondition", re.compile(r"\b(?:insist\w*|demand\w*|want\w*|require\w*)\b[^.]{0,120}?\b(?:before|as a (?:pre)?condition|prior to)\b|\bprecondition\w*|\bonly (?:if|after|once)\b", re.I)),
    ("refuse", re.compile(r"\b(?:reject\w*|refus\w*|ruled? out|dismiss\w*|will never|would never|won't accept|declin\w* to)\b", re.I)),
    ("accept", re.compile(r"\b(?:agreed to|agrees to|accept\w*|signed up to|endorsed)\b", re.I)),
    ("offer", re.compile(r"\b(?:willing\w*|ready to|readiness|offer\w*|propos\w*|outlin\w* (?:a|an|the)\b[^.]{0,40}?\b(?:strategy|plan|proposal|roadmap|framework)|prepared to|open to)\b", re.I)),
    ("demand", re.compile(r"\b(?:demand\w*|insist\w*|call\w* for|calls on|urg\w*|press\w* for|seek\w*|wants?|maximalist)\b", re.I)),
    ("assess", re.compile(r"\b(?:skeptic\w*|sceptic\w*|doubt\w*|not serious|distrust\w*|believes?|convinced|suspicious|warn\w* that|assess\w*)\b", re.I)),
]
ISSUES = [
    ("nato", r"\bNATO\b|North Atlantic|alliance membership|neutral(?:ity| status)"),
    ("territory", r"\bregions?\b|territor\w*|\bland\b|Donbas|Crimea|annex\w*|borders?|withdraw\w*|occupied"),
    ("ceasefire", r"cease-?fire|truce|halt (?:to )?(?:the )?fighting|stop (?:the )?fighting"),
    ("talks", r"\btalks?\b|negotiat\w*|\bmeet\w*|summit|dialogue|direct contacts?"),
    ("sanctions", r"sanction\w*|embargo|tariff\w*|price cap"),
    ("prisoners", r"prisoner\w*|\bPOWs?\b|captives?|hostages?|\bswap\w*|exchange of"),
    ("security_guarantees", r"guarantee\w*|peacekeep\w*|security assurances?|reassurance force"),
    ("aid", r"\baid\b|weapons?|military (?:assistance|support)|arms|air defen[cs]e|funding"),
]
ISSUE_PATTERNS = [(name, re.compile(pattern, re.I)) for name, pattern in ISSUES]
LEAD_IN = re.compile(r"(?:these|they|demands|goals|conditions|terms)\s+(?:include|are|were)\s*:?\s*$|:\s*$", re.I)
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


class PositionFinder:
    name = "positions"
    reads = frozenset({"sentences", "mentions"})
    writes = frozenset({"positions"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.positions = find_positions(article)
            article.layers.add("positions")
        return articles


def find_positions(article: Article) -> list[Position]:
    text = article.text or ""
    positions: list[Position] = []
    lead_actor: ActorRef | None = None
    last_actor: ActorRef | None = None
    for index, sentence in enumerate(article.sentences):
        piece = text[sentence.start:sentence.end]
        if sentence.kind in {"heading", "dangling", "question"}:
            lead_actor = None if sentence.kind == "heading" else lead_actor
            continue
        in_list = sentence.kind == "item" and lead_actor is not None
        actor_here = _first_actor(article, sentence)
        if LEAD_IN.search(piece):
            lead_actor = actor_here or last_actor
            continue
        if not in_list:
            lead_actor = None
        stance, cue = _stance(piece)
        if stance:
            body = piece.split(":", 1)[1] if sentence.kind == "item" else piece
            issue = _issue(body, piece, cue, stance)
            actor = (lead_actor if in_list else None) or _stance_actor(article, sentence, cue) or actor_here
            start, end = sentence.start, sentence.end
            if sentence.kind == "item":
                start = sentence.start + piece.index(":") + 1
                start += len(text[start:end]) - len(text[start:end].lstrip())
            raw_start, raw_end = article.raw_span(start, end)
            positions.append(Position(actor, issue, stance, text[start:end], start, end, raw_start, raw_end))
        last_actor = actor_here or last_actor
    return positions


def _stance(piece: str) -> tuple[str | None, re.Match | None]:
    for stance, pattern in STANCES:
        match = pattern.search(piece)
        if match:
            return stance, match
    return None, None


def _issue(body: str, piece: str, cue: re.Match, stance: str) -> str:
    # A precondition is about what it conditions: "a ceasefire outline before any direct talks" is about talks.
    if stance == "precondition":
        after = re.search(r"\b(?:before|prior to)\b(.*)", piece, re.I)
        if after:
            for name, pattern in ISSUE_PATTERNS:
                if pattern.search(after.group(1)):
                    return name
    governed = body[max(0, cue.start() - (len(piece) - len(body))):] if cue else body
    for scope in (governed, body):
        hits = [(m.start(), name) for name, pattern in ISSUE_PATTERNS if (m := pattern.search(scope))]
        if hits:
            return min(hits)[1] if stance != "demand" else _priority(hits)
    return "other"


def _priority(hits: list[tuple[int, str]]) -> str:
    order = [name for name, _ in ISSUES]
    return min(hits, key=lambda h: order.index(h[1]))[1]


def _first_actor(article: Article, sentence: Sentence) -> ActorRef | None:
    inside = [m for m in article.mentions if sentence.start <= m.start < sentence.end]
    if not inside:
        return None
    if sentence.tokens:
        for token in sentence.tokens:
            if token.dep in SUBJECT_DEPS:
                for mention in inside:
                    if mention.start <= token.start < mention.end:
                        return mention.ref()
    return inside[0].ref()


def _stance_actor(article: Article, sentence: Sentence, cue: re.Match | None) -> ActorRef | None:
    """The subject of the cue's clause, or the nearest actor before the cue."""
    if cue is None:
        return None
    at = sentence.start + cue.start()
    before = [m for m in article.mentions if sentence.start <= m.start < at]
    if sentence.tokens:
        cue_token = next((t for t in sentence.tokens if t.start >= at), None)
        if cue_token is not None:
            chain = [cue_token.i, *sentence.ancestors(cue_token.i)]
            for i in chain:
                for child in sentence.children(i):
                    token = sentence.tokens[child]
                    if token.dep in SUBJECT_DEPS:
                        for mention in article.mentions:
                            if mention.start <= token.start < mention.end:
                                return mention.ref()
    return before[-1].ref() if before else None
