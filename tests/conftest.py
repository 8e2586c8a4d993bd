"""Shared fixtures: the seed report and the development data in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "balochistan-attacks.txt"
DATA = SHARED / "data"


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip the test saying which file is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is laid beside the repository by CI)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("seed", "balochistan-attacks.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_reading(seed_text):
    from fogwatch import read

    return read(seed_text, published="2025-03-12", outlet="Seed Wire")
