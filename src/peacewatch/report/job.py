"""The `brief` job: ingest into the store, assess, and write brief.md, brief.html and assessment.json."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..assessment.index import assess, parse_dyad
from ..assessment.runs import record_run, utc_now
from ..assessment.weights import load as load_weights
from ..errors import OutputError
from ..read.readers import check_output
from ..store import postgres
from ..store.ingest import ingest
from ..store.store import Store
from .brief import render
from .brief_html import render_html

STORE_NAME = "peacewatch.duckdb"
DEFAULT_STORE = Path("out") / STORE_NAME  # where `make demo` and the README's `brief ... -o out` put it


def write_brief(paths: Iterable[str | Path], out_dir: Path, *, pipeline, window: str | None = None,
                dyad: str | None = None, on_item=None, clock: Callable[[], datetime] = utc_now,
                workers: int = 1, store: str | Path | None = None) -> dict[str, Any]:
    """Ingest, assess, record the run (so the next brief says what changed) and write the files.
    The store is `store` (a file or a postgresql:// URL), by default DIR/peacewatch.duckdb. The
    output folder is never read as input, even when it lies inside an input folder."""
    paths = list(paths)
    check_output(out_dir, paths)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot use {out_dir} as the output folder: {error.strerror or error}") from error
    store_path = store or out_dir / STORE_NAME
    weights = load_weights(pipeline.settings.assessment_file)
    report = ingest(paths, store_path, pipeline=pipeline, on_item=on_item, exclude=[out_dir], workers=workers)
    # Assessing and writing only read the store: other readers (`serve`) go on meanwhile; the run is recorded after.
    with Store(store_path, read_only=True, wait=30) as store:
        assessment = assess(store, window=window or pipeline.settings.window, dyad=parse_dyad(dyad), weights=weights)
        (out_dir / "assessment.json").write_text(json.dumps(assessment, indent=1, default=str) + "\n",
                                                 encoding="utf-8")
        brief = out_dir / "brief.md"
        brief.write_text(render(store, assessment, skipped=report.skipped), encoding="utf-8")
        html = out_dir / "brief.html"
        html.write_text(render_html(store, assessment, skipped=report.skipped), encoding="utf-8")
    with Store(store_path, wait=30) as store:
        record_run(store, assessment, at=clock())
    return {"articles": report.stored, "unchanged": report.unchanged + report.identical, "events": report.events,
            "skipped": report.skipped, "brief": str(brief), "html": str(html),
            "store": postgres.redacted(str(store_path)), "assessment": assessment}
