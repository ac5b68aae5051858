"""Event dates resolved against the publication date.

"on Tuesday" is the last Tuesday on or before publication (the next one for a
planned event), "yesterday" the day before, "last week" seven days before;
explicit dates take the publication year when they give none. With nothing
said, a reported act takes the date last stated for an act of its kind in the
article ("Russia attacked overnight into Sunday ... In Zhytomyr three children
were killed": Sunday), else the publication date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
EXPRESSIONS = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|\b(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>\d{{4}}))?"
    rf"|\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?P<relative>yesterday|today|tonight|tomorrow|last night|this morning|last week|next week|last month|next month|earlier this week)\b",
    re.I,
)
RELATIVE = {"yesterday": -1, "today": 0, "tonight": 0, "this morning": 0, "last night": 0, "tomorrow": 1,
            "last week": -7, "next week": 7, "last month": -30, "next month": 30, "earlier this week": -2}


def resolve(text: str, published: str | None, *, anchor: int = 0, future: bool = False) -> str | None:
    """The date the text refers to (the expression nearest `anchor`), as YYYY-MM-DD."""
    if not published:
        base = None
    else:
        try:
            base = date.fromisoformat(published[:10])
        except ValueError:
            base = None
    best, distance = None, 10**9
    for match in EXPRESSIONS.finditer(text):
        value = _value(match, base, future)
        gap = abs(match.start() - anchor)
        if value and gap < distance:
            best, distance = value, gap
    if best:
        return best.isoformat()
    return base.isoformat() if base else None


def of_act(text: str, published: str | None, *, anchor: int, modality: str) -> str | None:
    """The date of an act told at `anchor` in a sentence: planned and conditional acts look forward,
    and an act reported as done cannot postdate the report."""
    found = resolve(text, published, anchor=anchor, future=modality in {"planned", "conditional"})
    if modality in {"asserted", "claimed", "negated"} and found and published and found > published:
        return published
    return found


def stated(text: str) -> bool:
    """Whether the text says when (else an event in it takes a date from its context)."""
    return EXPRESSIONS.search(text) is not None


def _value(match: re.Match, base: date | None, future: bool) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso"]:
            return date.fromisoformat(groups["iso"])
        if groups["month"] or groups["month2"]:
            month = MONTHS.index((groups["month"] or groups["month2"]).lower()) + 1
            day = int(groups["day"] or groups["day2"])
            year = groups["year"] or groups["year2"]
            if year:
                return date(int(year), month, day)
            return date(base.year, month, day) if base else None
    except ValueError:
        return None
    if base is None:
        return None
    if groups["weekday"]:
        target = WEEKDAYS.index(groups["weekday"].lower())
        if future:
            return base + timedelta(days=(target - base.weekday()) % 7 or 7)
        return base - timedelta(days=(base.weekday() - target) % 7)
    if groups["relative"]:
        return base + timedelta(days=RELATIVE[groups["relative"].lower()])
    return None
