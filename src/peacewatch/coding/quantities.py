"""Counts in a sentence, linked to the contract's quantity keys.

"claiming the lives of 31 people, including five children" gives killed=31 and
children_killed=5; "shot down 45 of the 48 missiles" gives
missiles_intercepted=45 and missiles_launched=48. "at least N" and "more than
N" give N; a range keeps the lower bound and records the upper in `<key>_max`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
VAGUE = {"a": 1, "an": 1, "a dozen": 12, "dozens": 24, "dozens of": 24, "scores": 40, "hundreds": 200, "hundreds of": 200,
         "thousands": 2000, "thousands of": 2000, "a hundred": 100, "a thousand": 1000}
BASE_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|" + "|".join(SMALL[1:]) + r")")
WORD_NUMBER = rf"{BASE_NUMBER}(?:\s+(?:hundred|thousand)(?:\s+and\s+{BASE_NUMBER})?)?"  # "one hundred and four"
ONE_THING = ("(?:child|civilian|soldier|person|gendarme|officer|policeman|commander|journalist|farmer|man|woman|"
              "boy|girl|official|fighter|leader|member|drone|missile|rocket|helicopter|warplane|plane|jet)")
# "a gendarme was killed", "detained a customs official", "shot down a military helicopter": one
ONE = rf"an?(?= (?:[a-z]+ ){{0,2}}{ONE_THING}\b)"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|{WORD_NUMBER}|a dozen|dozens|hundreds|thousands|a hundred|a thousand|{ONE})"
UNITS = {
    "person": r"people|persons|person|civilians?|residents|children|child|kids|minors|soldiers?|servicemen|troops|workers|"
              r"women|men|policemen|police officers|officers|fighters|militants|journalists|medics|rescuers|"
              r"Palestinians|Israelis|Ukrainians|Russians|Sudanese|passengers|patients|students|"
              # the other nouns for people that news counts: armed men, suspects, locals and crews
              r"insurgents|rebels|terrorists|jihadists|gunmen|assailants|attackers|militiamen|guerrillas|"
              r"gendarmes?|guards|personnel|commanders|members|suspects|villagers|farmers|shepherds|herders|"
              r"fishermen|sailors|crew(?: members)?|migrants|nationals|citizens|employees|staff|volunteers|"
              r"protesters|demonstrators|worshippers|pilgrims|displaced people|individuals|youths|boys|girls|"
              r"journalist|officer|policeman|commander|farmer|man|woman|boy|girl|official|fighter|leader|member",
    "drone": r"drones|UAVs|Shaheds|Shahed drones|unmanned aerial vehicles|attack drones|drone",
    "missile": r"missiles|rockets|missile|rocket",
    "aircraft": r"aircraft|planes|warplanes|jets|bombers|helicopters|fighter jets|helicopter|warplane|plane|jet",
    "prisoner": r"prisoners(?: of war)?|POWs|captives|detainees|servicemen",
    "hostage": r"hostages",
    "body": r"bodies|remains",
}
CIVILIANS = {"villagers", "residents", "farmers", "shepherds", "herders", "fishermen", "worshippers", "pilgrims",
             "displaced people", "passengers", "patients", "students", "women", "farmer"}  # counted as civilians
SOLDIERS = {"soldiers", "soldier", "servicemen", "troops", "gendarme", "gendarmes"}
UNIT = "|".join(f"(?P<{name}>{pattern})" for name, pattern in UNITS.items())
QUANTITY = re.compile(
    rf"(?P<mod>\b(?:at least|more than|over|nearly|almost|about|around|some|up to|roughly|as many as)\s+)?"
    rf"\b(?:between\s+(?P<low>{NUMBER})\s+and\s+(?P<high>{NUMBER})|(?P<num>{NUMBER})(?:\s*(?:-|–|to)\s*(?P<num2>{NUMBER}))?)\b"
    rf"(?:\s+of\s+(?:the|them|those|these)\b)?"
    rf"(?P<unitpart>(?:\s+of)?\s+(?:[A-Za-z-]+\s+){{0,3}}?(?:{UNIT})\b)?",
    re.I,
)
KEYWORDS = {
    "killed": r"killed|killing|kills|kill|dead|died|death toll|lives|fatalities|deaths|perished|lost their lives|"
              r"shot dead|beheaded|behead|beheads|massacred",
    "injured": r"injured|injuring|wounded|wounding|hurt|injuries",
    "intercepted": r"intercepted|shot down|shooting down|downed|neutrali[sz]ed|jammed|repelled|destroyed",
    "launched": r"launched|fired|sent|attacked .{0,30}?with|used|with",
    "exchanged": r"exchanged|swapped|exchange|swap|trade[ds]?",
    "released": r"released|freed|frees|free|returned|handed over|repatriated|hand over|return|release|releases|"
                r"received|got",
    "displaced": r"displaced|fled|evacuated|forced(?= .{0,30}?\bfrom (?:their|his|her) homes)",
    "arrested": r"arrested|arrests|arrest|detained|detains|detain|rounded up|captured|holding",
    "hit": r"hit|struck|damaged|destroyed",
}
KEYWORD = re.compile("|".join(rf"(?P<{k}>\b(?:{v})\b)" for k, v in KEYWORDS.items()), re.I)
NAMED_KEYS = {"detained": "arrested", "arrested": "arrested", "killed": "killed", "assassinated": "killed",
              "freed": "civilians_released", "released": "civilians_released"}
NAMED_ONE = re.compile(r"\b(?P<act>" + "|".join(NAMED_KEYS) + r")\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})"
                       r"(?=,|\.|\s+(?:on|in|at|as|after|who|and)\b)")
BEFORE_BONUS = 8  # characters a following keyword must beat a preceding one by
INCLUDING = re.compile(r"\b(?:including|among them|of whom|of them)\s*$", re.I)


@dataclass(slots=True)
class Quantity:
    key: str
    value: int
    maximum: int | None
    start: int
    end: int


def to_int(text: str) -> int | None:
    text = text.lower().strip()
    if text in VAGUE:
        return VAGUE[text]
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*(million|thousand)?", text)
    if match:
        value = float(match.group(1).replace(",", ""))
        scale = {"million": 1_000_000, "thousand": 1000, None: 1}[match.group(2)]
        return int(value * scale)
    total, scale = 0, 1
    for part in re.split(r"[\s-]+", text):
        if part == "and" and total:  # "one hundred and four"
            continue
        if part in SMALL:
            total += SMALL.index(part)
        elif part in TENS:
            total += TENS[part]
        elif part == "hundred":
            total, scale = total * 100, 1
        elif part == "thousand":
            total *= 1000
        else:
            return None
    return total * scale


def _unit(match: re.Match) -> tuple[str | None, str]:
    for name in UNITS:
        if match.group(name):
            return name, match.group(name).lower()
    return None, ""


def _key(unit: str, noun: str, keyword: str, each: bool) -> str | None:
    if unit == "person":
        kind = kind_of(noun)
        if keyword in ("killed", "intercepted"):  # people "neutralised" are killed
            return f"{kind}_killed" if kind else "killed"
        if keyword == "injured":
            return "children_injured" if kind == "children" else "injured"
        if keyword == "displaced":
            return "displaced"
        if keyword == "arrested":
            return "arrested"
        if keyword in {"released", "exchanged"}:
            if kind == "soldiers" or noun == "servicemen":
                return "prisoners_exchanged" if each or keyword == "exchanged" else "prisoners_released"
            return "civilians_released"
        return None
    if unit in {"drone", "missile"}:
        plural = unit + "s"
        return {"intercepted": f"{plural}_intercepted", "launched": f"{plural}_launched"}.get(keyword)
    if unit == "aircraft":
        return {"intercepted": "aircraft_downed", "hit": "aircraft_destroyed"}.get(keyword)
    if unit == "prisoner":
        if keyword == "exchanged" or (keyword == "released" and each):
            return "prisoners_exchanged"
        return "prisoners_released" if keyword == "released" else None
    if unit == "hostage":
        return "hostages_released" if keyword == "released" else None
    if unit == "body":
        return "bodies_returned" if keyword in {"released", "exchanged"} else None
    return None


def kind_of(noun: str) -> str:
    """children, civilians, soldiers or "" for a noun of people."""
    if noun in {"children", "child", "kids", "minors"}:
        return "children"
    if noun.startswith("civilian") or noun in CIVILIANS:
        return "civilians"
    return "soldiers" if noun in SOLDIERS else ""


def extract(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in text[start:end], with offsets in `text`."""
    end = len(text) if end is None else end
    span = text[start:end]
    each = bool(re.search(r"\beach\b|\bboth sides\b|\bper side\b", span, re.I))
    keywords = [(m.start(), m.end(), m.lastgroup) for m in KEYWORD.finditer(span)]
    found: list[Quantity] = []
    previous: tuple[str | None, str, str] = (None, "", "")
    matches = _matches(span)
    skip: set[int] = set()
    for n, match in enumerate(matches):
        number = match.group("num") or match.group("low")
        value = to_int(number)
        if n in skip:
            continue
        if value is None:
            continue
        unit, noun, _ = _unit_of(span, match)
        before = span[max(0, match.start() - 25):match.start()]
        inherits = INCLUDING.search(before) or re.search(r"\bof\s+(?:the|them)", match.group(0), re.I)
        partitive = re.search(r"\bof\s+(?:the|them)\s*$", match.group(0), re.I)
        if unit is None and partitive and n + 1 < len(matches) and _unit(matches[n + 1])[0] \
                and not span[match.end():matches[n + 1].start()].strip():
            # "shot down 45 of the 48 missiles": 45 intercepted out of 48 launched.
            unit, noun = _unit(matches[n + 1])
            total = matches[n + 1]
            total_value = to_int(total.group("num") or total.group("low"))
            if total_value and unit in {"drone", "missile"}:
                found.append(Quantity(f"{unit}s_launched", total_value, None, start + total.start(), start + total.end()))
                skip.add(n + 1)
        elif unit is None and partitive:
            unit, noun = previous[0], previous[1]
        lower = matches[n - 1].end() if n else 0
        upper_bound = matches[n + 1].start() if n + 1 < len(matches) else len(span)
        keyword = _nearest(keywords, match.start("num") if match.group("num") else match.start(), match.end(),
                           lower, upper_bound, unit)
        if inherits and previous[0] and (unit is None or unit == previous[0]):
            keyword = previous[2] or keyword
            unit = unit or previous[0]
        if unit is None:
            # A bare number next to a keyword: "injured at least 60", "more than 50 wounded".
            casualty = rf"(?:{KEYWORDS['killed']}|{KEYWORDS['injured']}|{KEYWORDS['displaced']}|{KEYWORDS['arrested']})"
            after = span[match.end():match.end() + 30]
            if keyword and (re.search(rf"\b{casualty}\s+(?:at least|more than|about|nearly|some|over)?\s*$", before, re.I)
                            or re.match(rf"\s+(?:were\s+|people\s+)?{casualty}\b", after, re.I)):
                unit, noun = "person", "people"
            elif previous[0] in {"drone", "missile"} and re.match(
                    rf"\s+(?:were|was|had been)\s+(?:{KEYWORDS['intercepted']})\b", after, re.I):
                unit, noun, keyword = previous[0], previous[1], "intercepted"  # "14 missiles ...; 13 were intercepted"
            else:
                continue
        key = _key(unit, noun, keyword or "", each)
        previous = (unit, noun, keyword or "")
        if key is None:
            continue
        upper = match.group("num2") or match.group("high")
        maximum = to_int(upper) if upper else None
        found.append(Quantity(key, value, maximum, start + match.start(), start + match.end()))
    if not found:  # "police detained Ivan Petrenko, 58,": one person, named
        for match in NAMED_ONE.finditer(span):
            found.append(Quantity(NAMED_KEYS[match.group("act").lower()], 1, None, start + match.start("name"),
                                  start + match.end("name")))
    return found


@dataclass(slots=True)
class Number:
    """A count in a span, before it is linked to a key: its value, the upper bound of a range, its offsets in the
    span (from the number itself: "at least" is left before it, to the end of its noun), its noun's kind (`UNITS`,
    else None) and the noun, where the figure itself ends, and the words between the figure and the noun."""

    value: int
    maximum: int | None
    start: int
    end: int
    unit: str | None
    noun: str
    figure_end: int  # the end of the figure itself, before its noun
    held: str


def numbers(span: str) -> list[Number]:
    """The counts of a span (dates, ordinals, durations, percentages, prices and distances left out)."""
    out = []
    for match in _matches(span):
        value = to_int(match.group("num") or match.group("low"))
        if value is None:
            continue
        unit, noun, held = _unit_of(span, match)
        upper = match.group("num2") or match.group("high")
        group = "num" if match.group("num") else "low"
        out.append(Number(value, to_int(upper) if upper else None, match.start(group), match.end(), unit, noun,
                          match.end("num2") if match.group("num2") else match.end("high") if match.group("high")
                          else match.end(group),
                          " ".join(held.lower().split()[-2:])))
    return out


def _matches(span: str) -> list[re.Match]:
    return [m for m in QUANTITY.finditer(span) if not _is_date_or_ordinal(span, m)]


def _unit_of(span: str, match: re.Match) -> tuple[str | None, str, str]:
    """The count's kind of noun, the noun, and the words between number and noun: "12 captured soldiers" are
    prisoners, "six abducted children" hostages, "the bodies of 20" bodies."""
    unit, noun = _unit(match)
    held = match.group(0)[:match.group(0).lower().rfind(noun)] if noun else ""
    number = match.group("num") or match.group("low") or ""
    held = held[held.lower().find(number.lower()) + len(number):] if number and number.lower() in held.lower() else held
    if unit == "person" and re.search(r"\b(?:detained|captured|captive|jailed|imprisoned)\s+(?:\w+\s+){0,3}$", held,
                                      re.I):
        unit = "prisoner"
    elif unit == "person" and re.search(r"\b(?:abducted|kidnapped|hostage)\s+(?:\w+\s+){0,2}$", held, re.I):
        unit = "hostage"  # "free six abducted children": hostages released
    if re.search(r"\b(?:bodies|remains)\s+of\s+(?:the\s+)?$", span[max(0, match.start() - 20):match.start()], re.I):
        unit, noun = "body", "bodies"
    return unit, noun, held


def _nearest(keywords, q_start, q_end, lower, upper, unit) -> str | None:
    """The keyword closest to the number; one just before it ("killed about 3,000") wins ties
    with one after it, as verbs usually precede their counts."""
    best, distance = None, 10**9
    for k_start, k_end, kind in keywords:
        if kind == "launched" and unit not in {"drone", "missile"}:
            continue
        if kind == "hit" and unit != "aircraft":
            continue
        if not (lower <= k_start < upper) and not (k_end <= q_start and k_start >= lower - 40):
            continue
        if k_end <= q_start:
            gap = q_start - k_end
        else:  # a keyword right after the count ("134 injured") is its own; further on it yields
            gap = k_start - q_end + (BEFORE_BONUS if k_start - q_end > 1 else 0)
        if gap >= 0 and gap < distance:
            best, distance = kind, gap
    return best


def _is_date_or_ordinal(span: str, match: re.Match) -> bool:
    after = span[match.end("num"):match.end("num") + 12]
    before = span[max(0, match.start() - 10):match.start()]
    if re.match(r"(?:st|nd|rd|th)\b|-(?:day|year|hour|week|month|point)|\s*(?:%|per ?cent|years?\b|days?\b|hours?\b|km|kilomet|miles|tonnes|tons)", after, re.I):
        return True
    if re.search(r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s*$", before):
        return True
    if re.match(r"\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b", after):
        return True
    return bool(re.search(r"[$€£]\s*$|\b(?:Tu|Su|Mi|Ka|A|F|S|Il|MiG)-$", before))


def merge(quantities: list[Quantity]) -> dict[str, int]:
    """One dict of keys; repeated keys keep the largest figure."""
    out: dict[str, int] = {}
    for quantity in quantities:
        out[quantity.key] = max(out.get(quantity.key, 0), quantity.value)
        if quantity.maximum:
            out[quantity.key + "_max"] = quantity.maximum
    if "killed" not in out:
        parts = [out[k] for k in ("civilians_killed", "soldiers_killed") if k in out]
        if parts:
            out["killed"] = sum(parts)
        elif "children_killed" in out:
            out["killed"] = out["children_killed"]
    return out
