"""Stored link reasons (``fogwatch events --explain``, the API's ``explain``) and the
migration of a store whose events were built by the rule that chained."""

from __future__ import annotations

import json
import sqlite3

from corpus_fixtures import incident_of
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.store import open_store
from fogwatch.store.schema import LATEST

runner = CliRunner()


def _jaffar(store):
    for summary in store.events(limit=100):
        event = store.event(summary.id)
        if {incident_of(a.article_id) for a in event.articles} == {"jaf"}:
            return event
    raise AssertionError("no Jaffar Express event")


def test_every_join_is_explained_in_the_store_and_the_api(corpus_store):
    event = _jaffar(corpus_store)
    why = event.explain
    assert len(why.joined) == event.n_sources - 1  # one entry per report after the first
    for entry in why.joined:
        assert set(entry.reports) <= set(event.reports)
        assert entry.score is not None and entry.reasons
    assert event.joined_because and event.undated is False
    # the links behind the event are stored with their reasons
    rows = corpus_store.db.query("SELECT report_a, report_b, reasons FROM report_links")
    inside = [r for r in rows if {r["report_a"], r["report_b"]} <= set(event.reports)]
    assert inside and all(json.loads(r["reasons"]) for r in inside)


def test_events_explain_prints_the_reasons(corpus_db):
    with open_store(corpus_db, create=False) as store:
        event = _jaffar(store)
    result = runner.invoke(app, ["events", "--db", str(corpus_db), "--explain", event.id])
    assert result.exit_code == 0, result.output
    assert "joined because:" in result.output
    first = event.explain.joined[0]
    assert ", ".join(first.reasons) in result.output
    as_json = runner.invoke(app, ["events", "--db", str(corpus_db), "--explain", event.id,
                                  "--format", "json"])
    assert json.loads(as_json.output)["joined"] == event.as_json()["explain"]["joined"]
    missing = runner.invoke(app, ["events", "--db", str(corpus_db), "--explain", "evnothing"])
    assert missing.exit_code != 0


def _counts(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "readings", "event_reports", "claims", "figures")}
    finally:
        conn.close()


def test_a_store_of_the_chaining_rule_is_rebuilt_and_loses_nothing(tmp_path, corpus_readings):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        for article, reading in corpus_readings:
            store.add(article, reading)
    before = _counts(path)
    # Make it a version 1 store whose events chained: every report in one event.
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE report_links")
    conn.execute("DROP TABLE report_keys")
    conn.execute("DROP TABLE reviews")  # and what the later migrations added
    conn.execute("DROP TABLE api_tokens")
    conn.execute("ALTER TABLE events DROP COLUMN review_status")
    conn.execute("ALTER TABLE events DROP COLUMN review_version")
    for index in ("events_by_date", "events_tally"):
        conn.execute(f"DROP INDEX {index}")  # migration 4's (its other two, 6 dropped)
    for index in ("events_country_order", "events_iso_order", "events_type_order"):
        conn.execute(f"DROP INDEX {index}")  # migration 6's
    for trigger in ("insert", "delete", "update"):  # migration 5's search index
        conn.execute(f"DROP TRIGGER articles_fts_{trigger}")
    conn.execute("DROP TABLE articles_fts")
    conn.execute("DELETE FROM schema_version WHERE version >= 2")
    (keep,) = conn.execute("SELECT MIN(id) FROM events").fetchone()
    conn.execute("UPDATE event_links SET event_id = ?", (keep,))
    conn.execute("DELETE FROM events WHERE id <> ?", (keep,))
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.count_events() == 4
        incidents = sorted(
            sorted({incident_of(a.article_id) for a in store.event(e.id).articles})
            for e in store.events(limit=100)
        )
        assert incidents == [["bal"], ["jaf"], ["pah"], ["qrs"]]
        assert store.db.scalar("SELECT MAX(version) FROM schema_version") == LATEST
    assert _counts(path) == before
