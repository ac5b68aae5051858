"""Tables built once per machine and read back at every start: the gazetteers rebuilt from the
packages' city lists would otherwise cost most of a one-article command's second.

A table is stored with `marshal` (plain dicts, lists, strings and numbers; loading one runs no
code) under PEACEWATCH_CACHE, else $XDG_CACHE_HOME/peacewatch, else ~/.cache/peacewatch. Its
file name carries a digest of what it is built from (the peacewatch version and the versions of
the packages it reads), so an upgrade builds it anew. PEACEWATCH_CACHE=off turns the cache off.
A cache that cannot be read or written is rebuilt or skipped, never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..contract import PIPELINE_VERSION

FORMAT = 1  # bump when a cached table's shape changes


def folder() -> Path | None:
    """Where cached tables live, or None when the cache is off."""
    chosen = os.environ.get("PEACEWATCH_CACHE")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "peacewatch"


def _version(package: str) -> str:
    from importlib import metadata  # here: importing it costs a command 20 ms

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def cached(name: str, build: Callable[[], object], *, packages: tuple[str, ...] = ()):
    """`build()`'s table, read from the cache when it was built by the same versions."""
    where = folder()
    if where is None:
        return build()
    key = "|".join([str(FORMAT), PIPELINE_VERSION, name, *(f"{p}={_version(p)}" for p in packages)])
    path = where / f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:12]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = build()
    _write(path, table)
    return table


def _write(path: Path, table: object) -> None:
    """Write whole or not at all: a reader never sees half a table, and a failure leaves nothing."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(table, out)
        os.replace(temporary, path)
    except (OSError, ValueError):
        if temporary:
            Path(temporary).unlink(missing_ok=True)
