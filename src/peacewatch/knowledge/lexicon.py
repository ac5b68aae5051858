"""English word and word-pair frequencies, from the dictionaries that symspellpy ships.

Used to tell a typo from a rare word, to rank corrections by their
neighbours, and to tell name-like words from common ones.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .cache import cached

DICTIONARY = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"


def dictionary_path() -> str:
    return str(resources.files("symspellpy") / DICTIONARY)


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """word -> count, from symspellpy's English dictionary."""
    return cached("frequencies", _frequencies, packages=("symspellpy",))


def _frequencies() -> dict[str, int]:
    table = {}
    with open(dictionary_path(), encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            table[word] = int(count)
    return table


@lru_cache(maxsize=1)
def bigrams() -> dict[str, int]:
    """'word word' -> count, from symspellpy's bigram dictionary."""
    return cached("bigrams", _bigrams, packages=("symspellpy",))


def _bigrams() -> dict[str, int]:
    table = {}
    with open(str(resources.files("symspellpy") / BIGRAMS), encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            table[f"{first} {second}"] = int(count)
    return table
