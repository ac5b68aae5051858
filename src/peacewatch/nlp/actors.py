"""Resolve who is mentioned: every alias in one pass, then affiliation and coreference.

Reads: text, sentences. Writes: mentions.

One Aho–Corasick automaton holds every alias of the knowledge base; the text
is scanned once, case-insensitively (accents folded), and the longest match
wins. Rules then add what aliases cannot: "Russian negotiator Ivan Petrov"
(an unknown person with a stated affiliation), the sector an adjective
implies ("Russian drones" is the military), names one letter off a known
one, a delegation led by a known person; `coref` then adds surnames,
pronouns and generic groups.
"""

from __future__ import annotations

import re
from dataclasses import replace

import ahocorasick

from ..article import Article, Mention, SpanIndex
from ..knowledge import places
from ..knowledge.kb import FAMILY_FIRST, Entry, KnowledgeBase, fold, fold_text, surname_words
from ..knowledge.lexicon import frequencies
from . import coref, story

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
    "COP": "police policemen",
    "REB": "rebels rebel insurgents militants militia separatists guerrillas",
    "OPP": "opposition dissidents",
    "EDU": "students",
}
SECTOR_OF = {word: sector for sector, words in SECTOR_NOUNS.items() for word in words.split()}
LEADING = {"foreign", "prime", "presidential", "state"}  # sector words that lead a longer title: "foreign minister"
ROLE_WORDS = (
    "president|prime minister|foreign minister|defence minister|defense minister|minister|special envoy|envoy|"
    "chief negotiator|negotiator|spokesman|spokeswoman|spokesperson|presidential adviser|presidential advisor|"
    "presidential aide|adviser|advisor|aide|commander|general|ambassador|official|diplomat|businessman|"
    "businesswoman|lawmaker|senator|mayor|governor|magistrate|administrator|prefect|member|chief of staff|captain|"
    "colonel|major|lieutenant|sergeant|"
    "brigadier|officer|speaker|analyst|researcher|journalist|correspondent|chief|head|representative|"
    "commissioner|director|secretary-general|secretary|coordinator|chairman|chairwoman|chair|"
    "son|daughter|brother|sister|wife|husband|nephew|cousin"
)
ORG_WORDS = ("army|military|navy|air force|armed forces|foreign ministry|defence ministry|defense ministry|"
             "interior ministry|ministry|government|police|border guards?|security service|intelligence|"
             "presidential office|embassy|parliament|delegation")
RANK = (r"(?:Colonel|Col\.|General|Gen\.|Major|Maj\.|Captain|Capt\.|Lieutenant|Lt\.|Sergeant|Brigadier|Admiral|"
        r"Marshal|Field|Vice|Rear|Dr\.?)")
RANKS = rf"(?:{RANK}\s+)?{RANK}"  # "Colonel General", "Field Marshal"
MODIFIERS = r"(?:top|senior|deputy|chief|former|acting|special|local|regional)"
AFF = r"[A-Z][\w’'.-]*?"
# Letters of the Latin alphabets of Europe and Turkey besides a-z, by case: "Kierwiński", "Šalčininkai", "Yıldız".
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())
# A name: up to three capitalised words, no rank first, the last after a particle ("Salem al-Ferjani").
NAME = (rf"(?P<name>(?!{RANK}\s)(?:[{UPPER}][{LOWER}'’-]+\s){{0,2}}"
        rf"(?:(?:al|el|ad|bin|ibn|abu|de|da|do|dos|del|van|von)[-\s])?[{UPPER}][{LOWER}'’-]+)")
# A capital's name ending a longer place name: "Mocímboa da Praia", "Vila de Victoria".
PLACE_PARTICLE = re.compile(rf"[{UPPER}][\w’'-]+ (?:da|de|do|dos|das|del|di|du|la|el) $")
# A minister's portfolio before the office: "Polish Interior Minister ...", "Home Affairs Minister ...".
PORTFOLIO = (r"(?:(?:interior|justice|finance|economy|trade|energy|health|education|agriculture|transport|labou?r|"
             r"security|public security|national security|information|mines|petroleum|industry|communications|"
             r"territorial administration|(?:home|foreign|internal|veterans'?) affairs)\s+(?=minister))")
AFFILIATION_BEFORE = re.compile(
    rf"\b(?P<aff>{AFF})(?:['’]s)?\s+(?i:(?:{MODIFIERS}\s+)?{PORTFOLIO}?(?:(?P<org>{ORG_WORDS})\s+)?"
    rf"(?P<role>{ROLE_WORDS})),?\s+"
    rf"(?:{RANKS}\s+)?{NAME}\b")  # "Thai army colonel Anan Srisuk", "Thai Defence Minister Anan Srisuk"
AFFILIATION_AFTER = re.compile(
    rf"\b{NAME},\s+(?:(?:a|an|the)\s+)?(?i:{MODIFIERS}\s+)?(?:(?P<aff>{AFF})(?:['’]s)?\s+)?(?:(?P<org>{ORG_WORDS})\s+)?"
    rf"(?i:(?P<role>{ROLE_WORDS}))(?:\s+(?:at|of|for|with|in|from)\s+(?:the\s+)?(?P<aff2>{AFF})(?:['’]s)?"
    rf"(?:\s+(?i:(?P<org2>{ORG_WORDS})))?)?\b")
AFFILIATION_OF = re.compile(  # "the Prime Minister of Saint Vincent and the Grenadines, Ralph Gonsalves"
    rf"\b[Tt]he\s+(?i:(?:{MODIFIERS}\s+)?(?P<role>{ROLE_WORDS}))\s+of\s+(?:the\s+)?"
    rf"(?P<aff>[A-Z][\w’'.-]*(?:\s+(?:and\s+the\s+|and\s+|of\s+(?:the\s+)?)?[A-Z][\w’'.-]*){{0,4}}),\s+"
    rf"(?:(?:His|Her)\s+(?:Royal\s+)?(?:Highness|Excellency|Majesty)\s+)?(?:Sheikh\s+|Sheikha\s+)?"
    rf"(?:{RANKS}\s+)?{NAME}\b")
# "Territorial Administration Minister Paul Atanga Nji", "regional governor Jane Doe": an office with no state
# named; the person is of the state the story is about (`_story_people`).
OFFICE_WORDS = ("president|prime minister|minister|deputy minister|spokesman|spokeswoman|spokesperson|governor|"
                "mayor|magistrate|administrator|prefect|commander|general|colonel|ambassador|envoy|official|"
                "director|secretary|chief of staff|chief")
LOCAL_OFFICES = {"governor", "mayor", "magistrate", "administrator", "prefect", "director"}  # of where it happens
TITLED = re.compile(rf"(?<![A-Z][\w’'.-] )\b(?i:(?:{MODIFIERS}\s+)?{PORTFOLIO}?(?P<role>{OFFICE_WORDS}))\s+"
                    rf"(?:{RANKS}\s+)?"
                    rf"{NAME}\b")
# People of no office, named with their age or trade ("farmer Ion Rusu", "Fatima, a resident of Harsha",
# "Hla Hla May, 52,"): civilians of the state the story is about (`_story_people`).
TRADES = ("resident|farmer|fisherman|fisher|vendor|trader|shopkeeper|merchant|teacher|student|nurse|doctor|"
          "driver|taxi driver|mother|father|villager|labourer|laborer|worker|herder|survivor|witness|refugee|"
          "pensioner|widow|widower|mechanic|engineer|shop owner|elder|grandmother|grandfather")
AGED = (r"(?:\d{1,3}(?:,|\s+(?=who\b))|aged\s+\d{1,3}\b|an?\s+(?:\d{1,3}-year-old\s+)?(?:local\s+)?(?:"
        + TRADES + r")\b)")
CIVILIAN = re.compile(rf"\b(?i:{TRADES})\s+{NAME.replace('<name>', '<full>')}\b|\b{NAME},\s*{AGED}")
MILITARY_ORGS = {"army", "military", "navy", "air force", "armed forces", "border guard", "border guards"}
MILITARY_ROLES = {"commander", "general", "captain", "colonel", "major", "lieutenant", "sergeant", "brigadier",
                  "officer"}
ROLE_SECTORS = {"businessman": "BUS", "businesswoman": "BUS", "lawmaker": "LEG", "senator": "LEG",
                "speaker": "LEG", "journalist": "MED", "correspondent": "MED", "analyst": "CVL",
                "researcher": "CVL"}
# A known person's kin and staff act for the person's side: "Haftar's son Saddam".
CLOSE_TO = {"son", "daughter", "brother", "sister", "wife", "husband", "nephew", "cousin", "adviser", "advisor",
            "aide", "spokesman", "spokeswoman", "spokesperson", "envoy", "special envoy", "chief of staff"}
FUZZY_MIN = 6  # names shorter than this are too easy to hit by chance
SURNAME = re.compile(rf"(?<![\w’'-])[{UPPER}][{LOWER}’'-]{{2,}}(?![\w’'-])")
FUZZY_CANDIDATE = re.compile(rf"\b[{UPPER}][{LOWER}]{{5,}}\b")
GROUP_NOUNS = ("Army|Front|Movement|Forces|Force|Brigades?|Militias?|Alliance|Coalition|Resistance|Battalions?|"
               "Mujahideen|Jihad|Liberation|Rebels|Guerrillas?|Guard|Commandos|Tigers|Union|Council|Group")
GROUP = re.compile(rf"\b(?P<name>(?:[A-Z][\w’'-]+[^\S\n]+(?:(?:of|for|and|the|al|el)[^\S\n]+){{0,2}}){{0,5}}"
                   rf"(?:{GROUP_NOUNS}))\b"  # one line: a headline's last word and the next one's first are no name
                   r"(?:\s+(?:of|for)\s+(?:the\s+)?(?P<of>(?:[A-Z][\w’'-]+\s*){1,3}))?"
                   r"(?:\s*\((?P<abbr>[A-Z][A-Za-z0-9-]{1,9})\))?")
GROUP_CONTEXT = re.compile(r"\b(?:rebels?|insurgents?|militants?|militias?|armed groups?|jihadists?|guerrillas?|"
                           r"separatists?|fighters|gunmen|paramilitar\w*|armed wing|faction|group)\b", re.I)
NOT_GROUPS = {"security council", "european union", "african union", "general assembly", "union", "council",
              "group", "force", "front", "army", "guard", "alliance", "coalition", "movement", "forces"}
# Names of a state's organs, not of armed groups: "Presidential Council", "Mainland Affairs Council".
# A regular army's units too: "Infantry Brigade", and any unit with an ordinal ("the 103rd ... Brigade").
STATE_ORGAN = re.compile(r"\b(?:Presidential|Presidency|Ministry|Affairs|Cabinet|Parliament|Government|Armed Forces|"
                         r"Security Forces|Infantry)\b")
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)[^\S\n]+$")
DELEGATION = re.compile(r"\b(?P<noun>delegation|negotiating team|negotiators)\b[^.;]{0,60}?\bled by\s+"
                        r"(?:[a-z]+\s+){0,3}?(?P<leader>[A-Z][\w’'-]+)")


class Resolver:
    """The actor stage. Build once per knowledge base; it is reused for every article."""

    name = "actors"
    english = True  # the pipeline runs it on English articles only
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
        # Known people by surname ("Petro" for Gustavo Petro; "Lai" for Lai Ching-te), for `_surnames`; and
        # by first name, with their states: "Khalifa" alone in a Libyan story is no Egyptian's surname.
        self.surnames: dict[str, dict[str, list[Entry]]] = {}
        self.first_names: dict[str, set[str]] = {}
        for entries in kb.by_fold.values():
            for e in entries:
                words = e.name.split()
                if e.kind != "person" or len(words) < 2:
                    continue
                for word in surname_words(e.name, e.country):
                    if len(word) >= 3:
                        self.surnames.setdefault(fold(word), {}).setdefault(e.actor_id, []).append(e)
                if e.country not in FAMILY_FIRST:
                    self.first_names.setdefault(fold(words[0]), set()).update([e.country, *e.theatre.split("-")])
        # Deletion neighbourhoods of distinctive names, for the guarded fuzzy match.
        self.deletions: dict[str, set[str]] = {}
        for key, entries in kb.by_fold.items():
            if len(key) >= FUZZY_MIN and " " not in key and any(e.kind in {"person", "org"} for e in entries):
                for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
                    self.deletions.setdefault(variant, set()).add(key)

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
        mentions = self._fuzzy(text, mentions, date)
        mentions = self._surnames(text, mentions, date)
        mentions = self._delegations(text, mentions)
        mentions = self._groups(text, mentions)
        mentions = self._story_people(text, mentions)
        mentions = coref.resolve(text, mentions, list(sentences), self.kb)
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
                found.append((start, end, pool))
        # An alias two countries' actors share ("SNA": Syria's armed group, Somalia's army) is the one of
        # a state the article names by an alias of its own (a group: of its theatre); else the first listed.
        named = {pool[0].country for _, _, pool in found if len({e.country for e in pool}) == 1}
        found = [(start, end, self.kb.pick([e for e in pool if e.of(named)] or pool, date))
                 for start, end, pool in found]
        found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
        taken = bytearray(len(text))  # longest match first; a shorter one inside it is dropped
        mentions = []
        for start, end, entry in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            mentions.append(self._mention(text, start, end, entry))
        return [m for m in mentions if m is not None]

    def _mention(self, text: str, start: int, end: int, entry: Entry) -> Mention | None:
        sector, role, actor_id, how = entry.sector, entry.role, entry.actor_id, "alias"
        if entry.kind in {"adjective", "country", "demonym", "seat"}:
            if entry.kind == "seat" and PLACE_PARTICLE.search(text, max(0, start - 30), start):
                return None  # "Mocímboa da Praia" is not Cape Verde's capital
            how = entry.kind if entry.kind != "country" else "alias"
            if entry.kind == "adjective" or entry.kind == "country":
                following = re.match(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}?([A-Za-z-]+)", text[end:end + 40])
                noun = following.group(1).lower() if following else ""
                reach = following.end(1) if following else 0
                more = re.match(r"[^\S\n]+([a-z-]+)", text[end + reach:end + reach + 20]) if noun in LEADING else None
                if more and (more.group(1) in SECTOR_OF or more.group(1) in {"ministry", "office"}):
                    noun, reach = more.group(1), reach + more.end(1)  # "Turkish foreign minister": the minister
                if noun in SECTOR_OF and (entry.kind == "adjective" or text[end:end + 2] in {"'s", "’s"}):
                    sector = SECTOR_OF[noun]
                    role = noun
                    if entry.kind == "adjective" and following.group(1).islower() and following.group(0).count(" ") <= 2:
                        end += reach  # "Ukrainian forces", "Russian air defences": the group itself
            actor_id = entry.country if sector == "GOV" else f"{entry.country}:{sector}"
        elif entry.kind == "person":
            # "Robert Witkoff": a first name before a known surname belongs to the mention.
            before = re.search(r"([A-Z][a-z]+) $", text[max(0, start - 20):start])
            if before and " " not in entry.alias and not _is_title_word(before.group(1)):
                start -= len(before.group(0))
        return Mention(start, end, text[start:end], actor_id, entry.name, entry.country, sector, role, how,
                       0.95 if how == "alias" else 0.85)

    def _affiliations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Unknown people named with their affiliation: "Russian negotiator Ivan Petrov",
        "Thai army colonel Anan Srisuk", "Priya Menon, an official at the Indian foreign ministry", "the
        president of Ghana, John Mahama"; an affiliation the knowledge base does not know may be a place
        ("Kharkiv governor Oleh Syniehubov": the state of the place)."""
        covered = [(m.start, m.end) for m in mentions]
        named = {m.country for m in mentions}
        added = []
        for pattern in (AFFILIATION_BEFORE, AFFILIATION_AFTER, AFFILIATION_OF):
            for match in pattern.finditer(text):
                start, end = match.span("name")
                if any(a < end and start < b for a, b in covered):
                    continue
                groups = match.groupdict()
                affiliation = self._affiliation(groups.get("aff")) or self._affiliation(groups.get("aff2")) \
                    or _place(_with_word_before(text, match, "aff"), named) or _place(groups.get("aff2") or "", named)
                role = match.group("role").lower()
                if affiliation is None or (affiliation.kind == "person" and role not in CLOSE_TO):
                    continue
                org = (groups.get("org") or groups.get("org2") or "").lower()
                sector = ("MIL" if org in MILITARY_ORGS or role in MILITARY_ROLES
                          else ROLE_SECTORS.get(role, affiliation.sector if affiliation.kind in {"org", "person"}
                                                else "GOV"))
                name = match.group("name")
                added.append(Mention(start, end, name, "person:" + name.lower().replace(" ", "-"), name,
                                     affiliation.country, sector, f"{org} {role}".strip(), "pattern", 0.8))
                covered.append((start, end))
        return mentions + added

    def _affiliation(self, name: str | None) -> Entry | None:
        """A known actor by its name, or by the last "of" of it: "Defence of the Russian Federation"."""
        if not name:
            return None
        tail = re.split(r"\s+of\s+(?:the\s+)?", name)[-1]
        return self.kb.lookup(name) or (self.kb.lookup(tail) if tail != name else None)

    def _fuzzy(self, text: str, mentions: list[Mention], date: str | None) -> list[Mention]:
        """A name one letter off a known one ("Zelenskky"), when that is the only near name
        and the word is no English word."""
        added = []
        covered = SpanIndex(mentions)
        for match in FUZZY_CANDIDATE.finditer(text):
            word = match.group()
            if covered.overlapping(match.start(), match.start() + 1) or word.lower() in frequencies():
                continue
            entry = self._nearest_name(fold(word), date)
            if entry is not None:
                mention = self._mention(text, match.start(), match.end(), entry)
                added.append(Mention(mention.start, mention.end, mention.text, mention.actor_id, mention.name,
                                     mention.country, mention.sector, mention.role, "fuzzy", 0.7))
        return mentions + added

    def _surnames(self, text: str, mentions: list[Mention], date: str | None) -> list[Mention]:
        """A known person's surname alone ("Petro says ..."), when no other known person has it, it is
        no English word nor the first name of a known person of the states the article names, and the
        article names the person's country. Inside a longer name ("Gassim Cherif Mahamat") it is another
        person, of the known one's state (a family name), but nobody's for an international official's
        (Moussa Faki Mahamat of the African Union)."""
        covered = SpanIndex(mentions)
        added = []
        for match in SURNAME.finditer(text):
            key = fold(match.group())
            people = self.surnames.get(key)
            if not people or len(people) > 1 or covered.overlapping(match.start(), match.end()) \
                    or match.group().lower() in frequencies() or self.first_names.get(key, set()) & covered.countries:
                continue
            entry = self.kb.pick(next(iter(people.values())), date)
            if entry.country not in covered.countries:
                continue
            mention = replace(self._mention(text, match.start(), match.end(), entry), start=match.start(),
                              text=match.group(), how="surname", confidence=0.7)
            if _in_longer_name(text, match.start(), match.end()):  # someone else of the family, or no one
                if len(entry.country) != 3:
                    continue  # an international official's name says nothing of another's state
                mention = replace(mention, actor_id=f"person:{key}", name=match.group(), confidence=0.5)
            added.append(mention)
        return mentions + added

    def _story_people(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Unknown people named after an office and no state ("regional governor Jane Doe"), or with
        their age or trade ("farmer Ion Rusu", "Fatima, a resident of Harsha"), in a story about one
        state: its officials and its civilians."""
        covered = SpanIndex(mentions)
        states: dict[bool, str | None] = {}  # a national official's state; a civilian's or local official's
        added = []
        found = [(m.span("name"), m.group("role").lower()) for m in TITLED.finditer(text)
                 if " " in m.group("name")]  # a full name, not "Monday"
        found += [(m.span("full" if m.group("full") else "name"), "civilian") for m in CIVILIAN.finditer(text)
                  if " " in (m.group("full") or " ")]  # "farmer Ion Rusu"; "Fatima, a resident" may be one word
        last = -1  # the end of the last one added: `found` is sorted, so only it can overlap
        for (start, end), role in sorted(found):
            if start < last or covered.overlapping(start, end):
                continue
            local = role == "civilian" or role in LOCAL_OFFICES
            if local not in states:  # an office, only in a story about one state; a civilian, where it happens
                states[local] = story.home(text, mentions) if local else story.dominant_state(mentions)
            state = states[local]
            if state is None:
                continue
            name = text[start:end]
            sector = "CVL" if role == "civilian" else "MIL" if role in MILITARY_ROLES else "GOV"
            added.append(Mention(start, end, name, "person:" + name.lower().replace(" ", "-"), name, state,
                                 sector, role, "pattern", 0.6))
            last = end
        return mentions + added

    def _nearest_name(self, word: str, date: str | None) -> Entry | None:
        keys = {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}
        found = {alias for key in keys for alias in self.deletions.get(key, ())}
        near = [alias for alias in found if alias != word and _one_edit(word, alias)]
        actors = {e.actor_id for alias in near for e in self.kb.by_fold[alias]}
        if len(actors) != 1:
            return None
        return self.kb.pick([e for alias in near for e in self.kb.by_fold[alias]], date)

    def _delegations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the delegation sent to Turkey, led by Vladimir Medinsky' is Medinsky's side."""
        added = []
        covered = SpanIndex(mentions)
        for match in DELEGATION.finditer(text):
            leader = next((m for m in covered.starting_in(match.start("leader"), match.start("leader") + 1)), None)
            if leader is not None and not covered.overlapping(match.start("noun"), match.start("noun") + 1):
                start, end = match.span("noun")
                added.append(Mention(start, end, match.group("noun"), leader.country, leader.country,
                                     leader.country, "GOV", "delegation", "pattern", 0.8))
        return mentions + added

    def _groups(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Armed groups the knowledge base does not list, from how the text names them: a capitalised
        name ending in a group word ("Arakan Army", "Ambazonia Defence Forces (ADF)", "National
        Liberation Army (ELN)") that no known actor covers, in an article that speaks of rebels,
        militias or armed groups. The code is NSA: and the abbreviation given in brackets, else the
        name's words; later mentions of the name or the abbreviation are the same group."""
        if not GROUP_CONTEXT.search(text):
            return mentions
        covered = SpanIndex(mentions)
        codes: dict[str, tuple[str, str]] = {}  # surface form -> (code, name)
        for match in GROUP.finditer(text):
            name = re.sub(r"^(?:The|A|An)\s+", "", match.group("name")).strip()
            lead = re.match(r"([A-Z][a-z]+)\s+(?:of|for)\s+(?:the\s+)?", name)
            if lead and lead.group(1).lower() in frequencies():
                name = name[lead.end():]  # "Fighters of the National Liberation Army": the group is the rest
            if match.group("of"):
                name = f"{name} of {match.group('of').strip()}"
            start = match.start("name") + match.group("name").find(name.split()[0])
            if len(name.split()) < 2 or name.lower() in NOT_GROUPS or STATE_ORGAN.search(name) or \
                    ORDINAL.search(text, max(0, start - 12), start) or \
                    covered.overlapping(start, match.end("name")) or self.kb.lookup(name) is not None:
                continue
            abbr = match.group("abbr")
            words = [w for w in re.findall(r"[A-Za-z0-9]+", fold(name)) if w not in {"of", "for", "and", "the"}]
            code = "NSA:" + (abbr.upper().replace("-", "_") if abbr else "_".join(w.upper() for w in words))
            codes.setdefault(name, (code, name))
            if abbr and not self.kb.lookup(abbr):
                codes.setdefault(abbr, (code, name))
        if not codes:
            return mentions
        added = []
        for surface, (code, name) in codes.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
                if not covered.overlapping(match.start(), match.end()):
                    added.append(Mention(match.start(), match.end(), surface, code, name, code, "REB", "armed group",
                                         "pattern", 0.7))
        added.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept, last = [], -1
        for mention in added:
            if mention.start >= last:
                kept.append(mention)
                last = mention.end
        return mentions + kept


def _place(name: str, named: set[str]) -> Entry | None:
    """A town or region the gazetteer knows, standing for its state ("Kharkiv governor"), when the
    article names that state: place names repeat across countries (Santander, Spain and Colombia)."""
    place = places.find(name) if name[:1].isupper() else None
    if place is None or place["country"] not in named:
        return None
    return Entry(name, place["country"], name, place["country"], "GOV", "", "place")


def _with_word_before(text: str, match: re.Match, group: str) -> str:
    """An affiliation with the capitalised word before it, when the two name a place: "Kinmen County
    Magistrate ...", "Cabo Delgado governor ..." (the patterns take one word)."""
    name = match.group(group) or ""
    before = re.search(r"([A-Z][\w’'-]+)[^\S\n]+$", text[max(0, match.start(group) - 30):match.start(group)])
    if before and places.find(two := f"{before.group(1)} {name}"):
        return two
    return name


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a name word at start:end has another name word just before it (not a title: "President
    Petro") or just after it (not an English word: "Petro Says")."""
    before = re.search(rf"([{UPPER}][\w-]+)[^\S\n]$", text[max(0, start - 30):start])
    after = re.match(rf"[^\S\n]([{UPPER}][{LOWER}]+)\b", text[end:end + 30])
    return bool(before and not _is_title_word(before.group(1)) or after and after.group(1).lower() not in frequencies())


def _is_title_word(word: str) -> bool:
    return word.lower() in {"president", "minister", "envoy", "the", "and", "said", "spokesman", "adviser",
                            "advisor", "aide", "chancellor", "secretary", "general", "premier", "king", "mr",
                            "mrs", "ms", "dr", "sheikh", "emir", "prime", "with", "by", "from", "us", "of"}


def _one_edit(a: str, b: str) -> bool:
    """Exactly one insertion, deletion, substitution or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
