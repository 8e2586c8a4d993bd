"""Turn files into :class:`~fogwatch.model.Article` records, streaming.

``.txt`` is one article; ``.html``/``.htm`` is one article (main text only);
``.json`` is one article object or a list of them; ``.jsonl`` is one article per line;
``.csv`` has a ``text`` column (and optionally ``id``, ``published``, ``title``,
``url``, ``outlet``). ``-`` reads JSONL or plain text from standard input. A bad
record is yielded as an :class:`InputError` so batches can report it and go on.
"""

from __future__ import annotations

import csv
import io
import json
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
        raise InputError(
            source, f"is not valid UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
        ) from None


def article_from_mapping(obj: dict, source: str, line: int | None = None) -> Article:
    """Build an Article from a JSON/CSV record, accepting common field names."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}", line)
    text = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None:
        raise InputError(source, "record has no 'text' field", line)
    raw_id = next((obj[k] for k in _ID_KEYS if obj.get(k) not in (None, "")), None)
    published = next((obj[k] for k in _DATE_KEYS if obj.get(k)), None)
    return Article.make(
        text,
        published=str(published) if published is not None else None,
        title=obj.get("title") or None,
        url=obj.get("url") or None,
        outlet=obj.get("outlet") or obj.get("source") or None,
        id=str(raw_id) if raw_id is not None else None,
    )


def _jsonl_records(lines: Iterable[str], source: str) -> Iterator[Record]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            yield Record(article_from_mapping(obj, source, n), source=source, line=n)
        except json.JSONDecodeError as exc:
            yield Record(
                None, InputError(source, f"invalid JSON ({exc.msg})", n), source=source, line=n
            )
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
    """Yield the articles in one file (or directory, recursively, in sorted order)."""
    source = str(path)
    if source == "-":
        yield from read_stream(sys.stdin, "<stdin>", published)
        return
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.rglob("*")):
            if child.is_file() and child.suffix.lower() in ALL_SUFFIXES:
                yield from read_path(child, published)
        return
    if not p.exists():
        yield Record(None, InputError(source, "no such file"), source=source)
        return
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with p.open("rb") as fh:
                head = fh.read(4096)
            if b"\x00" in head:
                raise InputError(source, "looks like a binary file, not text")
        except InputError as exc:
            yield Record(None, exc, source=source)
            return
        with p.open("r", encoding="utf-8-sig", errors="strict", newline="") as fh:
            try:
                yield from _jsonl_records(fh, source)
            except UnicodeDecodeError:
                yield Record(None, InputError(source, "is not valid UTF-8 text"), source=source)
        return
    if suffix in CSV_SUFFIXES:
        with p.open("r", encoding="utf-8-sig", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    yield Record(article_from_mapping(row, source, n), source=source, line=n)
                except InputError as exc:
                    yield Record(None, exc, source=source, line=n)
        return
    try:
        raw = decode(p.read_bytes(), source)
        if suffix in JSON_SUFFIXES:
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(source, f"invalid JSON ({exc.msg})", exc.lineno) from None
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


def read_stream(stream: io.TextIOBase, source: str, published: str | None = None) -> Iterator[Record]:
    """Read standard input: JSONL if the first non-blank character is '{', else one text."""
    data = stream.read()
    if data.lstrip().startswith("{"):
        yield from _jsonl_records(data.splitlines(), source)
    else:
        yield Record(Article.make(data, published=published), source=source)


def read_paths(paths: Iterable[str | Path], published: str | None = None) -> Iterator[Record]:
    """Yield the records of several inputs in order."""
    for p in paths:
        yield from read_path(p, published)
