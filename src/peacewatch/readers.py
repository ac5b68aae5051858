"""Read news from files into Articles: plain text, Markdown, JSONL, CSV and saved HTML.

A folder expands to the files in it (recursively, in name order). An input
that cannot be read yields a `Skipped` record with the reason, and reading
goes on with the rest.

Text and Markdown files may open with a front-matter block (`---`, then
`key: value` lines, then `---`) giving id, published, source, url, language;
otherwise the first non-empty line is the title. The title line stays in the
text, so offsets point into the file as it is.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .article import Article, Skipped
from .errors import BinaryInput, EmptyInput, InputError, MalformedRecord, UnsupportedFormat

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
KNOWN_FIELDS = {"id", "title", "text", "published", "url", "source", "language"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[A-Za-z_][\w-]*[ \t]*:.*\n)*?)---[ \t]*\n")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Every article in the given files and folders, and a Skipped for each failure."""
    for path in _expand(paths):
        try:
            yield from _read_file(path)
        except InputError as error:
            yield Skipped(error.path, error.reason)
        except OSError as error:
            yield Skipped(str(path), f"cannot be read: {error.strerror or error}")


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _read_file(path: Path) -> Iterator[Article | Skipped]:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES:
        raise UnsupportedFormat(str(path), f"unsupported file type {suffix or '(none)'}; "
                                "peacewatch reads .txt, .md, .jsonl, .csv and .html")
    text = _decode(path)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl(path, text)
    elif suffix in CSV_SUFFIXES:
        yield from _csv(path, text)
    elif suffix in HTML_SUFFIXES:
        yield _html(path, text)
    else:
        yield _plain(path, text)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInput(str(path), "empty file")
    if b"\x00" in data[:8192]:
        raise BinaryInput(str(path), "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BinaryInput(str(path), f"not UTF-8 text (bad byte at offset {error.start}); "
                          "convert it to UTF-8 first") from error


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _plain(path: Path, text: str) -> Article:
    meta: dict[str, str] = {}
    match = FRONT_MATTER.match(text)
    if match:
        for line in match.group("body").splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end():]
    if not text.strip():
        raise EmptyInput(str(path), "no text after the front matter")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return _article(path, {**meta, "title": meta.get("title") or title.lstrip("# ").strip(), "text": text},
                    default_id=path.stem)


def _article(path: Path, record: dict, *, default_id: str) -> Article:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord(str(path), "record has no text")
    published = record.get("published") or record.get("date")
    if published is not None:
        found = DATE.search(str(published))
        published = found.group(1) if found else None
    metadata = {k: v for k, v in record.items() if k not in KNOWN_FIELDS and k != "date"}
    return Article(
        id=str(record.get("id") or default_id or content_id(text)),
        raw=text,
        title=str(record.get("title") or "").strip(),
        url=record.get("url") or None,
        source=record.get("source") or None,
        published=published,
        language=str(record.get("language") or "en"),
        origin=str(path),
        metadata=metadata,
    )


def _jsonl(path: Path, text: str) -> Iterator[Article | Skipped]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"invalid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "a JSONL line must be an object")
            continue
        try:
            yield _article(Path(where), record, default_id=f"{path.stem}-{number}" if "id" not in record else "")
        except InputError as error:
            yield Skipped(error.path, error.reason)


def _csv(path: Path, text: str) -> Iterator[Article | Skipped]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise MalformedRecord(str(path), "CSV needs a header row with a 'text' column")
    for number, row in enumerate(reader, start=2):
        try:
            yield _article(Path(f"{path}:{number}"), row, default_id=f"{path.stem}-{number}")
        except InputError as error:
            yield Skipped(error.path, error.reason)


def _html(path: Path, page: str) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True)
    if document is None or not (document.text or "").strip():
        raise EmptyInput(str(path), "no article text found in the HTML page")
    title = (document.title or "").strip()
    text = document.text
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    record = {"id": path.stem, "title": title, "text": text, "published": document.date,
              "url": document.url, "source": document.sitename, "language": document.language or "en"}
    return _article(path, record, default_id=path.stem)
