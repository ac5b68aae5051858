"""peacewatch: reads news about wars and diplomacy and assesses, with evidence,
whether the parties are moving toward de-escalation.

    from peacewatch import Pipeline, extract
    records = extract(["examples/"])          # article-contract dicts
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .article import Article, Skipped
from .contract import PIPELINE_VERSION, to_record
from .settings import Settings

__version__ = PIPELINE_VERSION
__all__ = ["Article", "Pipeline", "Settings", "Skipped", "extract", "to_record", "__version__"]


def __getattr__(name: str):
    if name == "Pipeline":  # imported lazily: it pulls in spaCy
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def extract(paths: Iterable[str | Path], settings: Settings | None = None, *, pipeline=None) -> list[dict]:
    """Run the whole understanding pipeline and return one contract record per article."""
    from .pipeline import Pipeline

    pipeline = pipeline or Pipeline(settings)
    return [to_record(item) for item in pipeline.run(paths) if isinstance(item, Article)]
