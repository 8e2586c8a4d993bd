"""The fixed held-out split of gold rows, chosen before any tuning.

A row is held out when the SHA-256 of its id, read as an integer, is divisible by 5:
about one row in five, stable across files, orderings and machines. Rules are tuned on
the other rows (``--split dev``); the held-out rows are only ever scored, never read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

SPLITS = ("holdout", "dev", "all")


def row_id(row: Mapping[str, str]) -> str:
    """The id a row is split on: ACLED's ``data_id``, else UCDP's ``id``."""
    for key in ("data_id", "id", "event_id_cnty"):
        value = row.get(key)
        if value not in (None, ""):
            return str(value).strip()
    raise KeyError("row has no data_id / id column to split on")


def is_holdout(row: Mapping[str, str]) -> bool:
    """True when the row belongs to the held-out split."""
    digest = hashlib.sha256(row_id(row).encode("utf-8")).hexdigest()
    return int(digest, 16) % 5 == 0


def in_split(row: Mapping[str, str], split: str) -> bool:
    """Whether ``row`` belongs to ``split`` (holdout | dev | all)."""
    if split == "all":
        return True
    if split == "holdout":
        return is_holdout(row)
    if split == "dev":
        return not is_holdout(row)
    raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
