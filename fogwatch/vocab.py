"""Vocabularies live in data files inside the package; this loads them once."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

import yaml


def data_path(name: str):
    """A file in ``fogwatch/data``."""
    return resources.files("fogwatch") / "data" / name


@cache
def load_yaml(name: str) -> Any:
    """Parse ``fogwatch/data/<name>`` (cached: vocabularies are read once per process)."""
    with data_path(name).open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``fogwatch/data/<name>`` as dicts (cached)."""
    with data_path(name).open("r", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))
