"""Poll feeds, fetch the stories they list, and keep the new ones.

For each feed: skip it if it is backing off after errors; fetch it (conditionally, with
the ETag and Last-Modified of the last success); parse it; for each entry whose URL has
not been handled before, fetch the page, extract the article, and keep it unless the
same story is already kept (same canonical URL, or same text and so the same content
hash). A failing feed is recorded with the time it may be tried again, growing
exponentially with consecutive errors; the other feeds go on. A failing page is recorded
and tried again on later polls while the failure is transient (timeouts, 5xx, 429), up
to a few tries; a page that can never become an article (a 4xx other than 429, a body
that cannot be decoded, not HTML, too large, a redirect loop, disallowed by robots.txt,
no text) is skipped for good.

Fetching is concurrent: the feeds of a round, then all their pages, are fetched by a
pool of ``WatchConfig.workers`` threads, at most ``FetchConfig.host_connections`` at a
time to one host and no faster than its delay, each URL within its time cap. Everything
the watcher writes (state, articles) is written by the calling thread, one page at a
time, in the order of the feeds and of their entries, whatever order the fetches end
in: the store ends up exactly as a one-by-one run would leave it. A slow page holds back
the storing of the pages after it, never their fetching, and for at most its time cap.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from fogwatch.ingest.fetch import Fetcher, FetchError, FetchResult
from fogwatch.ingest.html import HtmlDocument, extract_html
from fogwatch.model import Article
from fogwatch.watch.canonical import normalise_url
from fogwatch.watch.feeds import FeedEntry, FeedError, parse_feed
from fogwatch.watch.sink import ArticleSink
from fogwatch.watch.sources import Source
from fogwatch.watch.state import FINAL_OUTCOMES, PageState, WatchState, iso, utcnow

log = logging.getLogger(__name__)

# FetchError kinds that mean the server or the network failed us, as opposed to a page
# that is simply no article (not HTML, too large, disallowed by robots.txt, no text).
FAILURE_KINDS = frozenset({
    "http", "timeout", "network", "bad_encoding", "redirect_loop", "too_many_redirects",
    "robots_unreachable",
})


@dataclass
class WatchConfig:
    """How often to poll and how patiently to retry."""

    every: float = 15 * 60  # seconds between polls of all feeds
    retry_base: float = 5 * 60  # a failed feed waits this long, doubled per further error
    retry_max: float = 6 * 3600
    page_tries: int = 3  # transient page failures before a page is given up
    update_interval: float = 3600  # least seconds between two fetches of an updated story
    workers: int = 8  # most feeds and pages fetched at once, over all hosts


@dataclass
class PageResult:
    """What became of one entry's page."""

    url: str
    outcome: str  # stored | duplicate | failed | skipped; updated | unchanged for a refetch
    article_id: str | None = None
    status: int | None = None
    error: str | None = None
    kind: str | None = None  # the FetchError kind, for failures
    retry: bool = False  # a transient failure that a later poll tries again

    @property
    def is_failure(self) -> bool:
        """Whether the page failed (transient, or a permanent fetch error such as a 404
        or a body that cannot be decoded), not merely turned out to be no article."""
        return self.outcome == "failed" or (
            self.outcome == "skipped" and self.kind in FAILURE_KINDS
        )


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

    @property
    def failures(self) -> list[PageResult]:
        """The pages that failed (see :attr:`PageResult.is_failure`)."""
        return [p for p in self.pages if p.is_failure]



@dataclass
class _Fetched:
    """What a worker thread brought back for one page: the response and its extracted
    document, or why there is none."""

    response: FetchResult | None = None
    error: FetchError | None = None
    doc: HtmlDocument | None = None
    problem: Exception | None = None  # extraction failed, or a bug in the fetch


@dataclass
class _PagePlan:
    """One entry's page in one round: what was known of it, and its fetch."""

    feed: _FeedRound
    entry: FeedEntry
    key: str
    known: PageState | None
    update: bool
    now: dt.datetime
    future: Future[_Fetched]
    prepared: Any = None  # what the sink's prepare() made of the article, if it ran
    looked_ahead: bool = False


@dataclass
class _FeedRound:
    """One feed in one round, from its fetch to its last page."""

    source: Source
    result: PollResult
    errors_before: int = 0
    future: Future[Any] | None = None  # the feed fetch, when it is polled at all
    response: FetchResult | None = None
    pages: list[_PagePlan] = field(default_factory=list)
    finished: bool = False  # nothing more to do (or failed): its result is final
    warning: str | None = None


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
        """Poll one feed and keep its new stories. Never raises for a bad feed or page
        (a failing store does raise)."""
        return self._round([source], force=force, catch=False)[0]

    def poll_all(self, sources: Iterable[Source], force: bool = False) -> list[PollResult]:
        """Poll every source once; one bad feed never stops the others. The results
        (and every write) follow the order of ``sources``."""
        return self._round(list(sources), force=force, catch=True)

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

    # -- one round ----------------------------------------------------------------------

    def _round(self, sources: list[Source], force: bool, catch: bool) -> list[PollResult]:
        """Fetch the feeds, then their pages, concurrently; write in source order."""
        feeds = [_FeedRound(source=s, result=PollResult(source=s)) for s in sources]
        pool = ThreadPoolExecutor(
            max_workers=max(1, self.config.workers), thread_name_prefix="fogwatch-fetch"
        )
        try:
            for feed in feeds:
                self._guarded(feed, catch, self._start_feed, feed, force, pool)
            seen: set[str] = set()  # a URL listed twice in a round is fetched once
            for feed in feeds:
                self._guarded(feed, catch, self._read_feed, feed, pool, seen)
            self._store_pages(feeds, catch)
        except BaseException:
            # Interrupted or failed: do not wait for the fetches still running (each
            # ends within its time cap).
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return [feed.result for feed in feeds]

    def _guarded(self, feed: _FeedRound, catch: bool, step: Callable[..., None],
                 *args: Any) -> None:
        """Run one step of a feed's round; with ``catch``, an exception (a bug or a
        store failure) ends that feed's round with the error, and the others go on."""
        if feed.finished:
            return
        try:
            step(*args)
        except Exception as exc:
            if not catch:
                raise
            log.exception("polling %s failed", feed.source.url)
            feed.result = PollResult(source=feed.source, error=f"{type(exc).__name__}: {exc}")
            feed.finished = True

    def _start_feed(self, feed: _FeedRound, force: bool, pool: ThreadPoolExecutor) -> None:
        source = feed.source
        now = self.clock()
        self.state.register_feed(source.url, source.name, source.country, source.outlet, now)
        feed_state = self.state.feed(source.url)
        assert feed_state is not None  # registered just above
        feed.errors_before = feed_state.error_count
        if not force and feed_state.next_poll and feed_state.next_poll > iso(now):
            feed.result.backing_off_until = feed_state.next_poll
            feed.finished = True
            return
        # Pages waiting for another try need the entries, so ask for the whole feed
        # rather than accept a 304.
        conditional = not self.state.pages_to_retry(source.url, self.config.page_tries)
        feed.future = pool.submit(
            self.fetcher.fetch_feed,
            source.url,
            etag=feed_state.etag if conditional else None,
            modified=feed_state.last_modified if conditional else None,
        )

    def _read_feed(self, feed: _FeedRound, pool: ThreadPoolExecutor, seen: set[str]) -> None:
        """Wait for the feed, record it, and send its new pages to the pool."""
        assert feed.future is not None
        now = self.clock()
        source, result = feed.source, feed.result
        try:
            response = feed.future.result()
        except FetchError as exc:
            self.state.log_fetch(source.url, "feed", now, exc.status, str(exc))
            self._feed_failed(feed, exc.status, str(exc))
            return
        self.state.log_fetch(source.url, "feed", now, response.status, None)
        result.status = response.status
        if response.not_modified:
            self.state.feed_succeeded(source.url, now, response.status, 0, None, None)
            feed.finished = True
            return
        try:
            parsed = parse_feed(response.body, response.final_url, response.content_type)
        except FeedError as exc:
            self._feed_failed(feed, response.status, str(exc))
            return
        feed.response = response
        result.entries = len(parsed.entries)
        result.warning = feed.warning = parsed.warning
        for entry in parsed.entries:
            plan = self._plan(feed, entry, pool, seen)
            if plan is not None:
                feed.pages.append(plan)

    def _plan(
        self, feed: _FeedRound, entry: FeedEntry, pool: ThreadPoolExecutor, seen: set[str]
    ) -> _PagePlan | None:
        """Start fetching an entry's page, unless it was handled before."""
        key = normalise_url(entry.link)
        if key in seen:
            return None
        known = self.state.page(key)
        now = self.clock()
        update = False
        if known is not None and known.outcome in FINAL_OUTCOMES:
            update = self._is_update(entry, known, now)
            if not update and not self._is_revisit(entry, known, now):
                return None
        elif known is not None and known.tries >= self.config.page_tries:
            return None
        seen.add(key)
        future = pool.submit(self._fetch_page, entry.link)
        return _PagePlan(feed, entry, key, known, update, now, future)

    def _fetch_page(self, link: str) -> _Fetched:
        """In a worker thread: fetch one page and extract its document."""
        try:
            response = self.fetcher.fetch_page(link)
        except FetchError as exc:
            return _Fetched(error=exc)
        except Exception as exc:  # a bug: that page's failure, reported as such
            log.exception("fetching %s failed", link)
            return _Fetched(problem=exc)
        try:
            doc = extract_html(response.text(), url=response.final_url)
        except Exception as exc:  # a page the extractor chokes on is that page's problem
            return _Fetched(response=response, problem=exc)
        return _Fetched(response=response, doc=doc)

    def _store_pages(self, feeds: list[_FeedRound], catch: bool) -> None:
        """Store the pages in the order of the feeds and their entries, each as soon as
        its fetch is done (the later ones go on fetching meanwhile); finish each feed
        after its last page."""
        plans = [p for f in feeds if not f.finished for p in f.pages]
        for feed in feeds:
            for plan in feed.pages:
                self._wait_for(plan, plans)
                self._guarded(feed, catch, self._store_page, plan)
            self._guarded(feed, catch, self._finish_feed, feed)

    def _wait_for(self, plan: _PagePlan, plans: list[_PagePlan]) -> None:
        """Wait for one page's fetch; meanwhile prepare (read) the pages after it that
        are fetched already, so that storing them later is quick."""
        prepare = getattr(self.sink, "prepare", None)
        while not plan.future.done():
            ready = None
            if prepare is not None:
                ready = next((p for p in plans if p.future.done() and not p.looked_ahead
                              and not p.feed.finished), None)
            if ready is None:
                waiting = {p.future for p in plans if not p.future.done()}
                wait(waiting, return_when=FIRST_COMPLETED)
                continue
            ready.looked_ahead = True
            fetched = ready.future.result()
            article = self._article(ready, fetched)
            if article is None or self.sink.has_article(article.id):
                continue
            if not ready.update and fetched.doc is not None and fetched.response is not None:
                canonical = normalise_url(fetched.doc.url or fetched.response.final_url)
                if self.state.article_for_canonical(canonical) is not None:
                    continue  # a copy of a stored story: nothing to read
            try:
                ready.prepared = prepare(article)
            except Exception:  # left to add(), which reports it for that page
                log.debug("preparing %s failed", ready.entry.link, exc_info=True)

    def _article(self, plan: _PagePlan, fetched: _Fetched) -> Article | None:
        """The article a fetched page makes, if it makes one (the same at any time)."""
        doc, response = fetched.doc, fetched.response
        if doc is None or response is None or not doc.text.strip():
            return None
        return Article.make(
            doc.text,
            published=doc.published or plan.entry.published,
            title=doc.title or plan.entry.title,
            url=doc.url or response.final_url,
            outlet=plan.feed.source.outlet or doc.outlet,
        )

    def _finish_feed(self, feed: _FeedRound) -> None:
        assert feed.response is not None  # only a feed that was read has pages to finish
        self.state.feed_succeeded(
            feed.source.url,
            self.clock(),
            feed.response.status,
            len(feed.result.stored),
            feed.response.headers.get("etag"),
            feed.response.headers.get("last-modified"),
            warning=feed.warning,
        )
        feed.finished = True

    # -- internals --------------------------------------------------------------------

    def _feed_failed(self, feed: _FeedRound, status: int | None, error: str) -> None:
        now = self.clock()
        retry_at = now + self.retry_delay(feed.errors_before)
        self.state.feed_failed(feed.source.url, now, status, error, retry_at)
        feed.result.status = status
        feed.result.error = error
        feed.result.retry_at = iso(retry_at)
        feed.finished = True

    def _is_update(self, entry: FeedEntry, known: PageState, now: dt.datetime) -> bool:
        """Whether a stored page should be fetched again: the feed says the story was
        updated since we last saw the entry, and we have not fetched it too recently
        (some feeds stamp every entry with the time of the request)."""
        return known.outcome != "skipped" and self._redated(entry, known, now)

    def _is_revisit(self, entry: FeedEntry, known: PageState, now: dt.datetime) -> bool:
        """Whether a page refused with a client error (a 404 while the story was not
        up yet, a 410) is asked again as new: only when the feed re-dates its entry,
        at most as often as an update. Never on a mere later poll."""
        refused = known.status is not None and 400 <= known.status < 500
        return known.outcome == "skipped" and refused and self._redated(entry, known, now)

    def _redated(self, entry: FeedEntry, known: PageState, now: dt.datetime) -> bool:
        if not entry.updated or not known.entry_updated:
            return False
        if entry.updated <= known.entry_updated:
            return False
        recent = iso(now - dt.timedelta(seconds=self.config.update_interval))
        return known.last_fetched is None or known.last_fetched <= recent

    def _store_page(self, plan: _PagePlan) -> None:
        plan.looked_ahead = True
        page = self._page(plan, plan.future.result())
        plan.feed.result.pages.append(page)

    def _page(self, plan: _PagePlan, fetched: _Fetched) -> PageResult:
        """Record one fetched page and keep its article (called in order, one at a time)."""
        source, entry, key, known, update, now = (
            plan.feed.source, plan.entry, plan.key, plan.known, plan.update, plan.now
        )
        tries = (known.tries if known is not None else 0) + 1

        def record(outcome: str, status=None, error=None, canonical=None, article_id=None):
            # A failed refetch of a stored story keeps the story's outcome.
            if update and known is not None and outcome in ("failed", "skipped"):
                outcome = known.outcome
            self.state.record_page(
                key, source.url, now, outcome, status, error, canonical, article_id,
                entry_updated=entry.updated,
            )

        if fetched.error is not None:
            exc = fetched.error
            self.state.log_fetch(entry.link, "page", now, exc.status, str(exc))
            outcome = "failed" if exc.transient else "skipped"
            record(outcome, exc.status, str(exc))
            return PageResult(key, outcome, status=exc.status, error=str(exc), kind=exc.kind,
                              retry=outcome == "failed" and tries < self.config.page_tries)
        response = fetched.response
        if response is None:  # the fetch itself broke
            error = f"{entry.link}: not fetched ({type(fetched.problem).__name__}: " \
                    f"{fetched.problem})"
            record("failed", None, error)
            return PageResult(key, "failed", error=error,
                              retry=tries < self.config.page_tries)
        self.state.log_fetch(entry.link, "page", now, response.status, None)
        doc = fetched.doc
        if doc is None:
            exc_name = type(fetched.problem).__name__
            error = f"{entry.link}: cannot extract text ({exc_name}: {fetched.problem})"
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
        article = self._article(plan, fetched)
        assert article is not None  # the document has text
        try:
            if self.sink.has_article(article.id):
                added = False
            elif plan.prepared is not None:
                added = self.sink.add(article, plan.prepared)  # type: ignore[call-arg]
            else:
                added = self.sink.add(article)
        except Exception as exc:  # reading or storing failed: this page only
            error = f"{entry.link}: not stored ({type(exc).__name__}: {exc})"
            log.exception("storing %s failed", entry.link)
            record("failed", response.status, error)
            return PageResult(key, "failed", status=response.status, error=error,
                              retry=tries < self.config.page_tries)
        if update and known is not None:
            # The state keeps its final outcome; the result says what the refetch found.
            record(known.outcome, response.status, None, canonical, article.id if added else None)
            return PageResult(key, "updated" if added else "unchanged",
                              article.id, response.status)
        outcome = "stored" if added else "duplicate"
        record(outcome, response.status, None, canonical, article.id)
        return PageResult(key, outcome, article.id, response.status)
