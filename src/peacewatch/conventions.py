"""The coding conventions of design.md that span two triggers of one sentence.

Used by the event stage (`events.py`) once every trigger of a sentence is coded.
"""

from __future__ import annotations

from dataclasses import replace

from . import codes
from .article import Event, Sentence

CONTENT_HOLDERS = {"02", "03", "10", "11", "12", "13"}  # appeals, intents, demands, accusations, refusals, threats
CONTENT_DEPS = {"xcomp", "ccomp", "pcomp", "acl", "dobj", "pobj", "prep", "nsubjpass", "compound", "amod", "nmod"}
CESSATION = {"stop", "halt", "cease", "end", "suspend", "pause", "abandon"}  # "would stop bombing": what stops
SEPARATE_MEASURES = {"15", "16", "17"}  # coordinated measures of these roots are each an event
ENVOYS = {"ambassador", "envoy", "diplomat", "attaché", "chargé", "consul", "emissary"}


def apply_conventions(sentence: Sentence, pairs: list[tuple[int, Event]]) -> list[Event]:
    """The coding conventions of design.md that span two triggers of one sentence.

    - The condition of an if-sentence is not an event ("if Moscow refuses ...").
    - What an offer, demand, refusal, threat or protest is about is its content, not a second
      event ("refused to discuss", "threatened to impose sanctions", "rallied, demanding").
    - A denied act stands, negated, instead of a REJECT ("denied targeting civilians").
    - A harmful act announced under a condition is a threat that happened; so is a warning that
      states its condition.
    - An act done by doing another is that other act ("retaliated by freezing aid").
    - Ordering an envoy out is a diplomatic expulsion (166), not a deportation (174).
    """
    tokens = sentence.tokens or []
    at = {}
    for i, event in pairs:
        at.setdefault(i, []).append(event)
    dropped: set[int] = set()
    threats: dict[int, str] = {}  # an intent recoded as a threat, by what it threatens
    ceasing: dict[int, bool] = {}
    for i, event in pairs:
        if event.conditional_part == "condition" or _done_by_another(sentence, i, at):
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
            dropped.update(id(e) for e in at[nearest])
        elif tokens[nearest].lemma in CESSATION or any(
                e.cameo[:2] in CONTENT_HOLDERS or e.plover == "PROTEST" for j in governors for e in at[j]):
            dropped.add(id(event))
            if event.quad_class == 4:  # "vowed to keep firing": an intent to harm is a threat
                for outer in at[nearest]:
                    if outer.plover == "AGREE":
                        threats[id(outer)] = event.plover  # "vowed countermeasures": a threat of sanctions
    kept = []
    for i, event in pairs:
        if id(event) in dropped:
            continue
        if event.cameo[:2] == "13" and event.modality == "conditional" and event.conditional_part == "consequence":
            event = replace(event, modality="asserted")  # "warned of consequences if ...": the warning was made
        elif (event.modality == "conditional" and event.conditional_part == "consequence" and event.quad_class == 4) \
                or id(event) in threats:
            event = _as_threat(event, threats.get(id(event), event.plover))
        elif id(event) in ceasing:
            event = _recode(event, "0871")
        elif event.cameo == "174" and any(tokens[c].lemma in ENVOYS and tokens[c].dep in {"dobj", "nsubjpass"}
                                          for c in sentence.children(i)):
            event = _recode(event, "166")
        kept.append(event)
    return kept


def _content_ancestors(sentence: Sentence, i: int) -> list[int]:
    """Ancestors reached through complements, not through coordination ("X offered ..., but Y
    insists") nor adverbial clauses ("rejected mediation until Trump called both leaders"), except
    a participle that elaborates ("rallied, demanding ...")."""
    tokens = sentence.tokens or []
    found = []
    while tokens[i].head != i and (tokens[i].dep in CONTENT_DEPS or (tokens[i].dep == "advcl" and (
            tokens[i].tag == "VBG" or any(tokens[c].lemma == "to" for c in sentence.children(i))))):
        i = tokens[i].head
        found.append(i)
    return found


def _done_by_another(sentence: Sentence, i: int, at: dict) -> bool:
    """'retaliated by freezing aid', 'responded by expelling diplomats': the act is the gerund's."""
    tokens = sentence.tokens or []
    return any(tokens[c].dep == "prep" and tokens[c].lemma == "by" and any(k in at for k in sentence.subtree(g))
               for c in sentence.children(i) for g in sentence.children(c) if tokens[g].dep == "pcomp")


def _as_threat(event: Event, threatened: str) -> Event:
    return replace(_recode(event, "1312" if threatened == "SANCTION" else "138"), modality="asserted")


def _recode(event: Event, cameo: str) -> Event:
    code = codes.lookup(cameo)
    return replace(event, cameo=code.code, plover=code.plover, plover_mode=code.plover_mode,
                   goldstein=code.goldstein, quad_class=code.quad_class)


def merge_nested(sentence: Sentence, events: list[Event]) -> list[Event]:
    """Two triggers of one CAMEO root, one inside the other's clause, are one event."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.end - e.start, reverse=True):
        outer = next((k for k in kept if k.cameo[:2] == event.cameo[:2] and k.start <= event.start and event.end <= k.end
                      and _compatible(k, event) and not _second_act(sentence, k, event)), None)
        if outer is None:
            kept.append(event)
            continue
        outer.source = outer.source or event.source
        outer.target = outer.target or event.target
    return sorted(kept, key=lambda e: e.start)


def _second_act(sentence: Sentence, outer: Event, inner: Event) -> bool:
    """'raided the offices, seizing documents and detaining 11', 'called off the dialogue and
    suspended the exercise': coordinated measures (force posture, sanctions, coercion) of
    different codes or objects are events of their own; a run of violent verbs is one attack,
    and "visited and met" one visit."""
    tokens = sentence.tokens or []
    if outer.cameo[:2] not in SEPARATE_MEASURES:
        return False
    i, j = _trigger_index(sentence, inner), _trigger_index(sentence, outer)
    if i is None or j is None:
        return False
    if outer.cameo[:3] == inner.cameo[:3]:  # one code: two measures need objects of their own; a posture is one
        if outer.cameo[:2] == "15":
            return False
        objects = [{tokens[c].lemma for c in sentence.children(k) if tokens[c].dep == "dobj"} for k in (i, j)]
        if tokens[i].lemma == tokens[j].lemma or not all(objects) or objects[0] == objects[1]:
            return False  # "will implement and enforce sanctions": one act
    while tokens[i].head != i and (tokens[i].dep == "conj" or tokens[i].dep == "advcl" and tokens[i].tag == "VBG"):
        i = tokens[i].head
        if i == j:
            return True
    return False


def _trigger_index(sentence: Sentence, event: Event) -> int | None:
    tokens = sentence.tokens or []
    found = [t.i for t in tokens if event.start <= t.start < event.end and t.text == event.trigger]
    heads = [i for i in found if not event.start <= tokens[tokens[i].head].start < event.end or tokens[i].head == i]
    return (heads or found or [None])[0]


def _compatible(a: Event, b: Event) -> bool:
    same = lambda x, y: x is None or y is None or x.country == y.country
    return same(a.source, b.source) and same(a.target, b.target)
