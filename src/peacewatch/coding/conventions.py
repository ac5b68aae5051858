"""The coding conventions of design.md that span two triggers of one sentence.

Used by the event stage (`events.py`) once every trigger of a sentence is coded.
"""

from __future__ import annotations

from dataclasses import replace

from ..article import Event, Sentence
from ..knowledge import codes

CONTENT_HOLDERS = {"02", "03", "04", "10", "11", "12", "13"}  # appeals, intents, consultations, demands, accusations, refusals, threats
CONTENT_DEPS = {"xcomp", "ccomp", "pcomp", "acl", "dobj", "pobj", "prep", "nsubjpass", "compound", "amod", "nmod", "acomp"}
CLAIM_NOUNS = {"report", "claim", "allegation", "accusation", "suggestion", "assertion", "rumour", "rumor", "charge"}
CESSATION = {"stop", "halt", "cease", "end", "suspend", "pause", "abandon"}  # "would stop bombing": what stops
REALIS = {"asserted", "claimed"}  # moods of an act that took place
SEPARATE_CODES = {"191"}  # a blockade or a cut-off is a measure, not a blow of an attack
SEPARATE_MEASURES = {"16", "17"}  # coordinated sanctions or coercive measures are each an event; a posture is one
SUSPICION = {"suspect", "suspected"}  # "men suspected of passing coordinates": an allegation, no act reported
ENVOYS = {"ambassador", "envoy", "diplomat", "attaché", "chargé", "consul", "emissary"}


def apply_conventions(sentence: Sentence, pairs: list[tuple[int, Event]]) -> list[Event]:
    """The coding conventions of design.md that span two triggers of one sentence.

    - The condition of an if-sentence is not an event ("if Moscow refuses ...").
    - What an offer, demand, refusal, threat, protest or talks are about is its content, not a second
      event ("refused to discuss", "threatened to impose sanctions", "rallied, demanding").
    - A denied act stands, negated, instead of a REJECT ("denied targeting civilians").
    - A harmful act announced under a condition is a threat that happened; so is a warning that
      states its condition.
    - A protest pledged or vowed is that protest, planned ("vowed to keep marching"), not a threat.
    - An act done by doing another is that other act ("retaliated by freezing aid").
    - Ordering an envoy out is a diplomatic expulsion (166), not a deportation (174).
    - A participle that describes a noun in a sentence reporting another act is background, no
      event of its own ("handed over prisoners held by the group", "loosening restrictions imposed
      in 2019"); one that accuses ("citizens accused of spying") reports the accusation.
    - What someone is suspected of is an allegation, not a reported act ("detained two men suspected
      of passing coordinates to Russian intelligence").
    - A "before" clause that dates another act of the sentence is no event ("called both leaders
      before the truce was announced").
    - What a meeting, visit or call is for is its agenda, not a second event ("will meet to
      discuss measures", "phoned Pezeshkian to reassure him", "will travel to Astana to press for").
    """
    tokens = sentence.tokens or []
    at = {}
    for i, event in pairs:
        at.setdefault(i, []).append(event)
    dropped: set[int] = set()
    threats: dict[int, str] = {}  # an intent recoded as a threat, by what it threatens
    ceasing: dict[int, bool] = {}
    for i, event in pairs:
        if event.conditional_part == "condition" or _done_by_another(sentence, i, at) or _modifier(sentence, i, event, at) \
                or _agenda(sentence, i, at) or _timing(sentence, i, at) \
                or any(tokens[j].lemma in SUSPICION for j in _content_ancestors(sentence, i)):
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
            if _denies_claim(sentence, nearest):
                dropped.add(id(event))  # "denied that any warship had been struck": the claim is rejected
            elif not any(tokens[j].lemma in CLAIM_NOUNS for j in path[:path.index(nearest)]):
                dropped.update(id(e) for e in at[nearest])  # denying "reports that ..." rejects them: both stand
        elif event.plover == "PROTEST" and all(e.plover == "AGREE" for e in at[nearest]):
            dropped.update(id(e) for e in at[nearest])  # "pledged to join the strike": a planned protest, no threat
        elif tokens[nearest].lemma in CESSATION or any(
                e.cameo[:2] in CONTENT_HOLDERS or e.plover == "PROTEST" for j in governors for e in at[j]):
            dropped.add(id(event))
            if event.quad_class == 4 and not _describes_noun(sentence, i, nearest) \
                    and (tokens[i].pos == "VERB" or head == nearest):
                # "vowed to keep firing": an intent to harm is a threat; "agreed to take back migrants
                # deported from the US" is not - the participle only describes the migrants; nor is
                # "agreed to phase out sanctions", whose noun is what the agreed act works on
                for outer in at[nearest]:
                    if outer.plover == "AGREE":
                        threats[id(outer)] = event.plover  # "vowed countermeasures": a threat of sanctions
    kept = []
    for i, event in pairs:
        if id(event) in dropped:
            continue
        if id(event) in ceasing:  # "would stop fighting if the army does the same": a halt offered, no threat
            # a blockade ending eases it; a border closure or a sanction ending eases sanctions
            event = _recode(event, "0872" if event.cameo == "191" else "085" if event.plover == "SANCTION" else "0871")
        elif event.cameo[:2] == "13" and event.modality == "conditional" and event.conditional_part == "consequence":
            event = replace(event, modality="asserted")  # "warned of consequences if ...": the warning was made
        elif (event.modality == "conditional" and event.conditional_part == "consequence" and event.quad_class == 4) \
                or id(event) in threats:
            event = _as_threat(event, threats.get(id(event), event.plover))
        elif event.cameo == "174" and any(tokens[c].lemma in ENVOYS and tokens[c].dep in {"dobj", "nsubjpass"}
                                          for c in sentence.children(i)):
            event = _recode(event, "166")
        kept.append(event)
    return kept


def denied_act(sentence: Sentence, i: int) -> int | None:
    """The act that a 'deny' at i denies doing ("denied targeting civilians", "denied that its
    forces had fired"): that act negated stands instead of a REJECT. A passive with no agent
    ("denied that any warship had been struck") denies what the other side claims it did: a REJECT."""
    tokens = sentence.tokens or []
    c = next((c for c in sentence.children(i) if tokens[c].pos == "VERB" and tokens[c].dep in DENIED_DEPS), None)
    return None if c is None or _denies_claim(sentence, i) else c


def _denies_claim(sentence: Sentence, i: int) -> bool:
    tokens = sentence.tokens or []
    return any(tokens[c].pos == "VERB" and tokens[c].dep in DENIED_DEPS and "auxpass" in (
        kids := {tokens[k].dep for k in sentence.children(c)}) and "agent" not in kids for c in sentence.children(i))


def _timing(sentence: Sentence, i: int, at: dict) -> bool:
    """'called both leaders before the truce was announced', 'did not consult Israel before announcing
    the truce': a clause that only dates another act in the sentence."""
    tokens = sentence.tokens or []
    by_clause = tokens[i].dep == "advcl" and any(tokens[c].dep == "mark" and tokens[c].lemma == "before"
                                                 for c in sentence.children(i))
    by_prep = tokens[i].dep == "pcomp" and tokens[tokens[i].head].lemma == "before"
    return (by_clause or by_prep) and any(j != i for j in at)


def _agenda(sentence: Sentence, i: int, at: dict) -> bool:
    tokens = sentence.tokens or []
    head = tokens[i].head
    return tokens[i].dep == "advcl" and head in at and any(e.plover == "CONSULT" for e in at[head]) \
        and any(tokens[c].dep == "aux" and tokens[c].lemma == "to" for c in sentence.children(i))


def _modifier(sentence: Sentence, i: int, event: Event, at: dict) -> bool:
    tokens = sentence.tokens or []
    if tokens[i].tag != "VBN" or tokens[i].dep != "acl" or event.plover == "ACCUSE" or any(
            tokens[c].dep in {"aux", "auxpass", "nsubj"} for c in sentence.children(i)):
        return False  # "reports that police had beaten detainees": a clause of its own
    return any(j != i and not (tokens[j].tag == "VBN" and tokens[j].dep == "acl") for j in at)


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


def _describes_noun(sentence: Sentence, i: int, governor: int) -> bool:
    """Whether the path from trigger i up to its governor passes through a clause that only
    describes a noun ("migrants deported from the US", "restrictions imposed in 2019")."""
    tokens = sentence.tokens or []
    while i != governor and tokens[i].head != i:
        if tokens[i].dep in {"acl", "relcl"}:
            return True
        i = tokens[i].head
    return False


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


VIOLENT_ROOTS = {"18", "19", "20"}  # "shelled X and killed five": one attack, told in two verbs
OWN_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ONE_ACT = {"ASSAULT", "PROTEST"}  # a run of violent or protest verbs is one attack or one demonstration


def merge_nested(sentence: Sentence, events: list[Event], trigger_at: dict[tuple[int, str], int]) -> list[Event]:
    """Two triggers of one CAMEO root, one inside the other's clause, are one event ("scrambled
    jets and put air defences on alert") - unless the inner one is a coordinated clause with a
    subject of its own ("units were placed on alert and reservists were called up") or in another
    mood ("suspended operations and would respect the truce", "signed a declaration but failed to
    conclude a deal"): two acts. `trigger_at` gives each event's trigger token."""
    at = lambda e: trigger_at.get((e.start, e.trigger))

    def same_act(k: Event, event: Event) -> bool:
        top, i = at(k), at(event)
        return (k.cameo[:2] == event.cameo[:2] and _compatible(k, event) or _one_act(sentence, k, event, top, i)) \
            and not _separate_acts(sentence, k, top, i) and not _other_mood(sentence, k, event, top, i) \
            and not _separate_measures(sentence, k, event, top, i)

    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.end - e.start, reverse=True):
        outer = next((k for k in kept if k.start <= event.start and event.end <= k.end and same_act(k, event)), None)
        if outer is None:
            kept.append(event)
            continue
        outer.source = outer.source or event.source
        outer.target = outer.target or event.target
    return sorted(kept, key=lambda e: e.start)


def _one_act(sentence: Sentence, outer: Event, inner: Event, top: int | None, i: int | None) -> bool:
    """'struck the port, killing three', 'killed four and wounded nine', 'rallied, waving flags and
    chanting slogans': a verb of attack or protest continuing another of its type with no subject of
    its own tells the same act, whatever side a role guess gave it."""
    tokens = sentence.tokens or []
    if i is None or top is None or i == top or outer.plover != inner.plover or outer.plover not in ONE_ACT:
        return False
    if tokens[i].dep == "relcl":  # "conducted an air strike that killed seven": the strike's toll
        noun = tokens[i].head
        return noun == top or (tokens[noun].head == top and tokens[noun].dep == "dobj")
    while tokens[i].dep in {"conj", "advcl"} and not any(tokens[c].dep in OWN_SUBJECT_DEPS for c in sentence.children(i)):
        i = tokens[i].head
        if i == top:
            return True
    return False


def _separate_acts(sentence: Sentence, outer: Event, i: int | None, j: int | None) -> bool:
    """The inner trigger j is a coordinated clause of the outer i with a subject of its own."""
    tokens = sentence.tokens or []
    if i is None or j is None or i == j or outer.cameo[:2] in VIOLENT_ROOTS or tokens[i].pos != "VERB" or tokens[j].pos != "VERB":
        return False
    head = j
    while tokens[head].dep == "conj" and tokens[head].head != head:
        head = tokens[head].head
        if head == i:
            break
    if head != i:
        return False
    return any(tokens[c].dep in OWN_SUBJECT_DEPS for c in sentence.children(j))


def _other_mood(sentence: Sentence, outer: Event, inner: Event, top: int | None, i: int | None) -> bool:
    """The inner trigger is a coordinated clause of the outer one and only one of them took place."""
    if (outer.modality in REALIS) == (inner.modality in REALIS):
        return False
    tokens = sentence.tokens or []
    while i is not None and i != top and tokens[i].head != i:
        if tokens[i].dep == "conj":
            return True
        i = tokens[i].head
    return False


def _separate_measures(sentence: Sentence, outer: Event, inner: Event, j: int | None, i: int | None) -> bool:
    """'raided the offices, seizing documents and detaining 11', 'called off the dialogue and
    suspended the exercise': coordinated sanctions or coercive measures of different codes or
    objects are events of their own; a run of violent verbs is one attack, a force posture one
    show of force, and "visited and met" one visit."""
    tokens = sentence.tokens or []
    if outer.cameo[:2] not in SEPARATE_MEASURES and outer.cameo[:3] not in SEPARATE_CODES:
        return False
    if outer.plover == inner.plover == "ASSAULT" and "191" not in (outer.cameo[:3], inner.cameo[:3]):
        return False  # "blasted the vessel with water cannon, damaging its mast": one attack
    if i is None or j is None:
        return False
    if outer.cameo[:3] == inner.cameo[:3]:  # one code: two measures need objects of their own
        objects = [{tokens[c].lemma for c in sentence.children(k) if tokens[c].dep == "dobj"} for k in (i, j)]
        if tokens[i].lemma == tokens[j].lemma or not all(objects) or objects[0] == objects[1]:
            return False  # "will implement and enforce sanctions": one act
    while tokens[i].head != i and (tokens[i].dep == "conj" or tokens[i].dep == "advcl" and tokens[i].tag == "VBG"):
        i = tokens[i].head
        if i == j:
            return True
    return False


def _compatible(a: Event, b: Event) -> bool:
    same = lambda x, y: x is None or y is None or x.country == y.country
    return same(a.source, b.source) and same(a.target, b.target)


DENIED_DEPS = {"xcomp", "ccomp", "pcomp", "dobj"}
DEFINITE = {"the", "his", "her", "its", "their"}


def drop_re_mentions(sentence: Sentence, found: list[Event], earlier: list[Event], acted_on: set[str]) -> list[Event]:
    """'The releases followed a visit', 'described the protests as ...', 'since the fighting began':
    a definite event noun of a kind of act the article has already coded points back at that act,
    not a new one. It stays when a verb of occurrence acts on it ("failed to complete its
    withdrawal", "took part in the exercise"), when a clause of its own says which one it is ("the sanctions it imposed") and
    when it is a named event ("the Alon exercise")."""
    tokens = sentence.tokens or []
    kept = []
    for event in found:
        i = _trigger_index(sentence, event)
        if i is None or tokens[i].pos != "NOUN" or not _re_mention(sentence, i, acted_on):
            kept.append(event)
            continue
        before = earlier + [e for e in found if e is not event and (j := _trigger_index(sentence, e)) is not None and j < i]
        if not any(e.plover == event.plover for e in before):
            kept.append(event)
    return kept


def _re_mention(sentence: Sentence, i: int, acted_on: set[str]) -> bool:
    tokens = sentence.tokens or []
    kids = [tokens[c] for c in sentence.children(i)]
    if not any(k.dep in {"det", "poss"} and k.text.lower() in DEFINITE for k in kids):
        return False
    if any(k.dep in {"acl", "relcl"} or (k.dep == "compound" and k.pos == "PROPN") for k in kids):
        return False
    head = tokens[i].head
    if tokens[i].dep == "pobj" and tokens[head].lemma == "in":  # "take part in the exercise"
        head = tokens[head].head
    return not (tokens[i].dep in {"dobj", "pobj"} and tokens[head].lemma in acted_on)


def _trigger_index(sentence: Sentence, event: Event) -> int | None:
    return next((t.i for t in sentence.tokens or [] if t.text == event.trigger and event.start <= t.start < event.end), None)
