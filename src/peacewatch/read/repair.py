"""Repair scraped text without breaking names, recording every change in raw offsets.

Reads: raw. Writes: text, repairs, offsets, truncated, noise, language.

Each rule proposes edits on the raw text; rules run in order of trust and an
edit that overlaps an earlier one is dropped. The kept edits are applied in
one pass, which also builds the map from repaired offsets back to raw ones.
Kinds: unicode, entity, quote, boilerplate, hyphenation, whitespace, spacing,
casing, typo. Text in a language other than English is left as it is.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from functools import lru_cache

import ahocorasick

from ..article import Article, OffsetMap, Repair
from ..knowledge.kb import KnowledgeBase, fold, fold_text
from ..knowledge.lexicon import bigrams, frequencies
from . import language

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a"
ODD_QUOTES = {"„": "“", "‟": "“", "″": '"', "``": "“", "''": "”"}
BOILERPLATE = re.compile(
    r"^[ \t]*(advertisement|advertising|sponsored( content)?|read more\b.*|related( articles| stories)?:.*"
    r"|share this( article| story)?|share on (facebook|twitter|x)|click here to .*|subscribe( now)?( to .*)?"
    r"|sign up for .*newsletter.*|(this|our) (site|website) uses cookies.*|we use cookies.*"
    r"|accept (all )?cookies|cookie (settings|policy)|skip to (main )?content|follow us on .*"
    r"|all rights reserved.*|©.*|image caption.*|most read|listen to this article.*)[ \t]*$\n?",
    re.I | re.M,
)
ENTITY = re.compile(r"&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
MOJIBAKE = re.compile(r"(?:[ÂÃâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,2})+")
COMBINING = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]+", re.S)
BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
LINE_HYPHEN = re.compile(r"\b([A-Za-z]{2,})-[ \t]*\n[ \t]*([a-z]{2,})\b")
# A missing space after a full stop before a capitalised word or a common sentence opener,
# or after a comma between words. Never between digits, and never in URLs (protected below).
MISSING_SPACE = re.compile(
    r"(?<=[a-z]{2})[.!?;](?=[“”\"‘]?[A-Z][a-z]|[A-Z]{2,}\b|(?P<lower>[a-z]{2,})\b)|(?<=[A-Za-z]{2}),(?=[A-Za-z]{2})")
COMMON_OPENER = 1_000_000  # "said.debris": a lower-case word this common after a full stop starts a sentence
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
URLISH = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|net|gov|edu|io|uk|ru|ua|int|eu)\b\S*")
ABBREVIATIONS = {"e.g", "i.e", "vs", "cf", "approx", "no", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "etc",
                 "a.m", "p.m", "u.s", "u.k", "u.n", "e.u"}
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
NAME_LIKE = 20_000_000  # in a lower-case multi-word name, words rarer than this are names, not common words
MIN_TYPO_FREQUENCY = 1_000_000  # suggestions rarer than this are not trusted
TYPO_MARGIN = 1.6  # the best correction must beat the next by this much (log units, ~5x)
UNCOUNTED = {"whitespace", "unicode", "entity", "boilerplate"}  # not noise in the writing itself


def near(word: str) -> set[str]:
    """Every dictionary word one edit away from `word` (a letter dropped, added or changed, or two
    neighbours swapped): the candidates symspell's distance-1 look-up finds, without the two seconds
    its table of deletions takes to build."""
    known = frequencies()
    letters = _letters()
    halves = [(word[:n], word[n:]) for n in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in halves if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in halves if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in halves if b for c in letters}
    edits |= {a + c + b for a, b in halves for c in letters}
    edits.discard(word)
    return {edit for edit in edits if edit in known}


@lru_cache(maxsize=1)
def _letters() -> str:
    """The characters the dictionary's words are written with."""
    return "".join(sorted({c for word in frequencies() for c in word}))


def _spelling_variant(word: str, suggestion: str) -> bool:
    """British/American pairs (sceptical/skeptical, defence/defense) are not typos."""
    pairs = [("k", "c"), ("z", "s"), ("or", "our"), ("er", "re"), ("se", "ce"), ("l", "ll")]
    return any(word.replace(a, b) == suggestion or word.replace(b, a) == suggestion for a, b in pairs)


def correct_word(word: str, before: str = "", after: str = "") -> str | None:
    """A confident distance-1 correction for a lower-case unknown word, or None.

    Candidates are ranked by their frequency and by how often they follow
    `before` and precede `after` (the bigram dictionary); the best must be a
    common word, beat the next one clearly (TYPO_MARGIN, in log units), and
    not be a spelling variant of the word (sceptical/skeptical).
    """
    counts = frequencies()
    if word in counts or len(word) < 3:
        return None
    suggestions = near(word)
    if not suggestions:
        return None
    pairs = bigrams()

    def fit(term: str, count: int) -> float:
        context = pairs.get(f"{before} {term}", 0) + pairs.get(f"{term} {after}", 0)
        return math.log(count) + 1.5 * math.log1p(context)

    ranked = sorted(((fit(term, counts[term]), term, counts[term]) for term in suggestions), reverse=True)
    score, term, count = ranked[0]
    if len(ranked) > 1 and score - ranked[1][0] < TYPO_MARGIN:
        return None
    if count < MIN_TYPO_FREQUENCY or _spelling_variant(word, term):
        return None
    return term


class Repairer:
    """The repair stage: one instance holds the name tables built from the knowledge base."""

    name = "repair"
    reads = frozenset({"raw"})
    writes = frozenset({"text", "repairs"})

    def __init__(self, kb: KnowledgeBase, vocabulary: frozenset[str] = frozenset()):
        """`vocabulary`: word forms the later stages know (trigger words), never "corrected"."""
        self.known = set(kb.by_fold)
        self.vocabulary = vocabulary
        self.casing = kb.canonical_casing()
        self.phrases = ahocorasick.Automaton()
        for written in self.casing.values():
            if " " in written:
                self.phrases.add_word(fold_text(written), written)
        self.phrases.make_automaton()

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            self.repair(article)
        return articles

    def repair(self, article: Article) -> Article:
        raw = article.raw
        detected = language.detect(raw)
        english = detected == "en" and article.language.startswith("en")
        if detected != "en" or not article.language:
            article.language = detected
        edits = self._characters(raw) + self._layout(raw)
        if english:
            spacing = self._spacing(raw)
            edits += spacing + self._phrases(raw) + self._words(raw, {e.start for e in spacing})
        article.repairs = resolve(edits)
        article.text = apply(raw, article.repairs)
        article.offsets = OffsetMap(article.repairs)
        article.truncated = bool(article.text.strip()) and not SENTENCE_END.search(article.text.rstrip())
        words = max(1, len(WORD.findall(raw)))
        article.noise = round(100 * sum(r.kind not in UNCOUNTED for r in article.repairs) / words, 2)
        if english and article.title:
            article.title = self.repair_line(article.title)
        article.layers |= {"text", "repairs"}
        return article

    def repair_line(self, line: str) -> str:
        """A one-off repair of a short string (a title), without the offset bookkeeping."""
        spacing = self._spacing(line)
        edits = self._characters(line) + spacing + self._phrases(line) + self._words(line, {e.start for e in spacing})
        return apply(line, resolve(edits)).strip()

    def _characters(self, raw: str) -> list[Repair]:
        edits = []
        for i, char in enumerate(raw):
            if char in ZERO_WIDTH:
                edits.append(Repair(i, i + 1, char, "", "unicode"))
            elif char in ODD_SPACES:
                edits.append(Repair(i, i + 1, char, " ", "unicode"))
        for match in MOJIBAKE.finditer(raw):
            try:
                fixed = match.group().encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            edits.append(Repair(match.start(), match.end(), match.group(), fixed, "unicode"))
        if not unicodedata.is_normalized("NFC", raw):
            for match in COMBINING.finditer(raw):
                composed = unicodedata.normalize("NFC", match.group())
                if composed != match.group():
                    edits.append(Repair(match.start(), match.end(), match.group(), composed, "unicode"))
        for match in ENTITY.finditer(raw):
            decoded = html.unescape(match.group())
            if decoded != match.group():
                edits.append(Repair(match.start(), match.end(), match.group(), decoded.replace("\u00a0", " "), "entity"))
        return edits + self._quotes(raw)

    @staticmethod
    def _quotes(raw: str) -> list[Repair]:
        """Quote marks that point the wrong way, and odd quote characters."""
        edits = []
        for i, char in enumerate(raw):
            before = raw[i - 1] if i else "\n"
            after = raw[i + 1] if i + 1 < len(raw) else "\n"
            if char == "”" and (before.isspace() or before in "(—–" or (before in ".!?,:;" and after.isupper())) \
                    and after.isalnum():
                edits.append(Repair(i, i + 1, char, "“", "quote"))
            elif char == "“" and (before.isalnum() or before in ".,!?") and (after.isspace() or after in ".,;:!?)"):
                edits.append(Repair(i, i + 1, char, "”", "quote"))
            elif char == "‘" and before.isalpha() and after.isalpha():
                edits.append(Repair(i, i + 1, char, "’", "quote"))  # an apostrophe typed as an opening quote
            elif char in "„‟″":
                edits.append(Repair(i, i + 1, char, ODD_QUOTES[char], "quote"))
        for match in re.finditer(r"``|''", raw):
            edits.append(Repair(match.start(), match.end(), match.group(), ODD_QUOTES[match.group()], "quote"))
        return edits

    @staticmethod
    def _layout(raw: str) -> list[Repair]:
        edits = [Repair(m.start(), m.end(), m.group(), "", "boilerplate") for m in BOILERPLATE.finditer(raw)]
        for match in LINE_HYPHEN.finditer(raw):
            joined = match.group(1) + match.group(2)
            if joined.lower() in frequencies():
                edits.append(Repair(match.start(), match.end(), match.group(), joined, "hyphenation"))
        edits += [Repair(m.start(), m.end(), m.group(), "\n\n", "whitespace") for m in BLANK_RUN.finditer(raw)]
        return edits

    def _spacing(self, raw: str) -> list[Repair]:
        protected = [(m.start(), m.end()) for pattern in (URLISH, ENTITY) for m in pattern.finditer(raw)]
        edits = []
        for match in MISSING_SPACE.finditer(raw):
            at = match.end()
            if any(a <= at - 1 < b for a, b in protected):
                continue
            lower = match.group("lower")
            if lower and lower not in self.casing and frequencies().get(lower, 0) < COMMON_OPENER:
                continue  # "node.js", "report.pdf": not two sentences
            before = raw[max(0, at - 8):at - 1].rsplit(None, 1)[-1].lower().lstrip("(\"“")
            if before.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", before):
                continue
            edits.append(Repair(at, at, "", " ", "spacing"))
        return edits

    def _phrases(self, raw: str) -> list[Repair]:
        """Multi-word names written in lower case: 'vladimir putin' -> 'Vladimir Putin'.

        Only the case changes: the letters (and accents) stay as written.
        """
        edits = []
        for end, written in self.phrases.iter(fold_text(raw)):
            start = end - len(written) + 1
            surface = raw[start:end + 1]
            if not surface.islower():
                continue
            if (start and raw[start - 1].isalnum()) or (end + 1 < len(raw) and raw[end + 1].isalnum()):
                continue
            if all(w.lower() in self.casing or frequencies().get(w.lower(), 0) < NAME_LIKE
                   for w in re.findall(r"[^\W\d_]+", written)):
                recased = "".join(s.upper() if w.isupper() else s for s, w in zip(surface, written))
                edits.append(Repair(start, end + 1, surface, recased, "casing"))
        return edits

    def _words(self, raw: str, spaced: set[int]) -> list[Repair]:
        """Typos and casing, word by word; `spaced` holds where a missing space will be put back."""
        protected = [(m.start(), m.end()) for m in URLISH.finditer(raw)]  # in order, not overlapping
        starts = [a for a, _ in protected]
        edits = []
        for match in WORD.finditer(raw):
            word, start = match.group(), match.start()
            inside = bisect_right(starts, start) - 1
            if inside >= 0 and start < protected[inside][1]:
                continue
            core = _strip_possessive(word)
            fixed, kind = core, ""
            key = core.lower()
            if core.islower():
                if key in self.casing and not self.casing[key].isupper():
                    fixed, kind = self.casing[key], "casing"
                elif fold(core) not in self.known and key not in self.vocabulary:
                    correction = correct_word(core, *_neighbours(raw, start, start + len(core)))
                    if correction:
                        fixed, kind = correction, "typo"
            elif _title_for_acronym(core, self.casing.get(key)):
                fixed, kind = self.casing[key], "casing"
            if _sentence_initial(raw, start, spaced) and fixed[:1].islower():
                fixed, kind = fixed[0].upper() + fixed[1:], kind or "casing"
            if fixed != core:
                edits.append(Repair(start, start + len(core), core, fixed, kind))
        return edits


def _neighbours(raw: str, start: int, end: int) -> tuple[str, str]:
    """The lower-cased words just before and after a span, for bigram context."""
    before = re.search(r"([A-Za-z]+)[^A-Za-z\n]{0,2}$", raw[max(0, start - 30):start])
    after = re.match(r"[^A-Za-z\n]{0,2}([A-Za-z]+)", raw[end:end + 30])
    return (before.group(1).lower() if before else "", after.group(1).lower() if after else "")


def _title_for_acronym(word: str, known: str | None) -> bool:
    """'Nato' where the known form is the acronym 'NATO'."""
    return bool(known) and known.isupper() and len(known) > 3 and word.istitle()


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’", "-"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _sentence_initial(raw: str, start: int, spaced: set[int]) -> bool:
    if start > 0 and raw[start - 1] in ".!?;":
        return start in spaced  # "exports.this": only if the space is put back
    i = start - 1
    while i >= 0 and raw[i] in " \t\"'“”‘(":
        i -= 1
    if i < 0 or raw[i] == "\n":
        return True
    if raw[i] in "!?":
        return True
    if raw[i] == ".":
        before = re.search(r"(\S+)\.$", raw[max(0, i - 12):i + 1])
        token = before.group(1).lower().lstrip("(\"“") if before else ""
        return len(token) >= 2 and token not in ABBREVIATIONS and not re.fullmatch(r"(?:\w\.)+\w?", token)
    return False


def resolve(edits: list[Repair]) -> list[Repair]:
    """Sorted, non-overlapping edits; the earlier-proposed one wins a clash.

    Replacements claim their characters; an insertion claims its point, and is refused inside
    a replaced span (but may sit at its edge: "exports.|This").
    """
    size = max((e.end for e in edits), default=0) + 1
    claimed = bytearray(size)
    points: list[int] = []  # sorted insertion points
    kept: list[Repair] = []
    for edit in edits:
        if edit.start == edit.end:
            at = bisect_left(points, edit.start)
            taken = at < len(points) and points[at] == edit.start
            inside = 0 < edit.start < size and claimed[edit.start - 1] and claimed[edit.start]
            if taken or inside:
                continue
            insort(points, edit.start)
        else:
            after = bisect_right(points, edit.start)
            if any(claimed[edit.start:edit.end]) or (after < len(points) and points[after] < edit.end):
                continue
            claimed[edit.start:edit.end] = b"\x01" * (edit.end - edit.start)
        kept.append(edit)
    return sorted(kept, key=lambda e: (e.start, e.end))


def apply(raw: str, repairs: list[Repair]) -> str:
    parts, at = [], 0
    for repair in repairs:
        parts.append(raw[at:repair.start])
        parts.append(repair.after)
        at = repair.end
    parts.append(raw[at:])
    return "".join(parts)
