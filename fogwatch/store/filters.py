"""An :class:`~fogwatch.filters.EventFilter` turned into SQL, once for every caller."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from fogwatch.filters import REVIEW_FILTERS, EventFilter
from fogwatch.store.schema import ARTICLE_TSVECTOR

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


# A word of a search: letters and digits (what both engines' tokenizers keep).
_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of a user's search, lower case and without accents (as SQLite's
    tokenizer stores them); punctuation and operators' symbols drop out."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )
    return _WORD.findall(bare)


def article_match(text: str, dialect: str) -> tuple[str, list[Any]]:
    """A SELECT of the ids of articles whose title or text hold every word of ``text``.

    Each word is matched whole, as its own quoted FTS5 phrase on SQLite and through
    ``plainto_tsquery`` on PostgreSQL, so a user's quotes, ``*``, ``-``, ``NEAR`` or
    ``OR`` are words or nothing, never query syntax. No word: no article.
    """
    words = search_words(text)
    if not words:
        return "SELECT id FROM articles WHERE 1 = 0", []
    if dialect == "sqlite":
        return (
            "SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?",
            [" ".join(f'"{w}"' for w in words)],
        )
    return (
        f"SELECT id FROM articles WHERE {ARTICLE_TSVECTOR} @@ plainto_tsquery('simple', ?)",
        [" ".join(words)],
    )


def event_text_match(text: str, dialect: str, alias: str = "e") -> tuple[str, list[Any]]:
    """A condition on events (aliased ``alias``): one of its reports' articles holds
    every word of ``text``."""
    articles, params = article_match(text, dialect)
    return (
        f"{alias}.id IN (SELECT l.event_id FROM event_links l "
        f"JOIN event_reports r ON r.id = l.report_id WHERE r.article_id IN ({articles}))",
        params,
    )


def event_where(
    f: EventFilter, alias: str = "e", dialect: str = "sqlite"
) -> tuple[str, list[Any]]:
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
    if f.text:
        cond, more = event_text_match(f.text, dialect, alias)
        conds.append(cond)
        params += more
    if f.review:
        statuses = REVIEW_FILTERS[f.review]
        conds.append(f"{p}review_status IN ({', '.join('?' for _ in statuses)})")
        params += list(statuses)
    return " AND ".join(conds), params


def claim_where(f: EventFilter, dialect: str = "sqlite") -> tuple[str, list[Any]]:
    """A SQL condition on claims ``c`` joined to events ``e`` (left join) and links ``l``."""
    conds, params = ["1 = 1"], []
    if f.picks_events():
        where, p = event_where(f, "e", dialect)
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
