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
from collections.abc import Iterable
from pathlib import Path

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


def write_partition(directory: Path, index: int, fmt: str, lines: list[str]) -> Path:
    """Write one partition of reading JSON lines; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = partition_path(directory, index, fmt)
    tmp = path.with_name(path.name + ".tmp")
    if fmt == "parquet":
        tmp.write_bytes(parquet_bytes(lines))
    else:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line + "\n" for line in lines)
    tmp.replace(path)  # a partition is either complete or absent
    return path


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
