"""The watcher end to end against the loopback site: new stories only, failing feeds
backed off while the others go on, one article per story, bad pages skipped."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from fogwatch.ingest.fetch import Fetcher
from fogwatch.model import Article
from fogwatch.watch.sources import Source
from fogwatch.watch.state import WatchState
from fogwatch.watch.watcher import WatchConfig, Watcher


class MemorySink:
    """Keeps articles in a dict: the watcher's logic without the reader or a store."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}

    def has_article(self, article_id: str) -> bool:
        return article_id in self.articles

    def add(self, article: Article) -> bool:
        if article.id in self.articles:
            return False
        self.articles[article.id] = article
        return True


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 12, 6, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def world(site, fetch_config, tmp_path):
    """A watcher over a SQLite state file and a memory sink, on a settable clock."""
    clock = Clock()
    sink = MemorySink()
    db = tmp_path / "watch.db"
    fetcher = Fetcher(fetch_config)
    state = WatchState(sqlite3.connect(db), "sqlite")
    config = WatchConfig(retry_base=600, retry_max=3600, page_tries=2)
    watcher = Watcher(fetcher, state, sink, config, clock=clock)
    site.routes["/news/quetta-station-blast"] = site.page("story-quetta-station.html")
    site.routes["/amp/quetta-station-blast"] = site.page("story-quetta-station.html")
    site.routes["/world/kurram-convoy"] = site.page("story-kurram-convoy.html")
    site.routes["/print/kurram-convoy"] = site.page("story-kurram-convoy.html")
    site.routes["/news/jaffar-express-hijacking"] = site.page("story-jaffar-express.html")
    yield watcher, sink, clock, db
    fetcher.close()
    state.close()


def _titles(sink: MemorySink) -> set[str]:
    return {a.title for a in sink.articles.values()}


def test_a_feed_that_changes_between_polls_yields_only_the_new_story(site, world):
    watcher, sink, clock, _db = world
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier", country="Pakistan",
                     outlet="Indus Courier")
    first = watcher.poll(courier)
    assert first.ok and first.count("stored") == 2
    article = sink.articles[first.stored[0]]
    assert article.url == site.base + "/news/quetta-station-blast"  # canonical, no utm_
    assert article.outlet == "Indus Courier"
    assert article.published == "2024-11-09T14:20:00+05:00"

    site.routes["/rss.xml"] = site.feed("feed-rss-v2.xml")
    clock.advance(minutes=15)
    pages_before = len(site.hits)
    second = watcher.poll(courier)
    assert second.ok
    assert [sink.articles[i].title for i in second.stored] == [
        "Separatists seize passenger train in Balochistan"
    ]
    # Only the feed (and the new page) were fetched: known stories are not fetched again.
    fetched = [p for p, _ in site.hits[pages_before:]]
    assert fetched == ["/rss.xml", "/news/jaffar-express-hijacking"]
    assert len(sink.articles) == 3


def test_a_restart_resumes_from_the_state_in_the_database(site, world, fetch_config):
    watcher, sink, clock, db = world
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier")
    watcher.poll(courier)
    # A new process: new connection, new fetcher, same database file.
    with Fetcher(fetch_config) as fetcher:
        again = Watcher(fetcher, WatchState(sqlite3.connect(db), "sqlite"), sink, clock=clock)
        result = again.poll(courier)
    assert result.ok and result.pages == []
    assert site.count("/world/kurram-convoy") == 1


@pytest.mark.parametrize("trouble", ["500", "timeout", "malformed"])
def test_a_failing_feed_is_reported_backed_off_and_retried_while_others_go_on(
    site, world, trouble
):
    watcher, sink, clock, _db = world
    if trouble == "500":
        site.routes["/bad.xml"] = site.status(500)
    elif trouble == "timeout":
        site.routes["/bad.xml"] = site.stall(2.0)
    else:
        site.routes["/bad.xml"] = site.feed("malformed.xml")
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    bad = Source(url=site.base + "/bad.xml", name="Broken Wire")
    good = Source(url=site.base + "/rss.xml", name="Indus Courier")

    results = watcher.poll_all([bad, good])
    assert not results[0].ok
    expected = {"500": "HTTP 500", "timeout": "timed out", "malformed": "malformed feed"}[trouble]
    assert expected in results[0].error
    assert results[1].ok and results[1].count("stored") == 2  # the other feed went on

    state = watcher.state.feed(bad.url)
    assert state.error_count == 1
    assert expected in state.last_error
    assert state.next_poll == "2025-03-12T06:10:00+00:00"  # retry_base = 10 minutes

    # Before the retry time the feed is left alone.
    clock.advance(minutes=5)
    hits = site.count("/bad.xml")
    early = watcher.poll(bad)
    assert early.backing_off_until == "2025-03-12T06:10:00+00:00"
    assert site.count("/bad.xml") == hits

    # After it, the feed is tried again; a second failure doubles the wait.
    clock.advance(minutes=6)
    again = watcher.poll(bad)
    assert not again.ok
    state = watcher.state.feed(bad.url)
    assert state.error_count == 2
    assert state.next_poll == "2025-03-12T06:31:00+00:00"  # 06:11 + 20 minutes

    # Once the feed is fixed it is read and its error count goes back to zero.
    site.routes["/bad.xml"] = site.feed("feed-atom.xml", "application/atom+xml")
    clock.advance(minutes=30)
    fixed = watcher.poll(bad)
    assert fixed.ok
    state = watcher.state.feed(bad.url)
    assert state.error_count == 0 and state.errors_total == 2
    assert state.last_success == "2025-03-12T06:41:00+00:00"
    # Nothing stored before the failures was lost.
    assert "Blast at Quetta railway station kills at least 26" in _titles(sink)


def test_a_truncated_feed_is_read_with_a_warning(site, world):
    watcher, sink, _clock, _db = world
    site.routes["/cut.xml"] = site.feed("feed-truncated.xml")
    result = watcher.poll(Source(url=site.base + "/cut.xml", name="Cut"))
    assert result.ok and result.count("stored") == 1
    assert "malformed feed" in result.warning
    assert "1 entries recovered" in watcher.state.feed(site.base + "/cut.xml").last_error


def test_the_same_story_by_two_urls_is_one_article(site, world):
    watcher, sink, _clock, _db = world
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    site.routes["/atom.xml"] = site.feed("feed-atom.xml", "application/atom+xml")
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier")
    frontier = Source(url=site.base + "/atom.xml", name="Frontier Daily Record")
    watcher.poll_all([courier, frontier])
    assert len(sink.articles) == 2
    assert _titles(sink) == {
        "Blast at Quetta railway station kills at least 26",
        "Gunmen attack passenger convoy in Kurram",
    }
    pages = {p.url.split("/", 3)[-1]: p for p in (
        watcher.state.page(site.base + u) for u in
        ("/amp/quetta-station-blast", "/print/kurram-convoy")
    )}
    # The AMP copy names the same canonical URL: known without reading it again.
    assert pages["amp/quetta-station-blast"].outcome == "duplicate"
    assert pages["amp/quetta-station-blast"].canonical_url == site.base + "/news/quetta-station-blast"
    # The print copy names none, but its text is the same: same content hash.
    assert pages["print/kurram-convoy"].outcome == "duplicate"
    assert pages["print/kurram-convoy"].article_id in sink.articles


def test_pages_that_cannot_be_articles_are_reported_and_skipped(site, world):
    watcher, sink, clock, _db = world
    site.routes["/trouble.xml"] = site.feed("feed-trouble.xml")
    site.routes["/files/report.pdf"] = site.body(b"%PDF-1.7", "application/pdf")
    site.routes["/huge"] = site.endless()
    site.routes["/huge-declared"] = site.endless(declare=9_000_000)
    site.routes["/loop/a"] = site.redirect("/loop/b")
    site.routes["/loop/b"] = site.redirect("/loop/a")
    site.routes["/private/briefing"] = site.page("story-quetta-station.html")
    site.routes["/old/jaffar"] = site.redirect("/news/jaffar-express-hijacking", 301)
    site.routes["/flaky-page"] = site.status(502)
    trouble = Source(url=site.base + "/trouble.xml", name="Trouble Wire")

    result = watcher.poll(trouble)
    assert result.ok  # the feed itself is fine
    by_path = {p.url.removeprefix(site.base): p for p in result.pages}
    assert {k: v.kind for k, v in by_path.items() if v.outcome == "skipped"} == {
        "/files/report.pdf": "not_html",
        "/huge": "too_large",
        "/huge-declared": "too_large",
        "/loop/a": "redirect_loop",
        "/private/briefing": "robots",
    }
    assert by_path["/old/jaffar"].outcome == "stored"
    assert by_path["/flaky-page"].outcome == "failed"
    assert "HTTP 502" in by_path["/flaky-page"].error
    assert site.count("/private/briefing") == 0
    assert _titles(sink) == {"Separatists seize passenger train in Balochistan"}

    # Next poll: skipped pages stay skipped; the transient failure is tried again,
    # and given up after page_tries (2) tries.
    clock.advance(minutes=15)
    second = watcher.poll(trouble)
    assert [p.url.removeprefix(site.base) for p in second.pages] == ["/flaky-page"]
    clock.advance(minutes=15)
    third = watcher.poll(trouble)
    assert third.pages == []
    page = watcher.state.page(site.base + "/flaky-page")
    assert page.outcome == "failed" and page.tries == 2 and page.status == 502


def test_the_fetch_log_and_health_table_record_what_happened(site, world):
    watcher, _sink, clock, _db = world
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    site.routes["/bad.xml"] = site.status(500)
    sources = [Source(url=site.base + "/rss.xml", name="Indus Courier", country="Pakistan"),
               Source(url=site.base + "/bad.xml", name="Broken Wire")]
    watcher.poll_all(sources)
    health = {row["feed"]: row for row in watcher.state.health(clock())}
    assert health["Indus Courier"]["last_status"] == 200
    assert health["Indus Courier"]["articles_per_day"] == 2.0
    assert health["Indus Courier"]["error_count"] == 0
    assert health["Broken Wire"]["last_status"] == 500
    assert health["Broken Wire"]["last_success"] is None
    assert health["Broken Wire"]["error_count"] == 1
    cur = watcher.state.conn.execute(
        "SELECT kind, status FROM watch_fetches WHERE url = ?", (site.base + "/bad.xml",)
    )
    assert cur.fetchall() == [("feed", 500)]


def test_an_unchanged_feed_answers_304_to_the_etag_of_the_last_poll(site, world):
    watcher, sink, clock, _db = world
    asked: list[str | None] = []
    site.routes["/rss.xml"] = site.conditional(
        site.fixture("feed-rss-v1.xml"), "application/rss+xml", '"v1"', asked
    )
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier")
    assert watcher.poll(courier).count("stored") == 2
    clock.advance(minutes=15)
    again = watcher.poll(courier)
    assert again.ok and again.status == 304 and again.pages == []
    assert asked == [None, '"v1"']
    assert watcher.state.feed(courier.url).last_success == "2025-03-12T06:15:00+00:00"


def test_a_page_waiting_for_a_retry_is_retried_even_if_the_feed_is_unchanged(site, world):
    watcher, sink, clock, _db = world
    asked: list[str | None] = []
    site.routes["/rss.xml"] = site.conditional(
        site.fixture("feed-rss-v1.xml"), "application/rss+xml", '"v1"', asked
    )
    site.routes["/world/kurram-convoy"] = site.status(503)
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier")
    first = watcher.poll(courier)
    assert [p.outcome for p in first.pages] == ["stored", "failed"]
    site.routes["/world/kurram-convoy"] = site.page("story-kurram-convoy.html")
    clock.advance(minutes=15)
    second = watcher.poll(courier)
    assert asked == [None, None]  # the whole feed, not a 304
    assert [p.outcome for p in second.pages] == ["stored"]
    clock.advance(minutes=15)
    assert watcher.poll(courier).status == 304  # nothing left to retry


def test_run_polls_every_interval_until_told_to_stop(site, world):
    watcher, sink, _clock, _db = world
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    watcher.config.every = 900
    slept: list[float] = []
    reports: list[int] = []
    watcher.run([Source(url=site.base + "/rss.xml", name="Indus Courier")], rounds=2,
                sleep=slept.append, report=lambda rs: reports.append(len(rs[0].stored)))
    assert reports == [2, 0]
    assert len(slept) == 1 and 890 < slept[0] <= 900


def test_a_story_the_feed_marks_as_updated_is_fetched_again(site, world):
    watcher, sink, clock, _db = world
    watcher.config.update_interval = 3600
    v1 = site.fixture("feed-rss-v1.xml")
    stamp = b"Sat, 09 Nov 2024 09:20:00 GMT"
    site.routes["/rss.xml"] = site.body(v1, "application/rss+xml")
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier")
    key = site.base + "/news/quetta-station-blast"
    first = watcher.poll(courier)
    original = watcher.state.page(key).article_id
    assert first.count("stored") == 2

    # The feed re-dates the story but the page has not changed: fetched, nothing new.
    site.routes["/rss.xml"] = site.body(v1.replace(stamp, b"Sat, 09 Nov 2024 12:00:00 GMT"),
                                        "application/rss+xml")
    clock.advance(hours=2)
    second = watcher.poll(courier)
    assert [(p.url, p.outcome) for p in second.pages] == [(key, "unchanged")]

    # Re-dated again, and now the page has a new paragraph: a new version is stored,
    # the first one is kept.
    site.routes["/news/quetta-station-blast"] = site.page("story-quetta-station-updated.html")
    site.routes["/rss.xml"] = site.body(v1.replace(stamp, b"Sat, 09 Nov 2024 15:45:00 GMT"),
                                        "application/rss+xml")
    clock.advance(hours=2)
    third = watcher.poll(courier)
    assert [p.outcome for p in third.pages] == ["updated"]
    newer = third.pages[0].article_id
    assert newer != original and original in sink.articles
    assert "critical condition" in sink.articles[newer].text
    page = watcher.state.page(key)
    assert page.outcome == "stored" and page.article_id == newer

    # A feed that re-dates everything on every request is not followed more than hourly.
    site.routes["/rss.xml"] = site.body(v1.replace(stamp, b"Sat, 09 Nov 2024 18:00:00 GMT"),
                                        "application/rss+xml")
    clock.advance(minutes=10)
    assert watcher.poll(courier).pages == []
