"""Write the corpus's splits (corpus/splits.json) and its data card (corpus/CARD.md) from the label files.

    python3 corpus/card.py

Splits, by article and fixed by rule (no randomness): test = every article of writers w7 and w8 (who
wrote nothing else); dev = the articles of w1-w6 whose number is a multiple of 5; train = the rest of
w1-w6, and every article of the later rounds' writers w9-w16, w17-w24, w25-w28, w33-w40 and w41-w48
(all to train, so that dev figures stay comparable across rounds); dev2 = every article of the fifth round's
writers w29-w32 (session 17), a second dev set by writers who wrote nothing for train, as the test
writers. The sets in other languages (corpus/lang/, issue 18) are split by writer:
`<lang>-test` = the first writer's articles (`uk1`), scored only at milestones; `<lang>-dev` = the
second's (`uk2`) and, for es, fr and ar, a third writer's (`es3`, session 8). Standard library only.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRAIN_WRITERS = ("w1", "w2", "w3", "w4", "w5", "w6")
TEST_WRITERS = ("w7", "w8")
MORE_WRITERS = ("w9", "w10", "w11", "w12", "w13", "w14", "w15", "w16",  # second round: train only
                "w17", "w18", "w19", "w20", "w21", "w22", "w23", "w24",  # third round (session 8): train only
                "w25", "w26", "w27", "w28",  # fourth round (session 14, the rare types): train only
                "w33", "w34", "w35", "w36", "w37", "w38", "w39", "w40",  # sixth round (session 19): train only
                "w41", "w42", "w43", "w44", "w45", "w46", "w47", "w48")  # seventh (session 20): train only
DEV2_WRITERS = ("w29", "w30", "w31", "w32")  # fifth round (session 17): a second dev set, writers new to train
SPLITS = ("train", "dev", "dev2", "test")
LANGUAGES = ("uk", "ru", "es", "fr", "de", "ar")
LANG_SETS = {"1": "test", "2": "dev", "3": "dev"}  # corpus/lang/<lang><n>: the split each writer's articles go to


def split_of(article_id: str) -> str:
    writer, number = article_id.split("-")
    if writer in TEST_WRITERS:
        return "test"
    if writer in MORE_WRITERS:
        return "train"
    if writer in DEV2_WRITERS:
        return "dev2"
    return "dev" if int(number) % 5 == 0 else "train"


def labels() -> list[dict]:
    found = []
    for writer in TRAIN_WRITERS + MORE_WRITERS + DEV2_WRITERS + TEST_WRITERS:
        for path in sorted((HERE / writer).glob("*.json")):
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def table(title: str, counter: Counter, splits: dict[str, Counter]) -> list[str]:
    lines = [f"| {title} | all | " + " | ".join(SPLITS) + " |", "|---" * (len(SPLITS) + 2) + "|"]
    for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        lines.append(f"| {key} | {n} | " + " | ".join(str(splits[s][key]) for s in SPLITS) + " |")
    return lines + [""]


def main() -> int:
    items = labels()
    splits: dict[str, list[str]] = {s: [] for s in SPLITS}
    for label in items:
        splits[split_of(label["id"])].append(label["id"])

    facets = {name: (Counter(), {s: Counter() for s in splits}) for name in
              ("totals", "writer", "theatre", "style", "type", "modality", "stance", "issue", "noise")}

    def count(name: str, key, split: str, n: int = 1) -> None:
        facets[name][0][key] += n
        facets[name][1][split][key] += n

    for label in items:
        split = split_of(label["id"])
        count("totals", "articles", split)
        for kind in ("events", "positions", "conditionals"):
            count("totals", kind, split, len(label[kind]))
        count("writer", label["writer"], split)
        count("theatre", label["theatre"], split)
        count("style", label["style"], split)
        count("noise", "noisy scraped copy" if label["noisy"] else "clean", split)
        if label["truncated"]:
            count("noise", "truncated", split)
        for event in label["events"]:
            count("type", event["plover"][0], split)
            count("modality", event["modality"].split("|")[0], split)
        for position in label["positions"]:
            count("stance", position["stance"].split("|")[0], split)
            count("issue", position["issue"].split("|")[0], split)

    lines = [(HERE / "card-head.md").read_text(encoding="utf-8").rstrip(), "", "## Counts", "",
             "Written by `python3 corpus/card.py` from the label files; splits in `splits.json`.", ""]
    titles = {"totals": "", "writer": "writer", "theatre": "theatre", "style": "style", "noise": "copy",
              "type": "PLOVER type (events)", "modality": "modality (events)", "stance": "stance (positions)",
              "issue": "issue (positions)"}
    for name, title in titles.items():
        if title:
            lines += [f"### By {title}", ""]
        lines += table(title or "items", *facets[name])
    lines += languages(splits)
    (HERE / "splits.json").write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    (HERE / "CARD.md").write_text("\n".join(lines), encoding="utf-8")
    totals = facets["totals"][0]
    print(f"{totals['articles']} articles, {totals['events']} events, {totals['positions']} positions, "
          f"{totals['conditionals']} conditionals; splits " + ", ".join(f"{s} {len(v)}" for s, v in splits.items()))
    return 0


def languages(splits: dict[str, list[str]]) -> list[str]:
    """The sets in other languages: adds their splits, returns the card's table of them."""
    lines = ["## Other languages", "",
             "Written and labelled blind in the language itself under `lang/WRITERS.md` (evidence in the original",
             "language, the same codes). `<lang>-test` is scored only at milestones; `<lang>-dev` is for looking at",
             "errors.", "", "| split | writer | articles | events | positions | conditionals | theatres |",
             "|---|---|---|---|---|---|---|"]
    for lang in LANGUAGES:
        for number, split in LANG_SETS.items():
            writer = f"{lang}{number}"
            found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "lang" / writer).glob("*.json"))]
            if not found:
                continue
            splits.setdefault(f"{lang}-{split}", []).extend(label["id"] for label in found)
            theatres = ", ".join(sorted({label["theatre"] for label in found}))
            lines.append(f"| {lang}-{split} | {writer} | {len(found)} | " + " | ".join(
                str(sum(len(label[kind]) for label in found)) for kind in ("events", "positions", "conditionals"))
                + f" | {theatres} |")
    return lines + [""]


if __name__ == "__main__":
    raise SystemExit(main())
