"""UCDP GED's field names for what Fogwatch knows about an event."""

from __future__ import annotations

from typing import Any

from fogwatch.model.event import Event

COLUMNS = (
    "id", "year", "country", "best", "low", "high", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "side_a", "side_b", "type_of_violence",
    "where_prec", "date_prec", "adm_1", "adm_2", "latitude", "longitude", "date_start",
    "date_end", "number_of_sources", "source_article", "source_original", "review_status",
)  # fmt: skip

# ACLED geo_precision -> UCDP where_prec; region-only events are admin1 (4) when one is known.
_WHERE = {1: 1, 2: 2}
# ACLED time_precision -> UCDP date_prec (1 day, 3 week, 4 month).
_DATE = {1: 1, 2: 3, 3: 4}


def _sides(event: Event) -> tuple[str, str]:
    """side_a is the state when one takes part (GED's convention), side_b the other party."""
    if event.side_a:
        return event.side_a, event.side_b or ""
    a1, a2 = event.actor1, event.actor2
    if event.inter2 == 1 and event.inter1 != 1:
        a1, a2 = a2, a1
    return a1 or "", a2 or ""


def _type_of_violence(event: Event) -> int | str:
    if event.type_of_violence:
        return event.type_of_violence
    inters = {event.inter1, event.inter2}
    if event.civilian_targeting or 7 in inters:
        return 3
    if 1 in inters:
        return 1
    if inters - {None}:
        return 2
    return ""


def _where_prec(event: Event) -> int | str:
    if event.where_prec:
        return event.where_prec
    precision = event.geo_precision
    if precision in _WHERE:
        return _WHERE[precision]
    if event.admin2:
        return 3
    if event.admin1:
        return 4
    return 6 if event.country else ""


def _high(event: Event) -> int:
    """UCDP's high must be a number: open-ended figures ("at least 92") give their value."""
    if event.high is not None:
        return int(event.high)
    total = 0
    for side in event.ranges.by_side:
        if side.kind == "killed":
            total += max(side.low or 0, side.best or 0, side.high or 0)
    return max(total, int(event.best or 0))


def row(event: Event) -> dict[str, Any]:
    """One event as a GED-like row (keys in :data:`COLUMNS` order)."""
    side_a, side_b = _sides(event)
    deaths = event.deaths
    date = event.date or ""
    claimants = [r.claimant for r in event.ranges.by_claimant if r.kind == "killed"]
    values = {
        "id": event.id,
        "year": int(date[:4]) if date else "",
        "country": event.country or "",
        "best": event.best or 0,
        "low": event.low or 0,
        "high": _high(event),
        "deaths_a": deaths.state,
        "deaths_b": deaths.nonstate,
        "deaths_civilians": deaths.civilians,
        "deaths_unknown": deaths.unknown,
        "side_a": side_a,
        "side_b": side_b,
        "type_of_violence": _type_of_violence(event),
        "where_prec": _where_prec(event),
        "date_prec": (event.date_prec or _DATE.get(event.time_precision or 1) or "") if date else "",
        "adm_1": event.admin1 or "",
        "adm_2": event.admin2 or "",
        "latitude": event.latitude if event.latitude is not None else "",
        "longitude": event.longitude if event.longitude is not None else "",
        "date_start": date,
        "date_end": date,
        "number_of_sources": event.n_sources,
        "source_article": "; ".join(
            f"{a.outlet or 'Unnamed outlet'}, {a.published or 'undated'}, "
            f"\"{a.title or a.article_id}\""
            for a in event.articles
        ),
        "source_original": "; ".join(dict.fromkeys(claimants)),
        "review_status": event.review_status,
    }
    return {k: values[k] for k in COLUMNS}
