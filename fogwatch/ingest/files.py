"""Turn files into :class:`~fogwatch.model.Article` records, streaming.

``.txt`` is one article; ``.html``/``.htm`` is one article (main text only);
``.json`` is one article object or a list of them; ``.jsonl`` is one article per line;
``.csv`` has a ``text`` column (and optionally ``id``, ``published``, ``title``,
``url``, ``outlet``). ``-`` reads JSONL or plain text from standard input. A bad
record is yielded as an :class:`InputError` so batches can report it and go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fogwatch.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

# Field names other tools use for the same thing, tried in order.
_TEXT_KEYS = ("text", "doc_text", "body", "content", "notes", "article")
_ID_KEYS = ("id", "doc_id", "article_id", "uid")
_DATE_KEYS = ("published", "date", "publish_date", "event_date", "pubdate")

# Bytes that are not UTF-8, as Python's "surrogateescape" error handler keeps them:
# a line that has one is reported, and the lines around it are read.
_ESCAPED = re.compile("[\udc80-\udcff]")
# A lone UTF-16 surrogate (a JSON "\ud800" escape) cannot be written as UTF-8: it
# becomes U+FFFD, one character for one, so offsets into the text stay the same.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Dates written as other tools write them; ISO dates and datetimes are tried first.
_DATE_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%Y/%m/%d", "%d/%m/%Y")
# A CSV field may hold a whole article; the reader's own size ceiling bounds it.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


class InputError(ValueError):
    """A file or record that cannot be read; says where (file and line)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


@dataclass
class Record:
    """An article read from an input, or the error that stood in its place."""

    article: Article | None
    error: InputError | None = None
    source: str = ""
    line: int | None = None


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM tolerated); refuse binary data with a clear error."""
    if b"\x00" in data[:4096]:
        raise InputError(source, "looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source,
            f"is not valid UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
            line,
        ) from None


def _bad_bytes(text: str) -> str | None:
    """A message if ``text`` (read with "surrogateescape") holds bytes that are not UTF-8."""
    m = _ESCAPED.search(text)
    if m is None:
        return None
    byte = bytes([ord(m.group()) - 0xDC00])
    return f"is not valid UTF-8 text (byte {byte!r} at character {m.start() + 1} of the line)"


def clean_text(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (same length)."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def check_published(value: str) -> str | None:
    """Why ``value`` is no publication date, or None if it is one.

    ISO dates and datetimes, RFC 2822 dates and a few common written forms
    ("9-May-20", "9 May 2020") are dates; "NaN", "2025-13-45" or "yesterday" are not.
    """
    text = value.strip()
    if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
        try:
            dt.date.fromisoformat(text[:10])
            return None
        except ValueError:
            return f"published {_excerpt(value)} is not a real date"
    for fmt in _DATE_FORMATS:
        try:
            dt.datetime.strptime(text, fmt)
            return None
        except ValueError:
            continue
    try:
        if email.utils.parsedate_to_datetime(text) is not None:
            return None
    except (TypeError, ValueError, IndexError):
        pass
    return f"published {_excerpt(value)} is not a date (YYYY-MM-DD expected)"


def _excerpt(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


def article_from_mapping(obj: dict, source: str, line: int | None = None) -> Article:
    """Build an Article from a JSON/CSV record, accepting common field names."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}", line)
    text = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None:
        raise InputError(source, "record has no 'text' field", line)
    raw_id = next((obj[k] for k in _ID_KEYS if obj.get(k) not in (None, "")), None)
    published = next((obj[k] for k in _DATE_KEYS if obj.get(k)), None)
    if published is not None:
        why = check_published(str(published))
        if why is not None:
            raise InputError(source, why, line)
    return Article.make(
        clean_text(text),
        published=clean_text(str(published)) if published is not None else None,
        title=_clean(obj.get("title")),
        url=_clean(obj.get("url")),
        outlet=_clean(obj.get("outlet") or obj.get("source")),
        id=clean_text(str(raw_id)) if raw_id is not None else None,
    )


def _clean(value: object) -> str | None:
    if not value:
        return None
    return clean_text(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _loads(text: str, source: str, line: int | None) -> object:
    """``json.loads`` with every way it fails as an :class:`InputError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            source, f"invalid JSON ({exc.msg})", exc.lineno if line is None else line
        ) from None
    except RecursionError:
        raise InputError(source, "JSON nested too deeply to read", line) from None


def _jsonl_records(lines: Iterable[str], source: str) -> Iterator[Record]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            bad = _bad_bytes(line)
            if bad is not None:
                raise InputError(source, bad, n)
            obj = _loads(line, source, n)
            yield Record(article_from_mapping(obj, source, n), source=source, line=n)
        except InputError as exc:
            yield Record(None, exc, source=source, line=n)


def _html_article(raw: str, source: str, published: str | None) -> Article:
    from fogwatch.ingest.html import extract_html

    doc = extract_html(raw, url=None)
    return Article.make(
        doc.text,
        published=published or doc.published,
        title=doc.title,
        url=doc.url,
        outlet=doc.outlet,
    )


def read_path(path: str | Path, published: str | None = None) -> Iterator[Record]:
    """Yield the articles in one file (or directory, recursively, in sorted order).

    A file that cannot be read is one error record; the files after it are read.
    """
    source = str(path)
    if source == "-":
        yield from read_stream(sys.stdin, "<stdin>", published)
        return
    p = Path(path)
    if p.is_dir():
        for child in _article_files(p):
            yield from read_path(child, published)
        return
    if not p.exists():
        yield Record(None, InputError(source, "no such file"), source=source)
        return
    try:
        yield from _read_file(p, source, published)
    except OSError as exc:
        yield Record(None, InputError(source, f"cannot be read ({exc.strerror or exc})"),
                     source=source)


def _read_file(p: Path, source: str, published: str | None) -> Iterator[Record]:
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        with p.open("rb") as fh:
            head = fh.read(4096)
        if b"\x00" in head:
            yield Record(None, InputError(source, "looks like a binary file, not text"),
                         source=source)
            return
        with p.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
            yield from _jsonl_records(fh, source)
        return
    if suffix in CSV_SUFFIXES:
        yield from _csv_records(p, source)
        return
    try:
        raw = decode(p.read_bytes(), source)
        if suffix in JSON_SUFFIXES:
            obj = _loads(raw, source, None)
            objs = obj if isinstance(obj, list) else [obj]
            for i, o in enumerate(objs, start=1):
                try:
                    yield Record(article_from_mapping(o, source, i), source=source, line=i)
                except InputError as exc:
                    yield Record(None, exc, source=source, line=i)
            return
        if suffix in HTML_SUFFIXES or raw.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
            yield Record(_html_article(raw, source, published), source=source)
            return
        yield Record(Article.make(raw, published=published), source=source)
    except InputError as exc:
        yield Record(None, exc, source=source)


def _csv_records(p: Path, source: str) -> Iterator[Record]:
    """The rows of a CSV file; a row that cannot be read is an error, the others are read."""
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    with p.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.DictReader(fh)
        n = 1
        while True:
            n += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(None, InputError(source, f"bad CSV ({exc})", n), source=source,
                             line=n)
                continue
            try:
                values = [v for v in row.values() if isinstance(v, str)]
                bad = next((b for v in values if (b := _bad_bytes(v)) is not None), None)
                if bad is not None:
                    raise InputError(source, bad.replace(" of the line", " of a field"), n)
                yield Record(article_from_mapping(row, source, n), source=source, line=n)
            except InputError as exc:
                yield Record(None, exc, source=source, line=n)


def read_stream(stream: io.TextIOBase, source: str, published: str | None = None) -> Iterator[Record]:
    """Read standard input: JSONL if the first non-blank character is '{', else one text."""
    try:
        data = stream.read()
    except UnicodeDecodeError as exc:
        yield Record(None, InputError(source, f"is not valid UTF-8 text (byte {exc.start})"),
                     source=source)
        return
    if data.lstrip().startswith("{"):
        yield from _jsonl_records(data.splitlines(), source)
        return
    bad = _bad_bytes(data)
    if bad is not None:
        yield Record(None, InputError(source, bad.replace(" of the line", "")), source=source)
        return
    yield Record(Article.make(clean_text(data), published=published), source=source)


def _article_files(directory: Path) -> list[Path]:
    return [c for c in sorted(directory.rglob("*")) if c.is_file() and c.suffix.lower() in ALL_SUFFIXES]


def check_path(path: str | Path) -> None:
    """Raise :class:`InputError` naming ``path`` when it cannot be read at all: missing,
    unreadable, or a directory that holds no article file. Called before anything is
    created, so a mistyped path fails before a store or an output file exists."""
    source = str(path)
    if source == "-":
        return
    p = Path(path)
    if not p.exists():
        raise InputError(source, "no such file or directory")
    if p.is_dir():
        if not os.access(p, os.R_OK | os.X_OK):
            raise InputError(source, "directory cannot be read (permission denied)")
        if not _article_files(p):
            kinds = ", ".join(sorted(ALL_SUFFIXES))
            raise InputError(source, f"directory holds no article file ({kinds})")
        return
    try:
        with p.open("rb"):
            pass
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None


def _count_lines(path: Path) -> int:
    # non-blank lines, read in binary: about as fast as the disk
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """How many records the inputs hold, when that is cheap to know exactly: one per
    text or HTML file, one per non-blank JSONL line. None when any input is stdin, a
    JSON or CSV file (records can span lines) or unreadable."""
    total = 0
    for item in paths:
        if str(item) == "-":
            return None
        p = Path(item)
        files = _article_files(p) if p.is_dir() else [p]
        for f in files:
            suffix = f.suffix.lower()
            try:
                if suffix in JSONL_SUFFIXES:
                    total += _count_lines(f)
                elif suffix in JSON_SUFFIXES or suffix in CSV_SUFFIXES:
                    return None
                else:
                    total += 1
            except OSError:
                return None
    return total


def read_paths(paths: Iterable[str | Path], published: str | None = None) -> Iterator[Record]:
    """Yield the records of several inputs in order."""
    for p in paths:
        yield from read_path(p, published)
