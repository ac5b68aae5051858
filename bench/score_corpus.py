"""Score the coder on a split of the blind-labelled corpus, or two labellers against each other.

    .venv/bin/python bench/score_corpus.py --split dev             # the coder on dev (train works too)
    .venv/bin/python bench/score_corpus.py --split test --milestone "why now"
    .venv/bin/python bench/score_corpus.py --agreement             # the ceiling: writer vs second labeller
    .venv/bin/python bench/score_corpus.py --languages dev         # each other language's set beside English's

Prints figures only, never the items missed: dev and train are for looking at errors (use
`--misses` there), the test split is not. A test scoring needs `--milestone` and is appended to
corpus/test-log.md with the commit and the date. Figures are those of `peacewatch.scoring`: event
type P/R/F1 on evidence overlap, type+source+target F1, modality and quantity accuracy over the
type matches, position F1 (actor+issue+stance), conditional F1 (actor), and the seconds `extract` took.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "corpus"
ROWS = [("event type P", "type_p"), ("event type R", "type_r"), ("event type F1", "type_f1"),
        ("type+source+target F1", "type_roles_f1"), ("modality accuracy", "modality_acc"),
        ("quantities accuracy", "quantities_acc"), ("position F1", "position_f1"),
        ("conditional F1", "conditional_f1"), ("actor country accuracy", "actors_acc")]


def _raw(text_path: Path) -> str:
    """The article text as the reader gives it (front matter removed): what offsets and evidence refer to."""
    from peacewatch.article import Article
    from peacewatch.read.readers import read

    [article] = [a for a in read([text_path]) if isinstance(a, Article)]
    return article.raw


def split_ids(split: str) -> list[str]:
    return json.loads((CORPUS / "splits.json").read_text(encoding="utf-8"))[split]


def _label_path(article_id: str) -> Path:
    writer = article_id.split("-")[0]
    folder = CORPUS / writer if (CORPUS / writer).is_dir() else CORPUS / "lang" / writer
    return folder / f"{article_id}.json"


def score_coder(ids: list[str], *, misses: bool, coder: str = "hybrid"):
    from peacewatch import Pipeline, extract
    from peacewatch.scoring import Tally, from_label, from_record
    from peacewatch.settings import Settings

    pipeline = Pipeline(Settings(coder=coder))
    texts = [_label_path(i).with_suffix(".txt") for i in ids]
    started = time.perf_counter()
    records = {Path(r["article"]["origin"]).stem: r for r in extract(texts, pipeline=pipeline)}
    seconds = time.perf_counter() - started
    tally = Tally()
    for article_id, text in zip(ids, texts):
        record = records[article_id]
        gold = from_label(json.loads(_label_path(article_id).read_text(encoding="utf-8")), _raw(text))
        other = from_record(record)
        tally.add(gold, other)
        if misses:
            _print_misses(article_id, gold, other, _raw(text))
    return tally, seconds


def _print_misses(article_id: str, gold, other, raw: str) -> None:
    from peacewatch.scoring import _match, _type

    found = {id(g) for g, _ in _match(gold["events"], other["events"], _type)}
    for g in gold["events"]:
        if id(g) not in found:
            print(f"  missed {article_id}: {'/'.join(sorted(g['plover']))} {raw[g['span'][0]:g['span'][1]][:80]!r}")


def agreement():
    from peacewatch.scoring import Tally, from_label

    tally = Tally()
    pairs = []
    for second in sorted((CORPUS / "agreement").glob("*/*.json")):
        first = _label_path(second.stem)
        raw = _raw(second.with_suffix(".txt"))
        tally.add(from_label(json.loads(first.read_text(encoding="utf-8")), raw),
                  from_label(json.loads(second.read_text(encoding="utf-8")), raw))
        pairs.append(second.stem)
    return tally, pairs


def show(title: str, tally, extra: str = "") -> str:
    figures = tally.figures()
    lines = [f"{title}: {figures['articles']} articles, {figures['type_gold']} gold events, "
             f"{figures['position_gold']} positions, {figures['conditional_gold']} conditionals{extra}"]
    lines += [f"  {name:<24} {figures[key]:.3f}" for name, key in ROWS]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(json.loads((CORPUS / "splits.json").read_text(encoding="utf-8"))),
                        help="train, dev, dev2, test, or a language's set: uk-dev, uk-test, ...")
    parser.add_argument("--agreement", action="store_true")
    parser.add_argument("--languages", choices=["dev", "test"],
                        help="the sets in other languages (<lang>-dev or <lang>-test) side by side with English's")
    parser.add_argument("--milestone", help="required for --split test: why the test split is scored now")
    parser.add_argument("--misses", action="store_true", help="list missed events (train and dev only)")
    parser.add_argument("--coder", choices=["hybrid", "learned", "rules", "all"], default="hybrid",
                        help="which coder (all: the three side by side)")
    args = parser.parse_args()
    if args.agreement:
        tally, _ = agreement()
        print(show("agreement (writer as gold, second labeller as other)", tally))
        return 0
    if args.languages:
        args.split = args.languages
    if not args.split:
        parser.error("give --split, --languages or --agreement")
    testing = args.split.endswith("test")
    if testing and not args.milestone:
        parser.error("the test split is scored only at a milestone: give --milestone 'why now'")
    if testing and args.misses:
        parser.error("nobody reads the test split's misses")
    if args.languages:
        text = languages(args.split, args.coder)
        print(text)
        if testing:
            log(f"{args.milestone} (other languages)", text)
        return 0
    coders = ["rules", "learned", "hybrid"] if args.coder == "all" else [args.coder]
    results = [(coder, *score_coder(split_ids(args.split), misses=args.misses, coder=coder)) for coder in coders]
    if len(results) == 1:
        coder, tally, seconds = results[0]
        text = show(f"{coder} coder on {args.split}", tally, f"; extract {seconds:.0f} s")
    else:
        text = side_by_side(args.split, results)
    print(text)
    if testing:
        log(args.milestone, text)
    return 0


def log(milestone: str, text: str) -> None:
    """Append a test scoring to corpus/test-log.md with the commit and the date."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    with (CORPUS / "test-log.md").open("a", encoding="utf-8") as out:
        out.write(f"\n## {date.today().isoformat()}, commit {commit}: {milestone}\n\n```\n{text}\n```\n")


def languages(split: str, coder: str) -> str:
    """Each language's set of that split (dev or test) in a column, English's split last, same coder."""
    names = ["uk", "ru", "es", "fr", "de", "ar"]
    coder = "hybrid" if coder == "all" else coder
    tallies = [(name, score_coder(split_ids(f"{name}-{split}"), misses=False, coder=coder)) for name in names]
    tallies.append(("en", score_coder(split_ids(split), misses=False, coder=coder)))
    figures = [(name, tally.figures()) for name, (tally, _) in tallies]
    lines = [f"{split} sets, {coder} coder: " + ", ".join(
                 f"{name} {values['articles']} articles/{values['type_gold']} events" for name, values in figures),
             f"  {'':<24} " + " ".join(f"{name:>6}" for name, _ in figures)]
    for label, key in ROWS:
        lines.append(f"  {label:<24} " + " ".join(f"{values[key]:>6.3f}" for _, values in figures))
    return "\n".join(lines)


def side_by_side(split: str, results) -> str:
    """The coders' figures in columns, with the agreement ceiling (writer vs second labeller) last."""
    ceiling, _ = agreement()
    figures = [(coder, tally.figures()) for coder, tally, _ in results] + [("ceiling", ceiling.figures())]
    first = figures[0][1]
    lines = [f"{split}: {first['articles']} articles, {first['type_gold']} gold events, {first['position_gold']} "
             f"positions, {first['conditional_gold']} conditionals; extract "
             + ", ".join(f"{coder} {seconds:.0f} s" for coder, _, seconds in results),
             f"  {'':<24} " + " ".join(f"{coder:>8}" for coder, _ in figures)]
    lines += [f"  {name:<24} " + " ".join(f"{'n/a':>8}" if coder == "ceiling" and key == "actors_acc" else
                                          f"{values[key]:>8.3f}" for coder, values in figures) for name, key in ROWS]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
