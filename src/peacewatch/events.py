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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import codes, dates, modality, places, quantities
from .article import ActorRef, Article, Event, Mention, Sentence
from .kb import data_path

TRIGGER_COLUMNS = ["pos", "lemma", "particle", "object", "cameo", "note"]
OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "compound", "amod", "nmod", "pobj", "dative", "xcomp", "acomp"}
TARGET_PREPS = {"on", "against", "with", "to", "at", "into", "toward", "towards", "upon", "over"}
INTERCEPT_LEMMAS = {"intercept", "down", "shoot", "repel", "neutralise", "neutralize", "jam", "destroy"}
WEAPON_OBJECTS = {"drone", "missile", "rocket", "uav", "shahed", "aircraft", "projectile"}
RECIPROCAL = {"talk", "negotiation", "meeting", "exchange", "swap", "ceasefire", "truce", "summit", "agreement",
              "deal", "memorandum", "clash", "fighting", "round"}
BOTH = re.compile(r"\b(?:both sides|both parties|the two sides|each side|both countries|the two countries)\b", re.I)
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

    @property
    def specificity(self) -> int:
        return bool(self.particle) + bool(self.objects)


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    from .kb import read_tsv

    table: dict[tuple[str, str], list[Trigger]] = {}
    for row in read_tsv(data_path("triggers.tsv"), TRIGGER_COLUMNS):
        objects = frozenset(o.strip().lower() for o in row["object"].split("|") if o.strip())
        trigger = Trigger(row["pos"], row["lemma"].lower(), row["particle"].lower(), objects, row["cameo"])
        table.setdefault((trigger.pos, trigger.lemma), []).append(trigger)
    for rows in table.values():
        rows.sort(key=lambda t: -t.specificity)
    return table


def cue_words() -> frozenset[str]:
    """Every trigger lemma, for the parser's prefilter."""
    return frozenset(lemma for _, lemma in triggers())


class Coder:
    """The event stage."""

    name = "events"
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
        found = _code_sentence(article, index, sentence, parties)
        merged = _attach_quantities(article, index, sentence, found, events)
        events.extend(e for e in found if id(e) not in merged)
    for n, event in enumerate(events):
        event.id = f"{article.id}:e{n + 1}"
        event.raw_start, event.raw_end = article.raw_span(event.start, event.end)
    return events


def main_parties(mentions: list[Mention]) -> list[str]:
    """The two countries the article is most about, by mentions of state actors."""
    counts = Counter(m.country for m in mentions if len(m.country) == 3 and m.country != "UNK")
    return [country for country, _ in counts.most_common(2)]


def match_trigger(sentence: Sentence, i: int) -> Trigger | None:
    token = (sentence.tokens or [])[i]
    pos = "VERB" if token.pos == "VERB" else "NOUN" if token.pos in {"NOUN", "PROPN"} else None
    if pos is None:
        return None
    rows = triggers().get((pos, token.lemma)) or triggers().get((pos, token.text.lower()))
    if not rows:
        return None
    objects = _object_lemmas(sentence, i)
    particles = {sentence.tokens[c].lemma for c in sentence.children(i) if sentence.tokens[c].dep in {"prt", "prep"}}
    for row in rows:
        if row.particle and row.particle not in particles:
            continue
        if row.objects and not (row.objects & objects):
            continue
        return row
    return None


def _object_lemmas(sentence: Sentence, i: int) -> set[str]:
    tokens = sentence.tokens or []
    found = set()
    for child in sentence.children(i):
        if tokens[child].dep in OBJECT_DEPS:
            found.add(tokens[child].lemma)
            found.update(tokens[c].lemma for c in sentence.children(child) if tokens[c].dep in {"conj", "compound", "amod"})
        if tokens[child].dep in {"prep", "agent", "prt"}:
            found.update(tokens[g].lemma for g in sentence.children(child) if tokens[g].dep == "pobj")
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
    events = []
    for i, row in sorted(matched.items()):
        code = codes.lookup(row.cameo)
        if code is None or not code.plover:
            continue
        source, target = _roles(article, sentence, i, parties)
        if row.pos == "VERB" and tokens[i].lemma in INTERCEPT_LEMMAS and _object_lemmas(sentence, i) & WEAPON_OBJECTS:
            source, target = _interception(article, sentence, i, source, parties)
        if source and target and source.actor_id == target.actor_id:
            target = None
        mood = modality.classify(sentence, i, sentence_text)
        attributed = _mention_at(article, sentence, mood.attributed_to) if mood.attributed_to is not None else None
        start, end = _span(sentence, i)
        events.append(Event(
            id="", sentence=index, start=start, end=end, trigger=tokens[i].text, cameo=code.code,
            plover=code.plover, plover_mode=code.plover_mode, goldstein=code.goldstein, quad_class=code.quad_class,
            modality=mood.modality, source=source, target=target,
            attributed_to=attributed.ref() if attributed else None,
            location=_location(sentence, i, parties),
            date=dates.resolve(sentence_text, article.published, anchor=tokens[i].start - sentence.start,
                               future=mood.modality in {"planned", "conditional"}),
            confidence=round(0.5 + 0.2 * (source is not None) + 0.2 * (target is not None)
                             + 0.1 * (row.specificity > 0), 2),
        ))
    return events


def _roles(article: Article, sentence: Sentence, i: int, parties: list[str]) -> tuple[ActorRef | None, ActorRef | None]:
    tokens = sentence.tokens or []
    token = tokens[i]
    source = target = None
    children = sentence.children(i)
    deps = {tokens[c].dep: c for c in children}
    if token.pos == "VERB":
        if "nsubjpass" in deps:
            target = _actor(article, sentence, deps["nsubjpass"])
            agent = next((c for c in children if tokens[c].dep == "agent"), None)
            pobj = next((g for g in sentence.children(agent) if tokens[g].dep == "pobj"), None) if agent is not None else None
            source = _actor(article, sentence, pobj) if pobj is not None else None
        else:
            subject = _subject_of(sentence, i)
            if subject is not None:
                source = _actor(article, sentence, subject)
                partner = _conj_actor(article, sentence, subject, source)
                if partner is not None:
                    target = partner
        if target is None and "dobj" in deps:
            target = _actor(article, sentence, deps["dobj"])
        if target is None and "dative" in deps:
            target = _actor(article, sentence, deps["dative"])
    else:
        for c in children:
            if tokens[c].dep in {"poss", "amod", "compound", "nmod"} and source is None:
                source = _actor(article, sentence, c, deep=False)
        if source is None and token.dep in {"dobj", "pobj", "conj"}:
            verb = token.head if tokens[token.head].pos in {"VERB", "AUX"} else tokens[token.head].head
            subject = _subject_of(sentence, verb)
            if subject is not None and token.dep != "pobj":
                source = _actor(article, sentence, subject)
    if target is None:
        for c in children:
            if tokens[c].dep == "prep" and tokens[c].lemma in TARGET_PREPS:
                for g in sentence.children(c):
                    if tokens[g].dep == "pobj":
                        target = _actor(article, sentence, g)
                        break
            if target is not None:
                break
    sentence_text = (article.text or "")[sentence.start:sentence.end]
    if source is None and len(parties) == 2 and BOTH.search(sentence_text):
        source, target = _party(article, parties[0]), _party(article, parties[1])
    if source is None and target is None and token.lemma in RECIPROCAL and len(parties) == 2:
        source, target = _party(article, parties[0]), _party(article, parties[1])
    return source, target


def _interception(article, sentence, i, interceptor, parties):
    """'X shot down 61 Ukrainian drones' codes Ukraine's attack on X."""
    tokens = sentence.tokens or []
    attacker = None
    for j in sentence.subtree(i):
        if tokens[j].lemma in WEAPON_OBJECTS:
            for child in sentence.children(j):
                attacker = attacker or _actor(article, sentence, child, deep=False)
    if interceptor is None:
        interceptor = None
    if attacker is None and interceptor is not None and len(parties) == 2 and interceptor.country in parties:
        attacker = _party(article, next(p for p in parties if p != interceptor.country))
    return attacker, interceptor


def _subject_of(sentence: Sentence, i: int) -> int | None:
    """The subject of `i`, climbing through xcomp, conj, relative clauses and auxiliaries."""
    tokens = sentence.tokens or []
    seen = set()
    while i not in seen:
        seen.add(i)
        for child in sentence.children(i):
            if tokens[child].dep in {"nsubj", "csubj"}:
                return child
        token = tokens[i]
        if token.dep == "relcl":
            return token.head
        if token.dep in {"xcomp", "conj", "advcl", "ccomp", "acl", "pcomp"} and token.head != i:
            i = token.head
            continue
        break
    return None


def _mentions_in(article: Article, start: int, end: int) -> list[Mention]:
    return [m for m in article.mentions if m.start < end and start < m.end]


def _actor(article: Article, sentence: Sentence, i: int, *, deep: bool = True) -> ActorRef | None:
    """The actor a token phrase names: the head itself, its appositive, then its modifiers."""
    tokens = sentence.tokens or []
    head = tokens[i]
    own = _mentions_in(article, head.start, head.end)
    if own:
        return own[0].ref()
    for dep_set in ({"appos"}, {"poss", "compound", "amod", "nmod"}, {"prep"} if deep else set()):
        for child in sentence.children(i):
            if tokens[child].dep in dep_set:
                span = sentence.subtree(child)
                found = _mentions_in(article, tokens[span[0]].start, tokens[span[-1]].end)
                if found:
                    people = [m for m in found if m.actor_id.startswith("person:") or m.how == "alias"]
                    return (people or found)[0].ref()
    return None


def _conj_actor(article, sentence, subject: int, source: ActorRef | None) -> ActorRef | None:
    """'Russia and Ukraine held talks': the second conjunct is the partner."""
    tokens = sentence.tokens or []
    for child in sentence.children(subject):
        if tokens[child].dep == "conj":
            partner = _actor(article, sentence, child, deep=False)
            if partner and (source is None or partner.actor_id != source.actor_id):
                return partner
    return None


def _party(article: Article, country: str) -> ActorRef:
    for mention in article.mentions:
        if mention.country == country and mention.sector == "GOV" and mention.actor_id == country:
            return ActorRef(mention.name, country, "GOV", country)
    return ActorRef(country, country, "GOV", country)


def _mention_at(article: Article, sentence: Sentence, i: int) -> Mention | None:
    tokens = sentence.tokens or []
    span = sentence.subtree(i)
    found = _mentions_in(article, tokens[i].start, tokens[i].end) or \
        _mentions_in(article, tokens[span[0]].start, tokens[span[-1]].end)
    return found[0] if found else None


def _span(sentence: Sentence, i: int) -> tuple[int, int]:
    """The trigger's clause: its subtree, widened to the subject for verbs."""
    tokens = sentence.tokens or []
    indices = set(sentence.subtree(i))
    subject = _subject_of(sentence, i) if tokens[i].pos == "VERB" else None
    if subject is not None:
        indices |= set(sentence.subtree(subject))
    indices = sorted(j for j in indices if tokens[j].pos != "PUNCT" or 0 < j < max(indices))
    return tokens[indices[0]].start, tokens[indices[-1]].end


def _location(sentence: Sentence, i: int, parties: list[str]) -> dict | None:
    tokens = sentence.tokens or []
    candidates = []
    for j in sentence.subtree(i):
        token = tokens[j]
        if token.pos != "PROPN" or token.dep in {"nsubj", "nsubjpass", "poss"}:
            continue
        name = token.text
        if j > 0 and tokens[j - 1].pos == "PROPN" and tokens[j - 1].dep == "compound":
            name = f"{tokens[j - 1].text} {name}"
        place = places.find(name) or places.find(token.text)
        if place:
            via_prep = tokens[token.head].dep == "prep" and tokens[token.head].lemma in PLACE_PREPS
            candidates.append((not via_prep, place["country"] not in parties, j, place))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:3])[3]


def _attach_quantities(article: Article, index: int, sentence: Sentence, found: list[Event],
                       earlier: list[Event]) -> set[int]:
    """Counts go on the event they measure; interception counts on the attack they answer.

    Returns the ids of events folded into an earlier one (an interception report
    that answers the attack just described).
    """
    merged: set[int] = set()
    figures = quantities.merge(quantities.extract(article.text or "", sentence.start, sentence.end))
    violence = {k: v for k, v in figures.items() if k.split("_max")[0] in VIOLENCE_KEYS}
    release = {k: v for k, v in figures.items() if k not in violence}
    recent = [e for e in earlier[-4:] if e.sentence >= index - 2]
    for bucket, kinds in ((violence, {"ASSAULT", "COERCE"}), (release, {"CONCEDE", "AGREE", "COOPERATE", "RETREAT"})):
        if not bucket:
            continue
        host = next((e for e in found if e.plover in kinds), None)
        interception = host is not None and re.search(r"intercept|shot|down|repel|jam|neutrali", host.trigger, re.I)
        previous = next((e for e in reversed(recent) if e.plover in kinds), None)
        if (host is None or interception) and previous is not None and host is not None and \
                previous.source and host.source and previous.source.country == host.source.country:
            previous.quantities.update(bucket)
            merged.add(id(host))
        elif host is not None:
            host.quantities.update(bucket)
        elif previous is not None:
            previous.quantities.update({k: v for k, v in bucket.items() if k not in previous.quantities})
    return merged
