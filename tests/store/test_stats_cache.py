"""Store.stats keeps its answer per filter while the database is unchanged, and never
serves a stale one: not after its own writes, another connection's, or a review."""

from __future__ import annotations

from fogwatch.store import EventFilter, open_store
from fogwatch.store.review import Principal, Reviews


def _fresh(store, f=None):
    return store._tally(f or EventFilter())


def test_stats_follow_every_write(tmp_path, corpus_readings):
    path = tmp_path / "s.db"
    first, rest = corpus_readings[:8], corpus_readings[8:]
    with open_store(path) as store:
        for article, reading in first:
            store.add(article, reading)
        before = store.stats()
        assert store.stats() == before == _fresh(store)
        # The caller may change what it gets; the kept answer stays right.
        before["by_type"].clear()
        assert store.stats() == _fresh(store) and store.stats()["by_type"]
        # Another connection (another process, say) adds the rest of the corpus.
        with open_store(path, create=False) as other:
            for article, reading in rest:
                other.add(article, reading)
        after = store.stats()
        assert after == _fresh(store) and after["articles"] == len(corpus_readings)
        assert after["events"] > 0 and after != _fresh(store, EventFilter(country="India"))
        # A reviewer's correction through this connection changes the counts at once.
        event = store.events(EventFilter(sort="-fatalities"), limit=1)[0]
        Reviews(store).recode(Principal("ana", "reviewer"), event.id, {"fatalities": 0},
                              reason="hand count")
        assert store.stats()["fatalities"] == after["fatalities"] - event.fatalities
        assert store.stats() == _fresh(store)
