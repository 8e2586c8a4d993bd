"""Which events and claims to show, and in what order: one class for the CLI, the API,
the store and the exporters.

:class:`EventFilter` holds every filter and the sort key; it validates itself when made,
so a bad date or an unknown sort key fails where the value came in, with one wording
(:class:`FilterError` names the field). The store turns it into SQL
(:mod:`fogwatch.store.filters`); the CLI and the API make it from their options and
query parameters with a typed call, so a renamed field fails there instead of silently
filtering nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

# The sort keys of a list of events; "-" in front means descending.
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
DEFAULT_SORT = "-date"
# A page of events or claims: this many unless asked, never more than the maximum
# (larger asks are cut to it; the API's response says the limit it used).
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# What --reviewed-only and --unreviewed-only keep, by the events' review status.
REVIEW_FILTERS = {"reviewed": ("reviewed", "edited"), "unreviewed": ("unreviewed", "flagged")}


class FilterError(ValueError):
    """A filter value that is not valid, naming the field: ``date_from: 'May' is not a
    date (YYYY-MM-DD)``. ``name`` and ``reason`` let a caller put the name its own way
    (a CLI option, a query parameter)."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def shown(value: object, width: int = 80) -> str:
    """``value`` quoted for a message, cut to ``width`` characters: an error never
    echoes a client's megabyte back at it."""
    text = str(value)
    return repr(text if len(text) <= width else text[: width - 1] + "\u2026")


# Blank, for a date filter or a link: ASCII white space only (what a JSON Schema regex and
# Python agree on), so the API's schema can say exactly what it takes.
BLANKS = " \t\n\r\f\v"
BLANKS_RUN = r"[ \t\n\r\f\v]*"  # the same, as a regex run both read alike
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: str | dt.date | None, name: str) -> str | None:
    """An ISO day (YYYY-MM-DD) from a date or a date string; None for None or "".
    Anything else is a :class:`FilterError` naming ``name``."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value)
    if not text.strip(BLANKS):
        return None
    try:
        # exactly YYYY-MM-DD (Python would also take 20250101 and 2025-W01-1)
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise FilterError(name, f"{shown(text)} is not a date (YYYY-MM-DD)") from None


def parse_sort(sort: str) -> tuple[str, bool]:
    """``(key, descending)`` of a sort such as ``-fatalities``; a :class:`FilterError`
    lists the keys when it is not one of :data:`SORT_KEYS`."""
    text = sort.strip()
    key = text.lstrip("-+").strip()
    if key not in SORT_KEYS:
        raise FilterError("sort", f"cannot sort by {shown(sort)}; use one of {', '.join(SORT_KEYS)}")
    return key, text.startswith("-")


def cap_limit(limit: int) -> int:
    """A page size between 0 and :data:`MAX_LIMIT`: oversized pages are cut, not refused."""
    return max(0, min(int(limit), MAX_LIMIT))


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events (or claims) to show and in what order. Empty fields do not filter.

    Event fields filter events, and a claim by the event it belongs to; dates are
    inclusive ISO days (of the event; of the report, for claims). The claim fields
    filter claims only.
    """

    country: str | None = None  # name or ISO 3166-1 alpha-2, case-insensitive
    admin1: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    actor: str | None = None  # part of any actor's name
    contested_only: bool = False
    q: str | None = None  # words in titles, places and actors
    text: str | None = None  # whole words in the title or text of one of its articles
    # "reviewed" (marked reviewed or corrected) | "unreviewed" (never, or flagged again)
    review: str | None = None
    # claims
    claimant: str | None = None  # part of the claimant's name
    claim_type: str | None = None  # casualty_figure | responsibility | accusation | ...
    event_id: str | None = None
    article_id: str | None = None
    # order of a list of events: one of SORT_KEYS, "-" in front for descending
    sort: str = DEFAULT_SORT

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in ("date_from", "date_to"):
                object.__setattr__(self, f.name, parse_day(value, f.name))
            elif isinstance(value, str) and f.name != "sort":
                object.__setattr__(self, f.name, _text(value))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FilterError(
                "date_from", f"{self.date_from} is after date_to ({self.date_to})"
            )
        if self.review is not None and self.review not in REVIEW_FILTERS:
            raise FilterError(
                "review", f"{shown(self.review)} is not one of {', '.join(REVIEW_FILTERS)}"
            )
        parse_sort(self.sort)

    @property
    def order(self) -> tuple[str, bool]:
        """``(sort key, descending)``."""
        return parse_sort(self.sort)

    def picks_events(self) -> bool:
        """Whether a field that picks events, dates aside, is set: a claim is then kept
        only when its event matches the filter (its dates included)."""
        return any((self.country, self.admin1, self.event_type, self.actor,
                    self.contested_only, self.q, self.text, self.review))

    def with_(self, **changes: Any) -> EventFilter:
        """A copy with ``changes``, validated as a new filter is."""
        return dataclasses.replace(self, **changes)
