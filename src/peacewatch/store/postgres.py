"""PostgreSQL as a shared store: a connection that answers what the store asks of a DuckDB one.

The store's SQL is written in what DuckDB and PostgreSQL both accept (`= ANY(?)`, `DISTINCT ON`,
`ON CONFLICT`, `->>`, information_schema). This module adapts the rest, in one place:

- `?` parameters become psycopg's `%s`;
- column types: DOUBLE is DOUBLE PRECISION; UBIGINT (LSH buckets, only ever compared for equality) is
  BIGINT holding the same 64 bits; every table gets a `rowid` identity column, the order rows were
  written in, as DuckDB's rowid;
- an Arrow table registered for a query becomes a temporary table filled by COPY, and rows are
  inserted by COPY;
- results come back as tuples or as Arrow tables (`sql(...).to_arrow_table()`), JSON as its text;
- each writing transaction takes one advisory lock, so batches from several machines commit one at a
  time and each links its stories against every batch committed before it.

psycopg is the `postgres` extra: pip install 'peacewatch[postgres]'.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import StoreError

URL = re.compile(r"^postgres(?:ql)?://", re.I)
WRITER_LOCK = 0x7065616365  # "peace": the advisory lock every writing transaction of a store takes
TYPES = {"DOUBLE": "DOUBLE PRECISION", "UBIGINT": "BIGINT", "UBIGINT[]": "BIGINT[]"}
_WRAP = 1 << 64


def is_url(path: Any) -> bool:
    return isinstance(path, str) and bool(URL.match(path))


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def column_type(kind: str) -> str:
    """A store column type (DuckDB's spelling) in PostgreSQL's."""
    bare = kind.replace("PRIMARY KEY", "").strip()
    return TYPES.get(bare, bare) + (" PRIMARY KEY" if "PRIMARY KEY" in kind else "")


def signed(value: int | None) -> int | None:
    """An unsigned 64-bit value as the BIGINT with the same bits."""
    return value - _WRAP if value is not None and value >= 1 << 63 else value


def placeholders(sql: str) -> str:
    """DuckDB's `?` parameters as psycopg's `%s` (and a literal `%` as `%%`), outside quotes."""
    out, quote = [], None
    for char in sql:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            char = "%s"
        if char == "%":
            char = "%%"
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=1)
def _arrow_types() -> dict[int, Any]:
    """Arrow types of the PostgreSQL type ids (pg_type.oid) the store's columns have."""
    import pyarrow as pa

    text = pa.string()
    return {16: pa.bool_(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 25: text, 114: text, 700: pa.float32(),
            701: pa.float64(), 1043: text, 1082: pa.date32(), 1114: pa.timestamp("us"), 3802: text,
            1009: pa.list_(text), 1015: pa.list_(text), 1016: pa.list_(pa.int64()), 1007: pa.list_(pa.int32())}


def _sql_type(arrow_type) -> str:
    import pyarrow as pa

    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return _sql_type(arrow_type.value_type) + "[]"
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE PRECISION"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_date(arrow_type):
        return "DATE"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    return "VARCHAR"


class Cursor:
    def __init__(self, cursor) -> None:
        self._cursor = cursor
        self.description = cursor.description

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self.description else []

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self.description else None

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cursor.fetchmany(size) if self.description else []

    def to_arrow_table(self):
        """The rows as an Arrow table, typed by the columns' PostgreSQL types (inferred for others)."""
        import pyarrow as pa

        columns = self.description or []
        rows = self.fetchall()
        arrays = {}
        for n, column in enumerate(columns):
            values = [row[n] for row in rows]
            kind = _arrow_types().get(column.type_code)
            arrays[column.name] = pa.array(values, kind) if kind is not None else pa.array(values)
        return pa.table(arrays)


class Connection:
    """One psycopg connection in autocommit mode: transactions are the store's BEGIN and COMMIT."""

    def __init__(self, url: str, *, read_only: bool = False, options: dict[str, str] | None = None) -> None:
        try:
            import psycopg
            from psycopg.types.string import TextLoader
        except ImportError as error:
            raise StoreError("a PostgreSQL store needs psycopg: pip install 'peacewatch[postgres]'") from error
        settings = {"default_transaction_read_only": "on"} if read_only else {}
        settings |= options or {}
        flags = " ".join(f"-c {key}={value}" for key, value in settings.items())
        self.url = url
        self.db = psycopg.connect(url, autocommit=True, options=flags or None, connect_timeout=10)
        for kind in ("json", "jsonb"):
            self.db.adapters.register_loader(kind, TextLoader)  # JSON as its text, as DuckDB gives it

    def execute(self, sql: str, params: list | tuple | None = None) -> Cursor:
        cursor = self.db.cursor()
        if params:
            cursor.execute(placeholders(sql), [_value(p) for p in params])
        else:
            cursor.execute(sql)
        return Cursor(cursor)

    def executemany(self, sql: str, rows: list) -> None:
        self.db.cursor().executemany(placeholders(sql), rows)

    def sql(self, sql: str, params: list | None = None) -> Cursor:
        return self.execute(sql, params)

    def insert(self, table: str, definitions: list[tuple[str, str]], rows: list[tuple]) -> None:
        """Rows (in the order of `definitions`: (name, store type)) appended by COPY."""
        unsigned = [n for n, (_, kind) in enumerate(definitions) if kind.startswith("UBIGINT") and "[]" not in kind]
        names = ", ".join(f'"{name}"' for name, _ in definitions)
        with self.db.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                if unsigned:
                    row = list(row)
                    for n in unsigned:
                        row[n] = signed(row[n])
                copy.write_row(row)

    def register(self, name: str, table) -> None:
        """An Arrow table as a temporary table of this session, for the next statements."""
        import numpy as np
        import pyarrow as pa

        columns = {}
        for field, column in zip(table.schema, table.columns):
            if pa.types.is_uint64(field.type):
                column = pa.array(column.to_numpy(zero_copy_only=False).astype(np.uint64).view(np.int64))
            columns[field.name] = column
        table = pa.table(columns)
        definitions = ", ".join(f'"{f.name}" {_sql_type(f.type)}' for f in table.schema)
        self.db.execute(f"DROP TABLE IF EXISTS {name}")
        self.db.execute(f"CREATE TEMPORARY TABLE {name} ({definitions})")
        names = ", ".join(f'"{f.name}"' for f in table.schema)
        with self.db.cursor().copy(f"COPY {name} ({names}) FROM STDIN") as copy:
            for row in zip(*(column.to_pylist() for column in table.columns)):
                copy.write_row(row)
        self.db.execute(f"ANALYZE {name}")  # the planner's row counts: else it guesses, and scans what it joins

    def unregister(self, name: str) -> None:
        from psycopg.pq import TransactionStatus

        if self.db.info.transaction_status != TransactionStatus.INERROR:  # else the rollback drops it
            self.db.execute(f"DROP TABLE IF EXISTS {name}")

    def interrupt(self) -> None:
        self.db.cancel_safe()

    def close(self) -> None:
        self.db.close()


def _value(value: Any) -> Any:
    """A parameter as psycopg takes it: a tuple as a list (an array)."""
    return list(value) if isinstance(value, tuple) else value


def error_types() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)
