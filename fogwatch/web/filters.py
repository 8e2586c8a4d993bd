"""Query parameters of the API turned into the store's filter objects, validated.

The API takes the same filters as ``fogwatch events`` on the command line. Dates are
checked here so a bad one is a 422 that says which parameter and why, instead of an
empty result or a database error.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass
from typing import Any

from fastapi import Query

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

# Sort keys the API accepts; "-" in front means descending.
SORT_KEYS = (
    "date",
    "fatalities",
    "best",
    "sources",
    "first_reported",
    "last_reported",
    "country",
    "type",
)
SORT_PATTERN = r"^-?(" + "|".join(SORT_KEYS) + r")$"


def parse_date(name: str, value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) or None; anything else is a 422 naming the parameter."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        from fogwatch.web.guard import excerpt, invalid

        where = "body" if name == "published" else "query"
        raise invalid(
            (where, name), f"{name}: {excerpt(value)!r} is not a date (expected YYYY-MM-DD)", value
        ) from None


@dataclass
class EventQuery:
    """The event filters of a request, validated; empty strings count as absent."""

    country: str | None = None
    admin1: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    actor: str | None = None
    contested_only: bool = False
    q: str | None = None

    def values(self) -> dict[str, Any]:
        """The filters that are set, by the store's field names."""
        out = {k: v for k, v in self.__dict__.items() if v not in (None, "", False)}
        return out

    def query_string(self) -> dict[str, str]:
        """The filters as API query parameters (for export links)."""
        out = {k: str(v) for k, v in self.values().items() if k != "contested_only"}
        if self.contested_only:
            out["contested"] = "true"
        return out


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def event_query(
    country: str | None = Query(None, description="Country name or ISO code."),
    admin1: str | None = Query(None, description="First-level administrative division."),
    date_from: str | None = Query(None, description="Earliest event date, YYYY-MM-DD."),
    date_to: str | None = Query(None, description="Latest event date, YYYY-MM-DD."),
    event_type: str | None = Query(None, description="ACLED event type, e.g. Battles."),
    actor: str | None = Query(None, description="An actor name (either side)."),
    contested: bool = Query(False, description="Only events whose figures are disputed."),
    q: str | None = Query(None, description="Words in titles, places and actors."),
) -> EventQuery:
    """FastAPI dependency: the event filters of a request, validated."""
    start = parse_date("date_from", _clean(date_from))
    end = parse_date("date_to", _clean(date_to))
    if start and end and start > end:
        from fogwatch.web.guard import invalid

        raise invalid(("query", "date_from"), f"date_from ({start}) is after date_to ({end})")
    return EventQuery(
        country=_clean(country),
        admin1=_clean(admin1),
        date_from=start,
        date_to=end,
        event_type=_clean(event_type),
        actor=_clean(actor),
        contested_only=contested,
        q=_clean(q),
    )


def build(cls: type | None, values: dict[str, Any]) -> Any:
    """Instantiate a store filter class with the values it accepts (None if nothing set)."""
    if cls is None or not values:
        return None
    accepted = set(inspect.signature(cls).parameters)
    return cls(**{k: v for k, v in values.items() if k in accepted})


def cap_limit(limit: int) -> int:
    """Oversized pages are capped rather than refused: clients get what fits."""
    return max(0, min(limit, MAX_LIMIT))
