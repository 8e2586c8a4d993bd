"""Places users add to the gazetteer: villages GeoNames' cities500 lacks.

``fogwatch gazetteer import FILE`` reads one of three layouts:

- a GeoNames dump in its standard 19-column tab-separated format (``SO.txt``,
  ``allCountries.txt``): populated places (feature class ``P``) GeoNames' cities500
  does not already hold;
- a CSV of places with the columns ``name, country, admin1, admin2, latitude,
  longitude`` and optionally ``alternate_names`` (separated by ``|`` or ``;``) and
  ``population``;
- an ACLED export: its ``location, country, admin1, admin2, latitude, longitude``
  columns, one place per distinct location.

Imported places live in one JSON file: ``--gazetteer`` / ``$FOGWATCH_GAZETTEER``, else
``$XDG_DATA_HOME/fogwatch/gazetteer.json`` (``~/.local/share/fogwatch``). Each import
is kept apart under an id, so it can be listed and removed. A bad row is reported
with its line number and skipped; a file in no known layout, or with no good row, is
refused and the file of imports is left as it was. The reader adds the imported
places to the gazetteer as towns, each in the division the file names (or, where it
names none the gazetteer knows, the division of the nearest known town), and records
the imports' fingerprint in each reading's ``reader_version``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ENV = "FOGWATCH_GAZETTEER"
FORMATS = ("geonames", "csv", "acled")
_GEONAMES_COLUMNS = 19


class GazetteerFileError(ValueError):
    """A file that cannot be imported (unknown layout, no good row, unreadable)."""


@dataclass(frozen=True)
class UserPlace:
    name: str
    country: str  # a country name or ISO code, as the file gives it
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int = 0
    alternates: tuple[str, ...] = ()
    geonameid: int | None = None


@dataclass
class ImportResult:
    id: str
    source: str
    format: str
    places: int
    bad: list[str]  # "FILE:LINE: reason"


def store_path(explicit: str | Path | None = None) -> Path:
    """Where imported places live (see the module docstring)."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"),
                                                           ".local", "share")
    return Path(base) / "fogwatch" / "gazetteer.json"


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"imports": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GazetteerFileError(f"{path}: not a Fogwatch gazetteer file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("imports"), list):
        raise GazetteerFileError(f"{path}: not a Fogwatch gazetteer file (no imports list)")
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # write then rename: a reader never sees half a file, a failure leaves the old one
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                     suffix=".tmp") as tmp:
        json.dump(data, tmp, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp.name, path)


def places(path: str | Path | None = None) -> list[UserPlace]:
    """Every imported place, in import order (none when nothing was imported)."""
    out = []
    for imp in _load(store_path(path))["imports"]:
        for p in imp["places"]:
            out.append(UserPlace(**{**p, "alternates": tuple(p.get("alternates") or ())}))
    return out


def fingerprint(path: str | Path | None = None) -> str | None:
    """A short hash of the imported places (None when there are none)."""
    found = places(path)
    if not found:
        return None
    blob = json.dumps([asdict(p) for p in found], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def list_imports(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The imports: id, source file, format, number of places, when imported."""
    return [{k: imp[k] for k in ("id", "source", "format", "imported")} | {
        "places": len(imp["places"])} for imp in _load(store_path(path))["imports"]]


def remove(import_id: str, path: str | Path | None = None) -> int:
    """Remove one import; returns how many places it held. Unknown ids raise KeyError."""
    target = store_path(path)
    data = _load(target)
    kept = [imp for imp in data["imports"] if imp["id"] != import_id]
    if len(kept) == len(data["imports"]):
        raise KeyError(import_id)
    n = sum(len(imp["places"]) for imp in data["imports"] if imp["id"] == import_id)
    data["imports"] = kept
    _save(target, data)
    return n


# --------------------------------------------------------------------------- reading files


def detect(file: Path) -> str:
    """The layout of ``file``: geonames, csv or acled; raises when it is none of them."""
    try:
        with file.open("r", encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerFileError(f"{file}: cannot read ({exc})") from None
    cells = first.rstrip("\r\n").split("\t")
    if len(cells) == _GEONAMES_COLUMNS and cells[0].strip().isdigit():
        return "geonames"
    header = {h.strip().lower() for h in next(csv.reader([first]), [])}
    if {"location", "country", "admin1", "latitude", "longitude"} <= header and (
        "event_date" in header or "event_id_cnty" in header or "data_id" in header
    ):
        return "acled"
    if {"name", "country", "latitude", "longitude"} <= header:
        return "csv"
    raise GazetteerFileError(
        f"{file}:1: unknown layout: expected a GeoNames dump (19 tab-separated columns), "
        "a CSV with name, country, admin1, admin2, latitude, longitude, or an ACLED export"
    )


def _coords(lat: str | None, lon: str | None) -> tuple[float, float]:
    try:
        la, lo = float(lat or ""), float(lon or "")
    except ValueError:
        raise ValueError(f"latitude/longitude not numbers ({lat!r}, {lon!r})") from None
    if not (-90 <= la <= 90 and -180 <= lo <= 180) or math.isnan(la) or math.isnan(lo):
        raise ValueError(f"latitude/longitude out of range ({la}, {lo})")
    return la, lo


def _geonames_rows(file: Path) -> Iterator[tuple[int, UserPlace | None, str | None]]:
    with file.open("r", encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, start=1):
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) != _GEONAMES_COLUMNS:
                yield n, None, f"{len(cells)} columns, expected {_GEONAMES_COLUMNS}"
                continue
            if cells[6] != "P":
                continue  # only populated places
            try:
                gid = int(cells[0])
                la, lo = _coords(cells[4], cells[5])
                pop = int(cells[14] or 0)
            except ValueError as exc:
                yield n, None, str(exc)
                continue
            if not cells[1].strip() or not cells[8].strip():
                yield n, None, "no name or no country code"
                continue
            alternates = tuple(a for a in cells[3].split(",") if a and a.isascii())
            yield n, UserPlace(name=cells[1].strip(), country=cells[8].strip(), admin1=None,
                               admin2=None, latitude=la, longitude=lo, population=pop,
                               alternates=alternates, geonameid=gid), None


def _csv_rows(file: Path, name_column: str) -> Iterator[tuple[int, UserPlace | None, str | None]]:
    with file.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        names = {h: h.strip().lower() for h in reader.fieldnames or []}
        for n, raw in enumerate(reader, start=2):
            row = {names[k]: (v or "").strip() for k, v in raw.items() if k in names}
            name, country = row.get(name_column, ""), row.get("country", "")
            if not name or not country:
                yield n, None, f"no {name_column} or no country"
                continue
            try:
                la, lo = _coords(row.get("latitude"), row.get("longitude"))
                pop = int(float(row.get("population") or 0))
            except ValueError as exc:
                yield n, None, str(exc)
                continue
            alts = row.get("alternate_names") or row.get("alternates") or ""
            alternates = tuple(a.strip() for a in alts.replace(";", "|").split("|") if a.strip())
            yield n, UserPlace(name=name, country=country, admin1=row.get("admin1") or None,
                               admin2=row.get("admin2") or None, latitude=la, longitude=lo,
                               population=pop, alternates=alternates), None


def import_file(file: str | Path, fmt: str | None = None,
                path: str | Path | None = None) -> ImportResult:
    """Import the places of ``file`` (layout ``fmt``, else detected) as one new import.

    Bad rows are skipped and reported; a row whose country the gazetteer does not know
    is a bad row. Raises :class:`GazetteerFileError` for an unknown layout or a file
    with no good row, leaving what was imported before as it was.
    """
    from fogwatch.geo import gazetteer as gz

    file = Path(file)
    fmt = fmt or detect(file)
    if fmt not in FORMATS:
        raise GazetteerFileError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    rows = (_geonames_rows(file) if fmt == "geonames"
            else _csv_rows(file, "location" if fmt == "acled" else "name"))
    known = gz.base_geonameids()
    good: list[UserPlace] = []
    seen: set[tuple[Any, ...]] = set()
    bad: list[str] = []
    try:
        for n, place, error in rows:
            if place is None:
                bad.append(f"{file}:{n}: {error}")
                continue
            if gz.country_by_name(place.country) is None:
                bad.append(f"{file}:{n}: unknown country {place.country!r}")
                continue
            if place.geonameid is not None and place.geonameid in known:
                continue  # cities500 already holds it
            k = (place.name.lower(), place.country, place.admin1, place.admin2)
            if k in seen:
                continue  # an ACLED export repeats its locations
            seen.add(k)
            good.append(place)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerFileError(f"{file}: cannot read ({exc})") from None
    if not good:
        raise GazetteerFileError(
            f"{file}: no place to import ({len(bad)} bad rows)" + (f"; first: {bad[0]}"
                                                                    if bad else ""))
    target = store_path(path)
    data = _load(target)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()[:8]
    import_id = f"{file.stem}-{digest}"
    data["imports"] = [imp for imp in data["imports"] if imp["id"] != import_id]
    data["imports"].append({
        "id": import_id, "source": file.name, "format": fmt,
        "imported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "places": [{k: v for k, v in asdict(p).items()} for p in good],
    })
    _save(target, data)
    return ImportResult(id=import_id, source=str(file), format=fmt, places=len(good), bad=bad)
