"""Reading gold CSV files: column checks, layouts old and new, dates in ACLED's forms."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path


class GoldFileError(ValueError):
    """A gold file that cannot be evaluated (missing columns, unreadable)."""


_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y %H:%M:%S",
                 "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y")


def parse_date(value: str | None) -> str | None:
    """An ISO date from ACLED's or UCDP's forms ("8-May-20", "2020-05-08", "05/08/2020 00:00:00")."""
    if not value or not value.strip():
        return None
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_rows(path: str | Path, required: Iterable[str], aliases: dict[str, str] | None = None
              ) -> list[dict[str, str]]:
    """Rows of a CSV with lower-cased column names; a clear error names missing columns.

    ``aliases`` maps alternative column names (older layouts) to the names used here.
    """
    path = Path(path)
    try:
        fh = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot open ({exc.strerror})") from None
    with fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None:
            raise GoldFileError(f"{path}: empty file, no header")
        names = {}
        for name in reader.fieldnames:
            key = name.strip().lower()
            names[name] = (aliases or {}).get(key, key)
        missing = [c for c in required if c not in set(names.values())]
        if missing:
            raise GoldFileError(f"{path}: missing column(s): {', '.join(missing)}")
        rows = []
        for raw in reader:
            rows.append({names[k]: (v or "") for k, v in raw.items() if k in names})
        return rows


def norm(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for comparing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())
