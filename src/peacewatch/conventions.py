"""The coding conventions of design.md that span two triggers of one sentence.

Used by the event stage (`events.py`) once every trigger of a sentence is coded.
"""

from __future__ import annotations

from dataclasses import replace

from . import codes
from .article import Event, Sentence

CONTENT_HOLDERS = {"02", "03", "10", "11", "12", "13"}  # appeals, intents, demands, accusations, refusals, threats
CONTENT_DEPS = {"xcomp", "ccomp", "pcomp", "acl", "dobj", "pobj", "prep", "nsubjpass", "compound", "amod", "nmod"}
CLAIM_NOUNS = {"report", "claim", "allegation", "accusation", "suggestion", "assertion", "rumour", "rumor", "charge"}
CESSATION = {"stop", "halt", "cease", "end", "suspend", "pause", "abandon"}  # "would stop bombing": what stops


def apply_conventions(sentence: Sentence, pairs: list[tuple[int, Event]]) -> list[Event]:
    """The coding conventions of design.md that span two triggers of one sentence.

    - The condition of an if-sentence is not an event ("if Moscow refuses ...").
    - What an offer, demand, refusal, threat or protest is about is its content, not a second
      event ("refused to discuss", "threatened to impose sanctions", "rallied, demanding").
    - A denied act stands, negated, instead of a REJECT ("denied targeting civilians").
    - A harmful act announced under a condition is a threat that happened.
    - A protest pledged or vowed is that protest, planned ("vowed to keep marching"), not a threat.
    """
    tokens = sentence.tokens or []
    at = {}
    for i, event in pairs:
        at.setdefault(i, []).append(event)
    dropped: set[int] = set()
    threats: dict[int, bool] = {}
    ceasing: dict[int, bool] = {}
    for i, event in pairs:
        if event.conditional_part == "condition":
            dropped.add(id(event))
            continue
        governors = [j for j in _content_ancestors(sentence, i) if j in at]
        head = tokens[i].head
        if tokens[head].lemma in CESSATION and head not in at and event.quad_class == 4:
            ceasing[id(event)] = True  # "would stop bombing": a halt, not an attack
            continue
        if not governors:
            continue
        nearest = governors[0]
        if tokens[nearest].lemma == "deny":
            path = _content_ancestors(sentence, i)
            if not any(tokens[j].lemma in CLAIM_NOUNS for j in path[:path.index(nearest)]):
                dropped.update(id(e) for e in at[nearest])  # denying "reports that ..." rejects them: both stand
        elif event.plover == "PROTEST" and all(e.plover == "AGREE" for e in at[nearest]):
            dropped.update(id(e) for e in at[nearest])  # "pledged to join the strike": a planned protest, no threat
        elif tokens[nearest].lemma in CESSATION or any(
                e.cameo[:2] in CONTENT_HOLDERS or e.plover == "PROTEST" for j in governors for e in at[j]):
            dropped.add(id(event))
            if event.quad_class == 4:  # "vowed to keep firing": an intent to harm is a threat
                for outer in at[nearest]:
                    if outer.plover == "AGREE":
                        threats[id(outer)] = True
    kept = []
    for _, event in pairs:
        if id(event) in dropped:
            continue
        if (event.modality == "conditional" and event.conditional_part == "consequence" and event.quad_class == 4) \
                or id(event) in threats:
            event = _as_threat(event)
        elif id(event) in ceasing:
            event = _recode(event, "0871")
        kept.append(event)
    return kept


def _content_ancestors(sentence: Sentence, i: int) -> list[int]:
    """Ancestors reached through complements, not through coordination ("X offered ..., but Y
    insists") nor adverbial clauses ("rejected mediation until Trump called both leaders"), except
    a participle that elaborates ("rallied, demanding ...")."""
    tokens = sentence.tokens or []
    found = []
    while tokens[i].head != i and (tokens[i].dep in CONTENT_DEPS or (tokens[i].dep == "advcl" and tokens[i].tag == "VBG")):
        i = tokens[i].head
        found.append(i)
    return found


def _as_threat(event: Event) -> Event:
    return replace(_recode(event, "1312" if event.plover == "SANCTION" else "138"), modality="asserted")


def _recode(event: Event, cameo: str) -> Event:
    code = codes.lookup(cameo)
    return replace(event, cameo=code.code, plover=code.plover, plover_mode=code.plover_mode,
                   goldstein=code.goldstein, quad_class=code.quad_class)
