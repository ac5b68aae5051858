"""Event coding: who did what to whom, whether it happened, how many, where and when.

Reads: tokens, mentions. Writes: events.

Triggers come from `data/triggers.tsv` (verb and noun lemmas, with an optional
particle and object that must be present). Source and target come from the
parse: subjects, objects, prepositional phrases, passives and possessives; a
light verb that owns an event noun ("launched attacks") makes one event, not
two. Interceptions are coded on the attacker ("intercepted 61 Ukrainian
drones" is Ukraine attacking), and their counts join the attack they answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..article import ActorRef, Article, Event, Sentence
from ..knowledge import codes, places
from ..knowledge.kb import data_path
from . import dates, modality, quantities
from .conventions import apply_conventions, denied_act, drop_re_mentions, merge_nested
from .positions import lead_in_actor
from .roles import (
    AT_HOME,
    BOTH_PARTIES,
    WEAPON_OBJECTS,
    actor,
    at_home,
    attacker_of_weapons,
    blame_deeds,
    counterpart,
    main_parties,
    mention_at,
    other_party,
    party,
    roles,
    subject_of,
)

TRIGGER_COLUMNS = ["pos", "lemma", "particle", "object", "cameo", "note"]
OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "compound", "amod", "nmod", "pobj", "dative", "xcomp", "acomp"}
PERSON_NOUNS = frozenset(
    "people person civilian soldier troops troop prisoner detainee hostage captive pow journalist reporter activist "
    "protester protestor demonstrator student worker official minister ambassador diplomat envoy leader president "
    "premier crew fisherman sailor pilot police policeman officer militant rebel fighter member supporter opponent "
    "critic dissident citizen national resident villager refugee migrant child woman man suspect employee staff "
    "delegation counterpart chief visitor recruit accused criminal fugitive terrorist farmer doctor nurse "
    "chargé politician lawmaker negotiator guard engineer blogger volunteer figure aid-worker gunman insurgent "
    "separatist priest tourist businessman settler".split())
EQUIPMENT = WEAPON_OBJECTS | {"helicopter", "submarine", "boat", "ship", "vessel", "rifle", "gun", "weapon", "jet",
                              "plane", "bomber", "group", "craft", "dog", "team", "capability", "force"}
INTERCEPT_LEMMAS = {"intercept", "down", "shoot", "repel", "neutralise", "neutralize", "jam", "destroy"}
RECIPROCAL = {"talk", "negotiation", "meeting", "exchange", "swap", "ceasefire", "truce", "summit", "agreement",
              "deal", "memorandum", "clash", "fighting", "round"}
OCCURRENCE_VERBS = {"hold", "take", "begin", "start", "resume", "end", "conclude", "yield", "produce", "continue",
                    "complete", "finish", "launch", "conduct", "carry", "stage", "follow", "occur", "happen", "kill",
                    "claim", "hit", "leave", "wound", "injure", "destroy", "damage", "collapse", "break", "last", "focus",
                    "anticipate", "expect", "plan", "loom", "come", "announce", "impose", "approve", "adopt",
                    "prepare", "erupt", "spread", "flare", "rage", "sweep", "grow", "escalate", "intensify", "draw",
                    "attract", "turn", "enter", "go", "unfold", "persist", "join", "attend", "witness",
                    # light verbs: the event noun they take is the act ("paid a visit", "lodged a complaint")
                    "mount", "wage", "unleash", "undertake", "resume", "renew", "pay", "make", "give", "issue",
                    "extend", "lodge", "file", "register", "deliver", "voice", "express", "exert", "offer", "suffer",
                    "receive"}
PARTAKING = {"participate", "engage", "take", "part", "join"}  # "took part in protests": they happened
BOTH_TARGETS = re.compile(BOTH_PARTIES + "$", re.I)
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "morning", "evening", "night", "day", "week", "month", "year", "weekend", "time", "date", "deadline"}
CROWDS = {"protester", "demonstrator", "crowd", "mob", "rioter", "protesters", "demonstrators", "protestor",
          "protestors", "marcher", "marchers", "picketer", "picketers"}
CIVIC_GROUPS = CROWDS | {"student", "farmer", "driver", "trucker", "worker", "resident", "villager", "activist",
                         "teacher", "fisherman", "miner", "union", "supporter", "opponent"}  # who blocks a road in protest
MULTITUDES = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "score", "scores"}
ARMED = {"troops", "troop", "soldier", "police", "policeman", "officer", "militant", "rebel", "fighter", "gunman",
         "insurgent", "separatist", "guard", "terrorist", "recruit"}
CROWD_SPEECH = {"REQUEST", "ACCUSE", "REJECT"}  # protesters demanding or denouncing are demonstrating (CAMEO 14)
FAILING = {"collapse", "fail", "falter", "unravel", "crumble", "expire", "lapse", "violate", "breach", "break"}
AGREEMENT_NOUNS = {"ceasefire", "truce", "deal", "accord", "treaty", "agreement", "memorandum", "pact"}
ANAPHORIC_TRIGGERS = {"attack", "attacks", "strike", "strikes", "barrage", "bombardment", "assault", "raid",
                      "killed", "injured", "wounded", "died", "hit", "damaged"}
ANAPHORA = {"this", "that", "these", "those", "his", "her", "its", "their", "such", "any", "no", "our", "my"}
TIME_PREPS = {"since", "after", "before", "until", "till", "during", "following", "prior"}
OWN_PREPS = {"on", "against", "with", "to", "between", "by", "from", "into", "in"}
BAD_FAITH = {"serious", "sincere", "genuine", "interested"}
PLACE_PREPS = {"in", "on", "at", "near", "over", "into", "across", "around", "outside", "from"}
VIOLENCE_KEYS = {"killed", "injured", "children_killed", "children_injured", "civilians_killed", "soldiers_killed",
                 "drones_launched", "drones_intercepted", "missiles_launched", "missiles_intercepted",
                 "aircraft_downed", "aircraft_destroyed", "displaced"}


@dataclass(frozen=True, slots=True)
class Trigger:
    pos: str
    lemma: str
    particle: str
    objects: frozenset[str]
    cameo: str
    people: bool = False  # its object class is people: any person or named party will do (see PERSON_NOUNS)

    @property
    def specificity(self) -> int:
        return bool(self.particle) + bool(self.objects)


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    from ..knowledge.kb import read_tsv

    table: dict[tuple[str, str], list[Trigger]] = {}
    for row in read_tsv(data_path("triggers.tsv"), TRIGGER_COLUMNS):
        objects = frozenset(o.strip().lower() for o in row["object"].split("|") if o.strip())
        trigger = Trigger(row["pos"], row["lemma"].lower(), row["particle"].lower(), objects, row["cameo"])
        table.setdefault((trigger.pos, trigger.lemma), []).append(trigger)
    for key, rows in table.items():
        rows.sort(key=lambda t: -t.specificity)
        # "received Erdogan", "summoned the chargé", "shot two farmers": a row whose object class is
        # people takes any person, unless the lemma has two such rows (withdraw troops / an envoy)
        # or the people are forces being moved (MOBILIZE).
        people = [n for n, t in enumerate(rows) if t.objects
                  and (len(t.objects & PERSON_NOUNS) >= 3 or len(t.objects & PERSON_NOUNS) * 2 >= len(t.objects))
                  and (code := codes.lookup(t.cameo)) is not None and code.plover != "MOBILIZE"]
        if len({rows[n].cameo for n in people}) == 1:
            rows[people[0]] = replace(rows[people[0]], people=True)
    return table


def cue_words() -> frozenset[str]:
    """Every trigger lemma, for the parser's prefilter."""
    return frozenset(lemma for _, lemma in triggers())


class Coder:
    """The event stage."""

    name = "events"
    english = True  # the pipeline runs it on English articles only
    reads = frozenset({"tokens", "mentions"})
    writes = frozenset({"events"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.events = code_article(article)
            article.layers.add("events")
        return articles


def code_article(article: Article) -> list[Event]:
    parties = main_parties(article.mentions)
    events: list[Event] = []
    for index, sentence in enumerate(article.sentences):
        if not sentence.tokens:
            continue
        found = drop_re_mentions(sentence, _code_sentence(article, index, sentence, parties), events, OCCURRENCE_VERBS | PARTAKING)
        merged = _attach_quantities(article, index, sentence, found, events)
        events.extend(e for e in found if id(e) not in merged)
    _carry_dates(article, events)
    blame_deeds(article, events)
    for n, event in enumerate(events):
        event.id = f"{article.id}:e{n + 1}"
        event.raw_start, event.raw_end = article.raw_span(event.start, event.end)
    return events


def _carry_dates(article: Article, events: list[Event]) -> None:
    """A reported act whose sentence says no date takes the date last stated for an act of its kind."""
    stated: dict[str, str | None] = {}
    for event in events:
        if event.modality not in ("asserted", "claimed"):
            continue
        if dates.stated(article.sentence_text(event.sentence)):
            stated[event.plover] = event.date
        elif event.plover in stated:
            event.date = stated[event.plover]


def match_trigger(sentence: Sentence, i: int) -> Trigger | None:
    """The best row for token i: one whose object is the trigger's own object beats one matched
    through a modifier or a particle, which beats a row with no condition."""
    tokens = sentence.tokens or []
    token = tokens[i]
    pos = "VERB" if token.pos == "VERB" else "NOUN" if token.pos == "NOUN" or \
        (token.pos == "PROPN" and token.text.islower()) else "ADJ" if token.pos == "ADJ" else None
    if pos is None or (pos in {"VERB", "ADJ"} and token.dep in {"amod", "compound"}) or \
            (token.dep == "compound" and tokens[token.head].lemma in EQUIPMENT):  # "attack drones": a kind of drone
        return None
    if pos == "ADJ" and not any(tokens[c].dep == "xcomp" or (tokens[c].dep == "prep" and tokens[c].lemma in {"to", "for"})
                                for c in sentence.children(i)):
        return None
    rows = triggers().get((pos, token.lemma)) or triggers().get((pos, token.text.lower()))
    if not rows and pos == "NOUN" and _verb_like(sentence, i):  # "Thousands rally against ...": a verb tagged a noun
        rows = triggers().get(("VERB", token.lemma))
    if not rows:
        return None
    heads = {tokens[c].lemma for c in sentence.children(i) if tokens[c].dep in {"dobj", "nsubjpass", "dative"}}
    objects = _object_lemmas(sentence, i)
    particles = {tokens[c].lemma for c in sentence.children(i)
                 if tokens[c].dep in {"prt", "advmod"} or (tokens[c].dep == "prep" and (
                     tokens[c].lemma == "until" or not _temporal(sentence, c)))}  # "gave X until Friday": a deadline
    best, best_rank = None, -1
    for row in rows:
        if row.particle and row.particle not in particles:
            continue
        if row.objects == {"-"}:
            if heads:
                continue
            rank = 1
        elif row.objects:
            if row.objects & objects:
                rank = 3 if row.objects & heads else 2
            elif row.people and "@person" in objects:
                rank = 1.5  # below its own class, above a bare row
            else:
                continue
        else:
            rank = 1 if row.particle else 0
        if rank > best_rank:
            best, best_rank = row, rank
    return best


def _temporal(sentence: Sentence, prep: int) -> bool:
    """'on Saturday', 'in May', 'at 9': a time, not the particle of a phrasal verb."""
    tokens = sentence.tokens or []
    return any(tokens[g].dep == "pobj" and (tokens[g].pos == "NUM" or tokens[g].lemma in TIME_WORDS)
               for g in sentence.children(prep))


def _object_lemmas(sentence: Sentence, i: int) -> set[str]:
    tokens = sentence.tokens or []
    found = set()
    for child in sentence.children(i):
        if tokens[child].dep in OBJECT_DEPS:
            found.add(tokens[child].lemma)
            if tokens[child].pos == "PROPN" and tokens[child].dep == "dobj":
                found.add("@propn")
            if tokens[child].dep in {"dobj", "nsubjpass"} and (tokens[child].pos == "PROPN" or
                                                               tokens[child].lemma in PERSON_NOUNS):
                found.add("@person")
            for c in sentence.children(child):
                if tokens[c].dep in {"conj", "compound", "amod"}:
                    found.add(tokens[c].lemma)
                elif tokens[c].dep == "prep" and tokens[c].lemma in {"of", "in", "for"}:
                    # "tonnes of food and medicine", "bodies of soldiers", "$230 million in aid"
                    for g in sentence.children(c):
                        if tokens[g].dep == "pobj":
                            found.add(tokens[g].lemma)
                            found.update(tokens[k].lemma for k in sentence.children(g) if tokens[k].dep == "conj")
        if tokens[child].dep in {"prep", "agent", "prt"}:  # "barred from entering": a gerund is an object too
            found.update(tokens[g].lemma for g in sentence.children(child) if tokens[g].dep in {"pobj", "pcomp"})
        if tokens[child].dep == "xcomp":  # "stopped issuing visas": what the complement acts on
            found.update(tokens[g].lemma for g in sentence.children(child) if tokens[g].dep == "dobj")
    if tokens[i].dep == "acl" and tokens[i].tag == "VBN":  # "the border sealed since 2023": a passive subject
        found.add(tokens[tokens[i].head].lemma)
    return found


def _code_sentence(article: Article, index: int, sentence: Sentence, parties: list[str]) -> list[Event]:
    tokens = sentence.tokens or []
    matched = {i: row for i in range(len(tokens)) if (row := match_trigger(sentence, i))}
    # A light verb owning an event noun ("launched attacks") is one event: drop the noun.
    for i, row in list(matched.items()):
        if row.pos == "VERB" and row.objects:
            for j in list(matched):
                if j != i and matched[j].pos == "NOUN" and (tokens[j].head == i or tokens[tokens[j].head].head == i):
                    matched.pop(j)
    text = article.text or ""
    sentence_text = text[sentence.start:sentence.end]
    lead = lead_in_actor(article, index) if sentence.kind == "item" else None
    pairs: list[tuple[int, Event]] = []
    gated: list[tuple] = []
    for i, row in sorted(matched.items()):
        code = codes.lookup(row.cameo)
        if code is None or not code.plover:
            continue
        if tokens[i].lemma == "deny" and denied_act(sentence, i) is not None:
            continue  # denying an act is that act, negated; denying a claim is a REJECT
        source, target = roles(article, sentence, i, parties, code.plover)
        if row.pos == "NOUN" and not row.specificity and not _own_actor(article, sentence, i) \
                and (tokens[i].lemma in AGREEMENT_NOUNS or not _happened_noun(sentence, i)):
            gated.append((i, row, code, source, target))
            continue  # "the visit", "a lasting ceasefire": a topic, not a reported act
        if row.pos == "VERB" and _is_interception(sentence, i):
            source, target = attacker_of_weapons(article, sentence, i), source
            if source is None:
                source = other_party(article, parties, target)
        inferred = False
        if source is None and lead is not None:
            source = lead
        if source is None and target is None and tokens[i].lemma in RECIPROCAL and len(parties) == 2:
            source, target = party(article, parties[0]), party(article, parties[1])
            inferred = True
        if code.plover in AT_HOME:
            place = _location(sentence, i, article.mention_index().countries)
            source, target = at_home(article, code.plover, _known(source), _known(target), place, source, target,
                                     sentence)
        known_source, known_target = _known(source), _known(target)
        if (known_source is None) != (known_target is None) and (code.quad_class >= 3 or known_target is None):
            # In an article about two parties, one side's act with no named counterpart is aimed
            # at the other; an unattributed attack on one of them comes from the other. A generic
            # agent of no known country ("troops") keeps its sector and takes that side's country.
            known = known_source or known_target
            filled = counterpart(article, parties, known, known is known_source)
            if filled is not None:
                if known_source:
                    target = _of_country(target, filled)
                else:
                    source = _of_country(source, filled)
                inferred = True
        if code.code.startswith("191") and _crowd_subject(sentence, i, CIVIC_GROUPS):
            code = codes.lookup("144")  # students or farmers blocking roads obstruct passage (CAMEO 144), no siege
        elif code.plover in {"ASSAULT", "COERCE"} and _crowd_subject(sentence, i):
            # protesters storming an embassy riot, and "hundreds of Serbs" blocking a road obstruct; no war
            code = codes.lookup("144" if code.code.startswith("191") else "145")
        elif code.plover in CROWD_SPEECH and _crowd_subject(sentence, i):
            code = codes.lookup("141")
        mood = modality.classify(sentence, i, sentence_text)
        for each in [target, *_more_targets(article, sentence, i, source, target, parties)]:
            pairs.append((i, _event(article, index, sentence, i, code, row, source, each, mood, inferred,
                                    sentence_text)))
    reported = [g for g in gated if _main_noun(sentence, g[0]) or _loose_noun(sentence, g[0])]
    if not pairs and reported:
        # A sentence whose only act is an event noun reports that act ("Clashes erupted at the border").
        i, row, code, source, target = reported[0]
        mood = modality.classify(sentence, i, sentence_text)
        event = _event(article, index, sentence, i, code, row, source, target, mood, False, sentence_text)
        pairs.append((i, replace(event, confidence=round(event.confidence - 0.2, 2))))
    trigger_at = {(event.start, event.trigger): i for i, event in pairs}
    events = apply_conventions(sentence, pairs) + _bad_faith(article, index, sentence, sentence_text)
    return merge_nested(sentence, events, trigger_at)


def _event(article, index, sentence, i, code, row, source, target, mood, inferred, sentence_text) -> Event:
    tokens = sentence.tokens or []
    attributed = mention_at(article, sentence, mood.attributed_to) if mood.attributed_to is not None else None
    start, end = _span(sentence, i)
    date = dates.of_act(sentence_text, article.published, anchor=tokens[i].start - sentence.start,
                        modality=mood.modality)
    confidence = 0.5 + 0.2 * (source is not None) + 0.2 * (target is not None) + 0.1 * (row.specificity > 0)
    return Event(
        id="", sentence=index, start=start, end=end, trigger=tokens[i].text, cameo=code.code,
        plover=code.plover, plover_mode=code.plover_mode, goldstein=code.goldstein, quad_class=code.quad_class,
        modality=mood.modality, source=source, target=target,
        attributed_to=attributed.ref() if attributed else None,
        location=_location(sentence, i, article.mention_index().countries), date=date,
        confidence=round(confidence - (0.2 if inferred else 0.0), 2), conditional_part=mood.part,
    )


def _more_targets(article: Article, sentence: Sentence, i: int, source, target, parties: list[str]) -> list:
    """An act aimed at several parties is one event per target: "called Munir and Jaishankar",
    "urged both sides"."""
    tokens = sentence.tokens or []
    objects = [c for c in sentence.children(i) if tokens[c].dep in {"dobj", "dative"}]
    objects += [g for c in sentence.children(i) if tokens[c].dep == "prep" and tokens[c].lemma in {"to", "with", "on"}
                for g in sentence.children(c) if tokens[g].dep == "pobj"]
    more = []
    for obj in objects:
        phrase = (article.text or "")[tokens[obj].start - 10:tokens[obj].end]
        if BOTH_TARGETS.search(phrase) and len(parties) == 2:
            more += [party(article, p) for p in parties]
        for conj in (c for c in sentence.children(obj) if tokens[c].dep == "conj"):
            found = actor(article, sentence, conj, deep=False)
            if found:
                more.append(found)
    seen = {target.country if target else None, source.country if source else None}
    unique = []
    for ref in more:
        if ref.country not in seen:
            seen.add(ref.country)
            unique.append(ref)
    return unique


def _known(ref: ActorRef | None) -> ActorRef | None:
    return ref if ref is not None and ref.country != "UNK" else None


def _of_country(ref: ActorRef | None, side: ActorRef) -> ActorRef:
    """A missing or generic actor as one of `side`'s: "troops" in an article about Russia's war."""
    if ref is None or ref.sector in {"GOV", side.sector}:
        return side
    return ActorRef(ref.name, side.country, ref.sector, f"{side.country}:{ref.sector}")


def _crowd_subject(sentence: Sentence, i: int, groups: set[str] = CROWDS) -> bool:
    tokens = sentence.tokens or []
    subject = subject_of(sentence, i)
    if subject is not None and tokens[subject].pos == "PRON":  # "drivers said they would block the highway"
        subject = next((s for j in sentence.ancestors(i) if (s := subject_of(sentence, j)) is not None
                        and tokens[s].pos != "PRON"), subject)
    if subject is None:
        return False
    heads = [subject] + [g for c in sentence.children(subject) if tokens[c].dep == "prep" and tokens[c].lemma == "of"
                         for g in sentence.children(c) if tokens[g].dep == "pobj"]  # "thousands of protesters"
    if tokens[subject].lemma in MULTITUDES and any(tokens[h].pos == "PROPN" or tokens[h].lemma in PERSON_NOUNS - ARMED
                                                   for h in heads[1:]):
        return True  # "hundreds of Serbs", "thousands of residents": a crowd, not a force
    return any(tokens[h].lemma in groups for h in heads)


def _main_noun(sentence: Sentence, i: int) -> bool:
    """An event noun that is the subject or object of the sentence's main verb, not pointed back
    at ("this visit", "these sanctions") - "Clashes erupted", "Rebels launched an offensive"."""
    tokens = sentence.tokens or []
    token = tokens[i]
    head = tokens[token.head]
    if token.dep not in {"nsubj", "nsubjpass", "dobj"} or head.dep != "ROOT" or head.pos not in {"VERB", "AUX"}:
        return False
    if token.lemma in AGREEMENT_NOUNS and head.lemma in FAILING:
        return False  # "The ceasefire collapsed": its end, not a truce declared
    return not any(tokens[c].lemma in ANAPHORA for c in sentence.children(i) if tokens[c].dep in {"det", "poss"})


def _own_actor(article: Article, sentence: Sentence, i: int) -> bool:
    """An event noun that names its own party: "Russia's attacks", "talks with Kyiv", "trips to Moscow"."""
    tokens = sentence.tokens or []
    for child in sentence.children(i):
        kid = tokens[child]
        if kid.dep in {"poss", "amod", "compound", "nmod"} and actor(article, sentence, child, deep=False):
            return True
        if kid.dep in {"prep", "agent"} and kid.lemma in OWN_PREPS:
            if any(actor(article, sentence, g, deep=False) for g in sentence.children(child) if tokens[g].dep == "pobj"):
                return True
    return False


def _is_interception(sentence: Sentence, i: int) -> bool:
    """'shot down 45 drones', 'intercepted six of the missiles': weapons stopped in the air."""
    tokens = sentence.tokens or []
    if tokens[i].lemma not in INTERCEPT_LEMMAS:
        return False
    if tokens[i].lemma == "shoot" and not any(tokens[c].lemma == "down" for c in sentence.children(i)):
        return False
    subjects = {j for c in sentence.children(i) if tokens[c].dep in {"nsubj", "nsubjpass"} for j in sentence.subtree(c)}
    return any(tokens[j].lemma in WEAPON_OBJECTS for j in sentence.subtree(i) if j not in subjects)


NOT_PLACES = frozenset({"war", "conflict", "context", "process", "future", "past", "relation", "debate", "plan",
                        "strategy", "way", "response", "effort", "principle", "theory", "case", "term", "event"})


def _happened_noun(sentence: Sentence, i: int) -> bool:
    """An event noun reported as something that took place: held, launched, began, in a place."""
    tokens = sentence.tokens or []
    token = tokens[i]
    head = tokens[token.head]
    if head.lemma in OCCURRENCE_VERBS and token.dep in {"nsubj", "nsubjpass", "dobj"} or _verb_like(sentence, i):
        return True
    if token.dep == "pobj" and head.lemma == "in" and tokens[head.head].lemma in PARTAKING:
        return True
    for child in sentence.children(i):
        kid = tokens[child]
        if kid.dep in {"acl", "relcl"} and kid.lemma in OCCURRENCE_VERBS:
            return True
        if kid.dep == "prep" and kid.lemma in {"between", "in", "at"} and not any(
                tokens[g].lemma in NOT_PLACES for g in sentence.children(child) if tokens[g].dep == "pobj"):
            return True  # "attacks in Kharkiv", "talks between the sides"; not "sanctions in the war"
    return False


def _bad_faith(article: Article, index: int, sentence: Sentence, sentence_text: str) -> list[Event]:
    """'X says Russia is not serious about a deal': an accusation of bad faith (CAMEO 112)."""
    tokens = sentence.tokens or []
    found = []
    for token in tokens:
        if token.lemma not in BAD_FAITH or token.pos != "ADJ":
            continue
        verb = token.head
        if not any(tokens[c].dep == "neg" for c in sentence.children(verb) + sentence.children(token.i)):
            continue
        accused = subject_of(sentence, verb)
        speaker = next((j for j in sentence.ancestors(verb) if tokens[j].lemma in modality.SAY_VERBS | {"assert", "argue"}), None)
        accuser = subject_of(sentence, speaker) if speaker is not None else None
        source = actor(article, sentence, accuser) if accuser is not None else None
        target = actor(article, sentence, accused) if accused is not None else None
        code = codes.lookup("112")
        if source and target and code:
            start, end = tokens[accuser].start, tokens[token.i].end
            found.append(Event(
                id="", sentence=index, start=start, end=end, trigger=token.text, cameo=code.code, plover=code.plover,
                plover_mode=code.plover_mode, goldstein=code.goldstein, quad_class=code.quad_class,
                modality="asserted", source=source, target=target,
                date=dates.resolve(sentence_text, article.published), confidence=0.7))
    return found


def _span(sentence: Sentence, i: int) -> tuple[int, int]:
    """The trigger's clause: its subtree, widened to the subject for verbs."""
    tokens = sentence.tokens or []
    indices = set(sentence.subtree(i))
    subject = subject_of(sentence, i) if tokens[i].pos == "VERB" else None
    if subject is not None:
        indices |= set(sentence.subtree(subject))
    indices = sorted(j for j in indices if tokens[j].pos != "PUNCT" or 0 < j < max(indices))
    return tokens[indices[0]].start, tokens[indices[-1]].end


def _location(sentence: Sentence, i: int, countries: set[str]) -> dict | None:
    """A named place in the trigger's clause, preferring "in/on/at X" and the article's countries."""
    tokens = sentence.tokens or []
    candidates = []
    for j in sentence.subtree(i):
        token = tokens[j]
        if token.pos != "PROPN" or token.dep in {"nsubj", "nsubjpass", "poss", "compound"}:
            continue
        name = token.text
        if j > 0 and tokens[j - 1].pos == "PROPN" and tokens[j - 1].dep == "compound":
            name = f"{tokens[j - 1].text} {name}"
        place = places.find(name) or places.find(token.text)
        if place:
            via_prep = tokens[token.head].dep == "prep" and tokens[token.head].lemma in PLACE_PREPS
            candidates.append((not via_prep, place["country"] not in countries, j, place))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:3])[3]


def _attach_quantities(article: Article, index: int, sentence: Sentence, found: list[Event],
                       earlier: list[Event]) -> set[int]:
    """Counts go on the event they measure; follow-up reports join the attack they describe.

    "Russia attacked Kyiv with 250 drones. The air force said it shot down 128
    of them. The attack killed 12 people." is one wave of strikes: the later
    sentences' figures go on the first event, and their own events are folded
    into it. Returns the ids of folded events.
    """
    found_quantities = quantities.extract(article.text or "", sentence.start, sentence.end)
    recent = []
    for event in reversed(earlier):  # events come in sentence order: only the last few can qualify
        if event.sentence < index - 4:
            break
        recent.insert(0, event)
    merged: set[int] = set()
    groups: dict[int, list] = {}
    for quantity in found_quantities:
        kinds = hosts_for(quantity.key)
        hosts = [e for e in found if e.plover in kinds]
        # The event whose clause holds the figure, else the nearest one of a fitting type.
        host = min(hosts, key=lambda e: (not (e.start <= quantity.start < e.end),
                                         kinds.index(e.plover), _distance(e, quantity)), default=None)
        previous = next((e for e in reversed(recent) if e.plover in kinds and e.modality == "asserted"), None)
        if host is not None and previous is not None and kinds[0] == "ASSAULT" and _follow_up(host, previous):
            merged.add(id(host))
            host = previous
        target = host or previous
        if target is not None:
            groups.setdefault(id(target), [target, []])[1].append(quantity)
    for target, figures in groups.values():
        _add(target.quantities, quantities.merge(figures), keep=all(target is not e for e in found))
    return merged


def hosts_for(key: str) -> tuple[str, ...]:
    base = key.split("_max")[0]
    if base == "arrested":
        return ("COERCE", "ASSAULT")
    if base in VIOLENCE_KEYS:
        return ("ASSAULT", "COERCE")
    return ("CONCEDE", "AGREE", "COOPERATE", "RETREAT")


def _distance(event: Event, quantity) -> int:
    return min(abs(quantity.start - event.start), abs(quantity.start - event.end))


def _follow_up(event: Event, previous: Event) -> bool:
    """An anaphoric or interception report of the attack just described."""
    if event.modality != "asserted" or event.plover != "ASSAULT":
        return False
    interception = re.search(r"intercept|shot|down|repel|jam|neutrali|destroy", event.trigger, re.I)
    if event.source is None and event.target is None:
        return bool(interception) or event.trigger.lower() in ANAPHORIC_TRIGGERS
    same = (event.source is None or previous.source is None or event.source.country == previous.source.country)
    return bool(interception) and same


def _add(into: dict[str, int], figures: dict[str, int], *, keep: bool = False) -> None:
    """Add figures; with `keep`, an earlier event's own figures win over a later sentence's."""
    for key, value in figures.items():
        if keep and key in into:
            continue
        into[key] = max(into.get(key, 0), value)


def _loose_noun(sentence: Sentence, i: int) -> bool:
    """In a sentence that reports no other act, an event noun that is an argument of its clause
    ("called for talks", "in protest at"), not a time ("since the ceasefire") nor pointed back at."""
    tokens = sentence.tokens or []
    token = tokens[i]
    if token.lemma in AGREEMENT_NOUNS or token.dep not in {"dobj", "pobj"}:
        return False
    if token.dep == "pobj" and tokens[token.head].lemma not in {"in", "into", "of", "with"}:
        return False
    if any(tokens[j].lemma in TIME_PREPS for j in sentence.ancestors(i)):
        return False  # "since the start of the invasion": a time
    governor = token.head if token.dep == "dobj" else tokens[token.head].head
    if tokens[governor].pos not in {"VERB", "AUX"}:
        return False  # "the role of secondary sanctions": a topic
    if tokens[governor].tag in {"VBG", "VBN"} and tokens[governor].dep != "ROOT" and not any(
            tokens[c].dep in {"aux", "auxpass"} for c in sentence.children(governor)):
        return False  # "a strategy for leveraging sanctions", "while pursuing demands": not a report
    return not any(tokens[c].lemma in ANAPHORA for c in sentence.children(i) if tokens[c].dep in {"det", "poss"})


def _verb_like(sentence: Sentence, i: int) -> bool:
    """A noun heading the sentence with a subject of its own is a mis-tagged verb ("Thousands rally")."""
    tokens = sentence.tokens or []
    return tokens[i].dep == "ROOT" and any(tokens[c].dep == "nsubj" for c in sentence.children(i))
