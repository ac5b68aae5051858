"""The lexicons of the other languages and the matcher that finds their rows in a text.

One file per language, `data/lang/<lang>.tsv` (format in `data/lang/FORMAT.md`): each row a kind, a
pattern of one or more words and a value. A pattern word matches a text word when it equals the word
folded (lower case, one apostrophe, Arabic without short vowels and with one alif), its lemma (the
simplemma lemmatiser, which ships its data), in Arabic the word without its attached conjunction,
preposition or article, in French the word after an elided one, in German a verb whose separable
particle closes the clause; a pattern word ending in `*` matches the words that start with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..knowledge import places

LANGUAGES = ("uk", "ru", "es", "fr", "de", "ar")
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"  # combining accents, Arabic vowel signs and shadda
WORD = re.compile(rf"[^\W_](?:[^\W_]|[{MARKS}])*(?:['’ʼ-][^\W_](?:[^\W_]|[{MARKS}])*)*")
PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
KINDS = {"actor", "generic", "group", "locative", "victim", "civilian", "trigger", "modality", "speech", "agent",
         "stance", "issue", "connective", "number", "quantity", "month"}
SEPARABLE = {"an", "ab", "auf", "aus", "bei", "ein", "fest", "frei", "los", "mit", "nach", "nieder", "vor", "weg", "zu",
             "zurück", "zusammen", "fort", "hin", "her", "statt", "teil", "vorbei", "wieder"}
ELIDED = re.compile(r"^(?:[lLdDjJnNsScCmMtT]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’]([^\W_].+)$")


class LexiconError(ValueError):
    """A row of a language's lexicon file that cannot be read."""


@dataclass
class Lexicon:
    lang: str
    exact: dict[str, list[tuple[str, tuple[str, ...], str]]] = field(default_factory=lambda: defaultdict(list))
    prefix: dict[str, list[tuple[str, tuple[str, ...], str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, pattern: str, value: str) -> None:
        words = tuple(fold(w, self.lang) for w in pattern.split())
        first = words[0]
        (self.prefix[first[:-1]] if first.endswith("*") else self.exact[first]).append((kind, words, value))


@lru_cache(maxsize=len(LANGUAGES))
def lexicon(lang: str) -> Lexicon:
    path = resources.files("peacewatch") / "data" / "lang" / f"{lang}.tsv"
    found = Lexicon(lang)
    if not path.is_file():
        return found
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or parts[0] not in KINDS or not parts[1]:
            raise LexiconError(f"{lang}.tsv line {n}: expected 'kind<TAB>pattern<TAB>value', got {line[:80]!r}")
        found.add(parts[0], parts[1], parts[2] if len(parts) > 2 else "")
    # every state's names as pycountry translates them, where no row of the file names the whole of it
    missing = [(name, code) for name, code in places.country_names(lang).items() if not _named(name, found)]
    for name, code in missing:
        found.add("actor", " ".join(w for _, _, w in _words(name)), code)
    return found


def _named(name: str, lex: Lexicon) -> bool:
    words, found = matches(name, 0, len(name), lex)
    return any(m.kind == "actor" and m.first == 0 and m.last == len(words) for m in found)


def _words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, len(text) if end is None else end)]


def fold(word: str, lang: str) -> str:
    word = unicodedata.normalize("NFC", word.lower()).replace("’", "'").replace("ʼ", "'").replace("ё", "е")
    if lang == "ar":
        word = re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u0640]", "", word)  # vowel signs, shadda, tatweel
        word = word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي").replace("ة", "ه")
    elif lang in ("uk", "ru"):
        word = word.replace("\u0301", "")  # stress marks
    return word


@lru_cache(maxsize=200_000)
def forms(word: str, lang: str) -> tuple[str, ...]:
    """The forms a pattern word may match: the word folded, its lemma, in Arabic the word without its
    attached conjunction, preposition or article, in French the word after an elided one (l', d', qu')."""
    folded = fold(word, lang)
    out = [folded]
    if lang == "ar":
        out += [folded[len(p):] for p in PROCLITICS if folded.startswith(p) and len(folded) - len(p) >= 2]
    elif lang == "fr" and (elided := ELIDED.match(word)):  # "l'APCLS", "d'Ouchakov": the word after
        out += forms(elided.group(1), lang)
    else:
        import simplemma

        lemma = fold(simplemma.lemmatize(word, lang=lang), lang)
        if lemma != folded:
            out.append(lemma)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    value: str
    first: int  # word indices, end exclusive
    last: int
    start: int  # character offsets in the article's text
    end: int


def _separable(text: str, words, word_forms: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """German separable verbs: a particle closing a clause ("griff ... an", "lehnte ... ab") joins the
    verbs of the clause's first words, which then also read as the whole verb ("angreifen", "ablehnen")."""
    out = list(word_forms)
    first = 0
    for i, (_, end, word) in enumerate(words):
        closes = i + 1 == len(words) or re.search(r"[,;:.!?»«\"“”()]", text[end:words[i + 1][0]])
        if closes and i > first and word.lower() in SEPARABLE:
            for j in range(first, min(i, first + 4)):
                out[j] = out[j] + tuple(word.lower() + f for f in word_forms[j][1:] or word_forms[j])
        if closes:
            first = i + 1
    return out


def _word_matches(pattern: str, word_forms: tuple[str, ...]) -> bool:
    if pattern.endswith("*"):
        return any(f.startswith(pattern[:-1]) for f in word_forms)
    return pattern in word_forms


def matches(text: str, start: int, end: int, lex: Lexicon) -> tuple[list[tuple[int, int, str]], list[Match]]:
    """The words of text[start:end] and every lexicon match over them, the longest first where they overlap
    within a kind."""
    words = _words(text, start, end)
    word_forms = [forms(w, lex.lang) for _, _, w in words]
    if lex.lang == "de":
        word_forms = _separable(text, words, word_forms)
    found: list[Match] = []
    for i, fs in enumerate(word_forms):
        rows = [row for f in fs for row in lex.exact.get(f, ())]
        rows += [row for f in fs for k in range(1, len(f) + 1) for row in lex.prefix.get(f[:k], ())]
        for kind, pattern, value in rows:
            n = len(pattern)
            if i + n <= len(words) and all(_word_matches(p, word_forms[i + k]) for k, p in enumerate(pattern)):
                found.append(Match(kind, value, i, i + n, words[i][0], words[i + n - 1][1]))
    kept: list[Match] = []
    taken: dict[str, set[int]] = defaultdict(set)
    for m in sorted(found, key=lambda m: (-(m.last - m.first), m.first)):
        span = set(range(m.first, m.last))
        if not span & taken[m.kind]:
            kept.append(m)
            taken[m.kind] |= span
    kept.sort(key=lambda m: m.first)
    return words, kept
