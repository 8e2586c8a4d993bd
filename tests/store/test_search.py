"""Full-text search over article text (SQLite FTS5, PostgreSQL tsvector), on both engines."""

from __future__ import annotations

import pytest
from hand_readings import hand_reading

from fogwatch.store import EventFilter, open_store
from fogwatch.store.filters import search_words
from fogwatch.store.schema import SEARCH_VERSION

FIELDS = dict(
    event_type="Violence against civilians", sub_event_type="Attack", country="Nigeria",
    iso="NG", admin1="Borno", geo_precision=2, actor1="Boko Haram",
)

# The village is named only in the body, never in the title, place or actors.
RAID = hand_reading(
    "Gunmen on motorbikes raided a market at dawn. Elders said the attackers came from "
    "the hills above Kwabrindi and burned twelve stalls.",
    "Wire A", "2025-03-04", [], {**FIELDS, "date": "2025-03-04"},
)
OTHER = hand_reading(
    "Floods closed the road to the district capital and the army said two soldiers died "
    "in an ambush near the river crossing.",
    "Wire B", "2025-06-10", [], {**FIELDS, "date": "2025-06-10", "admin1": "Yobe",
                                 "event_type": "Battles", "sub_event_type": "Armed clash"},
)


def _ids(store, text):
    return {e.id for e in store.events(EventFilter(text=text))}


def test_a_word_only_in_the_body_finds_its_event(store_url):
    with open_store(store_url) as store:
        store.add(*RAID)
        store.add(*OTHER)
        assert store.count_events() == 2
        (hit,) = store.events(EventFilter(text="kwabrindi"))
        assert RAID[0].id in {a.article_id for a in store.event(hit.id).articles}
        # Case, accents and every word must be there: all words of the search, whole words.
        assert _ids(store, "KWABRÍNDI stalls") == {hit.id}
        assert _ids(store, "Kwabrindi river") == set()
        assert _ids(store, "kwabrin") == set()  # whole words, not prefixes
        # The old words box is unchanged: it never read article bodies.
        assert store.events(EventFilter(q="kwabrindi")) == []
        assert store.count_events(EventFilter(text="kwabrindi")) == 1
        # The other filters combine with it.
        assert store.events(EventFilter(text="kwabrindi", admin1="Yobe")) == []
        assert len(store.events(EventFilter(text="ambush"))) == 1
        # Claims of the event are picked by it as well (no claims in these readings).
        assert store.count_claims(EventFilter(text="kwabrindi")) == 0


def test_a_word_in_no_article_finds_nothing(store_url):
    with open_store(store_url) as store:
        store.add(*RAID)
        assert store.events(EventFilter(text="zanzibarqq")) == []
        assert store.stats(EventFilter(text="zanzibarqq")) is not None


@pytest.mark.parametrize("query", [
    '"', '""', "'", "kwabrindi*", "*", "-kwabrindi", "NEAR(kwabrindi stalls)", "kwabrindi OR",
    "NOT", "title:kwabrindi", "^kwabrindi", "kwabrindi & !river | (x", "\\", "%", "_", ":*",
    "(", ")", "{kwabrindi}", "kwa\"brindi",
])
def test_query_syntax_is_harmless(store_url, query):
    with open_store(store_url) as store:
        store.add(*RAID)
        store.add(*OTHER)
        found = store.events(EventFilter(text=query))  # never an SQL or FTS error
        words = set(search_words(query))
        if not words:
            assert found == []  # nothing to look for: nothing found
        elif words <= {"kwabrindi", "stalls", "brindi", "kwa"} and "kwa" not in words:
            assert len(found) == 1  # the operators were read as nothing
        elif words - {"kwabrindi", "stalls"} and words & {"near", "or", "not", "title"}:
            # An operator given as a word is a word like any other, in no article here.
            assert found == []


def test_reingest_and_rebuild_keep_the_index_right(store_url):
    with open_store(store_url) as store:
        store.add(*RAID)
        store.add(*OTHER)
        before = _ids(store, "kwabrindi")
        assert store.add(*RAID) is False  # the same article again
        assert _ids(store, "kwabrindi") == before
        store.rebuild_events()
        after = store.events(EventFilter(text="kwabrindi"))
        assert len(after) == 1
        if store.db.dialect == "sqlite":
            n = store.db.scalar("SELECT COUNT(*) FROM articles_fts WHERE article_id = ?",
                                (RAID[0].id,))
            assert n == 1  # no duplicate rows
        # An article that leaves the store leaves the index.
        with store.db.transaction() as db:
            db.execute("DELETE FROM articles WHERE id = ?", (RAID[0].id,))
        store.rebuild_events()
        assert store.events(EventFilter(text="kwabrindi")) == []
        assert len(store.events(EventFilter(text="ambush"))) == 1
        if store.db.dialect == "sqlite":
            assert store.db.scalar("SELECT COUNT(*) FROM articles_fts") == 1


def test_a_store_from_before_search_is_backfilled(store_url):
    with open_store(store_url) as store:
        store.add(*RAID)
        store.add(*OTHER)
        # Take the store back to the schema before search, as an older Fogwatch wrote it.
        with store.db.transaction() as db:
            if db.dialect == "sqlite":
                for trigger in ("insert", "delete", "update"):
                    db.execute(f"DROP TRIGGER articles_fts_{trigger}")
                db.execute("DROP TABLE articles_fts")
            else:
                db.execute("DROP INDEX articles_fts")
            db.execute("DELETE FROM schema_version WHERE version >= ?", (SEARCH_VERSION,))
    with open_store(store_url) as store:
        assert store.db.upgraded_from == SEARCH_VERSION - 1
        assert len(store.events(EventFilter(text="kwabrindi"))) == 1
        assert len(store.events(EventFilter(text="ambush soldiers"))) == 1


def test_cli_and_api_search_article_text(tmp_path):
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from fogwatch.cli import app
    from fogwatch.web.app import create_app

    db = str(tmp_path / "fogwatch.db")
    with open_store(db) as store:
        store.add(*RAID)
        store.add(*OTHER)
    out = CliRunner().invoke(app, ["events", "--db", db, "--text", "Kwabrindi", "--format",
                                   "json"])
    assert out.exit_code == 0, out.output
    assert [e["admin1"] for e in json.loads(out.output)] == ["Borno"]
    out = CliRunner().invoke(app, ["events", "--db", db, "--text", '"NEAR(*', "--format",
                                   "json"])
    assert out.exit_code == 0, out.output
    with TestClient(create_app(db)) as c:
        r = c.get("/api/events", params={"text": "kwabrindi"})
        assert r.status_code == 200
        assert [e["admin1"] for e in r.json()["events"]] == ["Borno"]
        for bad in ['"', "NEAR(a b", "*", "a -b", "'; DROP TABLE articles; --"]:
            r = c.get("/api/events", params={"text": bad})
            assert r.status_code == 200, (bad, r.text)
            assert r.json()["events"] == []
