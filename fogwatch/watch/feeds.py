"""RSS and Atom feeds into entries: the link, title and time of each story.

feedparser reads both formats and recovers what it can from broken XML. A feed that
yields no entry at all from malformed XML is an error; one that is malformed but still
yields entries is used, with the problem reported as a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser

# feedparser flags these when a feed's declared charset is wrong but the XML parses;
# they are not worth a warning.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
# Characters a real link never holds unescaped; their presence means recovered junk.
_NOT_IN_URL = frozenset(" \t\r\n<>\"{}|\\^`")


class FeedError(ValueError):
    """A feed body that holds no usable entries (malformed XML, not a feed)."""

    def __init__(self, url: str, message: str):
        self.url = url
        super().__init__(f"{url}: {message}")


@dataclass
class FeedEntry:
    """One story a feed lists."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO datetime in UTC
    updated: str | None = None  # when the feed says the story last changed (ISO, UTC)
    guid: str | None = None
    summary: str | None = None


@dataclass
class Feed:
    """A parsed feed: its title, entries in feed order, and any warning."""

    url: str
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None
    skipped: int = 0  # entries without a usable link


def _when(entry: dict, keys=("published_parsed", "updated_parsed", "created_parsed")) -> str | None:
    for key in keys:
        # dict.get, not entry.get: feedparser's deprecated mapping of one date to the
        # other would blur "published" and "updated" (and warns).
        value = dict.get(entry, key)
        if value:
            stamp = calendar.timegm(value)
            return dt.datetime.fromtimestamp(stamp, tz=dt.UTC).isoformat()
    return None


def parse_feed(body: bytes | str, url: str, content_type: str | None = None) -> Feed:
    """Parse an RSS or Atom document fetched from ``url``; raise FeedError if unusable."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if type(exc).__name__ not in _HARMLESS:
            problem = f"malformed feed ({type(exc).__name__}: {exc})"
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(url, problem or "not an RSS or Atom feed")
    feed = Feed(url=url, title=parsed.feed.get("title"))
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            # Atom may give several links; take the alternate one.
            link = next(
                (lk.get("href") for lk in entry.get("links", []) if lk.get("rel") == "alternate"),
                None,
            )
        if not link:
            feed.skipped += 1
            continue
        link = urljoin(url, link.strip())
        if not link.startswith(("http://", "https://")) or _NOT_IN_URL.intersection(link):
            feed.skipped += 1
            continue
        feed.entries.append(
            FeedEntry(
                link=link,
                title=entry.get("title"),
                published=_when(entry),
                # RSS has one date (pubDate); a re-dated item is how RSS says "updated".
                updated=_when(entry, ("updated_parsed", "published_parsed")),
                guid=entry.get("id"),
                summary=entry.get("summary"),
            )
        )
    if problem and not feed.entries:
        raise FeedError(url, problem)
    if problem:
        feed.warning = f"{problem}; {len(feed.entries)} entries recovered"
    return feed
