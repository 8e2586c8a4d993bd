"""Poll feeds, fetch the stories they list, and keep the new ones.

For each feed: skip it if it is backing off after errors; fetch it (conditionally, with
the ETag and Last-Modified of the last success); parse it; for each entry whose URL has
not been handled before, fetch the page, extract the article, and keep it unless the
same story is already kept (same canonical URL, or same text and so the same content
hash). A failing feed is recorded with the time it may be tried again, growing
exponentially with consecutive errors; the other feeds go on. A failing page is recorded
and tried again on later polls while the failure is transient (timeouts, 5xx), up to a
few tries; a page that can never become an article (not HTML, too large, a redirect
loop, disallowed by robots.txt, no text) is skipped for good.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from fogwatch.ingest.fetch import Fetcher, FetchError
from fogwatch.ingest.html import extract_html
from fogwatch.model import Article
from fogwatch.watch.canonical import normalise_url
from fogwatch.watch.feeds import FeedEntry, FeedError, parse_feed
from fogwatch.watch.sink import ArticleSink
from fogwatch.watch.sources import Source
from fogwatch.watch.state import FINAL_OUTCOMES, WatchState, iso, utcnow

log = logging.getLogger(__name__)


@dataclass
class WatchConfig:
    """How often to poll and how patiently to retry."""

    every: float = 15 * 60  # seconds between polls of all feeds
    retry_base: float = 5 * 60  # a failed feed waits this long, doubled per further error
    retry_max: float = 6 * 3600
    page_tries: int = 3  # transient page failures before a page is given up
    update_interval: float = 3600  # least seconds between two fetches of an updated story


@dataclass
class PageResult:
    """What became of one entry's page."""

    url: str
    outcome: str  # stored | duplicate | failed | skipped; updated | unchanged for a refetch
    article_id: str | None = None
    status: int | None = None
    error: str | None = None
    kind: str | None = None  # the FetchError kind, for failures


@dataclass
class PollResult:
    """One poll of one feed."""

    source: Source
    status: int | None = None
    error: str | None = None
    warning: str | None = None
    backing_off_until: str | None = None  # set when the poll was skipped for backoff
    retry_at: str | None = None  # set when this poll failed
    entries: int = 0
    pages: list[PageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the feed was read (even if some pages failed)."""
        return self.error is None and self.backing_off_until is None

    @property
    def stored(self) -> list[str]:
        """Ids of the articles this poll added."""
        return [
            p.article_id
            for p in self.pages
            if p.outcome in ("stored", "updated") and p.article_id
        ]

    def count(self, outcome: str) -> int:
        """How many pages ended with ``outcome``."""
        return sum(1 for p in self.pages if p.outcome == outcome)


class Watcher:
    """Polls sources into a sink, keeping its history in a :class:`WatchState`."""

    def __init__(
        self,
        fetcher: Fetcher,
        state: WatchState,
        sink: ArticleSink,
        config: WatchConfig | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ):
        self.fetcher = fetcher
        self.state = state
        self.sink = sink
        self.config = config or WatchConfig()
        self.clock = clock

    def retry_delay(self, errors_before: int) -> dt.timedelta:
        """How long a feed waits after its ``errors_before + 1``-th error in a row."""
        seconds = min(self.config.retry_base * 2**errors_before, self.config.retry_max)
        return dt.timedelta(seconds=seconds)

    def poll(self, source: Source, force: bool = False) -> PollResult:
        """Poll one feed and keep its new stories. Never raises for a bad feed or page."""
        now = self.clock()
        result = PollResult(source=source)
        self.state.register_feed(source.url, source.name, source.country, source.outlet, now)
        feed_state = self.state.feed(source.url)
        assert feed_state is not None  # registered just above
        if not force and feed_state.next_poll and feed_state.next_poll > iso(now):
            result.backing_off_until = feed_state.next_poll
            return result
        # Pages waiting for another try need the entries, so ask for the whole feed
        # rather than accept a 304.
        conditional = not self.state.pages_to_retry(source.url, self.config.page_tries)
        try:
            response = self.fetcher.fetch_feed(
                source.url,
                etag=feed_state.etag if conditional else None,
                modified=feed_state.last_modified if conditional else None,
            )
        except FetchError as exc:
            self.state.log_fetch(source.url, "feed", now, exc.status, str(exc))
            return self._feed_failed(result, feed_state.error_count, exc.status, str(exc))
        self.state.log_fetch(source.url, "feed", now, response.status, None)
        result.status = response.status
        if response.not_modified:
            self.state.feed_succeeded(source.url, now, response.status, 0, None, None)
            return result
        try:
            feed = parse_feed(response.body, response.final_url, response.content_type)
        except FeedError as exc:
            return self._feed_failed(result, feed_state.error_count, response.status, str(exc))
        result.entries = len(feed.entries)
        result.warning = feed.warning
        for entry in feed.entries:
            page = self._page(source, entry)
            if page is not None:
                result.pages.append(page)
        self.state.feed_succeeded(
            source.url,
            self.clock(),
            response.status,
            len(result.stored),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            warning=feed.warning,
        )
        return result

    def poll_all(self, sources: Iterable[Source], force: bool = False) -> list[PollResult]:
        """Poll every source once, in order; one bad feed never stops the others."""
        results = []
        for source in sources:
            try:
                results.append(self.poll(source, force=force))
            except Exception as exc:  # a bug or a store failure: report it, go on
                log.exception("polling %s failed", source.url)
                results.append(PollResult(source=source, error=f"{type(exc).__name__}: {exc}"))
        return results

    def run(
        self,
        sources: list[Source],
        once: bool = False,
        report: Callable[[list[PollResult]], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rounds: int | None = None,
        force: bool = False,
    ) -> None:
        """Poll all sources every ``config.every`` seconds (once with ``once``).

        ``force`` polls feeds that are backing off too, in the first round only.
        """
        done = 0
        while True:
            started = time.monotonic()
            results = self.poll_all(sources, force=force and done == 0)
            if report:
                report(results)
            done += 1
            if once or (rounds is not None and done >= rounds):
                return
            sleep(max(0.0, self.config.every - (time.monotonic() - started)))

    # -- internals --------------------------------------------------------------------

    def _feed_failed(
        self, result: PollResult, errors_before: int, status: int | None, error: str
    ) -> PollResult:
        now = self.clock()
        retry_at = now + self.retry_delay(errors_before)
        self.state.feed_failed(result.source.url, now, status, error, retry_at)
        result.status = status
        result.error = error
        result.retry_at = iso(retry_at)
        return result

    def _is_update(self, entry: FeedEntry, known, now: dt.datetime) -> bool:
        """Whether a stored page should be fetched again: the feed says the story was
        updated since we last saw the entry, and we have not fetched it too recently
        (some feeds stamp every entry with the time of the request)."""
        if known.outcome == "skipped" or not entry.updated or not known.entry_updated:
            return False
        if entry.updated <= known.entry_updated:
            return False
        recent = iso(now - dt.timedelta(seconds=self.config.update_interval))
        return known.last_fetched is None or known.last_fetched <= recent

    def _page(self, source: Source, entry: FeedEntry) -> PageResult | None:
        """Fetch, extract and keep one entry's page; None if it was handled before."""
        key = normalise_url(entry.link)
        known = self.state.page(key)
        now = self.clock()
        update = False
        if known is not None and known.outcome in FINAL_OUTCOMES:
            update = self._is_update(entry, known, now)
            if not update:
                return None
        elif known is not None and known.tries >= self.config.page_tries:
            return None

        def record(outcome: str, status=None, error=None, canonical=None, article_id=None):
            # A failed refetch of a stored story keeps the story's outcome.
            if update and outcome in ("failed", "skipped"):
                outcome = known.outcome
            self.state.record_page(
                key, source.url, now, outcome, status, error, canonical, article_id,
                entry_updated=entry.updated,
            )

        try:
            response = self.fetcher.fetch_page(entry.link)
        except FetchError as exc:
            self.state.log_fetch(entry.link, "page", now, exc.status, str(exc))
            outcome = "failed" if exc.transient else "skipped"
            record(outcome, exc.status, str(exc))
            return PageResult(key, outcome, status=exc.status, error=str(exc), kind=exc.kind)
        self.state.log_fetch(entry.link, "page", now, response.status, None)
        try:
            doc = extract_html(response.text(), url=response.final_url)
        except Exception as exc:  # a page the extractor chokes on is that page's problem
            error = f"{entry.link}: cannot extract text ({type(exc).__name__}: {exc})"
            record("skipped", response.status, error)
            return PageResult(key, "skipped", status=response.status, error=error)
        canonical = normalise_url(doc.url or response.final_url)
        if not doc.text.strip():
            error = f"{entry.link}: no article text found"
            record("skipped", response.status, error, canonical)
            return PageResult(key, "skipped", status=response.status, error=error)
        # An update is the same page by definition; only new text makes it new.
        earlier = None if update else self.state.article_for_canonical(canonical)
        if earlier is not None:
            record("duplicate", response.status, None, canonical, earlier)
            return PageResult(key, "duplicate", earlier, response.status)
        article = Article.make(
            doc.text,
            published=doc.published or entry.published,
            title=doc.title or entry.title,
            url=doc.url or response.final_url,
            outlet=source.outlet or doc.outlet,
        )
        try:
            added = not self.sink.has_article(article.id) and self.sink.add(article)
        except Exception as exc:  # reading or storing failed: this page only
            error = f"{entry.link}: not stored ({type(exc).__name__}: {exc})"
            log.exception("storing %s failed", entry.link)
            record("failed", response.status, error)
            return PageResult(key, "failed", status=response.status, error=error)
        if update:
            # The state keeps its final outcome; the result says what the refetch found.
            record(known.outcome, response.status, None, canonical, article.id if added else None)
            return PageResult(key, "updated" if added else "unchanged",
                              article.id, response.status)
        outcome = "stored" if added else "duplicate"
        record(outcome, response.status, None, canonical, article.id)
        return PageResult(key, outcome, article.id, response.status)
