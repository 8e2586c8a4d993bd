"""Shared fixtures: the seed report and the development data in ../shared/data."""

from __future__ import annotations

import pytest
from shared_data import DATA, REPO, SEED, SHARED, shared_file  # noqa: F401


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("seed", "balochistan-attacks.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_reading(seed_text):
    from fogwatch import read

    return read(seed_text, published="2025-03-12", outlet="Seed Wire")
