"""Concurrent fetching against the loopback site: a slow page is cut off at the time cap
while the others are stored, hosts get at most their share of connections at their
pace, permanent errors are not retried, and the store ends up as a one-by-one run
leaves it."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from test_watch_poll import Clock, MemorySink

from fogwatch.ingest.fetch import Fetcher, FetchError
from fogwatch.watch.sources import Source
from fogwatch.watch.state import WatchState
from fogwatch.watch.watcher import WatchConfig, Watcher

STORIES = {
    "/news/quetta-station-blast": "story-quetta-station.html",
    "/world/kurram-convoy": "story-kurram-convoy.html",
    "/news/jaffar-express-hijacking": "story-jaffar-express.html",
}
# A whole page, small enough to arrive in a few seconds at a byte per 20 ms if nothing
# cut it off.
SLOW_PAGE = (b"<html><head><title>Slow</title></head><body><article><p>"
             + b"A page that arrives one byte at a time. " * 4 + b"</p></article></body></html>")


def rss(site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Entry {i}</title><link>{site.base}{path}</link></item>"
        for i, path in enumerate(paths)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"{items}</channel></rss>").encode()


def serve_feed(site, paths: list[str]) -> Source:
    site.routes["/wire.xml"] = site.body(rss(site, paths), "application/rss+xml")
    return Source(url=site.base + "/wire.xml", name="Wire", outlet="Wire")


def serve_stories(site) -> None:
    for path, name in STORIES.items():
        site.routes[path] = site.page(name)


@pytest.fixture
def make_watcher(fetch_config, tmp_path):
    made: list[tuple[Fetcher, WatchState]] = []

    def make(name: str = "watch", **config: object) -> tuple[Watcher, MemorySink, Clock]:
        fetcher = Fetcher(fetch_config)
        state = WatchState(sqlite3.connect(tmp_path / f"{name}.db"), "sqlite")
        made.append((fetcher, state))
        clock, sink = Clock(), MemorySink()
        watcher = Watcher(fetcher, state, sink, WatchConfig(**config), clock=clock)  # type: ignore[arg-type]
        return watcher, sink, clock

    yield make
    for fetcher, state in made:
        fetcher.close()
        state.close()


def test_a_dripping_body_is_cut_off_at_the_cap_though_no_read_times_out(site, fetch_config):
    fetch_config.timeout = 0.5  # each byte comes well within this
    fetch_config.total_timeout = 1.0
    site.routes["/slow"] = site.drip(SLOW_PAGE, 0.02)
    with Fetcher(fetch_config) as fetcher, pytest.raises(FetchError) as err:
        fetcher.fetch_page(site.base + "/slow")
    assert err.value.kind == "timeout" and err.value.transient
    assert "time cap" in str(err.value)
    assert site.count("/slow") == 1  # the cap covers the retries too: none was left


def test_dripping_headers_are_cut_off_at_the_cap(site, fetch_config):
    fetch_config.timeout = 0.5
    fetch_config.total_timeout = 1.0
    # Headers of some 600 bytes at 20 ms a byte: twelve seconds if nothing cut them off.
    site.routes["/slow"] = site.drip(SLOW_PAGE, 0.02, headers_too=True, padding=500)
    with Fetcher(fetch_config) as fetcher, pytest.raises(FetchError) as err:
        fetcher.fetch_page(site.base + "/slow")
    assert err.value.kind == "timeout" and "time cap" in str(err.value)
    for _ in range(100):  # the server notices the client left at its next write
        if "/slow" in site.dripped:
            break
        time.sleep(0.05)
    assert site.dripped["/slow"] < 500  # cut off in the headers, not after them


def test_a_slow_page_within_the_cap_is_read_whole(site, fetch_config):
    fetch_config.timeout = 0.5
    fetch_config.total_timeout = 30.0
    site.routes["/slow"] = site.drip(SLOW_PAGE[:40], 0.01)
    with Fetcher(fetch_config) as fetcher:
        assert fetcher.fetch_page(site.base + "/slow").body == SLOW_PAGE[:40]


def test_a_dripping_page_does_not_keep_the_others_from_being_stored(
    site, fetch_config, make_watcher
):
    fetch_config.timeout = 0.5
    fetch_config.total_timeout = 2.0  # the other pages need far less, even on a busy machine
    serve_stories(site)
    site.routes["/slow"] = site.drip(SLOW_PAGE, 0.05)  # some 12 s in all
    wire = serve_feed(site, ["/slow", *STORIES])
    watcher, sink, _clock = make_watcher()
    result = watcher.poll(wire)
    assert [p.url.removeprefix(site.base) for p in result.pages] == ["/slow", *STORIES]
    slow, *others = result.pages
    assert slow.outcome == "failed" and slow.kind == "timeout" and slow.retry
    assert slow.is_failure and result.failures == [slow]
    assert [p.outcome for p in others] == ["stored"] * 3
    # Stored in the order of the feed, whatever order the fetches ended in.
    assert [a.url.removeprefix(site.base) for a in sink.articles.values()] == list(STORIES)
    state = watcher.state.page(site.base + "/slow")
    assert state.outcome == "failed" and "time cap" in state.error


def test_requests_to_one_host_are_bounded_and_keep_their_pace(site, fetch_config, make_watcher):
    fetch_config.host_connections = 2
    fetch_config.host_delay = 0.2
    fetch_config.timeout = 5.0  # the server takes its time on purpose
    lock = threading.Lock()
    flight = {"now": 0, "most": 0}
    starts: list[float] = []

    def slow_story(name):
        serve = site.page(name)

        def route(h):
            with lock:
                starts.append(time.monotonic())
                flight["now"] += 1
                flight["most"] = max(flight["most"], flight["now"])
            try:
                time.sleep(0.6)  # so that two requests 0.2 s apart overlap
                serve(h)
            finally:
                with lock:
                    flight["now"] -= 1

        return route

    paths = []
    for i, name in enumerate(list(STORIES.values()) * 2):
        path = f"/copy/{i}"
        site.routes[path] = slow_story(name)
        paths.append(path)
    wire = serve_feed(site, paths)
    watcher, sink, _clock = make_watcher(workers=8)
    result = watcher.poll(wire)
    assert [p.outcome for p in result.pages] == ["stored"] * 3 + ["duplicate"] * 3
    assert flight["most"] == 2  # concurrent, and never more than the host's share
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # The host delay (0.2 s) still spaces every request (as the server sees them,
    # with room for its threads' scheduling).
    assert min(gaps) >= 0.1


def test_one_connection_per_host_fetches_one_page_at_a_time(site, fetch_config, make_watcher):
    fetch_config.host_connections = 1
    fetch_config.timeout = 5.0
    lock = threading.Lock()
    flight = {"now": 0, "most": 0}

    def tracked(h):
        with lock:
            flight["now"] += 1
            flight["most"] = max(flight["most"], flight["now"])
        time.sleep(0.1)
        try:
            site.status(404)(h)
        finally:
            with lock:
                flight["now"] -= 1

    for i in range(4):
        site.routes[f"/gone/{i}"] = tracked
    watcher, _sink, _clock = make_watcher(workers=8)
    result = watcher.poll(serve_feed(site, [f"/gone/{i}" for i in range(4)]))
    assert len(result.pages) == 4 and flight["most"] == 1


@pytest.mark.parametrize(
    ("route", "kind", "status"),
    [("not_gzip", "bad_encoding", 200), ("404", "http", 404), ("410", "http", 410)],
)
def test_a_permanent_error_is_recorded_and_not_retried_on_the_next_poll(
    site, make_watcher, route, kind, status
):
    serve_stories(site)
    site.routes["/broken"] = site.not_gzip() if route == "not_gzip" else site.status(int(route))
    wire = serve_feed(site, ["/broken", *STORIES])
    watcher, _sink, clock = make_watcher()
    first = watcher.poll(wire)
    broken = first.pages[0]
    assert (broken.outcome, broken.kind, broken.status) == ("skipped", kind, status)
    assert broken.is_failure and not broken.retry
    asked = site.count("/broken")
    clock.advance(minutes=15)
    second = watcher.poll(wire)
    assert second.pages == [] and site.count("/broken") == asked
    assert watcher.state.page(site.base + "/broken").tries == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_transient_error_is_tried_again_a_few_times_then_given_up(
    site, make_watcher, status
):
    site.routes["/busy"] = site.status(status)
    wire = serve_feed(site, ["/busy"])
    watcher, _sink, clock = make_watcher(page_tries=2)
    first = watcher.poll(wire).pages[0]
    assert (first.outcome, first.status, first.retry) == ("failed", status, True)
    clock.advance(minutes=15)
    second = watcher.poll(wire).pages[0]
    assert (second.outcome, second.retry) == ("failed", False)  # the last try
    clock.advance(minutes=15)
    assert watcher.poll(wire).pages == []
    assert watcher.state.page(site.base + "/busy").tries == 2


def test_concurrent_and_one_by_one_runs_store_the_same(site, fetch_config, make_watcher):
    """Same articles in the same order, same page rows: concurrency changes no write."""
    serve_stories(site)
    site.routes["/amp/quetta-station-blast"] = site.page("story-quetta-station.html")
    site.routes["/print/kurram-convoy"] = site.page("story-kurram-convoy.html")
    site.routes["/gone"] = site.status(404)
    # The later copies answer first; the first entries are the slowest.
    for i, path in enumerate(["/news/quetta-station-blast", "/world/kurram-convoy"]):
        serve = site.routes[path]
        site.routes[path] = (lambda s, d: lambda h: (time.sleep(d), s(h)))(serve, 0.3 - 0.1 * i)
    paths = ["/news/quetta-station-blast", "/world/kurram-convoy", "/gone",
             "/amp/quetta-station-blast", "/print/kurram-convoy",
             "/news/jaffar-express-hijacking"]
    wire = serve_feed(site, paths)
    runs = []
    for name, workers in (("one", 1), ("many", 8)):
        fetch_config.host_connections = 1 if workers == 1 else 4
        watcher, sink, _clock = make_watcher(name, workers=workers)
        result = watcher.poll(wire)
        rows = watcher.state.conn.execute(
            "SELECT url, outcome, status, tries, canonical_url, article_id FROM watch_pages "
            "ORDER BY url"
        ).fetchall()
        base = site.base
        runs.append((
            [(p.url.removeprefix(base), p.outcome, p.article_id) for p in result.pages],
            list(sink.articles),
            [tuple(str(v).replace(base, "") for v in r) for r in rows],
        ))
    assert runs[0] == runs[1]
    outcomes = [outcome for _url, outcome, _id in runs[0][0]]
    assert outcomes == ["stored", "stored", "skipped", "duplicate", "duplicate", "stored"]


def test_a_dripping_feed_is_cut_off_while_the_other_feeds_are_read(
    site, fetch_config, make_watcher
):
    fetch_config.timeout = 0.5
    fetch_config.total_timeout = 2.0
    serve_stories(site)
    site.routes["/slow.xml"] = site.drip(rss(site, ["/news/quetta-station-blast"]), 0.05)
    slow = Source(url=site.base + "/slow.xml", name="Slow Wire")
    wire = serve_feed(site, list(STORIES))
    watcher, sink, _clock = make_watcher()
    results = watcher.poll_all([slow, wire])
    assert [r.source.name for r in results] == ["Slow Wire", "Wire"]  # in the given order
    assert "time cap" in results[0].error and results[0].retry_at
    assert results[1].ok and results[1].count("stored") == 3
    assert watcher.state.feed(slow.url).error_count == 1


def test_a_refused_page_is_asked_again_only_when_the_feed_re_dates_its_entry(
    site, make_watcher
):
    def feed(stamp: str) -> None:
        item = (f"<item><title>Convoy</title><link>{site.base}/world/kurram-convoy</link>"
                f"<pubDate>{stamp}</pubDate></item>")
        site.routes["/wire.xml"] = site.body(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{item}'
            f"</channel></rss>".encode(), "application/rss+xml")

    wire = Source(url=site.base + "/wire.xml", name="Wire")
    site.routes["/world/kurram-convoy"] = site.status(404)  # listed before it is up
    feed("Thu, 21 Nov 2024 13:00:00 GMT")
    watcher, sink, clock = make_watcher()
    assert [p.outcome for p in watcher.poll(wire).pages] == ["skipped"]
    site.routes["/world/kurram-convoy"] = site.page("story-kurram-convoy.html")
    clock.advance(hours=2)
    assert watcher.poll(wire).pages == []  # same entry: a 404 is not retried
    feed("Thu, 21 Nov 2024 15:00:00 GMT")  # the feed re-dates it
    clock.advance(hours=2)
    again = watcher.poll(wire)
    assert [p.outcome for p in again.pages] == ["stored"] and len(sink.articles) == 1
    assert watcher.state.page(site.base + "/world/kurram-convoy").outcome == "stored"
    assert site.count("/world/kurram-convoy") == 2
