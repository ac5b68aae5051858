"""The `brief` job: ingest into the store, assess, and write brief.md and assessment.json."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .article import Article, Skipped
from .assess import assess, parse_dyad
from .brief import render
from .contract import skipped_record
from .runs import record_run, utc_now
from .store import Store
from .weights import load as load_weights

STORE_NAME = "peacewatch.duckdb"
DEFAULT_STORE = Path("out") / STORE_NAME  # where `make demo` and the README's `brief ... -o out` put it


def ingest(paths: Iterable[str | Path], store: Store, *, pipeline,
           on_item: Callable[[Article | Skipped], None] | None = None) -> tuple[int, int, list[dict[str, str]]]:
    """Process and store every input, one transaction per batch. Returns (articles, events, skipped)."""
    articles = events = 0
    batch: list[Article] = []
    skipped: list[Skipped] = []
    for item in pipeline.run(paths, on_item=on_item):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        batch.append(item)
        articles += 1
        events += len(item.events)
        if len(batch) >= pipeline.settings.batch_size:
            store.write(batch)
            batch = []
    store.write(batch, skipped)
    return articles, events, [skipped_record(s) for s in skipped]


def write_brief(paths: Iterable[str | Path], out_dir: Path, *, pipeline, window: str | None = None,
                dyad: str | None = None, on_item=None, clock: Callable[[], datetime] = utc_now) -> dict[str, Any]:
    """Ingest, assess, record the run (so the next brief says what changed) and write the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    store_path = out_dir / STORE_NAME
    weights = load_weights(pipeline.settings.assessment_file)
    with Store(store_path) as store:
        articles, events, skipped = ingest(paths, store, pipeline=pipeline, on_item=on_item)
        assessment = assess(store, window=window or pipeline.settings.window, dyad=parse_dyad(dyad), weights=weights)
        record_run(store, assessment, at=clock())
        (out_dir / "assessment.json").write_text(json.dumps(assessment, indent=1, default=str) + "\n",
                                                 encoding="utf-8")
        brief = out_dir / "brief.md"
        brief.write_text(render(store, assessment, skipped=skipped), encoding="utf-8")
    return {"articles": articles, "events": events, "skipped": skipped, "brief": str(brief),
            "store": str(store_path)}
