"""Check labelled corpus files: schema, vocabularies, and that every evidence string is in the text.

    python corpus/validate.py corpus/w1            # a writer's folder (pairs <id>.txt + <id>.json)
    python corpus/validate.py corpus/w1/w1-003.json

Prints one line per problem and a count per folder; exits 1 when anything is wrong.
Standard library only, so writers can run it anywhere.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITY = {"asserted", "planned", "conditional", "hypothetical", "negated", "claimed"}
ISSUES = {"territory", "nato", "ceasefire", "talks", "sanctions", "prisoners", "security_guarantees", "aid", "other"}
STANCES = {"demand", "precondition", "offer", "refuse", "accept", "assess"}
QUANTITIES = {"killed", "injured", "children_killed", "children_injured", "civilians_killed", "soldiers_killed",
              "drones_launched", "drones_intercepted", "missiles_launched", "missiles_intercepted", "aircraft_downed",
              "aircraft_destroyed", "prisoners_exchanged", "prisoners_released", "hostages_released",
              "bodies_returned", "civilians_released", "displaced", "arrested"}
STYLES = {"wire", "analysis", "liveblog", "readout", "statemedia", "interview", "local", "headlines"}
ACTOR = re.compile(r"^(?:[A-Z]{3}|IGO:[A-Z0-9_]+|NSA:[A-Z0-9_]+|UNK)$")
META = {"id", "writer", "theatre", "style", "lang", "noisy", "truncated", "events", "positions", "conditionals",
        "labeller", "notes"}


def _alternatives(value, allowed=None, pattern=None) -> list[str]:
    problems = []
    if not isinstance(value, str) or not value:
        return [f"{value!r} is not a non-empty string"]
    for part in value.split("|"):
        if allowed is not None and part not in allowed:
            problems.append(f"{part!r} is not one of {sorted(allowed)}")
        if pattern is not None and not pattern.match(part):
            problems.append(f"{part!r} is not an actor code (AAA, IGO:X, NSA:X or UNK)")
    return problems


def check(label_path: Path) -> list[str]:
    text_path = label_path.with_suffix(".txt")
    if not text_path.exists():
        return [f"{label_path}: no text file {text_path.name} beside it"]
    text = text_path.read_text(encoding="utf-8")
    try:
        label = json.loads(label_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [f"{label_path}: invalid JSON ({error})"]
    out: list[str] = []

    def bad(where: str, problem: str) -> None:
        out.append(f"{label_path.name} {where}: {problem}")

    for key in set(label) - META:
        bad("top", f"unknown key {key!r}")
    if label.get("id") != label_path.stem:
        bad("top", f"id {label.get('id')!r} differs from the file name {label_path.stem!r}")
    if "style" in label and label["style"] not in STYLES:
        bad("top", f"style {label['style']!r} is not one of {sorted(STYLES)}")
    for name in ("events", "positions", "conditionals"):
        if not isinstance(label.get(name), list):
            bad("top", f"{name} must be a list")
            label[name] = []

    def evidence(where: str, item: dict) -> None:
        ev = item.get("evidence")
        if not isinstance(ev, str) or not ev.strip():
            bad(where, "no evidence")
        elif ev not in text:
            bad(where, f"evidence not found verbatim in the text: {ev[:80]!r}")

    for n, e in enumerate(label["events"]):
        where = f"event {n}"
        evidence(where, e)
        for p in _alternatives(e.get("source"), pattern=ACTOR) + _alternatives(e.get("target"), pattern=ACTOR):
            bad(where, p)
        plover = e.get("plover")
        if not isinstance(plover, list) or not plover or any(p not in PLOVER for p in plover):
            bad(where, f"plover must be a list of {sorted(PLOVER)}, got {plover!r}")
        if not re.fullmatch(r"\d\d(\|\d\d)*", str(e.get("cameo_root", ""))):
            bad(where, f"cameo_root must be two digits (alternatives with |), got {e.get('cameo_root')!r}")
        for p in _alternatives(e.get("modality"), MODALITY):
            bad(where, p)
        for key, value in (e.get("quantities") or {}).items():
            base = key[:-4] if key.endswith("_max") else key
            if base not in QUANTITIES:
                bad(where, f"unknown quantity {key!r}")
            if not isinstance(value, int) or isinstance(value, bool):
                bad(where, f"quantity {key} must be an integer, got {value!r}")
    for n, p in enumerate(label["positions"]):
        where = f"position {n}"
        evidence(where, p)
        for problem in (_alternatives(p.get("actor"), pattern=ACTOR) + _alternatives(p.get("issue"), ISSUES)
                        + _alternatives(p.get("stance"), STANCES)):
            bad(where, problem)
    for n, c in enumerate(label["conditionals"]):
        where = f"conditional {n}"
        evidence(where, c)
        for problem in _alternatives(c.get("actor"), pattern=ACTOR):
            bad(where, problem)
        for key in ("condition", "consequence"):
            if not isinstance(c.get(key), str) or not c[key].strip():
                bad(where, f"no {key}")
    return out


def main(argv: list[str]) -> int:
    problems, counts = [], {"articles": 0, "events": 0, "positions": 0, "conditionals": 0}
    for arg in argv or ["corpus"]:
        path = Path(arg)
        files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        for label_path in files:
            problems += check(label_path)
            try:
                label = json.loads(label_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            counts["articles"] += 1
            for key in ("events", "positions", "conditionals"):
                counts[key] += len(label.get(key) or [])
    for line in problems:
        print(line)
    print(", ".join(f"{v} {k}" for k, v in counts.items()), f"- {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
