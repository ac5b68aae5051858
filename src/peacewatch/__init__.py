"""peacewatch: reads news about wars and diplomacy and assesses, with evidence,
whether the parties are moving toward de-escalation.

    from peacewatch import Pipeline, extract
    records = extract(["examples/"])          # article-contract dicts

The package's folders follow the pipeline, one way: `read/` -> `nlp/` -> `coding/` -> `store/` ->
`assessment/` -> `report/`, over `knowledge/` (what every stage looks up) and the carrier (`article.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .article import Article, Skipped
from .contract import PIPELINE_VERSION, to_record
from .settings import Settings

__version__ = PIPELINE_VERSION
__all__ = ["Article", "Pipeline", "Settings", "Skipped", "Store", "assess", "extract", "ingest", "to_record",
           "write_brief", "__version__"]
LAZY = {  # imported on first use: they pull in spaCy or DuckDB
    "Pipeline": "peacewatch.pipeline",
    "Store": "peacewatch.store.store",
    "ingest": "peacewatch.store.ingest",
    "assess": "peacewatch.assessment.index",
    "write_brief": "peacewatch.report.job",
}


def __getattr__(name: str):
    if name in LAZY:
        import importlib

        return getattr(importlib.import_module(LAZY[name]), name)
    raise AttributeError(name)


def extract(paths: Iterable[str | Path], settings: Settings | None = None, *, pipeline=None,
            workers: int = 1) -> list[dict]:
    """Run the whole understanding pipeline (in `workers` processes) and return one contract record per
    article, in input order."""
    from .pipeline import Pipeline

    pipeline = pipeline or Pipeline(settings)
    return [to_record(item) for item in pipeline.run(paths, workers=workers) if isinstance(item, Article)]
