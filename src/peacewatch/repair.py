"""Repair scraped text without breaking names, recording every change in raw offsets.

Reads: raw. Writes: text, repairs, offsets, truncated, noise.

Each rule proposes edits on the raw text; overlapping proposals are resolved
first-come (rules run in order of trust), then applied in one pass, which also
builds the map from repaired offsets back to raw ones.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .article import Article, OffsetMap, Repair
from .kb import KnowledgeBase, fold

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a"
BOILERPLATE = re.compile(
    r"^[ \t]*(advertisement|advertising|sponsored( content)?|read more\b.*|related:.*|share this( article| story)?"
    r"|share on (facebook|twitter|x)|click here to .*|subscribe( now)?( to .*)?|sign up for .*newsletter.*"
    r"|(this|our) (site|website) uses cookies.*|we use cookies.*|accept (all )?cookies|cookie (settings|policy)"
    r"|skip to (main )?content|follow us on .*|all rights reserved.*|©.*)[ \t]*$\n?",
    re.I | re.M,
)
ENTITY = re.compile(r"&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
COMBINING = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]+", re.S)
BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
LINE_HYPHEN = re.compile(r"\b([A-Za-z]{2,})-[ \t]*\n[ \t]*([a-z]{2,})\b")
MISSING_SPACE = re.compile(
    r"(?<=[a-z]{2})([.!?;])(?=[A-Z][a-z]|(?:the|a|an|it|he|she|they|we|this|that|these|those|in|on|but|however|"
    r"meanwhile|officials|there)\b)|(?<=[A-Za-z]{2})(,)(?=[A-Za-z]{2})")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
URLISH = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|net|gov|edu|io|uk|ru|ua)\b\S*")
ABBREVIATIONS = {"e.g", "i.e", "vs", "cf", "approx", "no", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col"}
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
ENGLISH_HINTS = {"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "said", "a"}
MIN_TYPO_FREQUENCY = 5_000_000  # suggestions rarer than this are not trusted


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """symspellpy's English frequency dictionary as a dict."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    table = {}
    with open(str(path), encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            table[word] = int(count)
    return table


@lru_cache(maxsize=1)
def _speller():
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    speller.load_dictionary(str(path), term_index=0, count_index=1)
    return speller


def _spelling_variant(word: str, suggestion: str) -> bool:
    """British/American pairs (sceptical/skeptical, defence/defense) are not typos."""
    pairs = [("k", "c"), ("z", "s"), ("or", "our"), ("er", "re"), ("se", "ce"), ("l", "ll")]
    for a, b in pairs:
        if word.replace(a, b) == suggestion or word.replace(b, a) == suggestion:
            return True
    return False


def correct_word(word: str) -> str | None:
    """A confident distance-1 correction for a lower-case unknown word, or None."""
    from symspellpy import Verbosity

    if word in frequencies() or len(word) < 3:
        return None
    suggestions = _speller().lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
    if len(suggestions) != 1 and not (suggestions and suggestions[0].count > 20 * suggestions[1].count):
        return None
    best = suggestions[0] if suggestions else None
    if best is None or best.count < MIN_TYPO_FREQUENCY or _spelling_variant(word, best.term):
        return None
    return best.term


def looks_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len(words) < 20:
        return True
    return sum(w in ENGLISH_HINTS for w in words) / len(words) > 0.08


class Repairer:
    """The repair stage: one instance holds the name casing table built from the KB."""

    name = "repair"
    reads = frozenset({"raw"})
    writes = frozenset({"text", "repairs"})

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.casing = kb.canonical_casing()
        self.known = set(kb.by_fold)

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            self.repair(article)
        return articles

    def repair(self, article: Article) -> Article:
        raw = article.raw
        english = article.language.startswith("en") and looks_english(raw)
        if not english and article.language.startswith("en"):
            article.language = "und"
        edits = self._characters(raw) + self._layout(raw)
        if english:
            edits += self._spacing(raw) + self._words(raw)
        article.repairs = _resolve(edits)
        article.text = _apply(raw, article.repairs)
        if english and article.title:
            article.title = self.repair_line(article.title)
        article.offsets = OffsetMap(article.repairs)
        article.truncated = bool(article.text.strip()) and not SENTENCE_END.search(article.text.rstrip())
        words = max(1, len(WORD.findall(raw)))
        counted = [r for r in article.repairs if r.kind not in {"whitespace", "unicode"}]
        article.noise = round(100 * len(counted) / words, 2)
        article.layers |= {"text", "repairs"}
        return article

    def repair_line(self, line: str) -> str:
        """A one-off repair of a short string (a title), without the offset bookkeeping."""
        edits = self._characters(line) + self._spacing(line) + self._words(line)
        return _apply(line, _resolve(edits)).strip()

    def _characters(self, raw: str) -> list[Repair]:
        edits = []
        for i, char in enumerate(raw):
            if char in ZERO_WIDTH:
                edits.append(Repair(i, i + 1, char, "", "unicode"))
            elif char in ODD_SPACES:
                edits.append(Repair(i, i + 1, char, " ", "unicode"))
        if not unicodedata.is_normalized("NFC", raw):
            for match in COMBINING.finditer(raw):
                composed = unicodedata.normalize("NFC", match.group())
                if composed != match.group():
                    edits.append(Repair(match.start(), match.end(), match.group(), composed, "unicode"))
        for match in ENTITY.finditer(raw):
            decoded = html.unescape(match.group())
            if decoded != match.group():
                decoded = decoded.replace("\u00a0", " ")
                edits.append(Repair(match.start(), match.end(), match.group(), decoded, "entity"))
        for i, char in enumerate(raw):
            if char == "”" and (i == 0 or raw[i - 1] in " \t\n(") and i + 1 < len(raw) and raw[i + 1].isalnum():
                edits.append(Repair(i, i + 1, char, "“", "quote"))
            elif char == "“" and i > 0 and raw[i - 1].isalnum() and (i + 1 == len(raw) or raw[i + 1] in " \t\n.,;:!?)"):
                edits.append(Repair(i, i + 1, char, "”", "quote"))
        return edits

    def _layout(self, raw: str) -> list[Repair]:
        edits = [Repair(m.start(), m.end(), m.group(), "", "boilerplate") for m in BOILERPLATE.finditer(raw)]
        for match in LINE_HYPHEN.finditer(raw):
            joined = match.group(1) + match.group(2)
            if joined.lower() in frequencies():
                edits.append(Repair(match.start(), match.end(), match.group(), joined, "hyphenation"))
        edits += [Repair(m.start(), m.end(), m.group(), "\n\n", "whitespace") for m in BLANK_RUN.finditer(raw)]
        return edits

    def _spacing(self, raw: str) -> list[Repair]:
        protected = [(m.start(), m.end()) for m in URLISH.finditer(raw)]
        edits = []
        for match in MISSING_SPACE.finditer(raw):
            at = match.end()
            if any(a <= at < b for a, b in protected):
                continue
            before = raw[max(0, at - 8):at - 1].rsplit(None, 1)[-1].lower()
            if before.rstrip(".") in ABBREVIATIONS:
                continue
            edits.append(Repair(at, at, "", " ", "spacing"))
        return edits

    def _words(self, raw: str) -> list[Repair]:
        protected = [(m.start(), m.end()) for m in URLISH.finditer(raw)]
        edits = []
        for match in WORD.finditer(raw):
            word, start, end = match.group(), match.start(), match.end()
            if any(a <= start < b for a, b in protected):
                continue
            core, tail = _split_possessive(word)
            fixed, kind = core, ""
            if core.islower():
                key = fold(core)
                if key in self.casing and not self.casing[key].isupper():
                    fixed, kind = self.casing[key], "casing"
                elif key not in self.known:
                    correction = correct_word(core)
                    if correction:
                        fixed, kind = correction, "typo"
            elif key_title_acronym(core, self.casing):
                fixed, kind = self.casing[fold(core)], "casing"
            if _sentence_initial(raw, start) and fixed[:1].islower():
                fixed, kind = fixed[0].upper() + fixed[1:], kind or "casing"
            if fixed != core:
                edits.append(Repair(start, start + len(core), core, fixed, kind))
        return edits


def key_title_acronym(word: str, casing: dict[str, str]) -> bool:
    """'Nato' where the known form is the acronym 'NATO'."""
    known = casing.get(fold(word))
    return bool(known) and known.isupper() and len(known) > 3 and word.istitle()


def _split_possessive(word: str) -> tuple[str, str]:
    for suffix in ("'s", "’s", "'", "’", "-"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)], suffix
    return word, ""


def _sentence_initial(raw: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and raw[i] in " \t\"'“‘(":
        i -= 1
    if i < 0 or raw[i] == "\n":
        return True
    if raw[i] in "!?":
        return True
    if raw[i] == ".":
        before = re.search(r"(\S+)\.$", raw[max(0, i - 12):i + 1])
        token = before.group(1).lower() if before else ""
        return len(token) >= 2 and token not in ABBREVIATIONS and not re.fullmatch(r"(\w\.)+\w?", token)
    return False


def _resolve(edits: list[Repair]) -> list[Repair]:
    """Sorted, non-overlapping edits; the earlier-proposed one wins a clash."""
    order = {id(edit): n for n, edit in enumerate(edits)}
    kept: list[Repair] = []
    for edit in sorted(edits, key=lambda e: order[id(e)]):
        if all(edit.end <= k.start and not (edit.start == edit.end == k.start) or edit.start >= k.end and not (edit.start == edit.end == k.end == k.start) for k in kept):
            kept.append(edit)
    return sorted(kept, key=lambda e: (e.start, e.end))


def _apply(raw: str, repairs: list[Repair]) -> str:
    parts, at = [], 0
    for repair in repairs:
        parts.append(raw[at:repair.start])
        parts.append(repair.after)
        at = repair.end
    parts.append(raw[at:])
    return "".join(parts)
