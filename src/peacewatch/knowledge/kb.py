"""The actor knowledge base: countries, organisations, armed groups and people.

Countries come from pycountry (names, ISO alpha-3) plus `data/countries.tsv`
(adjectives, demonyms, seats of power, other names). Named actors come from
`data/actors.tsv`; a user's own file in the same format is added through the
`actors_file` setting. Both formats are documented in the files' headers.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import DataFileError

ACTOR_COLUMNS = ["id", "name", "aliases", "country", "sector", "role", "start", "end", "theatre"]
COUNTRY_COLUMNS = ["iso3", "adjectives", "demonyms", "seats", "extra_names"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form of one actor."""

    alias: str
    actor_id: str
    name: str
    country: str
    sector: str
    role: str
    kind: str  # person | org | country | adjective | demonym | seat
    start: str = ""
    end: str = ""
    theatre: str = ""  # the actors.tsv theatre ("SYR", "ETH-SOM"): the states a group is found in

    def of(self, states: set[str]) -> bool:
        """Whether the actor is of one of `states`, or a group of their theatre."""
        return self.country in states or any(part in states for part in self.theatre.split("-"))


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Erdoğan' and 'erdogan' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    if len(folded) == 1:
        return folded
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"} | {ord("’"): "'"}


FAMILY_FIRST = {"CHN", "TWN", "HKG", "KOR", "PRK"}  # names written family name first: Lai Ching-te is "Lai"


def surname_words(name: str, country: str) -> set[str]:
    """The words a person's full name is shortened to: the last, and the first where it is the family name."""
    words = name.split()
    return {words[-1], *(words[:1] if country in FAMILY_FIRST else ())}


def fold_text(text: str) -> str:
    """Length-preserving fold, so offsets in the folded text are offsets in the text."""
    if text.isascii():
        return text.lower()
    table = dict(ASCII_LOWER)
    table.update({ord(c): _fold_char(c) for c in set(text) if not c.isascii() and c != "’"})
    return text.translate(table)


def data_path(name: str) -> Path:
    return Path(str(resources.files("peacewatch") / "data" / name))


def read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != columns:
            raise DataFileError(str(path), 1, f"header must be {' / '.join(columns)}, got {header}")
        for number, row in enumerate(reader, start=2):
            if len(row) != len(columns):
                raise DataFileError(str(path), number, f"expected {len(columns)} columns, got {len(row)}")
            rows.append(dict(zip(columns, (cell.strip() for cell in row))))
    return rows


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


class KnowledgeBase:
    """All surface forms, with lookup by folded alias."""

    def __init__(self, entries: list[Entry], ambiguous: set[str]):
        self.entries = entries
        self.ambiguous = ambiguous
        self.by_fold: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_fold.setdefault(fold(entry.alias), []).append(entry)
        self.by_id: dict[str, Entry] = {}
        for entry in entries:
            self.by_id.setdefault(entry.actor_id, entry)

    def lookup(self, alias: str, *, date: str | None = None) -> Entry | None:
        """The best entry for a surface form: the one whose role holds on `date`."""
        candidates = self.by_fold.get(fold(alias))
        return self.pick(candidates, date) if candidates else None

    @staticmethod
    def pick(candidates: list[Entry], date: str | None) -> Entry:
        """The first candidate whose role holds on `date` (all hold when the date is unknown)."""
        if len(candidates) == 1 or not date:
            return candidates[0]
        holding = [e for e in candidates if (not e.start or e.start <= date) and (not e.end or date <= e.end)]
        return (holding or candidates)[0]

    def case_sensitive(self, alias: str) -> bool:
        """Whether an alias only matches as written: acronyms and mixed case ("US", "LeT"),
        and the names in data/ambiguous.txt that are also common words ("Turkey", "Trump")."""
        words = alias.split()
        if any(w[1:] != w[1:].lower() for w in words if len(w) > 1) and not alias.isupper():
            return True  # "LeT", "McAllister"
        if alias.isupper() and len(alias.replace(".", "")) <= 4:
            return True  # "US", "UN", "IDF"
        return fold(alias) in self.ambiguous

    def canonical_casing(self) -> dict[str, str]:
        """Lower-cased alias -> its written form, for aliases safe to re-case from lower case.

        Keyed by lower case, not by the accent fold: re-casing never adds accents.
        """
        casing: dict[str, str] = {}
        for entry in self.entries:
            alias = entry.alias.removeprefix("the ")
            key = alias.lower()
            if len(alias) <= 2 or not any(c.isupper() for c in alias):
                continue
            if self.case_sensitive(alias) and not (alias.isupper() and len(alias) > 3):
                continue  # acronyms longer than four letters stay, for 'Nato' -> 'NATO'
            casing.setdefault(key, alias)
        return casing


def _country_entries(rows: list[dict[str, str]]) -> list[Entry]:
    import pycountry

    entries: list[Entry] = []
    extra = {row["iso3"]: row for row in rows}
    claimed = {fold(name) for row in rows for name in split(row["extra_names"])}
    for country in pycountry.countries:
        code = country.alpha_3
        row = extra.get(code, {})
        names = split(row.get("extra_names", ""))
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            # A name another country claims in countries.tsv is theirs: "Congo" is DR Congo in the news.
            if value and "," not in value and value not in names and fold(value) not in claimed:
                names.append(value)
        name = names[0]
        for alias in names:
            entries.append(Entry(alias, code, name, code, "GOV", "state", "country"))
        for alias in split(row.get("adjectives", "")):
            entries.append(Entry(alias, code, name, code, "GOV", "", "adjective"))
        for alias in split(row.get("demonyms", "")):
            entries.append(Entry(alias, code, name, code, "CVL", "people", "demonym"))
        for alias in split(row.get("seats", "")):
            entries.append(Entry(alias, code, name, code, "GOV", "government", "seat"))
    for code, row in extra.items():  # codes pycountry lacks, such as XKX (Kosovo)
        if pycountry.countries.get(alpha_3=code) is None and split(row["extra_names"]):
            name = split(row["extra_names"])[0]
            for alias in split(row["extra_names"]):
                entries.append(Entry(alias, code, name, code, "GOV", "state", "country"))
            for alias in split(row["adjectives"]):
                entries.append(Entry(alias, code, name, code, "GOV", "", "adjective"))
    return entries


PERSON_ROLES = re.compile(
    r"president|minister|envoy|advis|spokes|secretary|leader|commander|chief|head|prime|chancellor|"
    r"king|emir|pope|negotiator|mayor|general|ombudsman|aide|director|speaker|chair|commissioner|"
    r"representative|premier|ruler|crown|vice|deputy|founder|governor|ayatollah|sheikh|officer",
    re.I,
)


def _actor_entries(rows: list[dict[str, str]]) -> list[Entry]:
    entries = []
    for row in rows:
        kind = "person" if PERSON_ROLES.search(row["role"]) else "org"
        seen = set()
        for alias in [row["name"], *split(row["aliases"])]:
            if alias in seen:  # casings kept apart: "al-Shabaab" and "Al-Shabaab" each match only as written
                continue
            seen.add(alias)
            entries.append(
                Entry(alias, row["id"], row["name"], row["country"], row["sector"], row["role"],
                      kind, row["start"], row["end"], row["theatre"])
            )
    return entries


def _ambiguous_words() -> set[str]:
    path = data_path("ambiguous.txt")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    return words


@lru_cache(maxsize=8)
def load(actors_file: str | None = None) -> KnowledgeBase:
    """The shipped knowledge base, plus the user's own actors file if given."""
    entries = _country_entries(read_tsv(data_path("countries.tsv"), COUNTRY_COLUMNS))
    actor_rows = read_tsv(data_path("actors.tsv"), ACTOR_COLUMNS)
    if actors_file:
        actor_rows = read_tsv(Path(actors_file), ACTOR_COLUMNS) + actor_rows
    entries = _actor_entries(actor_rows) + entries
    return KnowledgeBase(entries, _ambiguous_words())
