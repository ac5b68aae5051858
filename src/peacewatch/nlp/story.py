"""Where a story happens and who files it: the state an article is about, the city and state of its
dateline, the news agency after the dateline, and the state whose places it names.

The coreference rules (`coref`) and the actor stage ask these to place what names no state of its own:
"the Government", "state radio", "police", "the Head of State".
"""

from __future__ import annotations

import re
from collections import Counter

from ..article import Mention, SpanIndex
from ..knowledge import places
from ..knowledge.kb import KnowledgeBase

STORY = 8  # mentions of a state that make a story about it, not a passing sentence
DOMINANT = 0.3  # the second country's share of the first's mentions below which a story is about one state
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")


def dominant_state(mentions: list[Mention]) -> str | None:
    """The one state an article is about when no other country or body comes close (under
    `DOMINANT` of its mentions): a protest movement, a government crisis at home."""
    counts = Counter(m.country for m in mentions if m.country != "UNK").most_common(2)
    if counts and len(counts[0][0]) == 3 and counts[0][1] >= STORY \
            and (len(counts) == 1 or counts[1][1] < DOMINANT * counts[0][1]):
        return counts[0][0]
    return None


# The city a story is filed from: "Niamey, 24 June 2025 -", "DAMASCUS, March 11 (SNNA) -", "MOSCOW, 26 August.".
DATELINE = re.compile(r"^([A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+)?)(?:, [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?,? "
                      r"(?:\(|\d{1,2} [A-Z][a-z]+|[A-Z][a-z]{2,8}\.? \d{1,2}\b)", re.M)


def _filed_from(text: str, covered: SpanIndex) -> tuple[re.Match, str] | None:
    """The dateline and the state of its city."""
    match = DATELINE.search(text, 0, 800)
    if not match:
        return None
    city = match.group(1)
    country = next((m.country for m in covered.starting_in(match.start(1), match.end(1)) if len(m.country) == 3), None)
    if country is None and (place := places.find(city if not city.isupper() else city.title())):
        country = place["country"]
    return (match, country) if country is not None else None


def _dateline_state(text: str, covered: SpanIndex, mentions: list[Mention]) -> str | None:
    """The state a story is filed from, when it is also the one the article names most: an official
    readout's "the Government", "state radio" and "the Head of State" are its own. A wire story
    filed from a neighbour's capital (Bangkok, for Myanmar) is not that neighbour's."""
    filed = _filed_from(text, covered)
    return filed[1] if filed is not None and filed[1] == most_named(mentions) else None


# The agency after a dateline: "DAMASCUS, March 11 (SNNA) -", "MOSCOW, 26 August. /RusInform/."
AGENCY = re.compile(r"[^\n(/–—-]{0,30}?[(/](?P<agency>[A-Z][\w’'.-]*(?:[^\S\n][A-Z][\w’'.-]*){0,3})[)/]")


# The wires whose short names are not safe aliases anywhere else ("AFP" is also the Philippine army).
WIRES = {"AFP": "Agence France-Presse", "AP": "Associated Press", "dpa": "Deutsche Presse-Agentur"}


def agency(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """The news agency named after a story's dateline: a wire's own country ("BEIRUT (AFP) -"), else
    a medium of the state the story is filed from ("DAMASCUS, March 11 (SNNA) -")."""
    covered = SpanIndex(mentions)
    filed = _filed_from(text, covered)
    found = AGENCY.match(text, filed[0].end(1)) if filed is not None else None
    if found is None or covered.overlapping(found.start("agency"), found.end("agency")):
        return mentions
    start, end, name = found.start("agency"), found.end("agency"), found.group("agency")
    if wire := kb.lookup(WIRES.get(name, name)):
        return mentions + [Mention(start, end, name, wire.actor_id, wire.name, wire.country, wire.sector, wire.role,
                                   "alias", 0.9)]
    country = filed[1]
    return mentions + [Mention(start, end, name, f"{country}:MED", name, country, "MED", "news agency", "context", 0.6)]


def story_home(text: str, covered: SpanIndex, mentions: list[Mention]) -> str | None:
    """The state a story is about: the one it names far more than any other, else its dateline's."""
    return dominant_state(mentions) or _dateline_state(text, covered, mentions)


def home(text: str, mentions: list[Mention]) -> str | None:
    """Where the story happens: the state it is about, else the one whose places it names most."""
    covered = SpanIndex(mentions)
    return story_home(text, covered, mentions) or where(text, covered)


def story_state(article) -> str | None:
    """`dominant_state` of an article's mentions, computed once per mention list: the coder asks it
    for every event, and a rescan each time made long articles quadratic."""
    memo = article.mention_index().memo
    if "story_state" not in memo:
        memo["story_state"] = dominant_state(article.mentions)
    return memo["story_state"]


def most_named(mentions: list[Mention]) -> str | None:
    """The state named most often in the article (ties: the first named)."""
    named = sorted((m for m in mentions if len(m.country) == 3 and m.country != "UNK" and m.how != "context"),
                   key=lambda m: m.start)
    counts = Counter(m.country for m in named)  # insertion order: ties go to the first named
    return counts.most_common(1)[0][0] if counts else None


def where(text: str, mentions: SpanIndex) -> str | None:
    """The state where the story happens: the one whose towns and regions the article names most
    (capitalised words no mention covers that the gazetteer knows), when no state is named enough to
    be the story's. "Police arrested six men in Muidumbe" in a story of Mozambique's north."""
    found = Counter(country for _, country in _places(text, mentions, 0, len(text)))
    return found.most_common(1)[0][0] if found else None


def _places(text: str, mentions: SpanIndex, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, country) of each place the gazetteer knows named after a preposition of place in
    text[start:end], by a capitalised word no mention covers."""
    return [(m.start(), place["country"]) for m in CAPITALISED.finditer(text, start, end)
            if not mentions.overlapping(m.start(), m.start() + 1) and _after_locative(text, m.start())
            and (place := places.find(m.group()))]


def _after_locative(text: str, at: int) -> bool:
    return bool(re.search(r"\b(?:in|across|near)\s+(?:the\s+)?$", text[max(0, at - 12):at]))


def located_after(text: str, mentions: SpanIndex, start: int, end: int) -> str | None:
    """The first place named after a group in its sentence, after a preposition of place: "Police
    arrested students in Dhaka" (not "Opposition leader Maria Corina Machado": a name, though
    Machado is also a town)."""
    located = _places(text, mentions, start, end)
    located += [(m.start, m.country) for m in mentions.starting_in(start, end) if len(m.country) == 3
                and m.country != "UNK" and _after_locative(text, m.start)]
    return min(located)[1] if located else None
