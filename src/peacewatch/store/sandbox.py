"""The SQL guard: what `peacewatch query` (and any later API or web endpoint that takes SQL) may run.

One statement, that reads: a SELECT (with WITH, FROM-first, SHOW, DESCRIBE and SUMMARIZE, which DuckDB
parses as SELECTs) or one of a few catalogue PRAGMAs. It runs on its own read-only connection with
file, network and extension access switched off and the configuration locked, so neither a table
function (`read_text`, `glob`, `read_csv`), nor `COPY`, `EXPORT`, `ATTACH`, `INSTALL` or `SET` can
reach beyond the store; at most `limit` rows come back, and a statement still running after
`timeout` seconds is interrupted.

On a PostgreSQL store (a postgresql:// URL) the same guard is the server's own: the statement must be
one reading statement (sent as one prepared statement, which the server refuses to split), it runs in a
read-only transaction with a statement timeout, the connection must not be a superuser's (a superuser
can reach files and programs from a SELECT), and functions that act on the server or on other
sessions (set_config, pg_terminate_backend, advisory locks, large objects, dblink, file reads) are refused.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryRefused, QueryTimeout, StoreError
from . import postgres
from .store import connect

LIMIT = 10_000  # rows returned at most
TIMEOUT = 30.0  # seconds
MEMORY = "2GB"
ALLOWED = "one SELECT (or WITH ... SELECT, FROM ..., SHOW, DESCRIBE, SUMMARIZE) or PRAGMA " \
          "show_tables, table_info, database_size or version"
READING = re.compile(r"^[\s(]*(select|with|values|table|show)\b", re.I)
SERVER_FUNCTIONS = re.compile(r"\b(set_config|pg_terminate_backend|pg_cancel_backend|pg_advisory\w*|"
                              r"pg_try_advisory\w*|lo_\w+|dblink\w*|pg_read_\w+|pg_ls_\w+|pg_stat_file|"
                              r"pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_notify|pg_create_\w+|"
                              r"pg_drop_\w+|pg_logical_\w+|pg_replication_\w+|query_to_xml\w*|"
                              r"table_to_xml\w*|cursor_to_xml\w*)\"?\s*\(", re.I)
PRAGMAS = {"show_tables", "show_tables_expanded", "table_info", "database_size", "version", "show",
           "storage_info", "database_list", "platform"}
SANDBOX = {
    "enable_external_access": False,  # no files but the store, no network
    "allow_community_extensions": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_unsigned_extensions": False,
    "memory_limit": MEMORY,
    "threads": 1,
    "lock_configuration": True,  # and no SET can undo any of it
}


@dataclass(frozen=True)
class Result:
    names: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than the limit matched


def check(sql: str, statements) -> None:
    """Refuse anything but one reading statement; `statements` are DuckDB's parse of `sql`."""
    import duckdb

    if len(statements) != 1:
        raise QueryRefused(f"{len(statements)} statements given; {_allowed()}")
    kind = statements[0].type
    if kind == duckdb.StatementType.SELECT:
        return
    if kind == duckdb.StatementType.PRAGMA:
        name = re.match(r"\s*pragma\s+(\w+)", statements[0].query, re.I)
        if name and name.group(1).lower() in PRAGMAS:
            return
    raise QueryRefused(f"{kind.name} statements are refused: the store is queried read-only; {_allowed()}")


def _allowed() -> str:
    return f"allowed: {ALLOWED}"


def select(path: str | Path, sql: str, *, limit: int = LIMIT, timeout: float = TIMEOUT,
           wait: float = 10.0) -> Result:
    """Run one reading statement on the store at `path` in the sandbox."""
    import duckdb

    if not isinstance(sql, str) or not sql.strip():
        raise QueryRefused(f"the query is empty; {_allowed()}")
    if limit < 1 or timeout <= 0:
        raise QueryRefused("the row limit and the time limit must be positive")
    if postgres.is_url(str(path)):
        return _select_postgres(str(path), sql, limit=limit, timeout=timeout)
    db = connect(path, read_only=True, wait=wait, config=SANDBOX)
    timer = threading.Timer(timeout, db.interrupt)
    try:
        try:
            statements = db.extract_statements(sql)
        except duckdb.Error as error:
            raise StoreError(f"query failed: {str(error).splitlines()[0]}") from error
        check(sql, statements)
        timer.start()
        cursor = db.execute(sql)
        names = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchmany(limit + 1)
    except duckdb.InterruptException as error:
        raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped; narrow it, or pass a "
                           "longer --timeout") from error
    except duckdb.Error as error:
        first = str(error).splitlines()[0]
        if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in first \
                or "read-only" in first:
            raise QueryRefused(f"refused: {first}. The store is queried read-only with no file, network "
                               f"or extension access; {_allowed()}") from error
        raise StoreError(f"query failed: {first}") from error
    finally:
        timer.cancel()
        db.close()
    return Result(names, rows[:limit], len(rows) > limit)


def _select_postgres(url: str, sql: str, *, limit: int, timeout: float) -> Result:
    """Run one reading statement on a PostgreSQL store, guarded by the server (see the module's text)."""
    import psycopg

    if not READING.match(_uncommented(sql)):
        kind = (re.findall(r"[A-Za-z]+", _uncommented(sql)) or ["such"])[0].upper()
        raise QueryRefused(f"{kind} statements are refused: the store is queried read-only; allowed on "
                           "PostgreSQL: one SELECT, WITH, VALUES, TABLE or SHOW statement")
    found = SERVER_FUNCTIONS.search(_uncommented(sql))
    if found:
        raise QueryRefused(f"refused: {found.group(1)}() acts on the server or on other sessions, not on the "
                           "store's rows")
    db = connect(url, read_only=True, config={"statement_timeout": str(max(1, int(timeout * 1000)))})
    try:
        superuser = db.execute("SELECT rolsuper FROM pg_roles WHERE rolname = session_user").fetchall()
        if superuser and superuser[0][0]:
            raise QueryRefused("refused: this connection is a superuser's, which can reach files and programs "
                               "from a SELECT; query the store as its own role (postgresql://ROLE@host/db)")
        cursor = db.db.cursor()
        cursor.execute(sql, prepare=True)  # one prepared statement: the server refuses a second one
        names = [d.name for d in cursor.description] if cursor.description else []
        rows = cursor.fetchmany(limit + 1) if cursor.description else []
    except psycopg.errors.QueryCanceled as error:
        raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped; narrow it, or pass a "
                           "longer --timeout") from error
    except (psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege) as error:
        raise QueryRefused(f"refused: {str(error).splitlines()[0]}. The store is queried read-only; "
                           f"{_allowed()}") from error
    except psycopg.Error as error:
        first = str(error).splitlines()[0]
        if "multiple commands" in first:
            raise QueryRefused(f"several statements given; {_allowed()}") from error
        raise StoreError(f"query failed: {first}") from error
    finally:
        db.close()
    return Result(names, [tuple(row) for row in rows[:limit]], len(rows) > limit)


def _uncommented(sql: str) -> str:
    """The statement without SQL comments, so none can hide what it begins with or calls."""
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
