"""Scraper-style noise at known rates, and a score of the repairer against it.

`corrupt` damages clean text the way scraped news is damaged (typos in common
lower-case words, lower-cased names and sentence starts, missing spaces after
full stops and commas, opening quotes written as closing ones) and records
each change. `score` compares the repairs made on the damaged text with those
changes: a repair is right when it restores exactly what was damaged.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from ..article import Repair
from ..knowledge.kb import KnowledgeBase, fold
from ..knowledge.lexicon import frequencies

KINDS = ("typo", "casing", "spacing", "quote")
DEFAULT_RATES = {"typo": 0.03, "name": 0.4, "sentence": 0.3, "spacing": 0.3, "quote": 0.5}
COMMON = 1_000_000  # typos are made only in words at least this frequent
KEYBOARD = dict(zip("qwertyuiopasdfghjklzxcvbnm", ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl", "ol",
                                                   "qsz", "awdx", "sefc", "drgv", "fthb", "gyjn", "hukm", "jilm", "kop",
                                                   "asx", "zsdc", "xdfv", "cfgb", "vghn", "bhjm", "njk"]))


@dataclass(slots=True)
class Damage:
    """One change made to clean text: at [start, end) of the damaged text, `damaged` was `clean`."""

    start: int
    end: int
    damaged: str
    clean: str
    kind: str


@dataclass
class Score:
    made: Counter = field(default_factory=Counter)      # damages by kind
    repaired: Counter = field(default_factory=Counter)  # repairs by kind
    right: Counter = field(default_factory=Counter)     # repairs that undid a damage, by kind
    restored: Counter = field(default_factory=Counter)  # damages undone, by kind

    def precision(self, kind: str) -> float:
        return self.right[kind] / self.repaired[kind] if self.repaired[kind] else 1.0

    def recall(self, kind: str) -> float:
        return self.restored[kind] / self.made[kind] if self.made[kind] else 1.0

    def add(self, other: "Score") -> None:
        for name in ("made", "repaired", "right", "restored"):
            getattr(self, name).update(getattr(other, name))


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    operation = rng.choice(["swap", "drop", "double", "near"])
    if operation == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if operation == "drop":
        return word[:i] + word[i + 1:]
    if operation == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYBOARD.get(word[i], word[i])) + word[i + 1:]


def corrupt(text: str, kb: KnowledgeBase, *, seed: int = 0,
            rates: dict[str, float] | None = None) -> tuple[str, list[Damage]]:
    """Damaged text and the list of damages, in damaged-text offsets."""
    rates = {**DEFAULT_RATES, **(rates or {})}
    rng = random.Random(seed)
    words = frequencies()
    casing = kb.canonical_casing()
    plans: list[tuple[int, int, str, str]] = []  # (start, end, replacement, kind) in clean offsets
    for match in re.finditer(r"[A-Za-z]+", text):
        word, start, end = match.group(), match.start(), match.end()
        initial = start == 0 or re.search(r"(?:^|[.!?]\s+|\n)[“\"]?$", text[max(0, start - 3):start]) is not None
        if word.islower() and len(word) >= 4 and words.get(word, 0) >= COMMON and not initial:
            if rng.random() < rates["typo"]:
                damaged = _typo(word, rng)
                if damaged not in words and fold(damaged) not in kb.by_fold:
                    plans.append((start, end, damaged, "typo"))
        elif word[0].isupper() and word[1:].islower() and casing.get(word.lower()) == word and not initial:
            if rng.random() < rates["name"]:
                plans.append((start, end, word.lower(), "casing"))
        elif initial and word[0].isupper() and word[1:].islower() and rng.random() < rates["sentence"]:
            plans.append((start, end, word[0].lower() + word[1:], "casing"))
    for match in re.finditer(r"(?<=[a-z]{2})[.,] (?=[A-Za-z]{2})", text):
        if rng.random() < rates["spacing"] and not (match.group()[0] == "." and text[match.end()].islower()):
            plans.append((match.end() - 1, match.end(), "", "spacing"))
    for match in re.finditer(r"(?:(?<=\s)|^)“", text):
        if rng.random() < rates["quote"]:
            plans.append((match.start(), match.end(), "”", "quote"))
    plans.sort()
    parts, damages, at, shift = [], [], 0, 0
    for start, end, replacement, kind in plans:
        if start < at:
            continue  # keep damages apart
        parts += [text[at:start], replacement]
        new_start = start + shift
        damages.append(Damage(new_start, new_start + len(replacement), replacement, text[start:end], kind))
        shift += len(replacement) - (end - start)
        at = end
    parts.append(text[at:])
    return "".join(parts), damages


def score(repairs: list[Repair], damages: list[Damage]) -> Score:
    result = Score()
    result.made.update(d.kind for d in damages)
    by_span = {(d.start, d.end): d for d in damages}
    for repair in repairs:
        kind = repair.kind if repair.kind in KINDS else None
        if kind is None:
            continue
        result.repaired[kind] += 1
        damage = by_span.get((repair.start, repair.end))
        if damage is None and repair.start == repair.end:  # a space put back where it was taken
            damage = next((d for d in damages if d.kind == "spacing" and d.start == repair.start), None)
        if damage is not None and repair.after == damage.clean:
            result.right[kind] += 1
            result.restored[damage.kind] += 1
    return result


def evaluate(texts: list[str], repairer, kb: KnowledgeBase, *, seeds: int = 5,
             rates: dict[str, float] | None = None) -> Score:
    """Damage each text with each seed, repair it, and add up the scores."""
    from ..article import Article

    total = Score()
    for seed in range(seeds):
        for n, text in enumerate(texts):
            damaged, damages = corrupt(text, kb, seed=seed * 1000 + n, rates=rates)
            article = Article(id="noise", raw=damaged)
            repairer.repair(article)
            total.add(score(article.repairs, damages))
    return total
