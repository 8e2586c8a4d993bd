"""Where the development data lives: ../shared beside the repository (CI lays it there)."""

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
