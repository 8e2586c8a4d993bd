"""Figures: casualty counts with hedges, vague counts, kinds and victim groups."""

from __future__ import annotations

from fogwatch.read.context import Context


def recognise(ctx: Context) -> None:
    """Placeholder: filled in by the recogniser's owner."""
    return None
