"""English word frequencies, from the dictionary that symspellpy ships.

Used to tell a typo from a rare word, and a name from a common word: an
alias whose lower-case form is a very common word ("let", "mark", "bill")
only ever matches as written.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

DICTIONARY = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
COMMON_WORD = 90_000_000  # "bill", "mark", "let" and above


def dictionary_path() -> str:
    return str(resources.files("symspellpy") / DICTIONARY)


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    table = {}
    with open(dictionary_path(), encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            table[word] = int(count)
    return table


def is_common(word: str) -> bool:
    return frequencies().get(word.lower(), 0) >= COMMON_WORD


@lru_cache(maxsize=1)
def bigrams() -> dict[str, int]:
    """'word word' -> count, from symspellpy's bigram dictionary."""
    table = {}
    with open(str(resources.files("symspellpy") / BIGRAMS), encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            table[f"{first} {second}"] = int(count)
    return table
