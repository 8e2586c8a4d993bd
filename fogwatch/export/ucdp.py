"""UCDP GED's field names for what Fogwatch knows about an event."""

from __future__ import annotations

from typing import Any

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


def _sides(event: dict) -> tuple[str, str]:
    """side_a is the state when one takes part (GED's convention), side_b the other party."""
    if event.get("side_a"):
        return event["side_a"], event.get("side_b") or ""
    a1, a2 = event.get("actor1"), event.get("actor2")
    i1, i2 = event.get("inter1"), event.get("inter2")
    if i2 == 1 and i1 != 1:
        a1, a2 = a2, a1
    return a1 or "", a2 or ""


def _type_of_violence(event: dict) -> int | str:
    if event.get("type_of_violence"):
        return event["type_of_violence"]
    inters = {event.get("inter1"), event.get("inter2")}
    if event.get("civilian_targeting") or 7 in inters:
        return 3
    if 1 in inters:
        return 1
    if inters - {None}:
        return 2
    return ""


def _where_prec(event: dict) -> int | str:
    if event.get("where_prec"):
        return event["where_prec"]
    precision = event.get("geo_precision")
    if precision in _WHERE:
        return _WHERE[precision]
    if event.get("admin2"):
        return 3
    if event.get("admin1"):
        return 4
    return 6 if event.get("country") else ""


def _high(event: dict) -> int:
    """UCDP's high must be a number: open-ended figures ("at least 92") give their value."""
    if event.get("high") is not None:
        return int(event["high"])
    total = 0
    for side in (event.get("ranges") or {}).get("by_side", []):
        if side["kind"] == "killed":
            total += max(v for v in (side["low"], side["best"], side["high"] or 0))
    return max(total, int(event.get("best") or 0))


def row(event: dict) -> dict[str, Any]:
    """One event as a GED-like row (keys in :data:`COLUMNS` order)."""
    side_a, side_b = _sides(event)
    deaths = event.get("deaths") or {}
    date = event.get("date") or ""
    claimants = [
        r["claimant"] for r in (event.get("ranges") or {}).get("by_claimant", [])
        if r["kind"] == "killed"
    ]
    articles = event.get("articles") or []
    values = {
        "id": event["id"],
        "year": int(date[:4]) if date else "",
        "country": event.get("country") or "",
        "best": event.get("best") or 0,
        "low": event.get("low") or 0,
        "high": _high(event),
        "deaths_a": deaths.get("state", 0),
        "deaths_b": deaths.get("nonstate", 0),
        "deaths_civilians": deaths.get("civilians", 0),
        "deaths_unknown": deaths.get("unknown", 0),
        "side_a": side_a,
        "side_b": side_b,
        "type_of_violence": _type_of_violence(event),
        "where_prec": _where_prec(event),
        "date_prec": event.get("date_prec") or _DATE.get(event.get("time_precision") or 1, "") if date else "",
        "adm_1": event.get("admin1") or "",
        "adm_2": event.get("admin2") or "",
        "latitude": event.get("latitude") if event.get("latitude") is not None else "",
        "longitude": event.get("longitude") if event.get("longitude") is not None else "",
        "date_start": date,
        "date_end": date,
        "number_of_sources": event.get("n_sources") or 0,
        "source_article": "; ".join(
            f"{a.get('outlet') or 'Unnamed outlet'}, {a.get('published') or 'undated'}, "
            f"\"{a.get('title') or a['article_id']}\""
            for a in articles
        ),
        "source_original": "; ".join(dict.fromkeys(claimants)),
        "review_status": (event.get("review") or {}).get("status") or "unreviewed",
    }
    return {k: values[k] for k in COLUMNS}
