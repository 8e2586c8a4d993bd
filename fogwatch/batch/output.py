"""Where batch readings go: JSONL lines, or numbered JSONL / Parquet partition files.

A partition directory holds ``part-00000.jsonl`` (or ``.parquet``), ``part-00001``...
in input order: concatenating the JSONL partitions gives the same bytes as one
single-process JSONL file. A Parquet partition has one row per reading: a few flat
columns to filter on, and the whole reading as its JSON text in ``reading`` (the
same text as the JSONL line), so nothing is lost to a schema.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PARTITION_PATTERN = "part-{index:05d}.{ext}"

# Flat columns of a Parquet partition, taken from each reading.
PARQUET_COLUMNS = (
    "article_id",
    "published",
    "title",
    "url",
    "outlet",
    "reader_version",
    "n_events",
    "event_type",
    "sub_event_type",
    "country",
    "fatalities",
    "reading",
)


def partition_path(directory: Path, index: int, fmt: str) -> Path:
    """The path of partition ``index`` in ``directory`` for format ``jsonl``/``parquet``."""
    return directory / PARTITION_PATTERN.format(index=index, ext=fmt)


def parquet_bytes(lines: Iterable[str]) -> bytes:
    """A Parquet file (as bytes) with one row per reading JSON line."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list] = {name: [] for name in PARQUET_COLUMNS}
    for line in lines:
        reading = json.loads(line)
        primary = reading["events"][0] if reading.get("events") else {}
        columns["article_id"].append(reading["article_id"])
        for key in ("published", "title", "url", "outlet", "reader_version"):
            columns[key].append(reading.get(key))
        columns["n_events"].append(len(reading.get("events") or ()))
        for key in ("event_type", "sub_event_type", "country"):
            columns[key].append(primary.get(key))
        columns["fatalities"].append(primary.get("fatalities"))
        columns["reading"].append(line)
    schema = pa.schema(
        [(name, pa.string()) for name in PARQUET_COLUMNS[:6]]
        + [("n_events", pa.int32())]
        + [(name, pa.string()) for name in ("event_type", "sub_event_type", "country")]
        + [("fatalities", pa.int64()), ("reading", pa.string())]
    )
    table = pa.table(columns, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, so a crash
    leaves the file either complete or absent, never torn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def partition_bytes(fmt: str, lines: Iterable[str]) -> bytes:
    """The bytes of one partition file of reading JSON lines."""
    if fmt == "parquet":
        return parquet_bytes(lines)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def write_partition(
    directory: Path, index: int, fmt: str, lines: list[str], data: bytes | None = None
) -> Path:
    """Write one partition of reading JSON lines (or its ready ``data``); returns its path."""
    payload = data if data is not None else partition_bytes(fmt, lines)
    return write_atomic(partition_path(directory, index, fmt), payload)


def read_partitions(directory: Path) -> list[str]:
    """The reading JSON lines of every partition in ``directory``, in order."""
    lines: list[str] = []
    for path in sorted(directory.glob("part-*")):
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            lines.extend(pq.read_table(path, columns=["reading"]).column("reading").to_pylist())
        elif path.suffix == ".jsonl":
            lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


# ---------------------------------------------------------------------------------------
# Output modes: where `fogwatch extract` writes, decided once, with every conflict named.

JSONL_SUFFIXES = (".jsonl", ".ndjson")
FORMATS = ("json", "jsonl", "parquet")
PARTITION_READINGS = 1000  # readings per partition file in single-machine partitioned output


class OutputError(ValueError):
    """Output options that cannot work together; the message names the options."""


@dataclass(frozen=True)
class OutputPlan:
    """Where readings go: ``fmt`` (json, jsonl, parquet), ``output`` (None: stdout),
    ``to_dir`` (numbered partitions in ``output``) and ``resume``."""

    fmt: str
    output: Path | None
    to_dir: bool
    resume: bool


def is_jsonl_input(paths: Iterable[str]) -> bool:
    """Whether any input is line-oriented (JSONL, CSV or stdin): readings default to JSONL."""
    return any(p.lower().endswith((*JSONL_SUFFIXES, ".csv")) or p == "-" for p in paths)


def plan_output(
    paths: list[str],
    fmt: str | None,
    output: str | None,
    resume: bool = False,
    dask: bool = False,
) -> OutputPlan:
    """Decide the output mode from the options, or raise :class:`OutputError`.

    The format defaults to JSONL for line-oriented input (or the Dask path), else one
    JSON document. ``-o`` names a directory of partitions when it ends with a slash,
    is an existing directory, the format is Parquet, or (Dask) it has no suffix.
    """
    if fmt is not None and fmt not in FORMATS:
        raise OutputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    path = Path(output) if output else None
    if fmt is None:
        fmt = "jsonl" if dask or is_jsonl_input(paths) else "json"
    to_dir = path is not None and (
        output.endswith(("/", "\\"))
        or path.is_dir()
        or fmt == "parquet"
        or (dask and path.suffix == "")
    )
    if fmt == "parquet" and not to_dir:
        raise OutputError("--format parquet writes partitions: give a directory with -o DIR")
    if fmt == "json" and (to_dir or resume):
        raise OutputError(
            "--format json is one document; use --format jsonl for -o DIR or --resume"
        )
    if resume and path is None:
        raise OutputError("--resume needs -o: the output it resumes")
    if to_dir and not resume and path.is_dir() and any(path.glob("part-*")):
        raise OutputError(f"{path} already holds partitions: use --resume, or an empty directory")
    if dask:
        if fmt == "json":
            raise OutputError(
                "the Dask path writes JSONL or Parquet: use --format jsonl or parquet"
            )
        for p in paths:
            if not p.lower().endswith(JSONL_SUFFIXES) or not Path(p).is_file():
                raise OutputError(f"{p}: the Dask path reads JSONL files (one article a line)")
        if resume and not to_dir:
            raise OutputError("with Dask, --resume works on partitions: give -o DIR")
    return OutputPlan(fmt=fmt, output=path, to_dir=to_dir, resume=resume)


def done_ids(output: Path) -> set[str]:
    """Article ids already in an output JSONL file. A torn last line (a crash mid-write)
    or an unreadable one is cut off the file, so the article is read again."""
    done: set[str] = set()
    if not output.exists():
        return done
    with output.open("rb+") as fh:
        keep = 0  # bytes of complete, valid lines
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a line cut short by a crash: it will be read again
            try:
                done.add(json.loads(raw)["article_id"])
            except (ValueError, KeyError, TypeError):
                break
            keep += len(raw)
        fh.truncate(keep)
    return done


def resume_point(plan: OutputPlan) -> tuple[set[str], int]:
    """For a resumed run: the article ids already written and the next partition index."""
    if not plan.resume or plan.output is None:
        return set(), 0
    if plan.to_dir:
        if not plan.output.is_dir():
            return set(), 0
        # a partition directory goes on after its last complete partition
        part = len(sorted(plan.output.glob(f"part-*.{plan.fmt}")))
        return {json.loads(line)["article_id"] for line in read_partitions(plan.output)}, part
    return done_ids(plan.output), 0


class ReadingWriter:
    """Writes reading JSON lines as the plan says: one JSON document, JSONL (appended to
    on resume), or numbered partitions written whole. Use as a context manager."""

    def __init__(self, plan: OutputPlan, first_part: int = 0, stdout: IO[str] | None = None):
        self.plan = plan
        self.part = first_part
        self._buffer: list[str] = []  # --format json, or the partition being filled
        self._out: IO[str] | None = None
        if not plan.to_dir:
            if plan.output is None:
                self._out = stdout or sys.stdout
            else:
                mode = "a" if plan.resume else "w"
                self._out = plan.output.open(mode, encoding="utf-8", newline="\n")

    def write(self, line: str) -> None:
        """One reading, as its JSON line."""
        if self.plan.to_dir:
            self._buffer.append(line)
            if len(self._buffer) == PARTITION_READINGS:
                self._flush_partition()
        elif self.plan.fmt == "json":
            self._buffer.append(line)
        else:
            self._out.write(line + "\n")

    def write_partition(self, index: int, lines: list[str], data: bytes | None = None) -> None:
        """A whole partition made elsewhere (a Dask worker), at its own index."""
        if self.plan.to_dir:
            write_partition(self.plan.output, index, self.plan.fmt, lines, data)
        else:
            self._out.writelines(line + "\n" for line in lines)

    def _flush_partition(self) -> None:
        write_partition(self.plan.output, self.part, self.plan.fmt, self._buffer)
        self.part, self._buffer = self.part + 1, []

    def finish(self) -> None:
        """Write what is buffered: the last partition, or the JSON document."""
        if self.plan.to_dir and self._buffer:
            self._flush_partition()
        elif self.plan.fmt == "json" and not self.plan.to_dir:
            docs = [json.loads(r) for r in self._buffer]
            doc = docs[0] if len(docs) == 1 else docs
            self._out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            self._buffer = []

    def close(self) -> None:
        if self._out is not None and self._out is not sys.stdout and self.plan.output:
            self._out.close()

    def __enter__(self) -> ReadingWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.finish()
        self.close()
