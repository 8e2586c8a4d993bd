"""UCDP GED coding: type of violence, location and date precision, deaths by side.

Codes are data (``fogwatch/data/ucdp_codebook.yaml``). UCDP keeps low / best / high
estimates and splits deaths into the state side (side_a), the non-state side (side_b),
civilians and unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from fogwatch.codebook.acled import side_estimates
from fogwatch.model import Deaths, Figure
from fogwatch.vocab import load_yaml

ARMED_INTERS = {1, 2, 3, 4, 8}


@lru_cache(maxsize=1)
def codebook() -> dict:
    """UCDP's codes as loaded from the package data."""
    return load_yaml("ucdp_codebook.yaml")


def type_of_violence(
    inter1: int | None,
    inter2: int | None,
    civilian_targeting: bool = False,
    victim_sides: set[str] | None = None,
) -> int | None:
    """UCDP type of violence from ACLED-style inter codes.

    1 state-based (state forces against an organised armed group or another state),
    2 non-state (organised armed groups, neither a state), 3 one-sided (an armed
    actor against civilians). None for protests and riots, which UCDP does not code.
    With one actor named, the sides of the dead (``victim_sides``: state, nonstate,
    civilians) stand for the missing one: a group that kills soldiers fights the state.
    """
    codes = [c for c in (inter1, inter2) if c]
    if len(codes) == 1 and victim_sides:
        only = codes[0]
        if only in (1, 8) and "nonstate" in victim_sides:
            return 1
        if only in (2, 3, 4) and "state" in victim_sides:
            return 1
    if not codes or any(c in (5, 6) for c in codes):
        return None
    armed = [c for c in codes if c in ARMED_INTERS]
    if civilian_targeting or 7 in codes:
        return 3 if armed else None
    if 1 in codes or 8 in codes:
        return 1
    if len(armed) == 1 and len(codes) == 1:
        # Non-state conflict needs two organised groups and one-sided violence a
        # civilian target; a lone armed group with neither is fighting the state.
        return 1
    return 2 if armed else None


def where_prec(geo_precision: int | None, feature: str | None = None) -> int | None:
    """UCDP where_prec from ACLED's geo_precision and the kind of place resolved."""
    if feature == "country":
        return 6
    if feature == "admin1":
        return 4
    if feature == "admin2":
        return 3
    if geo_precision is None:
        return None
    return codebook()["geo_to_where_prec"].get(geo_precision)


def date_prec(time_precision: int | None) -> int | None:
    """UCDP date_prec from ACLED's time_precision."""
    if time_precision is None:
        return None
    return codebook()["time_to_date_prec"].get(time_precision)


def deaths(figures: Iterable[Figure], vague_counts: dict[str, int] | None = None) -> Deaths:
    """Deaths by side with low / best / high, from the killed figures of one event.

    Per side, ``best`` and ``low`` take the lowest claimant (the conservative
    reading), ``high`` the highest; a figure for unnamed victims counts as unknown
    only beyond what the named sides already account for.
    """
    figures = list(figures)
    sides = side_estimates(figures, vague_counts)
    if not sides:
        negated = any(f.kind == "killed" and f.negated for f in figures)
        return Deaths(low=0, best=0, high=0) if negated else Deaths()
    low = {s: min(by.values()) for s, by in sides.items()}
    high = {s: max(by.values()) for s, by in sides.items()}
    named_low = sum(v for s, v in low.items() if s != "unknown")
    named_high = sum(v for s, v in high.items() if s != "unknown")
    unknown = max(0, low.get("unknown", 0) - named_low)
    best = named_low + unknown
    top = max(named_high, high.get("unknown", 0))
    return Deaths(
        side_a=low.get("state"),
        side_b=low.get("nonstate"),
        civilians=low.get("civilians"),
        unknown=unknown if "unknown" in low else None,
        low=best,
        best=best,
        high=max(top, best),
    )
