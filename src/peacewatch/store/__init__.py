"""Stage 4, remember: the store, a DuckDB file or a PostgreSQL database (`store`, `postgres`), ingest
in resumable batches (`ingest`), story linking (`dedupe`), exports (`export`) and the SQL guard for
queries (`sandbox`)."""

from .store import Store

__all__ = ["Store"]
