"""The assessment's weights and rules: data/assessment.toml, overridden key by key by the user's file.

The shipped file documents the index formula; `Weights` is its frozen, typed form. A user file
may give any subset of the keys; a key the shipped file does not have, or a value that is not a
number, is a SettingsError naming the key and the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SettingsError
from ..knowledge.kb import data_path

COMPONENTS = ("violence", "diplomacy", "positions", "levers", "credibility")
INTEGER_KEYS = {("level_change", "min_history"), ("drivers", "top"), ("drivers", "evidence"), ("watch", "lapse_days")}


@dataclass(frozen=True)
class Weights:
    prior: float
    third_party: float
    material: float
    components: tuple[tuple[str, float], ...]
    fatality_scale: float
    fatality_goldstein: float
    hardened: float
    dropped: float
    bands: tuple[tuple[float, str], ...]  # (floor, label), highest first; "low" below the last
    trend_step: float
    mixed_share: float
    volume_scale: float
    confidence_bands: tuple[tuple[float, str], ...]
    level_threshold: float
    level_floor: float
    level_min_history: int
    drivers_top: int
    drivers_evidence: int
    lapse_days: int
    source: str = "data/assessment.toml"

    def weight(self, component: str) -> float:
        return dict(self.components)[component]

    def band(self, index: float) -> str:
        return next((label for floor, label in self.bands if index >= floor), "low")

    def confidence_label(self, confidence: float) -> str:
        return next((label for floor, label in self.confidence_bands if confidence >= floor), "low")

    def as_dict(self) -> dict[str, Any]:
        """What the output shows: the numbers used and where they came from."""
        return {"source": self.source, "prior": self.prior, "third_party": self.third_party,
                "material": self.material,
                "components": dict(self.components),
                "fatality_scale": self.fatality_scale, "fatality_goldstein": self.fatality_goldstein,
                "hardened": self.hardened, "dropped": self.dropped, "bands": {label: floor for floor, label in self.bands},
                "trend_step": self.trend_step, "mixed_share": self.mixed_share, "volume_scale": self.volume_scale,
                "level_change": {"threshold": self.level_threshold, "floor": self.level_floor,
                                 "min_history": self.level_min_history}}


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"cannot read assessment file {path}: {error}") from error


def _merge(defaults: dict[str, Any], user: dict[str, Any], path: Path) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in defaults.items()}
    for key, value in user.items():
        if key not in defaults:
            raise SettingsError(f"unknown key {key!r} in assessment file {path}; known: {', '.join(defaults)}")
        if isinstance(defaults[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{key!r} in assessment file {path} must be a table [{key}]")
            for inner, number in value.items():
                if inner not in defaults[key]:
                    raise SettingsError(f"unknown key '{key}.{inner}' in assessment file {path}; "
                                        f"known in [{key}]: {', '.join(defaults[key])}")
                merged[key][inner] = _number(number, (key, inner), path)
        else:
            merged[key] = _number(value, (key,), path)
    return merged


def _number(value: Any, key: tuple[str, ...], path: Path) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(f"'{'.'.join(key)}' in assessment file {path} must be a number, not {value!r}")
    if key in INTEGER_KEYS and (value != int(value) or value < 0):
        raise SettingsError(f"'{'.'.join(key)}' in assessment file {path} must be a whole number >= 0")
    return value


def load(path: str | Path | None = None) -> Weights:
    """The shipped weights, with the user's file (if any) laid over them."""
    shipped = data_path("assessment.toml")
    values = _read(shipped)
    if path is not None:
        values = _merge(values, _read(Path(path)), Path(path))
    components = values["components"]
    if any(components[name] < 0 for name in COMPONENTS) or values["third_party"] < 0 or values["material"] < 0 \
            or values["prior"] <= 0 \
            or values["confidence"]["volume_scale"] <= 0:
        raise SettingsError(f"weights must be >= 0, prior and volume_scale > 0 (assessment file {path or shipped})")
    bands = tuple(sorted(((float(floor), label) for label, floor in values["judgement"].items()), reverse=True))
    confidence = values["confidence"]
    return Weights(
        prior=float(values["prior"]), third_party=float(values["third_party"]), material=float(values["material"]),
        components=tuple((name, float(components[name])) for name in COMPONENTS),
        fatality_scale=float(values["violence"]["fatality_scale"]),
        fatality_goldstein=float(values["violence"]["fatality_goldstein"]),
        hardened=float(values["positions"]["hardened"]), dropped=float(values["positions"]["dropped"]),
        bands=bands, trend_step=float(values["trend"]["step"]), mixed_share=float(values["signal"]["mixed_share"]),
        volume_scale=float(confidence["volume_scale"]),
        confidence_bands=((float(confidence["high"]), "high"), (float(confidence["medium"]), "medium")),
        level_threshold=float(values["level_change"]["threshold"]), level_floor=float(values["level_change"]["floor"]),
        level_min_history=int(values["level_change"]["min_history"]), drivers_top=int(values["drivers"]["top"]),
        drivers_evidence=int(values["drivers"]["evidence"]), lapse_days=int(values["watch"]["lapse_days"]),
        source=str(path) if path is not None else "data/assessment.toml")
