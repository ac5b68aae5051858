"""Conditional policies and phased plans: what happens if, and in what order.

Reads: sentences, tokens, mentions, events. Writes: conditionals, policies.

"If they fail to yield progress, further sanctions ... are anticipated" gives a
condition and a consequence; "unless Moscow agrees to a ceasefire by Friday,
sanctions will follow" adds a deadline. "Phase 1: ...", "Phase 2: ..." lines
(or "first ..., then ...") become one policy with ordered steps, each step's
action typed by the events coded inside it.
"""

from __future__ import annotations

import re

from ..article import ActorRef, Article, Conditional, Policy, Sentence, Step
from . import dates

CONDITION = re.compile(
    r"\b(?P<mark>if|unless|should|provided that|as long as|in case)\b(?P<condition>[^,;]+?)"
    r"(?:,\s*(?:then\s+)?(?P<after>[^;]+))?(?:[.;]|$)",
    re.I,
)
TRAILING = re.compile(r"^(?P<consequence>.+?)\s+\b(?P<mark>if|unless|provided that|as long as|until|only once|only after|"
                      r"only when|only if|once)\b\s+(?P<condition>[^;]+?)[.;]?$", re.I)
PHASE = re.compile(r"^\s*(?:phase|stage|step)\s+(?P<n>\d+|one|two|three|four|five)\s*[:.–—-]\s*(?P<action>.+)", re.I)
DEADLINE = re.compile(r"\bby (?:the end of )?(?P<when>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                      r"\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2}|next week|the end of the (?:week|month)|tomorrow))", re.I)
FIRST_THEN = re.compile(r"\bfirst\b\s*,?\s*(?P<first>[^;]+?),?\s+(?:and\s+)?(?:then|only then|after that|later)\b\s*,?\s*"
                        r"(?P<then>[^;]+?)(?=[.;]|$)", re.I)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


class ConditionalFinder:
    name = "conditionals"
    english = True  # the pipeline runs it on English articles only
    reads = frozenset({"sentences", "mentions", "events"})
    writes = frozenset({"conditionals", "policies"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.policies = find_policies(article)
            article.conditionals = find_conditionals(article)
            article.layers |= {"conditionals", "policies"}
        return articles


def find_conditionals(article: Article) -> list[Conditional]:
    text = article.text or ""
    found: list[Conditional] = []
    phases = _phase_of_sentences(article)
    owner = article.policies[0].actor if article.policies else None
    for index, sentence in enumerate(article.sentences):
        if sentence.kind in {"heading", "dangling", "question"}:
            continue
        piece = text[sentence.start:sentence.end]
        body_offset = piece.index(":") + 1 if sentence.kind == "item" and PHASE.match(piece) else 0
        split_at = split(piece[body_offset:])
        if split_at is None:
            continue
        condition, consequence, (span_start, span_end) = split_at
        if not condition or not consequence or len(consequence.split()) < 2:
            continue
        start = sentence.start + body_offset + span_start
        end = sentence.start + body_offset + span_end
        actor = _actor(article, sentence, consequence) or owner
        deadline = DEADLINE.search(condition) or DEADLINE.search(consequence)
        raw_start, raw_end = article.raw_span(start, end)
        item = Conditional(actor, condition.strip(" ,"), consequence.strip(" ,."), phases.get(index),
                           text[start:end], start, end, raw_start, raw_end)
        if deadline:
            item.deadline = dates.resolve(deadline.group("when"), article.published, future=True)
        found.append(item)
    return found


def split(piece: str) -> tuple[str, str, tuple[int, int]] | None:
    """(condition, consequence, span) for a conditional sentence, or None."""
    match = CONDITION.search(piece)
    if match and piece[max(0, match.start() - 5):match.start()].lower().strip() == "even":
        match = None  # "even if" concedes, it sets no condition
    if match and match.group("mark").lower() == "should" and match.start() > 0 and \
            not re.search(r"(?:^|[:;,.]\s*)$", piece[:match.start()]):
        match = None  # "should" opens a condition only at the head of a clause ("Should Moscow refuse ...")
    if match and match.group("after") and match.start() < 5 + piece.find(match.group(0)):
        leading = piece[:match.start()].strip()
        if not leading or len(leading.split()) <= 3:
            return match.group("condition"), match.group("after"), (match.start(), match.end())
    trailing = TRAILING.search(piece)
    if trailing and trailing.group("consequence").lower().endswith("even"):
        trailing = None
    if trailing and trailing.group("mark").lower() in {"until", "once"} and \
            not re.search(r"\b(?:will|would|could|can|may|might|shall|won't|not)\b", trailing.group("consequence"), re.I):
        trailing = None  # "until"/"once" set a condition on what is to come, not on a report
    if trailing:
        consequence = trailing.group("consequence")
        # Keep the clause nearest to the condition: "... while leaving room for X if Y" -> "leaving room for X".
        clause = re.split(r"\b(?:while|whereas|but|and)\b\s+", consequence)[-1]
        offset = trailing.start("consequence") + len(consequence) - len(clause)
        return trailing.group("condition"), clause, (offset, trailing.end())
    if match and match.group("after"):
        return match.group("condition"), match.group("after"), (match.start(), match.end())
    return None


def _actor(article: Article, sentence: Sentence, consequence: str) -> ActorRef | None:
    at = (article.text or "").find(consequence, sentence.start, sentence.end)
    if at < 0:
        return None
    inside = [m for m in article.mention_index().starting_in(at, at + len(consequence))
              if m.sector in {"GOV", "MIL", "IGO", "REB"}]
    if not inside:
        return None
    # "sanctions will follow" has no actor; "the EU will impose ..." does: take the first named.
    return inside[0].ref()


def find_policies(article: Article) -> list[Policy]:
    text = article.text or ""
    steps: list[Step] = []
    actor: ActorRef | None = None
    for index, sentence in enumerate(article.sentences):
        piece = text[sentence.start:sentence.end]
        match = PHASE.match(piece)
        if not match:
            continue
        n = match.group("n").lower()
        number = int(n) if n.isdigit() else WORD_NUMBERS[n]
        start = sentence.start + match.start("action")
        paragraph_events = [e for e in article.events if e.sentence == index or
                            (e.sentence > index and article.sentences[e.sentence].paragraph == sentence.paragraph
                             and not _is_phase(article, e.sentence))]
        plover = paragraph_events[0].plover if paragraph_events else None
        raw_start, raw_end = article.raw_span(start, sentence.end)
        steps.append(Step(number, text[start:sentence.end].strip(), plover, start, sentence.end, raw_start, raw_end))
        if actor is None:
            actor = _owner(article, index)
    if not steps:
        return _first_then(article)
    return [Policy(actor, sorted(steps, key=lambda s: s.phase))]


def _first_then(article: Article) -> list[Policy]:
    """'The plan would first cap oil prices, then ban imports': two ordered steps."""
    text = article.text or ""
    policies = []
    for index, sentence in enumerate(article.sentences):
        match = FIRST_THEN.search(text, sentence.start, sentence.end)
        if not match:
            continue
        steps = []
        for number, group in enumerate(("first", "then"), start=1):
            start, end = match.span(group)
            words = set(re.findall(r"\w+", text[start:end]))
            inside = [e for e in article.events if e.sentence == index and e.start < end and start < e.end
                      and e.trigger in words]
            raw_start, raw_end = article.raw_span(start, end)
            steps.append(Step(number, text[start:end].strip(" ,."), inside[0].plover if inside else None,
                              start, end, raw_start, raw_end))
        policies.append(Policy(_owner(article, index + 1), steps))
    return policies


def _is_phase(article: Article, index: int) -> bool:
    sentence = article.sentences[index]
    return bool(PHASE.match((article.text or "")[sentence.start:sentence.end]))


def _owner(article: Article, index: int) -> ActorRef | None:
    """Who proposes the plan: the last actor named in the sentences just before it."""
    for back in range(index - 1, max(-1, index - 4), -1):
        sentence = article.sentences[back]
        inside = [m for m in article.mention_index().starting_in(sentence.start, sentence.end) if m.sector != "BUS"]
        if inside:
            people = [m for m in inside if m.how in {"alias", "pattern"} and not m.actor_id.isupper()]
            return (people or inside)[0].ref()
    return None


def _phase_of_sentences(article: Article) -> dict[int, int]:
    phases, current, paragraph = {}, None, None
    text = article.text or ""
    for index, sentence in enumerate(article.sentences):
        match = PHASE.match(text[sentence.start:sentence.end])
        if match:
            n = match.group("n").lower()
            current, paragraph = (int(n) if n.isdigit() else WORD_NUMBERS[n]), sentence.paragraph
        elif sentence.kind == "heading" or (paragraph is not None and sentence.start and
                                             text[sentence.start - 1] == "\n" and not PHASE.match(text[sentence.start:sentence.end])):
            current = None
        if current is not None:
            phases[index] = current
    return phases
