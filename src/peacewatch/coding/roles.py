"""Who did it and to whom: source and target of a trigger, from the parse and the mentions.

Subjects (climbing through infinitives, conjunctions, relative clauses and
"X's willingness to ..."), passive agents, objects and prepositional phrases;
"X and Y held talks" is reciprocal; "both sides" are the article's two main
parties. When one side of a conflict event is missing in an article about two
parties, the other party fills it, with lower confidence (`inferred`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..article import ActorRef, Article, Mention, Sentence
from ..knowledge import places
from ..nlp import story

TARGET_PREPS = {"on", "against", "with", "to", "at", "into", "toward", "towards", "upon", "over", "for"}
RELATIVE = {"who", "which", "that", "whom"}
# "both sides", "the two governments", "all parties": the article's two main parties. One vocabulary for the
# rule roles (BOTH, PAIR), the rule events' targets (events.BOTH_TARGETS) and the learned coder's pairs.
BOTH_PARTIES = (r"\b(?:both|the two|each|either|all)\s+(?:sides?|parties|party|leaders|countries|governments|camps|"
                r"militaries|armies|nations|states|neighbou?rs|capitals|brigades|groups|delegations)\b")
BOTH = re.compile(BOTH_PARTIES + r"|\beach other\b", re.I)
PAIR = re.compile(BOTH_PARTIES, re.I)
WEAPON_OBJECTS = {"drone", "missile", "rocket", "uav", "shahed", "aircraft", "projectile"}
CLIMB_DEPS = {"xcomp", "conj", "advcl", "ccomp", "acl", "pcomp", "acomp"}  # acomp: "X is ready to talk"


def main_parties(mentions: list[Mention]) -> list[str]:
    """The two parties the article is most about, by mentions of the states themselves and of
    organisations and armed groups (the EU, Hamas)."""
    counts = Counter(m.country for m in mentions
                     if m.country != "UNK" and m.how != "generic" and (m.actor_id == m.country or m.actor_id.split(":")[0] == m.country
                                                or m.country.startswith(("IGO:", "NSA:"))))
    return [country for country, _ in counts.most_common(2)]


def article_parties(article: Article) -> list[str]:
    """`main_parties` of an article's mentions, computed once per mention list."""
    memo = article.mention_index().memo
    if "parties" not in memo:
        memo["parties"] = main_parties(article.mentions)
    return memo["parties"]


MUTUAL = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "ASSAULT"}  # acts joint subjects do to each other
AT_HOME = {"PROTEST", "COERCE"}  # dissent and repression: both sides are usually where it happens


def at_home(article: Article, plover: str, known_source: ActorRef | None, known_target: ActorRef | None,
            place: dict | None, source: ActorRef | None, target: ActorRef | None,
            sentence: Sentence | None = None) -> tuple:
    """A protest or an arrest with a side unnamed happens at home: "tens of thousands poured onto the
    streets of Belgrade" are Serbian civilians protesting to their government; "48 people were
    detained in Tbilisi" are Georgians detained by Georgia's. The place of the act decides, else the country of
    the side that is named, else the state the article is most about. A place counts only in a
    country the article names (gazetteers hold many homonyms). Returns (source, target)."""
    countries = article.mention_index().countries
    home = place["country"] if place and place["country"] in countries else None
    if home is None and known_source is not None and len(known_source.country) == 3:
        home = known_source.country  # dissent aimed at its own government
    if home is None and known_source is None and known_target is None:
        home = next(iter(c for c in article_parties(article)[:1] if len(c) == 3), None)
    if home is None:
        return source, target
    if plover == "PROTEST":
        if known_source is None:
            source = ActorRef(source.name if source else "protesters", home, "CVL", f"{home}:CVL")
        if known_target is None:
            target = (picketed(article, sentence, home) if sentence else None) or party(article, home)
    else:
        if known_source is None:
            source = party(article, home)  # "48 people were detained in Tbilisi": by the authorities there
        if known_target is None:
            target = ActorRef(target.name if target else "civilians", home, "CVL", f"{home}:CVL")
    return source, target


PICKET_PREPS = {"against", "outside", "at", "front", "near"}
PREMISES = {"embassy", "consulate", "office", "offices", "mission", "headquarters", "compound", "base"}


def picketed(article: Article, sentence: Sentence, home: str) -> ActorRef | None:
    """A protest's target named where it is staged or what it is against: "rallied outside the
    US embassy", "outside UN offices", "chanting slogans against the United States"."""
    tokens = sentence.tokens or []
    for j, token in enumerate(tokens):
        if token.dep != "prep" or token.lemma not in PICKET_PREPS:
            continue
        for obj in (g for g in sentence.children(j) if tokens[g].dep == "pobj"):
            if token.lemma != "against" and tokens[obj].lemma not in PREMISES:
                continue  # "at a square in Tbilisi" is a place, not a target
            span = sentence.subtree(obj)
            for mention in mentions_in(article, tokens[span[0]].start, tokens[span[-1]].end):
                if mention.country not in {home, "UNK"} and mention.how != "generic":
                    return party(article, mention.country)
    return None


def mentions_in(article: Article, start: int, end: int) -> list[Mention]:
    return article.mention_index().overlapping(start, end)


def party(article: Article, country: str) -> ActorRef:
    """The state (or body) itself, named as the article first names it."""
    memo = article.mention_index().memo
    if "names" not in memo:
        memo["names"] = {}
        for mention in article.mentions:
            memo["names"].setdefault(mention.actor_id, mention.name)
    return ActorRef(memo["names"].get(country, country), country, "GOV", country)


def other_party(article: Article, parties: list[str], ref: ActorRef | None) -> ActorRef | None:
    if ref is None or len(parties) != 2 or ref.country not in parties:
        return None
    return party(article, parties[1] if ref.country == parties[0] else parties[0])


HOME_SECTORS = {"COP", "CVL", "EDU", "OPP", "LEG", "JUD", "LAB"}  # domestic agents: their acts' other side is at home


def counterpart(article: Article, parties: list[str], known: ActorRef, is_source: bool) -> ActorRef | None:
    """The other side of an act with one side named. Police, students and the opposition act
    at home; in an article about two parties it is the other party; in a story about one
    state it is that state: an official rejecting a demand answers the people at home, a
    foreign body condemning a crackdown addresses the government - unless the state's
    opponent is an armed group, the other side of its every move."""
    if is_source and known.sector in HOME_SECTORS and len(known.country) == 3:
        return party(article, known.country)
    home = story.story_state(article)  # a story about one state
    if home is not None:
        if known.country != home:
            return party(article, home)
        if len(parties) == 2 and parties[1].startswith("NSA:") and parties[0] == home:
            return party(article, parties[1])
        return party(article, home)
    if is_source and len(parties) == 2 and known.country not in parties:
        return party(article, parties[0])  # a third state's act is about the story's main party
    return other_party(article, parties, known)


def actor(article: Article, sentence: Sentence, i: int, *, deep: bool = True) -> ActorRef | None:
    """The actor a phrase names: the head itself, its appositive, its modifiers, then its preps.
    A generic head ("officials", "the police") takes the country of what qualifies it ("officials
    from Iran", "the police of Iraq") and keeps its sector."""
    tokens = sentence.tokens or []
    head = tokens[i]
    own = mentions_in(article, head.start, head.end)
    if own and own[0].how != "generic":
        return own[0].ref()
    groups = [{"appos"}, {"poss", "compound", "amod", "nmod"}] + ([{"prep"}] if deep or own else [])
    for deps in groups:
        for child in sentence.children(i):
            if tokens[child].dep in deps and (not own or tokens[child].dep != "prep" or tokens[child].lemma in {"of", "from"}):
                span = sentence.subtree(child)
                found = mentions_in(article, tokens[span[0]].start, tokens[span[-1]].end)
                if found:
                    people = [m for m in found if m.how in {"alias", "pattern", "surname"} and not m.actor_id.isupper()]
                    found = (people or found)[0]
                    if own and found.actor_id == found.country and len(found.country) == 3:
                        generic = own[0]
                        actor_id = found.country if generic.sector == "GOV" else f"{found.country}:{generic.sector}"
                        return ActorRef(generic.role, found.country, generic.sector, actor_id)
                    return found.ref()
    if head.dep == "appos" and head.head != i:  # "Witkoff, a businessman, ..." -> Witkoff
        return actor(article, sentence, head.head, deep=False)
    return own[0].ref() if own else None


def subject_of(sentence: Sentence, i: int) -> int | None:
    """The subject of `i`, climbing through xcomp, conj, relative clauses and "X's plan to"."""
    tokens = sentence.tokens or []
    seen = set()
    while i not in seen:
        seen.add(i)
        token = tokens[i]
        for child in sentence.children(i):
            if tokens[child].dep in {"nsubj", "csubj", "poss"} and (tokens[child].dep != "poss" or token.pos == "NOUN"):
                if tokens[child].text.lower() in RELATIVE and token.dep == "relcl":
                    return token.head
                return child
        if token.dep == "relcl":
            return token.head
        if token.dep == "pobj" and tokens[token.head].dep == "prep":
            i = tokens[token.head].head
            continue
        if token.dep == "dobj" and token.pos == "NOUN":  # "expressed a willingness to meet"
            i = token.head
            continue
        if token.dep in CLIMB_DEPS and token.head != i:
            i = token.head
            continue
        break
    return None


def roles(article: Article, sentence: Sentence, i: int, parties: list[str],
          plover: str | None = None) -> tuple[ActorRef | None, ActorRef | None]:
    """Source and target of the trigger at i. Joint subjects are each other's target only in
    an act two sides do together ("Russia and Ukraine held talks"); "Britain, France and Germany
    triggered the snapback" is three sources, none a target."""
    tokens = sentence.tokens or []
    token = tokens[i]
    source = target = None
    children = sentence.children(i)
    if token.pos in {"VERB", "ADJ"}:  # ADJ: "Kyiv is ready to talk", its subject through the copula
        passive = next((c for c in children if tokens[c].dep == "nsubjpass"), None)
        if passive is not None:
            target = actor(article, sentence, passive)
            agent = next((c for c in children if tokens[c].dep == "agent"), None)
            by = next((g for g in sentence.children(agent) if tokens[g].dep == "pobj"), None) if agent is not None else None
            source = actor(article, sentence, by) if by is not None else None
        else:
            subject = subject_of(sentence, i)
            if subject is not None:
                source = actor(article, sentence, subject)
                target = _conj_partner(article, sentence, subject, source) if plover in MUTUAL or plover is None else None
        for dep in ("dobj", "dative"):
            obj = next((c for c in children if tokens[c].dep == dep), None)
            if target is None and obj is not None:
                target = actor(article, sentence, obj, deep=False) or _complement_target(article, sentence, obj) \
                    or _prep_target(article, sentence, obj)
    else:
        for child in children:
            if source is None and tokens[child].dep in {"poss", "amod", "compound", "nmod"}:
                source = actor(article, sentence, child, deep=False)
        governor = token.head if token.dep in {"dobj", "conj", "nsubjpass"} else _clause_of_prep(sentence, i)
        if source is None and governor is not None:
            subject = subject_of(sentence, governor)
            if subject is not None and subject != i:
                source = actor(article, sentence, subject)
    if target is None or (source is not None and target.country == source.country):
        # "Rwanda sent 1,000 troops to Mozambique": the source's own forces moved are not the target
        target = _prep_target(article, sentence, i) or target
    if target is None and source is not None:
        target = _in_clause(article, sentence, i, source)
    if token.dep == "relcl" and source and target and source.country == target.country:
        source = _outer_antecedent(article, sentence, token.head) or source
    sentence_text = (article.text or "")[sentence.start:sentence.end]
    pair = _pair_subject(article, sentence, i, parties)
    if pair and (plover in MUTUAL or plover is None):
        source, target = pair
    elif pair:  # "both governments questioned the result": two sources, the target is elsewhere
        source, target = pair[0], target if target and target.country not in {p.country for p in pair} else None
    elif source is None and len(parties) == 2 and BOTH.search(sentence_text):
        source, target = party(article, parties[0]), party(article, parties[1])
    if source and target and source.actor_id == target.actor_id:
        target = None
    named = any(tokens[c].dep == "nsubj" for c in children) or (token.dep == "acl" and token.tag != "VB")
    if source is None and target is None and named and (home := story.story_state(article)):
        source = target = party(article, home)  # a subject no rule resolves in a story about one state: its affair
    return source, target


def _pair_subject(article: Article, sentence: Sentence, i: int, parties: list[str]) -> tuple[ActorRef, ActorRef] | None:
    """'the two countries agreed', 'the two governments began exchanging data': the article's
    main parties when both were named in the phrase's sentence or the one before, else the
    two states named last there."""
    tokens = sentence.tokens or []
    subject = subject_of(sentence, i) if tokens[i].pos in {"VERB", "ADJ"} else None
    if subject is None:
        return None
    span = sentence.subtree(subject)
    text = article.text or ""
    found = PAIR.search(text, tokens[span[0]].start, tokens[span[-1]].end)
    if not found:
        return None
    before = [s for s in article.sentences if s.start <= found.start()][-2:]
    start = before[0].start if before else sentence.start
    states = [m for m in article.mention_index().overlapping(start, found.start())
              if len(m.country) == 3 and m.how != "generic"]
    named = list(dict.fromkeys(m.country for m in reversed(states)))[:2]  # the two named last
    if len(named) < 2:
        return None
    if len(parties) == 2 and set(parties) <= set(named):
        return party(article, parties[0]), party(article, parties[1])
    first = next(m.country for m in states if m.country in named)  # in the order the text names them
    return party(article, first), party(article, next(c for c in named if c != first))


def _clause_of_prep(sentence: Sentence, i: int) -> int | None:
    """'troops were on high alert', 'took part in the drills': the verb whose subject holds the event noun."""
    tokens = sentence.tokens or []
    prep = tokens[i].head
    if tokens[i].dep != "pobj" or tokens[prep].lemma not in {"on", "in"} or tokens[prep].dep != "prep":
        return None
    verb = tokens[prep].head
    return verb if tokens[verb].pos in {"VERB", "AUX"} else None


def _prep_target(article: Article, sentence: Sentence, i: int) -> ActorRef | None:
    tokens = sentence.tokens or []
    for child in sentence.children(i):  # spaCy parses "sent troops to X" with "to" as a dative
        if tokens[child].dep in {"prep", "dative"} and tokens[child].lemma in TARGET_PREPS:
            for grandchild in sentence.children(child):
                if tokens[grandchild].dep == "pobj":
                    found = actor(article, sentence, grandchild, deep=False)
                    if found:
                        return found
    return None


def _in_clause(article: Article, sentence: Sentence, i: int, source: ActorRef) -> ActorRef | None:
    """The first other party named in the trigger's own clause, outside its subject:
    "mediated talks between Kinshasa and Kigali", "accused the army of ...", "seized Goma"."""
    tokens = sentence.tokens or []
    subject = subject_of(sentence, i)
    skip = set(sentence.subtree(subject)) if subject is not None and subject in sentence.subtree(i) else set()
    span = [j for j in sentence.subtree(i) if j not in skip and j != i]
    named = [(j, m) for j in span for m in mentions_in(article, tokens[j].start, tokens[j].end)]
    for j, mention in named:
        if mention.country != source.country and mention.how not in {"demonym", "generic"}:
            return mention.ref()
    countries = article.mention_index().countries
    for j in span:  # a place stands for its country: "bombs on Fordow", "food to Tawila"
        if tokens[j].pos == "PROPN" and not mentions_in(article, tokens[j].start, tokens[j].end) \
                and not (tokens[j].dep == "compound" and tokens[tokens[j].head].pos == "PROPN"):
            place = places.find(_place_name(sentence, j))
            if place and place["country"] != source.country and place["country"] in countries:
                return party(article, place["country"])
    for j, mention in named:  # then a generic agent: "fired on protesters"
        if mention.how == "generic" and (mention.country != source.country or mention.sector != source.sector):
            return mention.ref()
    return None


def _place_name(sentence: Sentence, j: int) -> str:
    """A place's whole name, "Novi Sad" rather than "Novi" (a town in Michigan)."""
    tokens = sentence.tokens or []
    parts = [c for c in sentence.children(j) if tokens[c].dep == "compound" and tokens[c].pos == "PROPN"]
    return " ".join(tokens[k].text for k in sorted(parts + [j]))


def _complement_target(article: Article, sentence: Sentence, noun: int) -> ActorRef | None:
    """'a willingness to meet with Putin': the target sits in the noun's clause."""
    tokens = sentence.tokens or []
    for child in sentence.children(noun):
        if tokens[child].dep in {"acl", "relcl", "xcomp"}:
            obj = next((c for c in sentence.children(child) if tokens[c].dep == "dobj"), None)
            found = actor(article, sentence, obj, deep=False) if obj is not None else None
            return found or _prep_target(article, sentence, child)
    return None


def _conj_partner(article: Article, sentence: Sentence, subject: int, source: ActorRef | None) -> ActorRef | None:
    """'Russia and Ukraine held talks', 'the foreign ministers of Congo and Rwanda signed': the
    second conjunct is the partner."""
    tokens = sentence.tokens or []
    modifiers = [c for c in sentence.children(subject) if tokens[c].dep in {"amod", "compound"}]
    of = [[g for g in sentence.children(c) if tokens[g].dep == "pobj"] for c in sentence.children(subject)
          if tokens[c].dep == "prep" and tokens[c].lemma == "of"]
    modifiers += [g for objects in of for g in objects]
    for extra in (g for objects in of for g in objects[1:]):  # "of Congo and Rwanda" parsed as two objects
        partner = actor(article, sentence, extra, deep=False)
        if partner and (source is None or partner.actor_id != source.actor_id):
            return partner
    for child in sentence.children(subject) + [g for m in modifiers for g in sentence.children(m)]:
        if tokens[child].dep == "conj":
            partner = actor(article, sentence, child, deep=False)
            if partner and (source is None or partner.actor_id != source.actor_id):
                return partner
    return None


def attacker_of_weapons(article: Article, sentence: Sentence, i: int) -> ActorRef | None:
    """'intercepted 61 Ukrainian drones': whose drones."""
    tokens = sentence.tokens or []
    for j in sentence.subtree(i):
        if tokens[j].lemma in WEAPON_OBJECTS:
            for child in sentence.children(j):
                found = actor(article, sentence, child, deep=False)
                if found:
                    return found
    return None


def mention_at(article: Article, sentence: Sentence, i: int) -> Mention | None:
    tokens = sentence.tokens or []
    span = sentence.subtree(i)
    found = mentions_in(article, tokens[i].start, tokens[i].end) or \
        mentions_in(article, tokens[span[0]].start, tokens[span[-1]].end)
    return found[0] if found else None


def _outer_antecedent(article: Article, sentence: Sentence, head: int) -> ActorRef | None:
    """'an acquaintance of Putin, who is visiting Moscow': the clause may belong to the outer noun."""
    tokens = sentence.tokens or []
    if tokens[head].dep == "pobj" and tokens[tokens[head].head].lemma == "of":
        outer = tokens[tokens[head].head].head
        return actor(article, sentence, outer, deep=False)
    return None


DEEDS = {"attack", "strike", "strikes", "attacks", "shelling", "bombing", "killing", "killings", "assault", "raid",
         "incident", "move", "manoeuvre", "manoeuvres", "maneuvers", "deployment", "crackdown", "it", "this"}
CONDEMN = {"condemn", "denounce", "decry", "deplore", "criticise", "criticize", "slam", "censure"}
HOSTILE = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN"}


def blame_deeds(article: Article, events: list) -> None:
    """'condemned the attack', 'also condemned it': an accusation aimed at a deed, not a party,
    is aimed at whoever did the last hostile act before it, when that is someone else."""
    for n, event in enumerate(events):
        if event.plover != "ACCUSE":
            continue
        sentence = article.sentences[event.sentence]
        tokens = sentence.tokens or []
        i = next((k for k, t in enumerate(tokens) if t.start >= event.start and t.text == event.trigger), None)
        if i is None or tokens[i].lemma not in CONDEMN or not any(
                tokens[c].dep == "dobj" and tokens[c].text.lower() in DEEDS for c in sentence.children(i)):
            continue
        deed = next((e for e in reversed(events[:n]) if e.plover in HOSTILE and e.source is not None
                     and e.modality in {"asserted", "claimed"}
                     and (event.source is None or e.source.country != event.source.country)), None)
        if deed is not None:
            event.target = deed.source

