"""ACLED coding rules applied at the edge: taxonomy, inter/interaction codes, fatalities.

The taxonomy and codes are data (``fogwatch/data/acled_codebook.yaml``). Fatalities
follow ACLED's public methodology: only deaths count (never injuries); vague counts
are coded conservatively (:data:`VAGUE_COUNTS`, configurable); when sources disagree
about the same victims the lowest figure is coded; a total is not added to its parts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from fogwatch.codebook.sides import victim_side
from fogwatch.model import Figure
from fogwatch.vocab import load_yaml

# ACLED's convention for vague counts (public methodology); configurable by callers.
VAGUE_COUNTS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100}


def figure_count(figure: Figure, vague_counts: dict[str, int] | None = None) -> int:
    """The conservative integer ACLED would code for one figure."""
    table = VAGUE_COUNTS if vague_counts is None else vague_counts
    if figure.vague and figure.vague in table:
        return table[figure.vague]
    return figure.low or 0


@lru_cache(maxsize=1)
def codebook() -> dict:
    """ACLED's taxonomy and codes as loaded from the package data."""
    return load_yaml("acled_codebook.yaml")


def event_types() -> dict[str, dict[str, str]]:
    """event_type -> {sub_event_type: disorder_type}."""
    return codebook()["event_types"]


def event_type_of(sub_event_type: str) -> str | None:
    """The event type a sub-event type belongs to."""
    for event_type, subs in event_types().items():
        if sub_event_type in subs:
            return event_type
    return None


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's disorder type for an event and sub-event type (None when unknown)."""
    subs = event_types().get(event_type or "", {})
    return subs.get(sub_event_type or "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes lowest first; X0 for one actor."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def side_of(figure: Figure) -> str:
    """The side a figure's victims are on: state | nonstate | civilians | unknown
    (``sides.yaml``, through :func:`fogwatch.codebook.sides.victim_side`)."""
    return victim_side(figure.victims)


def _claimant_key(figure: Figure) -> str:
    # The outlet's own voice and an unattributed figure are the same source.
    return figure.claimant.name if figure.claimant is not None else ""


def side_estimates(
    figures: Iterable[Figure], vague_counts: dict[str, int] | None = None, kind: str = "killed"
) -> dict[str, dict[str, int]]:
    """Per side, per claimant: the count each claimant gives for the killed on that side.

    Within one claimant, figures for different victim groups of a side add up
    ("3 soldiers and 2 policemen"), repeated figures for one group keep the largest
    (a toll that "rose to 14"), and a total is not added to its parts.
    """
    groups: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.kind != kind or f.negated:
            continue
        # unnamed people and a bare count ("three dead") are one group, not two
        groups[(side_of(f), _claimant_key(f), f.victims or "people")].append(f)
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (side, claimant, _group), figs in groups.items():
        out[side][claimant] += max(figure_count(f, vague_counts) for f in figs)
    return {side: dict(by) for side, by in out.items()}


def _totals(figures: Iterable[Figure], vague_counts: dict[str, int] | None, kind: str) -> int:
    return max(
        (figure_count(f, vague_counts) for f in figures if f.kind == kind and f.total
         and not f.negated),
        default=0,
    )


def fatalities(
    figures: Iterable[Figure], vague_counts: dict[str, int] | None = None, kind: str = "killed"
) -> int:
    """ACLED's conservative fatality count for one event from its figures.

    Killed figures only (``kind="injured"`` counts the injured the same way); per side the lowest claimant's count (sources that disagree
    about the same victims); sides add up; a figure for unnamed "people" is a total
    of the named sides, not an extra side; an explicit total caps double counting.
    """
    figures = list(figures)
    sides = side_estimates(figures, vague_counts, kind)
    named = sum(min(by.values()) for side, by in sides.items() if side != "unknown")
    unknown = min(sides["unknown"].values()) if "unknown" in sides else 0
    return max(named, unknown, _totals(figures, vague_counts, kind))


def disputed_sides(figures: Iterable[Figure], vague_counts: dict[str, int] | None = None) -> list[str]:
    """Sides for which two claimants give different counts of the killed."""
    out = []
    for side, by in side_estimates(figures, vague_counts).items():
        if len(by) > 1 and len(set(by.values())) > 1:
            out.append(side)
    return sorted(out)
