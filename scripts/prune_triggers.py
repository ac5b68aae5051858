"""Find the trigger rows the blind-labelled train split says are wrong, and (with --write) delete them.

    .venv/bin/python scripts/prune_triggers.py            # list the rows under the bar, with their counts
    .venv/bin/python scripts/prune_triggers.py --write    # and delete them from data/triggers.tsv

Runs the rules coder on the corpus's train split and matches its events to the labelled ones as the
scorer does (same type, overlapping evidence). Each event is charged to its trigger's lemma and CAMEO
code, the key of its rows in data/triggers.tsv (an event whose code the coder rewrote as the row fired,
a crowd "blocking" a road, to each row key of its lemma). A row is deleted when its key fired at least
--fires times and was right at most --right of the time: the rows that name a topic far more often
than an act ("the truce", "negotiate", "occupied"). The learned tagger, not the row, decides those
words in the hybrid coder. Never run it on dev or test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
TRIGGERS = ROOT / "src" / "peacewatch" / "data" / "triggers.tsv"


def tally(split: str = "train") -> tuple[Counter, Counter]:
    """How often each (lemma, CAMEO code) fired on the split, and how often it matched a labelled event."""
    from score_corpus import _label_path, split_ids

    from peacewatch.article import Article
    from peacewatch.coding.conventions import _trigger_index
    from peacewatch.coding.events import triggers
    from peacewatch.pipeline import Pipeline
    from peacewatch.scoring import _match, _type, from_label
    from peacewatch.settings import Settings

    ids = split_ids(split)
    rows = {(t.lemma, t.cameo) for found in triggers().values() for t in found}
    fired, right = Counter(), Counter()
    for article in Pipeline(Settings(coder="rules")).run([_label_path(i).with_suffix(".txt") for i in ids]):
        if not isinstance(article, Article):
            continue
        gold = from_label(json.loads(_label_path(Path(article.origin).stem).read_text(encoding="utf-8")),
                          article.raw)["events"]
        found = []
        for event in article.events:
            sentence = article.sentences[event.sentence]
            at = _trigger_index(sentence, event)
            lemma = sentence.tokens[at].lemma.lower() if at is not None and sentence.tokens else event.trigger.lower()
            found.append({"span": (event.raw_start, event.raw_end), "plover": frozenset({event.plover}),
                          "key": (lemma, event.cameo)})
        matched = {id(o) for _, o in _match(gold, found, _type)}
        for item in found:
            for key in _rows(item["key"], rows):
                fired[key] += 1
                right[key] += id(item) in matched
    return fired, right


def _rows(key: tuple[str, str], rows: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The row keys (of `rows`) an event is charged to: its own (lemma, CAMEO code) when that is a row;
    else the event's code was rewritten when its row fired (a crowd "blocking" roads is 144, not the
    row's 191), and it is charged to each of its lemma's row keys."""
    if key in rows:
        return [key]
    return sorted(k for k in rows if k[0] == key[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fires", type=int, default=10, help="least times a row's key fired to be judged")
    parser.add_argument("--right", type=float, default=0.1, help="most share of right events to be deleted")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    fired, right = tally()
    lines = TRIGGERS.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, dropped = [], []
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        key = (cells[1], cells[4]) if len(cells) > 4 and not line.startswith(("#", "pos\t")) else None
        wrong = key is not None and fired[key] >= args.fires and right[key] <= args.right * fired[key]
        (dropped if wrong else kept).append(line)
        if wrong:
            note = cells[5] if len(cells) > 5 else ""
            print(f"{key[0]:>14} {key[1]:<5} fired {fired[key]:3d}, right {right[key]:2d}: {note}")
    print(f"{len(dropped)} rows under the bar (fired >= {args.fires}, right <= {args.right:.0%})")
    if args.write and dropped:
        TRIGGERS.write_text("".join(kept), encoding="utf-8")
        print(f"deleted them from {TRIGGERS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
