"""A corpus run on a Dask cluster: cut into partitions, each processed where a worker is free and
written as Parquet, to be brought into a store by `load` (load.py).

    peacewatch run CORPUS --engine dask [--scheduler ADDRESS] --out DIR

Partitions follow the order `ingest` reads in: every file of many records (JSONL, CSV, Parquet) is
one, and consecutive files of one article each (text, Markdown, HTML) make one of up to
FILES_PER_PARTITION. A partition's key is a digest of its files' names and bytes, the settings and
the pipeline version; its output is the folder DIR/<number>-<key>, holding one Parquet file per
store table (the store's own columns, so `load` copies them as they are) and `partition.json`,
written last. A partition whose folder is complete is not run again, so a rerun does only what is
missing or changed; a failed partition is retried by Dask (`retries`) and then reported, and the
others go on. Story links need every earlier article, so they are made by `load`, in input order.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..article import Article, Skipped
from ..contract import PIPELINE_VERSION
from ..errors import StoreError
from ..read.readers import RECORD_SUFFIXES, files
from ..settings import Settings
from .store import ARTICLE_TABLES, Store

FILES_PER_PARTITION = 200
DONE = "partition.json"
OUTPUT_TABLES = ["articles", *ARTICLE_TABLES, "skipped"]  # what a partition holds: its articles, nothing of the store


@dataclass(frozen=True)
class Partition:
    number: int
    paths: tuple[str, ...]
    key: str

    @property
    def name(self) -> str:
        return f"{self.number:05d}-{self.key[:16]}"


@dataclass
class RunReport:
    partitions: int = 0
    done: int = 0
    already: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    articles: int = 0
    skipped: int = 0
    seconds: float = 0.0
    workers: list[dict] = field(default_factory=list)


def partitions(paths: Iterable[str | Path], settings: Settings, *,
               exclude: Iterable[str | Path] = ()) -> tuple[list[Partition], list[Skipped]]:
    """The corpus's partitions in reading order, and the paths that cannot be listed."""
    groups: list[list[Path]] = []
    skipped: list[Skipped] = []
    run: list[Path] = []
    for path in files(paths, exclude=exclude):
        if isinstance(path, Skipped):
            skipped.append(path)
        elif path.suffix.lower() in RECORD_SUFFIXES:
            groups += [run, [path]] if run else [[path]]
            run = []
        else:
            run.append(path)
            if len(run) >= FILES_PER_PARTITION:
                groups.append(run)
                run = []
    if run:
        groups.append(run)
    base = hashlib.sha256(json.dumps([PIPELINE_VERSION, asdict(settings)], sort_keys=True, default=str).encode())
    found = []
    for number, group in enumerate(groups):
        digest = base.copy()
        for path in group:
            digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as error:  # read again by the worker, which records it as skipped
                digest.update(str(error).encode())
        found.append(Partition(number, tuple(str(p) for p in group), digest.hexdigest()))
    return found, skipped


def complete(out: Path, partition: Partition) -> bool:
    return (out / partition.name / DONE).is_file()


_PIPELINES: dict[str, object] = {}  # one pipeline per settings in each worker process: models load once


def process(partition: Partition, out: str, settings: Settings) -> dict:
    """Run one partition through the pipeline and write its tables as Parquet; returns its report.
    Runs in a Dask worker (any process): the folder appears whole or not at all."""
    from ..pipeline import Pipeline

    started = time.perf_counter()
    key = json.dumps(asdict(settings), sort_keys=True, default=str)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    pipeline = _PIPELINES[key]
    target = Path(out) / partition.name
    temporary = Path(out) / f".{partition.name}-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    try:
        with Store(":memory:") as store:
            # Rows go into an in-memory store batch by batch, as ingest writes them: the articles
            # themselves are let go, so a partition of any size keeps the memory of one batch.
            articles: list[Article] = []
            skipped: list[Skipped] = []
            dropped = 0  # inputs skipped and articles the store refused
            for item in pipeline.run(partition.paths):
                (skipped if isinstance(item, Skipped) else articles).append(item)
                if len(articles) >= settings.batch_size:
                    dropped += len(store.write(articles, skipped, link=False)) + len(skipped)
                    articles, skipped = [], []
            dropped += len(store.write(articles, skipped, link=False)) + len(skipped)
            for table in OUTPUT_TABLES:
                where = str(temporary / f"{table}.parquet").replace("'", "''")
                store.db.execute(f"COPY (SELECT * FROM {table}) TO '{where}' (FORMAT parquet)")
            stored = store.count("articles")
        report = {"partition": partition.name, "paths": len(partition.paths), "articles": stored,
                  "skipped": dropped, "seconds": round(time.perf_counter() - started, 3),
                  "worker": os.getpid(), "peak_rss_mib": _peak_rss_mib()}
        (temporary / DONE).write_text(json.dumps(report), encoding="utf-8")
        if target.is_dir():
            shutil.rmtree(target)
        temporary.rename(target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return report


def _peak_rss_mib() -> int:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


ENGINES = ("dask", "local")


def run(paths: Iterable[str | Path], out: str | Path, *, settings: Settings | None = None, engine: str = "dask",
        scheduler: str | None = None, workers: int | None = None, retries: int = 2,
        on_partition: Callable[[dict], None] | None = None) -> RunReport:
    """Process a corpus partition by partition into `out`: on a Dask cluster (a LocalCluster of
    `workers` processes when no scheduler address is given), or with engine "local" in this process."""
    if engine not in ENGINES:
        raise StoreError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    settings = settings or Settings()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the output folder {out}: {error.strerror or error}") from error
    clock = time.perf_counter()
    found, unlisted = partitions(paths, settings, exclude=[out])
    report = RunReport(partitions=len(found), skipped=len(unlisted))
    todo = [p for p in found if not complete(out, p)]
    report.already = len(found) - len(todo)
    for partition in todo:  # half-written folders of a worker killed in an earlier run
        for leftover in out.glob(f".{partition.name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    if unlisted:  # folders that cannot be listed: kept with their reasons, and loaded as skipped inputs
        (out / "unlisted.json").write_text(json.dumps([asdict(s) for s in unlisted]), encoding="utf-8")

    def finished(partition: Partition, done: dict | None, error: Exception | None) -> None:
        if error is not None:
            report.failed.append({"partition": partition.name, "paths": ", ".join(partition.paths[:3]),
                                  "reason": f"{type(error).__name__}: {str(error)[:300]}"})
            return
        report.done += 1
        report.articles += done["articles"]
        report.skipped += done["skipped"]
        report.workers.append(done)
        if on_partition:
            on_partition(done)

    if engine == "local":
        for partition in todo:
            for attempt in range(retries + 1):
                try:
                    finished(partition, process(partition, str(out), settings), None)
                    break
                except Exception as error:  # noqa: BLE001 - retried, then reported; the others go on
                    if attempt == retries:
                        finished(partition, None, error)
    else:
        _on_dask(todo, out, settings, scheduler, workers, retries, finished)
    report.seconds = time.perf_counter() - clock
    return report


def _on_dask(todo: list[Partition], out: Path, settings: Settings, scheduler: str | None, workers: int | None,
             retries: int, finished) -> None:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise StoreError("the Dask engine needs dask[distributed]: pip install 'peacewatch[cluster]'") from error
    cluster = None
    if scheduler is None:
        # Everything on 127.0.0.1; the scheduler's own HTTP server (health, metrics) on a free port,
        # so two runs on one machine do not fight over 8787.
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    try:
        with Client(cluster or scheduler) as client:
            futures = {client.submit(process, p, str(out), settings, key=f"peacewatch-{p.name}", retries=retries,
                                     pure=False): p for p in todo}
            for future in as_completed(futures):
                try:
                    done, error = future.result(), None
                except Exception as failure:  # noqa: BLE001 - a partition that failed after its retries
                    done, error = None, failure
                finished(futures[future], done, error)
    finally:
        if cluster is not None:
            cluster.close()
