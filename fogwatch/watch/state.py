"""What the watcher has done, kept in the store database so a restart resumes.

Three tables of Fogwatch's own, created on first use (``CREATE TABLE IF NOT EXISTS``)
in the same SQLite file or PostgreSQL database as the articles:

- ``watch_feeds``: one row per feed: last poll, last success, last HTTP status, last
  error, consecutive errors, when it may be polled again (backoff), ETag/Last-Modified.
- ``watch_pages``: one row per article URL met in a feed: outcome (stored, duplicate,
  failed, skipped), status, error, tries, canonical URL and the article id it became.
- ``watch_fetches``: a log of every request (what, when, status, error).

Plain SQL that SQLite and PostgreSQL both accept, written with ``?`` placeholders and
rewritten for psycopg. Times are ISO 8601 strings in UTC, which sort as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS watch_feeds (
        url TEXT PRIMARY KEY,
        name TEXT,
        country TEXT,
        outlet TEXT,
        added_at TEXT NOT NULL,
        last_polled TEXT,
        last_success TEXT,
        last_status INTEGER,
        last_error TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        errors_total INTEGER NOT NULL DEFAULT 0,
        next_poll TEXT,
        etag TEXT,
        last_modified TEXT,
        articles_total INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS watch_pages (
        url TEXT PRIMARY KEY,
        feed_url TEXT,
        first_seen TEXT NOT NULL,
        last_fetched TEXT,
        status INTEGER,
        outcome TEXT NOT NULL,
        error TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        canonical_url TEXT,
        article_id TEXT,
        entry_updated TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS watch_pages_canonical ON watch_pages (canonical_url)",
    "CREATE INDEX IF NOT EXISTS watch_pages_feed ON watch_pages (feed_url, outcome, first_seen)",
    """CREATE TABLE IF NOT EXISTS watch_fetches (
        fetched_at TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        status INTEGER,
        error TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS watch_fetches_url ON watch_fetches (url, fetched_at)",
)

# Outcomes after which a page URL is never fetched again.
FINAL_OUTCOMES = ("stored", "duplicate", "skipped")


def utcnow() -> dt.datetime:
    """Now, in UTC, to the second (stored times compare as text)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(when: dt.datetime) -> str:
    """A UTC timestamp as stored."""
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class FeedState:
    """The row of one feed in ``watch_feeds``."""

    url: str
    name: str | None
    country: str | None
    outlet: str | None
    added_at: str
    last_polled: str | None
    last_success: str | None
    last_status: int | None
    last_error: str | None
    error_count: int
    errors_total: int
    next_poll: str | None
    etag: str | None
    last_modified: str | None
    articles_total: int


@dataclass
class PageState:
    """The row of one article URL in ``watch_pages``."""

    url: str
    feed_url: str | None
    first_seen: str
    last_fetched: str | None
    status: int | None
    outcome: str
    error: str | None
    tries: int
    canonical_url: str | None
    article_id: str | None
    entry_updated: str | None  # the feed entry's own "updated" time when last seen


class WatchState:
    """Reads and writes the watch tables over one DB-API connection.

    ``dialect`` is ``"sqlite"`` or ``"postgresql"``. Every write commits at once, so a
    killed watcher loses at most the request it was making.
    """

    def __init__(self, conn: Any, dialect: str = "sqlite"):
        if dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported dialect {dialect!r}")
        self.conn = conn
        self.dialect = dialect
        for statement in SCHEMA:
            self._run(statement)
        self.conn.commit()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- SQL plumbing ---------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text if self.dialect == "sqlite" else text.replace("?", "%s")

    def _run(self, text: str, params: tuple = ()) -> None:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(text), params)
        finally:
            cur.close()

    def _write(self, text: str, params: tuple = ()) -> None:
        try:
            self._run(text, params)
            self.conn.commit()
        except Exception:
            self.conn.rollback()
            raise

    def _rows(self, text: str, params: tuple = ()) -> list[tuple]:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(text), params)
            rows = cur.fetchall()
        finally:
            cur.close()
        if self.dialect == "postgresql":
            # psycopg opens a transaction even for a SELECT; end it so the next
            # statement sees other writers' commits.
            self.conn.commit()
        return rows

    # -- feeds ----------------------------------------------------------------------

    def register_feed(
        self,
        url: str,
        name: str | None,
        country: str | None,
        outlet: str | None,
        now: dt.datetime,
    ) -> None:
        """Add a feed, or update its name, country and outlet (its history is kept)."""
        self._write(
            "INSERT INTO watch_feeds (url, name, country, outlet, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "name = excluded.name, country = excluded.country, outlet = excluded.outlet",
            (url, name, country, outlet, iso(now)),
        )

    def feed(self, url: str) -> FeedState | None:
        """The state of one feed (None if never registered)."""
        rows = self._rows(
            "SELECT url, name, country, outlet, added_at, last_polled, last_success, "
            "last_status, last_error, error_count, errors_total, next_poll, etag, "
            "last_modified, articles_total FROM watch_feeds WHERE url = ?",
            (url,),
        )
        return FeedState(*rows[0]) if rows else None

    def feeds(self) -> list[FeedState]:
        """Every feed, by name."""
        rows = self._rows(
            "SELECT url, name, country, outlet, added_at, last_polled, last_success, "
            "last_status, last_error, error_count, errors_total, next_poll, etag, "
            "last_modified, articles_total FROM watch_feeds ORDER BY name, url"
        )
        return [FeedState(*r) for r in rows]

    def feed_succeeded(
        self,
        url: str,
        now: dt.datetime,
        status: int,
        new_articles: int,
        etag: str | None,
        last_modified: str | None,
        warning: str | None = None,
    ) -> None:
        """Record a poll that read the feed; consecutive errors go back to zero."""
        self._write(
            "UPDATE watch_feeds SET last_polled = ?, last_success = ?, last_status = ?, "
            "last_error = ?, error_count = 0, next_poll = NULL, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
            "articles_total = articles_total + ? WHERE url = ?",
            (iso(now), iso(now), status, warning, etag, last_modified, new_articles, url),
        )

    def feed_failed(
        self, url: str, now: dt.datetime, status: int | None, error: str, retry_at: dt.datetime
    ) -> None:
        """Record a failed poll and when the feed may be tried again."""
        self._write(
            "UPDATE watch_feeds SET last_polled = ?, last_status = ?, last_error = ?, "
            "error_count = error_count + 1, errors_total = errors_total + 1, "
            "next_poll = ? WHERE url = ?",
            (iso(now), status, error, iso(retry_at), url),
        )

    # -- pages ----------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        """What happened to one article URL (None if never met)."""
        rows = self._rows(
            "SELECT url, feed_url, first_seen, last_fetched, status, outcome, error, tries, "
            "canonical_url, article_id, entry_updated FROM watch_pages WHERE url = ?",
            (url,),
        )
        return PageState(*rows[0]) if rows else None

    def pages_to_retry(self, feed_url: str, page_tries: int) -> int:
        """How many of a feed's pages failed transiently and may be tried again."""
        (count,) = self._rows(
            "SELECT COUNT(*) FROM watch_pages WHERE feed_url = ? AND outcome = 'failed' "
            "AND tries < ?",
            (feed_url, page_tries),
        )[0]
        return int(count)

    def article_for_canonical(self, canonical_url: str) -> str | None:
        """The article id already stored for a canonical URL, if any."""
        rows = self._rows(
            "SELECT article_id FROM watch_pages WHERE canonical_url = ? "
            "AND article_id IS NOT NULL ORDER BY first_seen LIMIT 1",
            (canonical_url,),
        )
        return rows[0][0] if rows else None

    def record_page(
        self,
        url: str,
        feed_url: str | None,
        now: dt.datetime,
        outcome: str,
        status: int | None = None,
        error: str | None = None,
        canonical_url: str | None = None,
        article_id: str | None = None,
        entry_updated: str | None = None,
    ) -> None:
        """Record the result of fetching one article URL (tries counted).

        ``article_id`` is the latest article the page became (an updated story
        replaces it; earlier versions stay in the store).
        """
        self._write(
            "INSERT INTO watch_pages (url, feed_url, first_seen, last_fetched, status, "
            "outcome, error, tries, canonical_url, article_id, entry_updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "last_fetched = excluded.last_fetched, status = excluded.status, "
            "outcome = excluded.outcome, error = excluded.error, "
            "tries = watch_pages.tries + 1, "
            "canonical_url = COALESCE(excluded.canonical_url, watch_pages.canonical_url), "
            "article_id = COALESCE(excluded.article_id, watch_pages.article_id), "
            "entry_updated = COALESCE(excluded.entry_updated, watch_pages.entry_updated)",
            (url, feed_url, iso(now), iso(now), status, outcome, error, canonical_url, article_id,
             entry_updated),
        )

    def log_fetch(
        self, url: str, kind: str, now: dt.datetime, status: int | None, error: str | None
    ) -> None:
        """Append one request to the fetch log."""
        self._write(
            "INSERT INTO watch_fetches (fetched_at, url, kind, status, error) "
            "VALUES (?, ?, ?, ?, ?)",
            (iso(now), url, kind, status, error),
        )

    # -- health ---------------------------------------------------------------------

    def articles_per_day(self, url: str, now: dt.datetime, days: int = 7) -> float:
        """Articles stored from a feed per day over the last ``days`` days (or since
        the feed was added, if that is sooner; at least one day)."""
        state = self.feed(url)
        if state is None:
            return 0.0
        since = now - dt.timedelta(days=days)
        added = dt.datetime.fromisoformat(state.added_at)
        span_days = max(1.0, min(float(days), (now - added).total_seconds() / 86400))
        (count,) = self._rows(
            "SELECT COUNT(*) FROM watch_pages WHERE feed_url = ? AND outcome = 'stored' "
            "AND first_seen >= ?",
            (url, iso(since)),
        )[0]
        return count / span_days

    def health(self, now: dt.datetime) -> list[dict[str, Any]]:
        """One row per feed for ``fogwatch sources``."""
        return [
            {
                "feed": f.name or f.url,
                "url": f.url,
                "country": f.country,
                "last_success": f.last_success,
                "last_status": f.last_status,
                "last_error": f.last_error,
                "error_count": f.error_count,
                "next_poll": f.next_poll,
                "articles_total": f.articles_total,
                "articles_per_day": round(self.articles_per_day(f.url, now), 2),
            }
            for f in self.feeds()
        ]
