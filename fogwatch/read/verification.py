"""Verification markers: "could not be independently verified", "unverified"."""

from __future__ import annotations

from fogwatch.read.context import Context


def recognise(ctx: Context) -> None:
    """Placeholder: filled in by the recogniser's owner."""
    return None
