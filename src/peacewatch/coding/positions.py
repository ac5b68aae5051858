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

from ..article import ActorRef, Article, Position, Sentence

STANCES = [
    ("precondition", re.compile(r"\b(?:insist\w*|demand\w*|want\w*|require\w*)\b[^.]{0,120}?\b(?:before|as a (?:pre)?condition|prior to)\b|\bprecondition\w*|\bonly (?:if|after|once)\b", re.I)),
    ("refuse", re.compile(r"\b(?:reject\w*|refus\w*|ruled? out|rules out|dismiss\w*|will never|would never|won't accept|declin\w* to (?!say|comment|confirm|elaborate|answer))\b", re.I)),
    ("accept", re.compile(r"\b(?:agree[sd]?\b(?:[^.]{0,30}?\bto\b|\s+on\b)|accept\w*|signed up to|endorsed|"
                          r"welcom\w* (?:the|a|an|this)\s+(?:\w+\s+)?(?:plan|proposal|deal|offer|agreement|initiative|"
                          r"decision|ceasefire|truce))", re.I)),
    ("offer", re.compile(r"\b(?:willing\w*|ready to|readiness|offers? to|offered|offering|propos(?:e|es|ed|ing)|outlin\w* (?:a|an|the)\b[^.]{0,40}?\b(?:strategy|plan|proposal|roadmap|framework)|prepared to|open to)\b", re.I)),
    ("demand", re.compile(r"\b(?:demand\w*|insist\w*|call\w* for|calls on|urg\w*|press\w* for|seek\w*|wants?)\b", re.I)),
    ("assess", re.compile(r"\b(?:skeptic\w*|sceptic\w*|doubt\w*|not serious|distrust\w*|believes?|convinced|suspicious|warn\w* that|assess\w*)\b", re.I)),
]
ISSUES = [
    ("nato", r"\bNATO\b|North Atlantic|alliance membership|neutral(?:ity| status)"),
    ("territory", r"\bregions?\b|territor\w*|\bland\b|Donbas|Crimea|annex\w*|borders?|withdraw\w*|occupied|sovereignty"),
    ("ceasefire", r"cease-?fire|truce|halt (?:to )?(?:the )?fighting|stop (?:the )?(?:fighting|bombing|targeting|firing|attacks)"),
    ("prisoners", r"prisoner\w*|\bPOWs?\b|captives?|hostages?|\bswap\w*|exchange of|detainee\w*|\brelease\b|\bfreed\b|pardon\w*"),
    ("talks", r"\btalks?\b|negotiat\w*|\bmeet\w*|summit|dialogue|direct contacts?|mediat\w*|conference"),
    ("sanctions", r"sanction\w*|embargo|tariff\w*|price cap|\bban on\b"),
    ("security_guarantees", r"guarantee\w*|peacekeep\w*|security assurances?|reassurance force|monitoring mission"),
    ("aid", r"\baid\b|assistance|deliver\w*|(?:send|provid|giv|suppl)\w*\s[^.]{0,30}weapons|military support|"
            r"air defen[cs]e|funding|interceptor\w*|patriot\w*"),
]
ISSUE_PATTERNS = [(name, re.compile(pattern, re.I)) for name, pattern in ISSUES]
PARTICIPATION = re.compile(r"\b(?:join|attend|meet|talk|negotiat\w*|sign|send a delegation|take part)\b")
CONCESSION = re.compile(r"\b(?:stop|halt|cease|ease|lift|release|free|withdraw|pull back|return|allow|resume|reopen|"
                        r"suspend|end|pardon|hand over)\w*\b")
LEAD_IN = re.compile(r"(?:these|they|demands|goals|conditions|terms)\s+(?:include|are|were)\s*:?\s*$|:\s*$", re.I)
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


class PositionFinder:
    name = "positions"
    english = True  # the pipeline runs it on English articles only
    reads = frozenset({"sentences", "mentions", "conditionals"})
    writes = frozenset({"positions"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.positions = find_positions(article)
            article.layers.add("positions")
        return articles


CONDITION_BEFORE = re.compile(r"\b(?:if|unless|should)\b", re.I)
NEGATION_BEFORE = re.compile(r"\b(?:not|never|n't|no longer)\s+(?:\w+\s+)?$", re.I)
FLIPPED = {"accept": "refuse", "refuse": "accept"}
CLAUSE_BREAK = re.compile(r",?\s+\b(?:but|while|whereas|although)\b\s+|;\s+")


def find_positions(article: Article) -> list[Position]:
    text = article.text or ""
    positions: list[Position] = []
    for index, sentence in enumerate(article.sentences):
        if sentence.kind in {"heading", "dangling", "question"}:
            continue
        piece = text[sentence.start:sentence.end]
        if LEAD_IN.search(piece):
            continue
        lead = lead_in_actor(article, index) if sentence.kind == "item" else None
        offset = 0
        if sentence.kind == "item":
            offset = piece.index(":") + 1
            offset += len(piece[offset:]) - len(piece[offset:].lstrip())
        for start, end in _clauses(piece, offset):
            clause = piece[start:end]
            stance, cue = _stance(clause)
            if not stance or CONDITION_BEFORE.search(clause[:cue.start()]):
                continue  # "If Moscow does not accept ..." states a condition, not a position
            if NEGATION_BEFORE.search(clause[max(0, cue.start() - 25):cue.start()]):
                stance = FLIPPED.get(stance, stance)
            issue = _issue(clause, cue, stance)
            clause_start, clause_end = sentence.start + start, sentence.start + end
            actor = lead or _stance_actor(article, sentence, clause_start, clause_end, cue, stance)
            if actor is None:
                continue
            raw_start, raw_end = article.raw_span(clause_start, clause_end)
            positions.append(Position(actor, issue, stance, text[clause_start:clause_end].strip(), clause_start,
                                      clause_end, raw_start, raw_end))
    return positions + _conditional_positions(article, positions)


def _conditional_positions(article: Article, found: list[Position]) -> list[Position]:
    """A promise under a condition states a position: "would stop fighting if the army does the same"
    is an offer; "would join a meeting if Russia first agreed to a ceasefire" a precondition."""
    added = []
    for conditional in article.conditionals:
        if conditional.actor is None or any(p.start < conditional.end and conditional.start < p.end for p in found):
            continue
        consequence = conditional.consequence.lower()
        if PARTICIPATION.search(consequence):
            stance = "precondition"
        elif CONCESSION.search(consequence):
            stance = "offer"
        else:
            continue
        scope = conditional.condition if stance == "precondition" else conditional.consequence + " " + conditional.condition
        hits = [(m.start(), name) for name, pattern in ISSUE_PATTERNS if (m := pattern.search(scope))]
        issue = min(hits)[1] if hits else "other"
        added.append(Position(conditional.actor, issue, stance, conditional.text, conditional.start, conditional.end,
                              conditional.raw_start, conditional.raw_end))
    return added


def _clauses(piece: str, offset: int) -> list[tuple[int, int]]:
    spans, start = [], offset
    for match in CLAUSE_BREAK.finditer(piece, offset):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(piece)))
    return [(a, b) for a, b in spans if piece[a:b].strip()]


def _stance(piece: str) -> tuple[str | None, re.Match | None]:
    """The precondition if there is one, else the earliest stance cue in the clause."""
    found = [(m.start(), n, stance, m) for n, (stance, pattern) in enumerate(STANCES) if (m := pattern.search(piece))]
    if not found:
        return None, None
    pre = [f for f in found if f[2] == "precondition"]
    _, _, stance, match = min(pre or found)
    return stance, match


def _issue(clause: str, cue: re.Match, stance: str) -> str:
    # A precondition is about what it conditions: "a ceasefire outline before any direct talks" is about talks.
    if stance == "precondition":
        after = re.search(r"\b(?:before|prior to)\b(.*)", clause, re.I)
        if after:
            for name, pattern in ISSUE_PATTERNS:
                if pattern.search(after.group(1)):
                    return name
    for scope in (clause[cue.start():], clause):
        hits = [(m.start(), name) for name, pattern in ISSUE_PATTERNS if (m := pattern.search(scope))]
        if hits:
            return _priority(hits) if stance == "demand" else min(hits)[1]
    return "other"


def _priority(hits: list[tuple[int, str]]) -> str:
    order = [name for name, _ in ISSUES]
    return min(hits, key=lambda h: order.index(h[1]))[1]


def _first_actor(article: Article, sentence: Sentence) -> ActorRef | None:
    inside = article.mention_index().starting_in(sentence.start, sentence.end)
    if not inside:
        return None
    if sentence.tokens:
        for token in sentence.tokens:
            if token.dep in SUBJECT_DEPS:
                for mention in inside:
                    if mention.start <= token.start < mention.end:
                        return mention.ref()
    return inside[0].ref()


def _stance_actor(article: Article, sentence: Sentence, start: int, end: int, cue: re.Match,
                  stance: str) -> ActorRef | None:
    """The subject of the cue's clause (of the main clause for an assessment), else the actor before the cue."""
    at = start + cue.start()
    inside = article.mention_index().starting_in(start, end)
    if sentence.tokens:
        cue_token = next((t for t in sentence.tokens if t.start >= at), None)
        if cue_token is not None:
            chain = [cue_token.i, *sentence.ancestors(cue_token.i)]
            if stance == "assess":
                chain.reverse()
            for i in chain:
                for child in sentence.children(i):
                    token = sentence.tokens[child]
                    if token.dep in SUBJECT_DEPS:
                        for mention in inside:
                            if mention.start <= token.start < mention.end:
                                return mention.ref()
    before = [m for m in inside if m.start < at]
    return before[-1].ref() if before else None


def lead_in_actor(article: Article, index: int) -> ActorRef | None:
    """For a list item, the actor of the lead-in ("Putin restated his goals. These include:")."""
    text = article.text or ""
    j = index
    while j > 0 and article.sentences[j].kind == "item":
        j -= 1
    for back in (j, j - 1):
        if back < 0:
            return None
        sentence = article.sentences[back]
        piece = text[sentence.start:sentence.end]
        if back == j and not LEAD_IN.search(piece):
            return None
        found = _first_actor(article, sentence)
        if found:
            return found
    return None
