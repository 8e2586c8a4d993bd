"""The store on a real SQLite file and a real PostgreSQL server: one code path."""

from __future__ import annotations

import json
import sqlite3

import pytest
from corpus_fixtures import dump
from hand_readings import hand_reading

from fogwatch.filters import FilterError
from fogwatch.store import EventFilter, StoreError, open_store


def _reading(text: str, outlet: str, published: str, figures, event: dict | None = None):
    """One event in Balochistan with these figures (``event`` overrides its fields)."""
    fields = dict(
        event_type="Battles", sub_event_type="Armed clash", date=published, country="Pakistan",
        iso="PK", admin1="Balochistan", geo_precision=3, actor1="Military Forces of Pakistan",
        actor2="BLA: Baloch Liberation Army",
    )
    return hand_reading(text, outlet, published, figures, {**fields, **(event or {})})


MILITARY = _reading(
    "The military said 15 soldiers were killed in the attacks.", "Wire A", "2025-02-01",
    [("killed", 15, "soldiers", "Military Forces of Pakistan", "state", "15")],
)
REBELS = _reading(
    "The BLA said 40 soldiers were killed in the attacks.", "Wire B", "2025-02-02",
    [("killed", 40, "soldiers", "BLA: Baloch Liberation Army", "rebel", "40")],
)
ELSEWHERE = _reading(
    "Police said 3 people were killed in a clash in Lahore.", "Wire C", "2025-02-01",
    [("killed", 3, "people", "Police Forces of Pakistan", "state", "3")],
    {"admin1": "Punjab", "location": "Lahore", "actor2": None, "event_type": "Battles"},
)


def test_add_is_idempotent_and_reconciles(store_url):
    with open_store(store_url) as store:
        assert store.add(*MILITARY) is True
        assert store.add(*REBELS) is True
        before = dump(store)
        assert store.add(*MILITARY) is False  # same article again: nothing changes
        assert dump(store) == before
        assert store.has_article(MILITARY[0].id)
        assert store.article_ids() == {MILITARY[0].id, REBELS[0].id}
        (event,) = store.events()
        assert event.n_sources == 2 and event.contested is True
        (state,) = [r for r in event.ranges.by_side if r.side == "state"]
        assert (state.low, state.high, state.conservative) == (15, 40, 15)
        assert event.fatalities == 15  # ACLED: the lowest credible figure
        detail = store.event(event.id)
        assert [e.claimant for e in detail.ledger] == [
            "Military Forces of Pakistan", "BLA: Baloch Liberation Army"]
        json.dumps(detail.as_json())  # JSON-serialisable as it is


def test_filters_counts_stats_and_claims(store_url):
    with open_store(store_url) as store:
        for item in (MILITARY, REBELS, ELSEWHERE):
            store.add(*item)
        assert store.count_events() == 2
        assert store.count_events(EventFilter(admin1="punjab")) == 1
        assert store.count_events(EventFilter(country="PK", contested_only=True)) == 1
        assert store.count_events(EventFilter(actor="baloch")) == 1
        assert store.count_events(EventFilter(date_from="2025-02-02")) == 0
        assert store.count_events(EventFilter(q="lahore")) == 1
        assert [e.fatalities for e in store.events(EventFilter(sort="-fatalities"))] == [15, 3]
        stats = store.stats()
        assert stats["by_type"] == {"Battles": 2}
        assert stats["by_week"] == [{"week": "2025-W05", "events": 2, "fatalities": 18}]
        assert stats["fatalities_by_side"]["state"] == 15
        claims = store.claims(EventFilter(claimant="BLA"))
        assert [c["figure"]["count"] for c in claims] == [40]
        assert store.claims(EventFilter(contested_only=True), limit=10)[0]["contested"] is True
        assert store.article(REBELS[0].id)["reading"]["outlet"] == "Wire B"
        assert store.article("nope") is None and store.event("nope") is None
        with pytest.raises(FilterError, match="date_from: 'yesterday' is not a date"):
            EventFilter(date_from="yesterday")
        with pytest.raises(FilterError, match="cannot sort by 'colour'"):
            EventFilter(sort="colour")


def test_connect_gives_other_modules_a_connection(store_url):
    with open_store(store_url) as store:
        store.add(*MILITARY)
        conn = store.connect()
        try:
            cur = conn.cursor()
            cur.execute(store.sql("SELECT COUNT(*) FROM articles WHERE outlet = ?"), ("Wire A",))
            assert cur.fetchone()[0] == 1
            cur.execute("CREATE TABLE feed_state (url TEXT PRIMARY KEY)")
            cur.execute(store.sql("INSERT INTO feed_state VALUES (?)"), ("https://a.example.org",))
            conn.rollback()  # a standard connection: nothing was committed
            cur = conn.cursor()
            cur.execute(store.sql("INSERT INTO articles (id, text, ingested_at) VALUES (?, ?, ?)"),
                        ("x", "y", "z"))
            conn.commit()
        finally:
            conn.close()
        assert store.has_article("x")
        assert store.dialect in {"sqlite", "postgresql"}


def test_a_failing_add_leaves_no_half_article(store_url, monkeypatch):
    with open_store(store_url) as store:
        store.add(*MILITARY)
        before = dump(store)

        def boom(*args, **kwargs):
            raise RuntimeError("power cut")

        monkeypatch.setattr(type(store), "_reconcile", boom)
        with pytest.raises(RuntimeError):
            store.add(*REBELS)
        assert dump(store) == before
        monkeypatch.undo()
        assert store.add(*REBELS) is True


def test_arrival_order_does_not_change_the_store(tmp_path):
    items = [MILITARY, REBELS, ELSEWHERE]
    dumps = []
    for n, order in enumerate((items, items[::-1], [items[1], items[2], items[0]])):
        with open_store(tmp_path / f"{n}.db") as store:
            for item in order:
                store.add(*item)
            dumps.append(dump(store))
    assert dumps[0] == dumps[1] == dumps[2]


def test_sqlite_store_is_wal_and_versioned(tmp_path):
    path = tmp_path / "f.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    from fogwatch.store.schema import LATEST

    rows = conn.execute("SELECT version, application FROM schema_version").fetchall()
    assert rows == [(n, "fogwatch") for n in range(1, LATEST + 1)]
    conn.close()
    open_store(f"sqlite:///{path}").close()  # the URL form opens the same file


def test_a_filtered_page_is_read_off_an_index_in_the_default_order(tmp_path):
    from fogwatch.store.filters import event_where, order_by

    with open_store(tmp_path / "f.db") as store:
        for item in (MILITARY, REBELS, ELSEWHERE):
            store.add(*item)
        plans = {}
        for name, f in {"country": EventFilter(country="pakistan"),
                        "type": EventFilter(event_type="battles")}.items():
            where, params = event_where(f, "e", store.db.dialect)
            sql = f"SELECT e.id FROM events e WHERE {where} ORDER BY {order_by(f)} LIMIT 5"
            plans[name] = " | ".join(
                r["detail"] for r in store.db.query("EXPLAIN QUERY PLAN " + sql, params))
            # The order the index gives is the default order of the unfiltered list.
            assert [e.id for e in store.events(f)] == [e.id for e in store.events()]
    # Each filter is searched in an index of its own; a type's page is not sorted at all
    # (a country's merges its name and its ISO code, then sorts those few).
    assert "events_country_order" in plans["country"] and "events_iso_order" in plans["country"]
    assert "events_type_order" in plans["type"] and "TEMP B-TREE" not in plans["type"]


def test_corrupt_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)
    assert path.read_bytes() == before


def test_damaged_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "damaged.db"
    open_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the header survives, the schema page does not
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="refuses|not a usable"):
        open_store(path)
    assert path.read_bytes() == bytes(data)


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Fogwatch store.*customers"):
        open_store(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'from the future', 'fogwatch', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer Fogwatch"):
        open_store(path)


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://root@localhost/db", "unsupported database URL scheme 'mysql'"),
        ("sqlite://", "names no file"),
        ("", "empty database location"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect to postgresql://nobody@127.0.0.1:1/none"),
    ],
)
def test_bad_locations_say_what_is_wrong(url, message):
    with pytest.raises(StoreError, match=message):
        open_store(url)


def test_missing_file_without_create(tmp_path):
    with pytest.raises(StoreError, match="no database at"):
        open_store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_corpus_gives_the_same_events_on_both_engines(corpus_store, corpus_readings, pg_schema_url):
    with open_store(pg_schema_url) as pg:
        for article, reading in corpus_readings:
            pg.add(article, reading)
        assert pg.events(limit=1000) == corpus_store.events(limit=1000)
        first = corpus_store.events()[0].id
        assert pg.event(first) == corpus_store.event(first) is not None
        assert pg.stats() == corpus_store.stats()


def test_an_undated_report_is_an_event_of_its_own(store_url):
    article, reading = _reading(
        "Police said 3 people were killed in a clash.", "Wire D", None,
        [("killed", 3, "people", "Police Forces of Pakistan", "state", "3")],
        {"date": None},
    )
    article = article.model_copy(update={"published": None})
    with open_store(store_url) as store:
        store.add(*MILITARY)
        assert store.add(article, reading)
        events = store.events(EventFilter(sort="-date"))
        assert len(events) == 2 and events[-1].date is None  # undated last on both engines
        assert events[-1].fatalities == 3
