"""Mentions that name no one by themselves: surnames, pronouns, "it", and generic groups.

Each rule reads the mentions found so far and adds the ones it can resolve
safely, with `how` saying which rule and a lower confidence:

- surname: "Sorokin" after "Russian negotiator Ivan Sorokin";
- pronoun: "he"/"she" when one person was named just before, else the person
  who opened the nearest earlier sentence; "it"/"its" the last state or
  organisation named earlier in the sentence;
- context: "civilians", "children", "soldiers" take the country of the place
  or state named nearest before them ("Rockets hit Kharkiv. Three civilians
  were killed."); "the army", "the cabinet", "police" that of the state
  named last; "militants", "rebels" the armed group named last;
- generic: the agents human CAMEO coders code by their sector ("police", "troops",
  "rebels", "protesters", "students", "the opposition", "officials", "the
  president", "the defence ministry", "state radio"), with the state their own
  name gives ("the Ministry of Foreign Affairs of the Russian Federation"), the
  story's state for offices and media (the one it is about, or the one its
  dateline names: `story`), the country of the context, else of the article's
  only state, else UNK.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import cache

from ..article import Mention, SpanIndex
from ..knowledge import places
from ..knowledge.kb import KnowledgeBase, surname_words
from . import story

PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
NEUTER = re.compile(r"\b(?:it|its|It|Its)\b")
GROUPS = {
    "civilians": "CVL", "civilian": "CVL", "children": "CVL", "residents": "CVL", "villagers": "CVL",
    "refugees": "CVL", "protesters": "CVL", "demonstrators": "CVL", "families": "CVL", "patients": "CVL",
    "soldiers": "MIL", "troops": "MIL", "servicemen": "MIL", "fighters": "MIL",
    "journalists": "MED", "reporters": "MED",
}
INSTITUTIONS = {
    "army": "MIL", "military": "MIL", "navy": "MIL", "air force": "MIL", "armed forces": "MIL",
    "security forces": "MIL", "police": "GOV", "government": "GOV", "cabinet": "GOV", "authorities": "GOV",
    "foreign ministry": "GOV", "defence ministry": "GOV", "defense ministry": "GOV", "interior ministry": "GOV",
    "presidency": "GOV", "treasury": "GOV", "parliament": "LEG", "judiciary": "JUD", "officials": "GOV",
}
# "the army said", "the cabinet endorsed": the institution as a subject, not "military aid".
INSTITUTION = re.compile(r"(?<=\b(?:the|its|The|Its) )(?:" + "|".join(sorted(INSTITUTIONS, key=len, reverse=True))
                         + r")\b(?=[,.;]|\s+(?:said|says|has|have|had|is|are|was|were|will|would|could|also|"
                         r"later|then|again|\w+ed)\b)", re.I)
REBEL_FIGHTERS = re.compile(r"\b(?:separatist|rebel|jihadist|islamist|militia|insurgent|guerrilla|dissident|armed)\s+$",
                            re.I)
BLOC = re.compile(r"(?<=\b[Tt]he )(?:bloc|alliance|group(?!['’]s))\b")
GROUP = re.compile(r"\b(?:" + "|".join(GROUPS) + r")\b", re.I)
ARMED_GROUPS = re.compile(r"\b(?:militants|rebels?|paramilitaries|insurgents|militias?|militiamen|gunmen|guerrillas|"
                          r"jihadists|separatists|fighters|groups)\b", re.I)
# Generic agents, with the CAMEO sector a coder gives them.
GENERIC = {
    "police": "COP", "policemen": "COP", "policeman": "COP", "riot police": "COP", "security forces": "MIL",
    "troops": "MIL", "soldiers": "MIL", "army": "MIL", "military": "MIL", "armed forces": "MIL", "navy": "MIL",
    "air force": "MIL", "servicemen": "MIL", "paratroopers": "MIL", "marines": "MIL", "junta": "MIL",
    "rebels": "REB", "rebel": "REB", "insurgents": "REB", "militants": "REB", "militia": "REB",
    "militias": "REB", "militiamen": "REB", "gunmen": "REB", "guerrillas": "REB", "jihadists": "REB",
    "separatists": "REB", "fighters": "MIL",
    "protesters": "CVL", "protestors": "CVL", "demonstrators": "CVL", "civilians": "CVL", "residents": "CVL",
    "villagers": "CVL", "refugees": "CVL", "activists": "CVL", "children": "CVL", "families": "CVL",
    "students": "EDU", "teachers": "EDU", "workers": "LAB", "unions": "LAB", "trade unions": "LAB",
    "opposition": "OPP", "dissidents": "OPP",
    "government": "GOV", "authorities": "GOV", "officials": "GOV", "cabinet": "GOV", "regime": "GOV",
    "president": "GOV", "prime minister": "GOV", "ministers": "GOV", "ministry": "GOV", "diplomats": "GOV",
    "parliament": "LEG", "lawmakers": "LEG", "legislators": "LEG", "court": "JUD", "judges": "JUD",
    "prosecutors": "JUD", "journalists": "MED", "reporters": "MED",
    # Offices and media written without their state: the story's state, as "the government" is.
    "foreign ministry": "GOV", "defence ministry": "GOV", "defense ministry": "GOV", "interior ministry": "GOV",
    "justice ministry": "GOV", "health ministry": "GOV", "information ministry": "GOV", "finance ministry": "GOV",
    "head of state": "GOV", "presidency": "GOV", "central government": "GOV", "central bank": "GOV",
    "legislature": "LEG", "defence forces": "MIL", "defense forces": "MIL", "coast guard": "MIL",
    "state television": "MED", "state tv": "MED", "state radio": "MED", "state media": "MED",
    "state broadcaster": "MED", "national television": "MED", "state news agency": "MED",
}
# A singular office is someone only as "the president"; plural groups stand alone ("Police arrested").
DEFINITE_ONLY = {"president", "prime minister", "ministry", "court", "government", "regime", "army", "military",
                 "navy", "air force", "cabinet", "junta", "head of state", "presidency", "central bank", "legislature",
                 "coast guard"}
# "the army", "its government", "the Interior Ministry", "Health Ministry says": an office named as one.
DEFINITE = re.compile(r"(?:\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[A-Z][a-z]+\s+)?|(?<![.!?]\s)\b[A-Z][a-z]+\s+)$")
GENERIC_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, GENERIC), key=len, reverse=True)) + r")\b", re.I)

Sentences = list[tuple[int, int]]


def resolve(text: str, mentions: list[Mention], sentences: Sentences, kb: KnowledgeBase) -> list[Mention]:
    mentions = surnames(text, mentions, kb)
    mentions = pronouns(text, mentions, sentences, kb)
    mentions = neuter(text, mentions, sentences, kb)
    mentions = groups(text, mentions, sentences)
    mentions = media(text, institutions(text, local_bodies(text, mentions)))
    mentions = first_person(text, mentions, kb)
    return story.agency(text, initials(text, abbreviations(text, generic(text, mentions, sentences)), kb), kb)


def is_person(kb: KnowledgeBase, mention: Mention) -> bool:
    if mention.actor_id.startswith("person:"):
        return True
    entry = kb.by_id.get(mention.actor_id)
    return entry is not None and entry.kind == "person"


def _covered(index: SpanIndex, at: int) -> bool:
    return bool(index.overlapping(at, at + 1))


def _copy(mention: Mention, start: int, end: int, text: str, how: str, confidence: float) -> Mention:
    return Mention(start, end, text, mention.actor_id, mention.name, mention.country, mention.sector,
                   mention.role, how, confidence)


def surnames(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """A surname alone refers to the person last named in full with it: an unknown one, or a known
    one whose surname another known person shares ("Villamizar" after "Neil Villamizar"; "Wang" after
    "Wang Yi", whose family name comes first)."""
    named = [m for m in mentions if " " in m.name and (m.how == "pattern" or (m.how == "alias" and is_person(kb, m)))]
    people = {word: m for m in named for word in surname_words(m.name, m.country) if len(word) > 2}
    covered = SpanIndex(mentions)
    added = []
    for surname, person in people.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            if match.start() > person.start and not _covered(covered, match.start()):
                added.append(_copy(person, match.start(), match.end(), surname, "surname", 0.75))
    return mentions + added


def _sentence_of(sentences: Sentences, at: int) -> int | None:
    n = bisect_right(sentences, (at, float("inf"))) - 1
    return n if n >= 0 and sentences[n][0] <= at < sentences[n][1] else None


def pronouns(text: str, mentions: list[Mention], sentences: Sentences, kb: KnowledgeBase) -> list[Mention]:
    people = SpanIndex(m for m in mentions if is_person(kb, m))
    added = []
    for match in PRONOUN.finditer(text):
        recent = {m.actor_id: m for m in people.starting_in(match.start() - 300 - people.longest, match.start())
                  if match.start() - 300 < m.end <= match.start()}
        person, confidence = (next(iter(recent.values())), 0.6) if len(recent) == 1 else (None, 0.5)
        if person is None and recent:
            person = _opening_person(match.start(), people, sentences)
        if person is not None:
            added.append(_copy(person, match.start(), match.end(), match.group(), "pronoun", confidence))
    return mentions + added


def _opening_person(at: int, people: SpanIndex, sentences: Sentences) -> Mention | None:
    """The first person of the current sentence before `at`, else of the nearest earlier sentence."""
    index = _sentence_of(sentences, at)
    if index is None:
        return None
    same = people.starting_in(sentences[index][0], at)
    if same:
        return same[0]
    for back in range(index - 1, max(-1, index - 3), -1):
        first = people.starting_in(*sentences[back])
        if first:
            return first[0]
    return None


def neuter(text: str, mentions: list[Mention], sentences: Sentences, kb: KnowledgeBase) -> list[Mention]:
    """'it'/'its': the last state or organisation named earlier in the sentence (or, for a
    sentence-initial 'It', the first one named in the previous sentence)."""
    bodies = SpanIndex(m for m in mentions if not is_person(kb, m) and m.how != "demonym")
    added = []
    for match in NEUTER.finditer(text):
        index = _sentence_of(sentences, match.start())
        if index is None:
            continue
        before = [m for m in bodies.starting_in(sentences[index][0], match.start()) if m.end <= match.start()]
        if not before and index > 0 and match.group()[0].isupper():
            before = bodies.starting_in(*sentences[index - 1])[:1]
        if before:
            added.append(_copy(before[-1], match.start(), match.end(), match.group(), "pronoun", 0.6))
    return mentions + added


def groups(text: str, mentions: list[Mention], sentences: Sentences) -> list[Mention]:
    """Generic groups take the country of the nearest place or state named before them;
    "militants", "rebels", "separatist fighters" the armed group named last in the three sentences
    before, else the one the article names most."""
    added = []
    covered = SpanIndex(mentions)
    home = story.story_home(text, covered, mentions)
    armed = cache(lambda: _most_named_group(mentions))
    for match in ARMED_GROUPS.finditer(text):
        index = _sentence_of(sentences, match.start())
        if index is None or _covered(covered, match.start()):
            continue
        word = match.group().lower()
        rebels = word not in {"fighters", "groups"} or REBEL_FIGHTERS.search(text, max(0, match.start() - 20),
                                                                             match.start())
        if word == "groups" and not rebels:
            continue  # "rights groups": not armed ones
        window = sentences[max(0, index - 3)][0]
        named = [m for m in covered.starting_in(window, match.start()) if m.country.startswith("NSA:")]
        if not named and rebels:
            named = [group] if (group := armed()) else []  # else the armed group the article names most
        if named:
            added.append(_copy(named[-1], match.start(), match.end(), match.group(), "context", 0.55))
    for match in BLOC.finditer(text):  # "the bloc": the organisation named last; "the group": the armed group
        index = _sentence_of(sentences, match.start())
        if index is None or _covered(covered, match.start()):
            continue
        kind = "NSA:" if match.group() == "group" else "IGO:"
        named = [m for m in covered.starting_in(sentences[max(0, index - 3)][0], match.start())
                 if m.country.startswith(kind)]
        if named:
            added.append(_copy(named[-1], match.start(), match.end(), match.group(), "context", 0.55))
    mentions = mentions + added
    covered = SpanIndex(mentions)
    added = []
    for match in INSTITUTION.finditer(text):
        index = _sentence_of(sentences, match.start())
        if index is None or _covered(covered, match.start()):
            continue
        window = sentences[max(0, index - 2)][0]
        states = [m for m in covered.starting_in(window, match.start()) if len(m.country) == 3
                  and m.actor_id.split(":")[0] == m.country and m.how != "demonym"]
        if states:
            sector = INSTITUTIONS[match.group().lower()]
            state = (home if match.group().lower() in OFFICES else None) or states[-1].country  # as in `generic`
            added.append(Mention(match.start(), match.end(), match.group(), state if sector == "GOV" else
                                 f"{state}:{sector}", state, state, sector, match.group().lower(), "context", 0.55))
    mentions = mentions + added
    covered = SpanIndex(mentions)
    added = []
    for match in GROUP.finditer(text):
        if _covered(covered, match.start()):
            continue
        index = _sentence_of(sentences, match.start())
        if index is None:
            continue
        sector = GROUPS[match.group().lower()]
        country = (home if sector in DOMESTIC else None) or _context_country(text, covered, sentences, index, match.start())
        if country is None:
            continue
        added.append(Mention(match.start(), match.end(), match.group(), f"{country}:{sector}", country, country,
                             sector, match.group().lower(), "context", 0.55))
    return mentions + added


def _context_country(text: str, mentions: SpanIndex, sentences: Sentences, index: int, at: int) -> str | None:
    """Places named before the group come first ("a market in Kharkiv"), then states; the
    current sentence first, then up to two before it."""
    for back in (index, index - 1, index - 2):
        if back < 0 or (back < index and _headline(text, sentences[index]) and _headline(text, sentences[back])):
            break  # a headline of a list stands alone: the line before it is another story
        start, end = sentences[back]
        end = min(end, at)
        inside = mentions.starting_in(start, end)
        located = [(m.start(), place["country"]) for m in story.CAPITALISED.finditer(text, start, end)
                   if not _covered(mentions, m.start()) and (place := places.find(m.group()))]
        located += [(m.start, m.country) for m in inside if len(m.country) == 3
                    and re.search(r"\b(?:in|across|near|of)\s+(?:the\s+)?$", text[max(0, m.start - 12):m.start])]
        if located:
            return max(located)[1]
        if back == index:
            continue  # a state named in the group's own sentence is usually the one acting on it
        states = [(m.start, m.country) for m in inside if len(m.country) == 3
                  and m.how in {"alias", "seat", "adjective"} and m.actor_id.split(":")[0] == m.country]
        if states:
            return max(states)[1]
    return None


def _proper(text: str, at: int) -> bool:
    """"The Presidency", "the Defence and Security Forces": an institution written as a proper name
    inside a sentence is the story's own (another state's would carry its name or adjective)."""
    before = text[max(0, at - 8):at].rstrip()
    return text[at].isupper() and bool(before) and before[-1] not in ".!?:|\"“‘'"


def _headline(text: str, sentence: tuple[int, int]) -> bool:
    """A line of its own with no full stop: a headline or a ticker item."""
    start, end = sentence
    line = text[start:end].rstrip()
    return (start == 0 or text[start - 1] == "\n") and bool(line) and line[-1] not in ".!?\"”'’:"


DOMESTIC = {"COP", "EDU", "OPP", "LAB", "JUD", "LEG", "CVL", "MED"}  # groups in their own country's affairs
OFFICES = {"authorities", "government", "regime", "cabinet", "president", "prime minister", "ministry", "head of state",
           "presidency", "central government", "central bank", "legislature"}


def generic(text: str, mentions: list[Mention], sentences: Sentences) -> list[Mention]:
    """Generic agents no other rule resolved: their sector, and the country of the context, else of
    the article's only state, else UNK ("Police arrested dozens of students"). In a story about
    one state, its police, students, opposition, courts and parliament are that state's, whatever
    foreign state was named last, and so is any group the context does not place."""
    covered = SpanIndex(mentions)
    home = story.story_home(text, covered, mentions)
    states = [m for m in mentions if len(m.country) == 3 and m.country != "UNK" and m.how != "context"]
    if len({m.country for m in states}) > 1:
        states = []
    added = []
    where = cache(lambda: story.where(text, covered))  # the state whose places the article names most, found once
    first = cache(lambda: story.most_named(mentions))  # else the state the article names most
    for match in GENERIC_WORD.finditer(text):
        word = match.group().lower()
        if _covered(covered, match.start()) or _covered(covered, match.end() - 1):
            continue
        index = _sentence_of(sentences, match.start())
        if word in DEFINITE_ONLY and not DEFINITE.search(text, max(0, match.start() - 24), match.start()) \
                and not (index is not None and _headline(text, sentences[index])):  # headlines drop "the"
            continue
        if word == "opposition" and re.match(r"\s+to\b", text[match.end():match.end() + 4]):
            continue  # "opposition to the plan": an objection, not a party
        if word == "president" and re.match(r"\s+[A-Z]", text[match.end():match.end() + 2]):
            continue  # "the president Emmanuel Macron": a name the knowledge base does not know
        near = None
        if index is not None:  # "Police in Niamey": the place the group is of comes first
            attached = re.match(r"\s+in\s+(?:the\s+)?\S+", text[match.end():match.end() + 40])
            after = story.located_after
            near = (after(text, covered, match.end(), match.end() + attached.end()) if attached else None) \
                or _context_country(text, covered, sentences, index, match.start()) \
                or after(text, covered, match.end(), sentences[index][1])
        # The article's only state, unless it is named only after the group in its own sentence:
        # "The government expelled two Russian diplomats" is not Russia's government.
        end = sentences[index][1] if index is not None else len(text)
        only = next((m.country for m in states if not match.start() < m.start < end), None)
        sector = GENERIC[word]
        country = _of_state(text, covered, match.end()) \
            or (home if sector in DOMESTIC or word in OFFICES or _proper(text, match.start()) else None) \
            or near or only or home or where() \
            or (first() if sector != "REB" else None) or "UNK"
        state = sector == "GOV" and country != "UNK"
        added.append(Mention(match.start(), match.end(), match.group(), country if state else f"{country}:{sector}",
                             country if state else word, country, sector, word, "generic", 0.5))
    return mentions + added


# A state body named by its own name and no state: "the Joint Operations Command", "the Presidential
# Council", "the House of Representatives", "the National Oil Corporation".
BODY_SECTORS = {"Command": "MIL", "Guard": "MIL", "Fleet": "MIL", "House of Representatives": "LEG",
                "Parliament": "LEG", "Assembly": "LEG", "Senate": "LEG", "Corporation": "BUS"}
BODY = re.compile(r"(?<![\w-])(?:(?:[A-Z][a-z]+|and|of|the)\s+){0,4}(?:Council|Command|Guard|Fleet|Service|Committee|"
                  r"Commission|Directorate|Corporation|Assembly|Parliament|Senate|House of Representatives)\b")


def _of_the_story(text: str, mentions: list[Mention], pattern: re.Pattern, lead: str):
    """The names `pattern` finds, `lead` words dropped, of two words at least, capitalised (or a date) and
    covered by no mention: each with the story's state, else where it happens, else the state named most."""
    covered = SpanIndex(mentions)
    state = None
    for match in pattern.finditer(text):
        name = re.sub(lead, "", match.group())
        start = match.end() - len(name)
        if not (name[:1].isupper() or name[:1].isdigit()) or " " not in name or covered.overlapping(start, match.end()):
            continue
        state = state or story.home(text, mentions) or story.most_named(mentions)
        if state is None:
            return
        yield start, match.end(), name, state


def institutions(text: str, mentions: list[Mention]) -> list[Mention]:
    """State bodies named by their own name and no state ("the Joint Operations Command said"): the
    story's state."""
    added = []
    for start, end, name, state in _of_the_story(text, mentions, BODY, r"^(?:(?:and|of|the|The)\s+)+"):
        sector = next((v for k, v in BODY_SECTORS.items() if name.endswith(k)), "GOV")
        added.append(Mention(start, end, name, state if sector == "GOV" else f"{state}:{sector}", name, state,
                             sector, name, "generic", 0.5))
    return mentions + added


# A local body named after its place: "the Zawiya municipal council", "Mucojo fishermen's association".
LOCAL_BODY = re.compile(r"(?<![\w-])(?P<pre>[A-Z][\w’'-]+[^\S\n]+)?(?P<place>[A-Z][\w’'-]+)[^\S\n]+"
                        r"(?:[A-Za-z]+(?:['’]s?)?[^\S\n]+){0,3}(?P<noun>(?i:council|committee|association|administration|"
                        r"municipality|authorities|elders|assembly|union|police))\b")
LOCAL_SECTORS = {"council": "GOV", "administration": "GOV", "municipality": "GOV", "authorities": "GOV",
                 "assembly": "GOV", "police": "COP"}  # the rest are citizens' bodies
CIVIC = re.compile(r"\b(?:social|elders|peace|youth|women['’]?s?|traders['’]?|farmers['’]?|fishermen['’]?s?)\s")


def local_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """Bodies named after a town or region and no state: the state the place is in. A council of
    elders, traders or fishermen is its citizens' (CVL), a municipal council its government's."""
    covered = SpanIndex(mentions)
    added = []
    for match in LOCAL_BODY.finditer(text):
        whole = places.find(match.group("pre") + match.group("place")) if match.group("pre") else None
        found = whole or places.find(match.group("place"))
        start = match.start() if whole else match.start("place")
        if found is None or covered.overlapping(start, match.end()):
            continue
        country, name = found["country"], text[start:match.end()]
        sector = "CVL" if CIVIC.search(name.lower()) else LOCAL_SECTORS.get(match.group("noun").lower(), "CVL")
        added.append(Mention(start, match.end(), name, country if sector == "GOV" else f"{country}:{sector}", name,
                             country, sector, match.group("noun").lower(), "context", 0.55))
    return mentions + added



# A news outlet the knowledge base does not know, by the word that heads its name: "the Hindukush Monitor",
# "Arakan Coast Radio", "Voz do Norte", "the 26 September newspaper".
MEDIA_HEADS = ("Radio|Television|TV|Monitor|Times|Post|News|Herald|Tribune|Gazette|Journal|Daily|Agency|Press|"
               "Observer|Chronicle|Express|Telegraph|Broadcasting|newspaper|radio|television|weekly|daily")
MEDIUM = re.compile(r"(?<![\w-])(?:(?:(?:[A-Z][\w’'-]*|\d{1,2}) ){1,3}(?:" + MEDIA_HEADS + r")\b"  # one space:
                    r"|(?:Radio|Rádio|Voice|Voz|Voix) (?:(?:of|do|da|de|du) )?[A-Z][\w’'-]+)")  # not "Menu  News"


def media(text: str, mentions: list[Mention]) -> list[Mention]:
    """Outlets named by a word of the trade and no state: a medium of the story's state."""
    found = _of_the_story(text, mentions, MEDIUM, r"^(?:The|A|In|On|At|To|By|From)\s+")
    return mentions + [Mention(start, end, name, f"{state}:MED", name, state, "MED", "news outlet", "context", 0.5)
                       for start, end, name, state in found]


OURS = re.compile(r"\b[Oo]ur\s+(?:own\s+)?(?P<noun>forces|troops|army|armed forces|soldiers|fighters|military|navy|"
                  r"air force|government|foreign ministry|defence ministry|defense ministry|delegation|negotiators)\b")
ANSWER = re.compile(r"(?P<who>[A-Z][\w’'.-]*(?:[^\S\n][A-Z][\w’'.-]*){0,2}):[^\S\n]")
SAID = re.compile(r"[”\"]?,?\s*(?:said|says|added|told|according to)\b")


FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Uu]s|[Oo]urs?|I(?= [a-z]|['’](?:m|ve|ll|d)\b)|[Mm]e|[Mm]y)\b")
GOVERNMENT = {"government", "foreign ministry", "defence ministry", "defense ministry", "delegation", "negotiators"}


def first_person(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """"We", "I", "us", "our", and "our forces", "our foreign ministry", in a quote or an interview's
    answer: the speaker's (`_speakers`), so that "we opened a base" is the speaker's act and "our
    forces" its military. Outside quotes and answers (the reporter's "we", an analyst's "we should")
    they stay unresolved."""
    covered = SpanIndex(mentions)
    speaker = _speakers(text, mentions, covered, kb)
    added: list[Mention] = []
    groups: set[int] = set()  # where "our forces" and the like start: their "our" is taken
    for pattern in (OURS, FIRST_PERSON):
        for match in pattern.finditer(text):
            if covered.overlapping(match.start(), match.end()) or match.start() in groups:
                continue
            who = speaker(match.start())
            if who is None or who.country == "UNK":
                continue
            if pattern is FIRST_PERSON:
                added.append(_copy(who, match.start(), match.end(), match.group(), "pronoun", 0.5))
                continue
            noun = match.group("noun")
            sector = "GOV" if noun in GOVERNMENT else "MIL"
            group = sector == "GOV" or len(who.country) > 3  # a state's government, or a group or body itself
            added.append(Mention(match.start(), match.end(), match.group(),
                                 who.country if group else f"{who.country}:{sector}", who.country,
                                 who.country, sector, noun, "pronoun", 0.5))
            groups.add(match.start())
    return mentions + added


QUESTION = re.compile(r"(?:Q|Question):\s|.{3,300}\?[\"”’']?$")


def _speakers(text: str, mentions: list[Mention], covered: SpanIndex, kb: KnowledgeBase):
    """A function giving who speaks at an offset of the text, or None:
    - inside quotation marks, the person named next to the quote with a verb of saying;
    - in a paragraph headed with a name ("Mujahid: ..."), that one; after "A:", the interviewee;
    - in an interview (three paragraphs or more that are questions), a paragraph after the first
      question that is not one is the interviewee's answer. The interviewee is the first person named
      before the first question (the headline and the introduction), else the first actor the headline
      names ("Iran's deputy foreign minister on ..."), else the state the story is about (`story.home`),
      else the person the article names most."""
    people = [m for m in mentions if is_person(kb, m)]
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    questions = [n for n, (a, b) in enumerate(paragraphs) if QUESTION.match(text[a:b].strip())]
    interview = len(questions) >= 3
    asked = {paragraphs[n][0] for n in questions}
    answers = {a for n, (a, _) in enumerate(paragraphs) if interview and n > questions[0] and a not in asked}

    @cache
    def interviewee() -> Mention | None:
        opening = paragraphs[questions[0]][0] if questions else 0
        intro = [m for m in people if m.start < opening]
        headline = sorted(covered.starting_in(0, paragraphs[0][1] if paragraphs else 0), key=lambda m: m.start)
        if intro or headline:
            return (intro or headline)[0]
        if state := story.home(text, mentions):
            return Mention(0, 0, "", state, state, state, "GOV", "", "context", 0.5)
        return _most_named_person(people)

    def speaker(at: int) -> Mention | None:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if inside_quotes(text, start, at):
            said = [m for m in people if start <= m.start < end and (
                SAID.match(text, m.end) or SAID.search(text, max(start, m.start - 12), m.start))]
            return min(said, key=lambda m: abs(m.start - at)) if said else None
        answer = ANSWER.match(text, start)
        if start in asked or (answer and answer.group("who") in {"Q", "Question"}):
            return None
        if answer and answer.group("who") not in {"A", "Answer"}:
            named = next(iter(covered.starting_in(answer.start("who"), answer.end("who"))), None)
            if named is not None or start not in answers:
                return named
        return interviewee() if answer or start in answers else None

    return speaker


QUOTES = {"“": 1, "”": -1, "«": 1, "»": -1}


def _most_named_person(people: list[Mention]) -> Mention | None:
    """The first mention of the person named most often (an interview's interviewee)."""
    counts = Counter(m.actor_id for m in people)
    return next(m for m in people if m.actor_id == counts.most_common(1)[0][0]) if counts else None


def inside_quotes(text: str, start: int, at: int) -> bool:
    """Whether `at` lies inside quotation marks opened after `start` (the start of its paragraph)."""
    stretch = text[start:at]
    return sum(QUOTES.get(c, 0) for c in stretch) > 0 or stretch.count('"') % 2 == 1


# "(FDS)" after a name; not a dateline's wire agency, "BEIRUT (AFP) -".
ABBREVIATION = re.compile(r"[^\S\n]*\((?P<abbr>[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*)\)(?![^\S\n]*[-–—])")


def abbreviations(text: str, mentions: list[Mention]) -> list[Mention]:
    """An abbreviation given in brackets after a resolved name ("the Defence and Security Forces
    (FDS)", "the Coast Guard Administration (CGA)") names the same actor throughout the article: there,
    after, and in a headline before it is spelled out."""
    covered = SpanIndex(mentions)
    added = []
    for mention in sorted(mentions, key=lambda m: m.start):
        found = ABBREVIATION.match(text, mention.end) if mention.how != "seat" else None
        if not found or covered.overlapping(found.start("abbr"), found.end("abbr")):
            continue
        same = re.compile(rf"(?<![\w-]){re.escape(found.group('abbr'))}(?![\w-])")
        for match in same.finditer(text):
            if not covered.overlapping(match.start(), match.end()):
                added.append(_copy(mention, match.start(), match.end(), match.group(), "alias", 0.7))
        covered = SpanIndex(mentions + added)
    return mentions + added


# "AA" for the Arakan Army, "NOC" for the National Oil Corporation: an abbreviation no one spelled out.
CAPS = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")
LINKS = {"of", "the", "and", "for", "de", "du", "des", "la", "el", "al", "del"}


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in LINKS]
    return "".join(w[0] for w in words) if len(words) > 1 and all(w[0].isupper() for w in words) else ""


def initials(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """An abbreviation never spelled out in brackets names the body of the article whose initials it
    is ("AA" after "the Arakan Army"), when only one does."""
    bodies: dict[str, dict[str, Mention]] = {}
    for mention in mentions:
        if mention.how in {"alias", "pattern", "generic"} and not is_person(kb, mention):
            for name in {mention.text, mention.name}:
                abbreviation = _initials(name)  # "PM" is a time as often as a prime minister: not from an office
                if len(abbreviation) > (1 if mention.how == "alias" else 2):
                    bodies.setdefault(abbreviation, {}).setdefault(mention.actor_id, mention)
    covered = SpanIndex(mentions)
    added = []
    for match in CAPS.finditer(text):
        found = bodies.get(match.group())
        if found and len(found) == 1 and not covered.overlapping(match.start(), match.end()):
            added.append(_copy(next(iter(found.values())), match.start(), match.end(), match.group(), "alias", 0.6))
    return mentions + added


# The rest of an office's name: "of Foreign Affairs of the Russian Federation".
NAME_TAIL = re.compile(r"(?:[^\S\n]+(?:of|for|and|the|[A-Z][\w’'-]*)){1,8}")
OF = re.compile(r"\bof\s+(?:the\s+)?")


def _of_state(text: str, covered: SpanIndex, end: int) -> str | None:
    """The state an office is of by its own name: "the Ministry of Foreign Affairs of the Russian
    Federation", "the Government of Niger"."""
    tail = NAME_TAIL.match(text, end)
    for of in OF.finditer(text, end, tail.end() if tail else end):
        state = next(iter(covered.starting_in(of.end(), of.end() + 1)), None)
        if state is not None and len(state.country) == 3 and state.country != "UNK":
            return state.country
    return None


def _most_named_group(mentions: list[Mention]) -> Mention | None:
    """The first mention of the armed group (NSA:) the article names most (ties: the first named)."""
    named = sorted((m for m in mentions if m.country.startswith("NSA:") and m.how != "context"), key=lambda m: m.start)
    counts = Counter(m.country for m in named)
    return next(m for m in named if m.country == counts.most_common(1)[0][0]) if counts else None
