"""Exports: the store's events as ACLED CSV, UCDP GED CSV, GeoJSON, JSONL or Parquet.

Exporters read the store only. Output is deterministic: the same store gives the same
bytes (events sorted by date then id, JSON keys sorted, timestamps from report dates).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from fogwatch.export import acled, ucdp
from fogwatch.model.event import Event
from fogwatch.store import EventFilter, Store

FORMATS = ("acled", "ucdp", "geojson", "jsonl", "parquet")
BINARY = {"parquet"}
SUFFIX = {"acled": ".csv", "ucdp": ".csv", "geojson": ".geojson", "jsonl": ".jsonl", "parquet": ".parquet"}


class ExportError(ValueError):
    """An export that cannot be made (unknown format, unwritable output)."""


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_acled(events: Iterable[Event], out: IO[str]) -> None:
    """ACLED CSV: the 31 columns in ACLED's order."""
    _csv((acled.row(e) for e in events), acled.COLUMNS, out)


def write_ucdp(events: Iterable[Event], out: IO[str]) -> None:
    """UCDP GED-style CSV."""
    _csv((ucdp.row(e) for e in events), ucdp.COLUMNS, out)


_LIST_KEYS = ("ledger", "figures", "evidence", "reports", "denials", "measures")


def feature(event: Event) -> dict[str, Any]:
    """A GeoJSON Feature: a Point where the event has coordinates, else a null geometry."""
    lat, lon = event.latitude, event.longitude
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    props = {k: v for k, v in event.as_json().items() if k not in _LIST_KEYS}
    props["notes"] = acled.notes(event)
    props["review_status"] = event.review_status
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[Event], out: IO[str]) -> None:
    """A GeoJSON FeatureCollection of the events."""
    doc = {"type": "FeatureCollection", "features": [feature(e) for e in events]}
    json.dump(doc, out, ensure_ascii=False, sort_keys=True, indent=1)
    out.write("\n")


def write_jsonl(events: Iterable[Event], out: IO[str]) -> None:
    """One event (summary, ledger, ranges, articles, review) per line."""
    for e in events:
        line = {**e.as_json(), "review_status": e.review_status}
        out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def parquet_table(events: Iterable[Event]) -> Any:
    """A pyarrow Table: ACLED's columns plus Fogwatch's ranges and ledger as JSON text."""
    import pyarrow as pa

    rows = []
    for e in events:
        r = acled.row(e)
        r = {k: (None if v == "" else v) for k, v in r.items()}
        doc = e.model_dump(mode="json", include={"deaths", "ranges", "ledger"}, exclude_unset=True)
        r.update(
            fogwatch_id=e.id,
            contested=e.contested,
            low=e.low,
            best=e.best,
            high=e.high,
            deaths=json.dumps(doc.get("deaths"), sort_keys=True),
            ranges=json.dumps(doc.get("ranges"), sort_keys=True, ensure_ascii=False),
            ledger=json.dumps(doc.get("ledger"), sort_keys=True, ensure_ascii=False),
            first_reported=e.first_reported,
            last_reported=e.last_reported,
            review_status=e.review_status,
            reviewers=", ".join(e.reviewers) or None,
        )
        rows.append(r)
    string = pa.string()
    types = {
        "year": pa.int64(), "time_precision": pa.int64(), "inter1": pa.int64(),
        "inter2": pa.int64(), "interaction": pa.int64(), "iso": pa.int64(),
        "latitude": pa.float64(), "longitude": pa.float64(), "geo_precision": pa.int64(),
        "fatalities": pa.int64(), "timestamp": pa.int64(), "contested": pa.bool_(),
        "low": pa.int64(), "best": pa.int64(), "high": pa.int64(),
    }  # fmt: skip
    names = [*acled.COLUMNS, "fogwatch_id", "contested", "low", "best", "high", "deaths",
             "ranges", "ledger", "first_reported", "last_reported", "review_status", "reviewers"]
    schema = pa.schema([(n, types.get(n, string)) for n in names])
    return pa.Table.from_pylist(rows, schema=schema)


def write_parquet(events: Iterable[Event], out: IO[bytes]) -> None:
    """Parquet (via pyarrow)."""
    import pyarrow.parquet as pq

    pq.write_table(parquet_table(events), out)


WRITERS: dict[str, Callable[[Iterable[Event], Any], None]] = {
    "acled": write_acled,
    "ucdp": write_ucdp,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}


def check_format(fmt: str) -> str:
    """The format name, or :class:`ExportError` naming the ones there are."""
    name = (fmt or "").strip().lower()
    if name not in WRITERS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return name


def export_events(
    store: Store,
    fmt: str,
    output: str | Path | IO[Any] | None = None,
    filters: EventFilter | None = None,
) -> int:
    """Write the events matching ``filters`` in format ``fmt``; returns how many.

    ``output``: a path, an open file, or None for standard output (text formats only).
    """
    name = check_format(fmt)
    counted = [0]

    def counting() -> Iterator[Event]:
        for event in store.iter_events(filters):
            counted[0] += 1
            yield event

    events = counting()
    writer = WRITERS[name]
    if output is None or output == "-":
        if name in BINARY:
            raise ExportError(f"{name} is binary; give an output file with -o")
        writer(events, sys.stdout)
    elif isinstance(output, str | Path):
        path = Path(output)
        try:
            if name in BINARY:
                with path.open("wb") as binary:
                    writer(events, binary)
            else:
                with path.open("w", encoding="utf-8", newline="") as fh:
                    writer(events, fh)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror}") from None
    else:
        writer(events, output)
    return counted[0]


def export_string(store: Store, fmt: str, filters: EventFilter | None = None) -> str:
    """A text export as a string (for the REST API's download buttons)."""
    name = check_format(fmt)
    if name in BINARY:
        raise ExportError(f"{name} is binary; use export_events with a file")
    buf = io.StringIO()
    WRITERS[name](store.iter_events(filters), buf)
    return buf.getvalue()


__all__ = ["FORMATS", "ExportError", "check_format", "export_events", "export_string"]
