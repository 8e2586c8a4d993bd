"""An :class:`~fogwatch.filters.EventFilter` turned into SQL, once for every caller."""

from __future__ import annotations

from typing import Any

from fogwatch.filters import REVIEW_FILTERS, EventFilter

# The column each sort key orders events by.
SORT_COLUMNS = {
    "date": "e.date",
    "fatalities": "e.fatalities",
    "best": "e.best",
    "sources": "e.n_sources",
    "first_reported": "e.first_reported",
    "last_reported": "e.last_reported",
    "country": "e.country",
    "type": "e.event_type",
}


def order_by(f: EventFilter) -> str:
    """The ORDER BY terms of ``f.sort``: missing values last on both engines (they
    disagree on where NULLs sort), then the event id."""
    key, descending = f.order
    column = SORT_COLUMNS[key]
    return f"({column} IS NULL), {column} {'DESC' if descending else 'ASC'}, e.id ASC"


# LIKE with an escape character: a user's % and _ are letters, not wildcards.
_LIKE = "LIKE ? ESCAPE '\\'"


def contains(text: str) -> str:
    """The LIKE pattern (used with ``ESCAPE '\\'``) for ``text`` anywhere in a value."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def event_where(f: EventFilter, alias: str = "e") -> tuple[str, list[Any]]:
    """A SQL condition on the events table (aliased ``alias``) and its parameters."""
    conds, params = ["1 = 1"], []
    p = f"{alias}."
    if f.country:
        conds.append(f"(LOWER({p}country) = ? OR LOWER({p}iso) = ?)")
        params += [f.country.lower()] * 2
    if f.admin1:
        conds.append(f"LOWER({p}admin1) = ?")
        params.append(f.admin1.lower())
    if f.date_from:
        conds.append(f"{p}date >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append(f"{p}date <= ?")
        params.append(f.date_to)
    if f.event_type:
        conds.append(f"LOWER({p}event_type) = ?")
        params.append(f.event_type.lower())
    if f.actor:
        conds.append(f"LOWER({p}actors) {_LIKE}")
        params.append(contains(f.actor.lower()))
    if f.contested_only:
        conds.append(f"{p}contested = 1")
    if f.q:
        for word in f.q.lower().split():
            conds.append(f"{p}search {_LIKE}")
            params.append(contains(word))
    if f.review:
        statuses = REVIEW_FILTERS[f.review]
        conds.append(f"{p}review_status IN ({', '.join('?' for _ in statuses)})")
        params += list(statuses)
    return " AND ".join(conds), params


def claim_where(f: EventFilter) -> tuple[str, list[Any]]:
    """A SQL condition on claims ``c`` joined to events ``e`` (left join) and links ``l``."""
    conds, params = ["1 = 1"], []
    if f.picks_events():
        where, p = event_where(f, "e")
        conds.append(f"e.id IS NOT NULL AND {where}")
        params += p
    # Claims are dated by when they were reported.
    if f.date_from:
        conds.append("c.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append("SUBSTR(c.published, 1, 10) <= ?")
        params.append(f.date_to)
    if f.claimant:
        conds.append(f"LOWER(c.speaker) {_LIKE}")
        params.append(contains(f.claimant.lower()))
    if f.claim_type:
        conds.append("c.type = ?")
        params.append(f.claim_type)
    if f.event_id:
        conds.append("l.event_id = ?")
        params.append(f.event_id)
    if f.article_id:
        conds.append("c.article_id = ?")
        params.append(f.article_id)
    return " AND ".join(conds), params
