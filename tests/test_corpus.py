"""The blind-labelled corpus: every label file is valid, the splits are honest, and the scorer counts
the way the annotation guide does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from peacewatch.scoring import Tally, codes, from_label

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _validate(folders: list[Path]) -> list[int]:
    done = subprocess.run([sys.executable, str(CORPUS / "validate.py"), *map(str, folders)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    return [int(n) for n in done.stdout.split(" - ")[0].split()[::2]]


def test_every_label_file_is_valid():
    articles, events, positions, conditionals = _validate(sorted(CORPUS.glob("w*")))
    assert articles >= 300 and events >= 5000 and positions >= 1200 and conditionals >= 300
    assert _validate(sorted((CORPUS / "agreement").glob("*")))[0] >= 40


def test_splits_are_disjoint_cover_the_corpus_and_test_and_dev2_have_their_own_writers():
    splits = json.loads((CORPUS / "splits.json").read_text(encoding="utf-8"))
    ids = [i for split in splits.values() for i in split]
    assert len(ids) == len(set(ids)) == len(list(CORPUS.glob("w*/*.json")) + list(CORPUS.glob("lang/*/*.json")))
    assert len(splits["test"]) >= 80
    writers = {split: {i.split("-")[0] for i in items} for split, items in splits.items()}
    assert not writers["test"] & (writers["train"] | writers["dev"] | writers["dev2"])
    assert not writers["dev2"] & writers["train"]  # the second dev set's writers wrote nothing for train
    for lang in ("uk", "ru", "es", "fr", "de", "ar"):  # the other languages' test sets: their own writers too
        assert len(splits[f"{lang}-test"]) >= 15
        assert not writers[f"{lang}-test"] & writers.get(f"{lang}-dev", set())


def test_every_label_file_in_other_languages_is_valid_and_in_its_language():
    articles, events, *_ = _validate(sorted((CORPUS / "lang").glob("*[0-9]")))
    assert articles >= 6 * 15 and events >= 6 * 15 * 10
    for label in (CORPUS / "lang").glob("*/*.json"):
        assert json.loads(label.read_text(encoding="utf-8"))["lang"] == label.parent.name[:2]


RAW = "Russia struck Kharkiv. Ukraine and Russia held talks in Istanbul. Kyiv demanded a full withdrawal."


def _label(*events, positions=()):
    return {"events": [{"evidence": ev, "plover": [t], "source": s, "target": g, "modality": "asserted"}
                       for ev, t, s, g in events], "positions": list(positions), "conditionals": []}


def test_codes_take_alternatives_and_unknown_is_no_actor():
    assert codes("PSE|NSA:HAMAS") == {"PSE", "NSA:HAMAS"} and codes("UNK") == codes(None) == {None}


def test_agreement_is_symmetric_and_roles_need_both_sides():
    a = _label(("Russia struck Kharkiv", "ASSAULT", "RUS", "UKR"), ("held talks", "CONSULT", "UKR", "RUS"),
               positions=[{"actor": "UKR", "issue": "territory", "stance": "demand",
                           "evidence": "Kyiv demanded a full withdrawal"}])
    b = _label(("struck", "ASSAULT", "RUS", "UKR|UNK"), ("talks in Istanbul", "CONSULT", "RUS", "UKR"),
               ("demanded", "REQUEST", "UKR", "RUS"),
               positions=[{"actor": "UKR", "issue": "territory", "stance": "demand", "evidence": "demanded"}])
    one, other = Tally(), Tally()
    one.add(from_label(a, RAW), from_label(b, RAW))
    other.add(from_label(b, RAW), from_label(a, RAW))
    assert one.f1("type") == other.f1("type") == 2 * 2 / (2 + 3)
    assert one.f1("type_roles") == 2 * 1 / (2 + 3)  # the talks: UKR->RUS against RUS->UKR
    assert one.f1("position") == 1.0 and one.accuracy("modality") == 1.0
