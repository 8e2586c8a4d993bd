"""Query parameters of the API turned into an :class:`~fogwatch.filters.EventFilter`.

The API takes the same filters as ``fogwatch events`` on the command line, with a typed
call: a parameter the filter does not have fails when the module loads, and
``tests/web/test_api.py`` checks that every query parameter reaches the filter. A bad
value (a date that is not one, an unknown sort key) is a 422 that says which parameter
and why, in the words of :class:`~fogwatch.filters.FilterError`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from fogwatch.filters import (
    BLANKS_RUN,
    DEFAULT_LIMIT,
    DEFAULT_SORT,
    MAX_LIMIT,
    SORT_KEYS,
    EventFilter,
    FilterError,
    cap_limit,
)

__all__ = ["DEFAULT_LIMIT", "DEFAULT_SORT", "MAX_LIMIT", "SORT_KEYS", "SORT_PATTERN",
           "cap_limit", "event_filter", "make"]

SORT_PATTERN = r"^-?(" + "|".join(SORT_KEYS) + r")$"


def refused(exc: FilterError, where: str = "query") -> RequestValidationError:
    """The 422 of a bad filter value, in the schema's form, located at the parameter."""
    from fogwatch.web.guard import invalid

    return invalid((where, exc.name), str(exc))


def make(base: EventFilter, **changes: object) -> EventFilter:
    """``base`` with ``changes`` (a sort, a claimant...), or a 422 naming the bad one."""
    try:
        return base.with_(**changes)
    except FilterError as exc:
        raise refused(exc) from None


# Blank (no filter) in a schema: ASCII white space only, as fogwatch.filters.BLANKS.
BLANK_SCHEMA: dict[str, Any] = {"type": "string", "pattern": f"^{BLANKS_RUN}$"}
_DATE_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date"}, BLANK_SCHEMA, {"type": "null"}]
}


def event_filter(
    country: str | None = Query(None, description="Country name or ISO code."),
    admin1: str | None = Query(None, description="First-level administrative division."),
    # The dates are read by EventFilter, whose refusal names the field; the schema says
    # what it accepts (a calendar date), so a client and a schema-driven test know.
    date_from: str | None = Query(None, description="Earliest event date, YYYY-MM-DD.",
                                  json_schema_extra=_DATE_SCHEMA),
    date_to: str | None = Query(None, description="Latest event date, YYYY-MM-DD.",
                                json_schema_extra=_DATE_SCHEMA),
    event_type: str | None = Query(None, description="ACLED event type, e.g. Battles."),
    actor: str | None = Query(None, description="An actor name (either side)."),
    contested: bool = Query(False, description="Only events whose figures are disputed."),
    q: str | None = Query(None, description="Words in titles, places and actors."),
    text: str | None = Query(
        None, description="Whole words (all of them) in the title or text of one of the "
        "event's articles (full-text search).",
    ),
    review: str | None = Query(
        None, pattern="^(reviewed|unreviewed)$",
        description="reviewed (marked or corrected) or unreviewed (never, or flagged).",
    ),
) -> EventFilter:
    """FastAPI dependency: the event filters of a request, validated."""
    try:
        return EventFilter(
            country=country, admin1=admin1, date_from=date_from, date_to=date_to,
            event_type=event_type, actor=actor, contested_only=contested, q=q, review=review,
            text=text,
        )
    except FilterError as exc:
        raise refused(exc) from None
