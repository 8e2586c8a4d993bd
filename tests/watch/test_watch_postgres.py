"""The watch state on a real PostgreSQL server: the same SQL, the same behaviour."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

from fogwatch.ingest.fetch import Fetcher
from fogwatch.watch.sink import StoreSink, open_state
from fogwatch.watch.sources import Source
from fogwatch.watch.watcher import WatchConfig, Watcher

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store():
    url = os.environ.get("FOGWATCH_TEST_PG")
    if not url:
        pytest.skip("FOGWATCH_TEST_PG is not set (.ci/services.sh starts a server and sets it)")
    from fogwatch.store import open_store

    schema = f"watch_test_{uuid.uuid4().hex[:10]}"
    sep = "&" if "?" in url else "?"
    store = open_store(f"{url}{sep}schema={schema}", create=True)
    try:
        yield store
    finally:
        conn = store.connect()
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()
        store.close()


def test_watching_into_postgresql(site, fetch_config, pg_store):
    site.routes["/rss.xml"] = site.feed("feed-rss-v1.xml")
    site.routes["/bad.xml"] = site.status(503)
    site.routes["/news/quetta-station-blast"] = site.page("story-quetta-station.html")
    site.routes["/world/kurram-convoy"] = site.page("story-kurram-convoy.html")
    site.routes["/news/jaffar-express-hijacking"] = site.page("story-jaffar-express.html")
    now = [dt.datetime(2025, 3, 12, 6, 0, tzinfo=dt.UTC)]
    state = open_state(pg_store)
    courier = Source(url=site.base + "/rss.xml", name="Indus Courier", country="Pakistan")
    bad = Source(url=site.base + "/bad.xml", name="Broken Wire")
    with Fetcher(fetch_config) as fetcher:
        watcher = Watcher(fetcher, state, StoreSink(pg_store), WatchConfig(retry_base=600),
                          clock=lambda: now[0])
        first = watcher.poll_all([courier, bad])
        assert first[0].count("stored") == 2 and not first[1].ok
        site.routes["/rss.xml"] = site.feed("feed-rss-v2.xml")
        now[0] += dt.timedelta(minutes=15)
        second = watcher.poll_all([courier, bad])
    assert second[0].count("stored") == 1
    # Its retry time (06:10) had passed: tried again, failed again, waits twice as long.
    assert not second[1].ok and second[1].retry_at == "2025-03-12T06:35:00+00:00"
    assert pg_store.count_articles() == 3
    health = {r["feed"]: r for r in state.health(now[0])}
    assert health["Indus Courier"]["articles_total"] == 3
    assert health["Broken Wire"]["error_count"] == 2
    assert health["Broken Wire"]["last_status"] == 503
    state.close()
