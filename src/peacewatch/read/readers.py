"""Read news from files into Articles: plain text, Markdown, JSONL, CSV, Parquet and saved HTML.

A folder expands to the files in it (recursively, in name order). An input
that cannot be read yields a `Skipped` record with the reason, and reading
goes on with the rest: a missing path, an unreadable folder, a file that is
empty, binary or too large, a record with a field of the wrong type or size.

Every field is checked here, at the boundary, so nothing downstream meets a
number where it expects text: `id` may be text or a number, `title`, `url`,
`source` and `language` must be text of bounded length, `published` must be a
real day (an impossible one is dropped and kept as `metadata.published_invalid`),
and `text` must be text without NUL characters. An article longer than
`MAX_ARTICLE_CHARS` is split at paragraph or sentence boundaries into parts
`<id>~2`, `<id>~3`... (the first keeps the id and origin; the others add the
same suffix to both), each with `metadata.part`,
`metadata.parts` and `metadata.part_offset` (where it starts in the input).

Text and Markdown files may open with a front-matter block (`---`, then
`key: value` lines, then `---`) giving id, published, source, url, language;
otherwise the first non-empty line is the title. The title line stays in the
text, so offsets point into the file as it is.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from ..article import Article, Skipped
from ..errors import BinaryInput, EmptyInput, InputError, MalformedRecord, OutputError, UnsupportedFormat

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
PARQUET_SUFFIXES = {".parquet"}
RECORD_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES  # files of many articles each
KNOWN_FIELDS = {"id", "title", "text", "published", "url", "source", "language"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[A-Za-z_][\w-]*[ \t]*:.*\n)*?)---[ \t]*\n")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")

MAX_FILE_BYTES = 256 * 2**20  # a larger file is skipped: split it, or export it as JSONL in pieces
MAX_ARTICLE_CHARS = 100_000  # longer texts are split into parts (a long feature runs to about 40,000)
FIELD_LIMITS = {"id": 300, "url": 4096, "source": 500, "language": 35, "published": 100}
TITLE_CHARS = 1_000  # a longer title is cut, and flagged in metadata.title_cut
METADATA_CHARS = 20_000  # an extra field whose JSON is longer is dropped, and named in metadata.dropped
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]  # UTF-32 LE starts like UTF-16 LE


def read(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> Iterator[Article | Skipped]:
    """Every article in the given files and folders, and a Skipped for each failure. Paths in or under
    `exclude` (a command's own output) are not read."""
    excluded = [Path(p).resolve() for p in exclude]
    for path in _expand(paths, excluded):
        if isinstance(path, Skipped):
            yield path
            continue
        if printable(str(path)) != str(path):
            yield Skipped(printable(str(path)), "the file name is not valid UTF-8; rename the file")
            continue
        try:
            yield from _read_file(path)
        except InputError as error:
            yield Skipped(error.path, error.reason)
        except OSError as error:
            yield Skipped(str(path), f"cannot be read: {error.strerror or error}")


def printable(text: str) -> str:
    """`text` as valid Unicode: a file name's undecodable bytes (lone surrogates) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # the bytes of a file name
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from elsewhere: "?"


def within(path: Path, folders: list[Path]) -> bool:
    """Whether `path` (resolved) is one of `folders` or lies under one."""
    return any(path == f or f in path.parents for f in folders)


def check_output(output: str | Path, paths: Iterable[str | Path]) -> None:
    """Refuse an output path that is one of the inputs: writing it would destroy what is read."""
    target = Path(output).resolve()
    for item in paths:
        if Path(item).resolve() == target:
            raise OutputError(f"output {output} is also an input; writing it would overwrite the input. "
                              "Choose another output path")


def _expand(paths: Iterable[str | Path], excluded: list[Path]) -> Iterator[Path | Skipped]:
    for item in paths:
        path = Path(item)
        if excluded and within(path.resolve(), excluded):
            continue
        if not path.exists():
            yield Skipped(printable(str(path)), "cannot be read: no such file or folder")
        elif path.is_dir():
            yield from _walk(path, excluded)
        else:
            yield path


def _walk(folder: Path, excluded: list[Path]) -> Iterator[Path | Skipped]:
    """The files under a folder in name order; a folder that cannot be listed is a Skipped, not a silence."""
    found: list[Path] = []
    failed: list[Skipped] = []

    def refused(error: OSError) -> None:
        failed.append(Skipped(printable(str(error.filename or folder)),
                              f"folder cannot be read: {error.strerror or error}"))

    for root, folders, files in os.walk(folder, onerror=refused):
        here = Path(root)
        if excluded:
            folders[:] = [f for f in folders if not within((here / f).resolve(), excluded)]
        found += [here / name for name in files if not name.startswith(".")
                  and not (excluded and within((here / name).resolve(), excluded))]
    yield from failed
    yield from sorted(p for p in found if p.is_file())


def files(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> Iterator[Path | Skipped]:
    """The files `read` would read, in the same order (a folder: its files in name order), and a
    Skipped for each path that cannot be listed."""
    yield from _expand(paths, [Path(p).resolve() for p in exclude])


def _read_file(path: Path) -> Iterator[Article | Skipped]:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES:
        raise UnsupportedFormat(str(path), f"unsupported file type {suffix or '(none)'}; "
                                "peacewatch reads .txt, .md, .jsonl, .csv, .parquet and .html")
    if suffix in PARQUET_SUFFIXES:
        yield from _parquet(path)
        return
    text = _decode(path)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl(path, text)
    elif suffix in CSV_SUFFIXES:
        yield from _csv(path, text)
    elif suffix in HTML_SUFFIXES:
        yield from _html(path, text)
    else:
        yield from _plain(path, text)


def _decode(path: Path) -> str:
    """The file as text: UTF-8, or UTF-16/32 when a byte-order mark says so. NUL anywhere is binary."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), f"file is {size / 2**20:.0f} MiB, over the limit of "
                                    f"{MAX_FILE_BYTES // 2**20} MiB; split it into smaller files")
    data = path.read_bytes()
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise BinaryInput(str(path), f"not {encoding.upper().replace('-SIG', '')} text (bad byte at offset "
                                     f"{error.start}); convert it to UTF-8 first") from error
    if "\x00" in text:
        raise BinaryInput(str(path), f"binary file (contains NUL bytes, first at character {text.index(chr(0))})")
    if not text.strip():
        raise EmptyInput(str(path), "empty file")
    return text.lstrip("\ufeff")


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _plain(path: Path, text: str) -> list[Article]:
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
    return _articles(path, {**meta, "title": meta.get("title") or title.lstrip("# ").strip()[:TITLE_CHARS],
                            "text": text}, default_id=path.stem)


def _text_field(where: str, record: dict, name: str) -> str | None:
    """A field as text (an id may be a number), None when absent or empty; anything else is refused."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if name == "id" and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise MalformedRecord(where, f"field {name!r} must be text, not {type(value).__name__} ({_show(value)})")
    limit = FIELD_LIMITS.get(name)
    if limit and len(value) > limit:
        raise MalformedRecord(where, f"field {name!r} is {len(value):,} characters long (at most {limit:,})")
    _clean(where, name, value)
    return value.strip() or None


def _clean(where: str, name: str, value: str) -> None:
    """Text the store can hold: no NUL, and valid Unicode (JSON can carry lone surrogates, UTF-8 cannot)."""
    if "\x00" in value:
        raise MalformedRecord(where, f"field {name!r} contains NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise MalformedRecord(where, f"field {name!r} holds invalid Unicode ({error.reason} at character "
                                     f"{error.start})") from error


def _show(value) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _day(value: str | None) -> str | None:
    """The ISO day in a published field, or None when there is none or it is not a real day."""
    found = DATE.search(value or "")
    if not found:
        return None
    try:
        return date.fromisoformat(found.group(1)).isoformat()
    except ValueError:
        return None


def _articles(path: Path, record: dict, *, default_id: str) -> list[Article]:
    """The checked article of one record: one, or its parts when the text is over MAX_ARTICLE_CHARS."""
    where = str(path)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord(where, "record has no text" if text is None or isinstance(text, str)
                              else f"field 'text' must be text, not {type(text).__name__}")
    _clean(where, "text", text)
    fields = {name: _text_field(where, record, name) for name in ("id", "url", "source", "language")}
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise MalformedRecord(where, f"field 'title' must be text, not {type(title).__name__} ({_show(title)})")
    _clean(where, "title", title or "")
    metadata: dict = {}
    title = " ".join((title or "").split())
    if len(title) > TITLE_CHARS:
        title, metadata["title_cut"] = title[:TITLE_CHARS], len(title)
    raw_date = record.get("published") if record.get("published") is not None else record.get("date")
    published = None
    if raw_date is not None:
        shown = raw_date if isinstance(raw_date, str) else _show(raw_date)
        _clean(where, "published", shown)
        published = _day(shown[:FIELD_LIMITS["published"]])
        if published is None:
            metadata["published_invalid"] = shown[:FIELD_LIMITS["published"]]
    for key, value in record.items():
        if key in KNOWN_FIELDS or key == "date":
            continue
        key = str(key)[:200]
        shown = json.dumps(value, default=str, ensure_ascii=False)
        _clean(where, key, key + shown)
        if len(shown) > METADATA_CHARS:
            metadata.setdefault("dropped", []).append(key)
        else:
            metadata[key] = value
    article = Article(id=fields["id"] or default_id or content_id(text), raw=text, title=title,
                      url=fields["url"], source=fields["source"], published=published,
                      language=fields["language"] or "en", origin=where, metadata=metadata)
    return split(article)


def split(article: Article, limit: int = MAX_ARTICLE_CHARS) -> list[Article]:
    """An article over `limit` characters as parts that end at a paragraph, line or sentence boundary,
    so that work per article stays bounded and nothing is cut away."""
    if len(article.raw) <= limit:
        return [article]
    pieces, at, raw = [], 0, article.raw
    while at < len(raw):
        end = len(raw) if len(raw) - at <= limit else _boundary(raw, at, at + limit)
        pieces.append((at, raw[at:end]))
        at = end
    parts = []
    for n, (offset, text) in enumerate(pieces, start=1):
        metadata = {**article.metadata, "part": n, "parts": len(pieces), "part_offset": offset}
        parts.append(Article(id=article.id if n == 1 else f"{article.id}~{n}", raw=text,
                             title=article.title if n == 1 else f"{article.title} (part {n} of {len(pieces)})",
                             url=article.url, source=article.source, published=article.published,
                             language=article.language, metadata=metadata,
                             origin=article.origin if n == 1 else f"{article.origin}~{n}"))
    return parts


SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def _boundary(raw: str, start: int, end: int) -> int:
    """The last paragraph break, else line break, else sentence end, else space in the second half of
    raw[start:end]; the hard limit when there is none."""
    floor = start + (end - start) // 2
    for mark in ("\n\n", "\n"):
        found = raw.rfind(mark, floor, end)
        if found != -1:
            return found + len(mark)
    last = None
    for last in SENTENCE_END.finditer(raw, floor, end):
        pass
    if last is not None:
        return last.end()
    found = raw.rfind(" ", floor, end)
    return found + 1 if found != -1 else end


def _jsonl(path: Path, text: str) -> Iterator[Article | Skipped]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            reason = f"invalid JSON ({error.msg} at column {error.colno})" \
                if isinstance(error, json.JSONDecodeError) else "JSON nested too deeply"
            yield Skipped(where, reason)
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "a JSONL line must be an object")
            continue
        try:
            yield from _articles(Path(where), record, default_id=f"{path.stem}-{number}" if "id" not in record else "")
        except InputError as error:
            yield Skipped(error.path, error.reason)


def _parquet(path: Path) -> Iterator[Article | Skipped]:
    """Rows of a Parquet file, read a row group at a time; each row is a record as in JSONL (a `text`
    column is needed; other columns go to metadata)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), f"file is {size / 2**20:.0f} MiB, over the limit of "
                                    f"{MAX_FILE_BYTES // 2**20} MiB; split it into smaller files")
    try:
        table = pq.ParquetFile(path)
        if "text" not in table.schema_arrow.names:
            raise MalformedRecord(str(path), "Parquet needs a 'text' column")
        number = 0
        for batch in table.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                number += 1
                try:
                    yield from _articles(Path(f"{path}:{number}"), record,
                                         default_id=f"{path.stem}-{number}" if record.get("id") is None else "")
                except InputError as error:
                    yield Skipped(error.path, error.reason)
    except (pa.ArrowException, OSError) as error:
        raise MalformedRecord(str(path), f"not a readable Parquet file ({str(error).splitlines()[0][:200]})") \
            from error


def _csv(path: Path, text: str) -> Iterator[Article | Skipped]:
    """Rows of a CSV file with a header. Quoting is read strictly: a row whose quotes do not close is
    skipped with the line it starts on, and reading resumes on the next line instead of swallowing
    the rows after it into one field."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    lines = io.StringIO(text, newline="").readlines()  # split where csv itself ends a line

    def rows_from(first: int):
        return csv.reader((lines[n] for n in range(first, len(lines))), strict=True)

    reader = rows_from(0)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise MalformedRecord(str(path), f"CSV header cannot be read ({error or 'no rows'})") from error
    if "text" not in header:
        raise MalformedRecord(str(path), "CSV needs a header row with a 'text' column")
    number = 1  # data rows read: row n gets the default id <file>-<n+1>, as a spreadsheet numbers it
    base = 0  # the line the current reader started on
    while True:
        begin = base + reader.line_num  # the row about to be read starts on line begin + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Skipped(f"{path}:{begin + 1}", f"broken CSV quoting in the row starting on line {begin + 1} "
                                                 f"({error}); reading resumed on line {begin + 2}")
            base = begin + 1
            reader = rows_from(base)
            continue
        if not row:
            continue
        number += 1
        record: dict = dict(zip(header, row))
        if len(row) > len(header):
            record["extra_fields"] = row[len(header):]
        try:
            yield from _articles(Path(f"{path}:{begin + 1}"), record, default_id=f"{path.stem}-{number}")
        except InputError as error:
            yield Skipped(error.path, error.reason)


def _html(path: Path, page: str) -> list[Article]:
    """The article of a saved page (page_record)."""
    try:
        record = page_record(page)
    except EmptyInput as error:
        raise EmptyInput(str(path), error.reason) from error
    return _articles(path, {**record, "id": path.stem}, default_id=path.stem)


def page_record(page: str, *, url: str | None = None) -> dict:
    """An HTML page as an input record (title, text, published, url, source, language): its main text
    and metadata through trafilatura; when it finds none (a page too deeply nested for its parser,
    say), the page's visible text. EmptyInput when the page has no text at all."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                               include_tables=False, favor_precision=True)
    except (RecursionError, ValueError, TypeError):  # lxml's limits on malformed or monstrous markup
        document = None
    text = (document.text if document is not None else "") or ""
    title = ((document.title if document is not None else "") or "").strip()
    if not text.strip():
        title, text = _visible_text(page)
    if not text.strip():
        raise EmptyInput(url or "page", "no article text found in the HTML page")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return {"title": title, "text": text, "published": document.date if document is not None else None,
            "url": (document.url if document is not None else None) or url,
            "source": document.sitename if document is not None else None,
            "language": (document.language if document is not None else None) or "en"}


class _TextCollector(HTMLParser):
    """Visible text of a page, a line per block element, without scripts, styles or the head."""

    HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.in_title = False
        self.title: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "title":
            self.in_title = True
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "title":
            self.in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def _visible_text(page: str) -> tuple[str, str]:
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return " ".join("".join(collector.title).split()), "\n\n".join(line for line in lines if line)
