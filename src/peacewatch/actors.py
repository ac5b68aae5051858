"""Resolve who is mentioned: every alias in one pass, then affiliation and coreference.

Reads: text, sentences. Writes: mentions.

One Aho–Corasick automaton holds every alias of the knowledge base; the text
is scanned once, case-insensitively (accents folded), and the longest match
wins. Rules then add what aliases cannot: "Russian negotiator Ivan Petrov"
(an unknown person with a stated affiliation), the sector an adjective
implies ("Russian drones" is the military), surnames and safe pronouns that
follow a full mention.
"""

from __future__ import annotations

import re

import ahocorasick

from .article import Article, Mention
from .kb import Entry, KnowledgeBase, fold_text

SECTOR_NOUNS = {
    "MIL": "forces troops army military soldiers soldier drones drone missiles missile navy artillery jets "
           "warplanes bombers units servicemen commanders commander general defences defenses air-defence "
           "shelling strikes strike attacks attack offensive fighters paratroopers marines battalion brigade",
    "GOV": "officials official government president minister ministers diplomats diplomat negotiators "
           "negotiator delegation authorities leader leaders spokesman spokeswoman spokesperson envoy "
           "ambassador embassy side counterpart counterparts administration prime premier foreign adviser "
           "advisor aide presidential state sources",
    "CVL": "civilians civilian people citizens children residents families refugees villagers "
           "population women men",
    "BUS": "oil gas companies company banks bank exports economy firms energy businessman tankers",
    "MED": "media journalists journalist television broadcaster outlet newspaper agency",
    "LEG": "parliament lawmakers legislators senators mps duma rada",
}
SECTOR_OF = {word: sector for sector, words in SECTOR_NOUNS.items() for word in words.split()}
ROLE_WORDS = (
    "president|prime minister|foreign minister|defence minister|defense minister|minister|envoy|"
    "special envoy|negotiator|chief negotiator|spokesman|spokeswoman|spokesperson|adviser|advisor|"
    "presidential adviser|presidential advisor|presidential aide|aide|commander|general|ambassador|"
    "official|diplomat|businessman|businesswoman|lawmaker|senator|mayor|governor|chief of staff"
)
NAME = r"(?P<name>(?:[A-Z][a-zà-ÿğış'’-]+\s){0,2}[A-Z][a-zà-ÿğış'’-]+)"
AFFILIATION_BEFORE = re.compile(rf"\b(?P<aff>[A-Z][\w’'.-]*?)(?:['’]s)?\s+(?:(?:top|senior|deputy|chief|former|acting|special)\s+)?(?P<role>{ROLE_WORDS}),?\s+{NAME}\b")
AFFILIATION_AFTER = re.compile(rf"\b{NAME},\s+(?:a|an|the)\s+(?:(?:top|senior|deputy|chief|former|acting)\s+)?(?P<aff>[A-Z][\w’'.-]*?)(?:['’]s)?\s+(?P<role>{ROLE_WORDS})\b")
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
NEUTER = re.compile(r"\b(?:it|its|It|Its)\b")


class Resolver:
    """The actor stage. Build once per knowledge base; it is reused for every article."""

    name = "actors"
    reads = frozenset({"text", "sentences"})
    writes = frozenset({"mentions"})

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.automaton = ahocorasick.Automaton()
        for key, entries in kb.by_fold.items():
            # Entries that may match in any case; the others match only as written.
            loose = [e for e in entries if not kb.case_sensitive(e.alias)]
            self.automaton.add_word(fold_text(key), (key, entries, loose))
        self.automaton.make_automaton()

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.mentions = self.resolve(article.text or "", date=article.published,
                                            sentences=[(s.start, s.end) for s in article.sentences])
            article.layers.add("mentions")
        return articles

    def resolve(self, text: str, *, date: str | None = None,
                sentences: list[tuple[int, int]] = ()) -> list[Mention]:
        mentions = self._aliases(text, date)
        mentions = self._affiliations(text, mentions)
        mentions = self._surnames(text, mentions)
        mentions = self._pronouns(text, mentions, sentences)
        mentions = self._neuter(text, mentions, sentences)
        return sorted(mentions, key=lambda m: m.start)

    def _aliases(self, text: str, date: str | None) -> list[Mention]:
        folded = fold_text(text)
        found = []
        for end, (key, entries, loose) in self.automaton.iter(folded):
            start = end - len(key) + 1
            end += 1
            if (start > 0 and folded[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            surface = text[start:end]
            pool = [e for e in entries if e.alias == surface] or loose
            if pool:
                found.append((start, end, self.kb.pick(pool, date)))
        found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
        taken: list[tuple[int, int]] = []
        mentions = []
        for start, end, entry in found:
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            mentions.append(self._mention(text, start, end, entry))
        return [m for m in mentions if m is not None]

    def _mention(self, text: str, start: int, end: int, entry: Entry) -> Mention | None:
        sector, role, actor_id, how = entry.sector, entry.role, entry.actor_id, "alias"
        if entry.kind in {"adjective", "country", "demonym", "seat"}:
            how = entry.kind if entry.kind != "country" else "alias"
            if entry.kind == "adjective" or entry.kind == "country":
                following = re.match(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}?([A-Za-z-]+)", text[end:end + 40])
                noun = following.group(1).lower() if following else ""
                if noun in SECTOR_OF and (entry.kind == "adjective" or text[end:end + 2] in {"'s", "’s"}):
                    sector = SECTOR_OF[noun]
                    role = noun
            actor_id = entry.country if sector == "GOV" else f"{entry.country}:{sector}"
        elif entry.kind == "person":
            # "Robert Witkoff": a first name before a known surname belongs to the mention.
            before = re.search(r"([A-Z][a-z]+) $", text[max(0, start - 20):start])
            if before and " " not in entry.alias and not _is_title_word(before.group(1)):
                start -= len(before.group(0))
        return Mention(start, end, text[start:end], actor_id, entry.name, entry.country, sector, role, how,
                       0.95 if how == "alias" else 0.85)

    def _affiliations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Unknown people named with their affiliation: "Russian negotiator Ivan Petrov"."""
        covered = [(m.start, m.end) for m in mentions]
        added = []
        for pattern in (AFFILIATION_BEFORE, AFFILIATION_AFTER):
            for match in pattern.finditer(text):
                start, end = match.span("name")
                if any(a < end and start < b for a, b in covered):
                    continue
                affiliation = self.kb.lookup(match.group("aff"))
                if affiliation is None:
                    continue
                role = match.group("role").lower()
                sector = "MIL" if role in {"commander", "general"} else "BUS" if role.startswith("business") else "GOV"
                name = match.group("name")
                added.append(Mention(start, end, name, "person:" + name.lower().replace(" ", "-"), name,
                                     affiliation.country, sector, role, "pattern", 0.8))
                covered.append((start, end))
        return mentions + added

    def _surnames(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A surname alone refers to the person last named in full with it."""
        people = {}
        for mention in mentions:
            if mention.how == "pattern" and " " in mention.name:
                people[mention.name.split()[-1]] = mention
        if not people:
            return mentions
        covered = [(m.start, m.end) for m in mentions]
        added = []
        for surname, person in people.items():
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                if match.start() > person.start and not any(a <= match.start() < b for a, b in covered):
                    added.append(Mention(match.start(), match.end(), surname, person.actor_id, person.name,
                                         person.country, person.sector, person.role, "surname", 0.75))
        return mentions + added

    def _pronouns(self, text: str, mentions: list[Mention], sentences: list[tuple[int, int]]) -> list[Mention]:
        """'he'/'she': the one person named in the last 300 characters; failing that, the person
        who opens the nearest earlier sentence (news tends to keep its subject)."""
        people = sorted((m for m in mentions if m.actor_id.startswith("person:") or _is_person(self.kb, m)),
                        key=lambda m: m.start)
        added = []
        for match in PRONOUN.finditer(text):
            recent = {m.actor_id: m for m in people if match.start() - 300 < m.end <= match.start()}
            person = next(iter(recent.values())) if len(recent) == 1 else None
            confidence = 0.6
            if person is None and recent:
                person, confidence = self._sentence_subject(match.start(), people, sentences), 0.5
            if person is not None:
                added.append(Mention(match.start(), match.end(), match.group(), person.actor_id, person.name,
                                     person.country, person.sector, person.role, "pronoun", confidence))
        return mentions + added

    @staticmethod
    def _sentence_subject(at: int, people: list[Mention], sentences: list[tuple[int, int]]) -> Mention | None:
        index = next((n for n, (a, b) in enumerate(sentences) if a <= at < b), None)
        if index is None:
            return None
        start = sentences[index][0]
        same = [m for m in people if start <= m.start < at]
        if same:
            return same[0]
        for back in range(index - 1, max(-1, index - 3), -1):
            a, b = sentences[back]
            first = next((m for m in people if a <= m.start < b), None)
            if first is not None:
                return first
        return None

    def _neuter(self, text: str, mentions: list[Mention], sentences: list[tuple[int, int]]) -> list[Mention]:
        """'it'/'its': the last state or organisation named earlier in the sentence (or, for a
        sentence-initial 'It', the first one named in the previous sentence)."""
        groups = sorted((m for m in mentions if not _is_person(self.kb, m) and not m.actor_id.startswith("person:")
                         and m.how != "demonym"), key=lambda m: m.start)
        added = []
        for match in NEUTER.finditer(text):
            at = next((n for n, (a, b) in enumerate(sentences) if a <= match.start() < b), None)
            if at is None:
                continue
            before = [m for m in groups if sentences[at][0] <= m.start and m.end <= match.start()]
            if not before and at > 0 and match.group()[0].isupper():
                # Sentence-initial "It" continues the previous sentence's first named group.
                before = [m for m in groups if sentences[at - 1][0] <= m.start < sentences[at - 1][1]][:1]
            if before:
                last = before[-1]
                added.append(Mention(match.start(), match.end(), match.group(), last.actor_id, last.name,
                                     last.country, last.sector, last.role, "pronoun", 0.6))
        return mentions + added


def _is_title_word(word: str) -> bool:
    return word.lower() in {"president", "minister", "envoy", "the", "and", "said", "spokesman", "adviser",
                            "advisor", "aide", "chancellor", "secretary", "general", "premier", "king", "mr",
                            "mrs", "ms", "dr", "sheikh", "emir", "prime", "with", "by", "from", "us", "of"}


def _is_person(kb: KnowledgeBase, mention: Mention) -> bool:
    entry = kb.by_id.get(mention.actor_id)
    return entry is not None and entry.kind == "person"
