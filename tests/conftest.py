"""Shared fixtures: the seed report, the development data in ../shared/data, and the
example corpus read once per session with stores of it on both engines."""

from __future__ import annotations

import pytest
from corpus_fixtures import (  # noqa: F401  (fixtures are found by name)
    corpus_db,
    corpus_readings,
    corpus_store,
    pg_schema_url,
    pg_url,
    store_url,
)
from shared_data import shared_file


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("seed", "balochistan-attacks.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_reading(seed_text):
    from fogwatch import read

    return read(seed_text, published="2025-03-12", outlet="Seed Wire")
