"""ACLED coding rules applied at the edge (placeholder, filled in by the coding work)."""

from __future__ import annotations

from fogwatch.model import Figure

# ACLED's convention for vague counts (public methodology); configurable by callers.
VAGUE_COUNTS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100}


def figure_count(figure: Figure, vague_counts: dict[str, int] | None = None) -> int:
    """The conservative integer ACLED would code for one figure."""
    table = VAGUE_COUNTS if vague_counts is None else vague_counts
    if figure.vague and figure.vague in table:
        return table[figure.vague]
    return figure.low or 0
