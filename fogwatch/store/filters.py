"""Filters shared by the CLI, the REST API and the exporters, turned into SQL once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fogwatch.store.db import StoreError


def _iso(value: str | dt.date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise StoreError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


# LIKE with an escape character: a user's % and _ are letters, not wildcards.
_LIKE = "LIKE ? ESCAPE '\\'"


def contains(text: str) -> str:
    """The LIKE pattern (used with ``ESCAPE '\\'``) for ``text`` anywhere in a value."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# What --reviewed-only and --unreviewed-only keep, by events.review_status.
REVIEW_FILTERS = {"reviewed": ("reviewed", "edited"), "unreviewed": ("unreviewed", "flagged")}


@dataclass
class EventFilter:
    """Which events to show. Empty fields do not filter. Dates are inclusive ISO days."""

    country: str | None = None  # name or ISO 3166-1 alpha-2, case-insensitive
    admin1: str | None = None
    date_from: str | dt.date | None = None
    date_to: str | dt.date | None = None
    event_type: str | None = None
    actor: str | None = None  # substring of any actor's name
    contested_only: bool = False
    q: str | None = None  # words in titles, places and actors
    # "reviewed" (marked reviewed or corrected) | "unreviewed" (never, or flagged again)
    review: str | None = None

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """A SQL condition on the events table (aliased ``alias``) and its parameters."""
        conds, params = ["1 = 1"], []
        p = f"{alias}."
        if self.country:
            conds.append(f"(LOWER({p}country) = ? OR LOWER({p}iso) = ?)")
            params += [self.country.strip().lower()] * 2
        if self.admin1:
            conds.append(f"LOWER({p}admin1) = ?")
            params.append(self.admin1.strip().lower())
        lo, hi = _iso(self.date_from, "date_from"), _iso(self.date_to, "date_to")
        if lo:
            conds.append(f"{p}date >= ?")
            params.append(lo)
        if hi:
            conds.append(f"{p}date <= ?")
            params.append(hi)
        if self.event_type:
            conds.append(f"LOWER({p}event_type) = ?")
            params.append(self.event_type.strip().lower())
        if self.actor:
            conds.append(f"LOWER({p}actors) {_LIKE}")
            params.append(contains(self.actor.strip().lower()))
        if self.contested_only:
            conds.append(f"{p}contested = 1")
        if self.q:
            for word in self.q.lower().split():
                conds.append(f"{p}search {_LIKE}")
                params.append(contains(word))
        if self.review:
            if self.review not in REVIEW_FILTERS:
                raise StoreError(
                    f"review: {self.review!r} is not one of {', '.join(REVIEW_FILTERS)}"
                )
            statuses = REVIEW_FILTERS[self.review]
            conds.append(f"{p}review_status IN ({', '.join('?' for _ in statuses)})")
            params += list(statuses)
        return " AND ".join(conds), params


@dataclass
class ClaimFilter(EventFilter):
    """Which claims to show: the event filters (applied to the claim's event) and more."""

    claimant: str | None = None  # substring of the speaker's name
    type: str | None = None  # casualty_figure | responsibility | accusation | denial | ...
    event_id: str | None = None
    article_id: str | None = None

    def claim_where(self) -> tuple[str, list[Any]]:
        """A SQL condition on claims ``c`` joined to events ``e`` (left join)."""
        event_filter_used = any(
            (self.country, self.admin1, self.event_type, self.actor, self.contested_only, self.q,
             self.review)
        )
        conds, params = ["1 = 1"], []
        if event_filter_used:
            where, p = EventFilter.where(self, "e")
            conds.append(f"e.id IS NOT NULL AND {where}")
            params += p
        lo, hi = _iso(self.date_from, "date_from"), _iso(self.date_to, "date_to")
        # Claims are dated by when they were reported.
        if lo:
            conds.append("c.published >= ?")
            params.append(lo)
        if hi:
            conds.append("SUBSTR(c.published, 1, 10) <= ?")
            params.append(hi)
        if self.claimant:
            conds.append(f"LOWER(c.speaker) {_LIKE}")
            params.append(contains(self.claimant.strip().lower()))
        if self.type:
            conds.append("c.type = ?")
            params.append(self.type)
        if self.event_id:
            conds.append("l.event_id = ?")
            params.append(self.event_id)
        if self.article_id:
            conds.append("c.article_id = ?")
            params.append(self.article_id)
        return " AND ".join(conds), params
