"""`events`, `claims` and `event` in the terminal: --limit says when it stops, tables fit
80 columns without cutting words, COLUMNS is honoured when piped, no `None` anywhere."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.filters import EventFilter

runner = CliRunner()
SNAPSHOT_ROWS = 6  # the table's title, header, rule and first event


def _run(db, *args, columns="80"):
    return runner.invoke(app, [*args, "--db", str(db)], env={"COLUMNS": columns})


@pytest.fixture(scope="module")
def big_db(tmp_path_factory, corpus_readings):
    """Over 100 events: the corpus stored 40 times, each copy 60 days after the last,
    so no two copies reconcile into one event."""
    from fogwatch.store import open_store

    path = tmp_path_factory.mktemp("big") / "big.db"

    def shift(day: str | None, days: int) -> str | None:
        if not day:
            return day
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()

    with open_store(path) as store:
        for copy in range(40):
            days = 60 * copy
            for article, reading in corpus_readings:
                a = article.model_copy(update={"id": f"{article.id}-{copy}",
                                               "published": shift(article.published, days)})
                events = [e.model_copy(update={"date": shift(e.date, days)})
                          for e in reading.events]
                r = reading.model_copy(update={"article_id": a.id, "events": events,
                                               "published": a.published})
                store.add(a, r)
        assert store.count_events() > 100
    return path


def test_json_gives_every_event_by_default(big_db):
    from fogwatch.store import open_store

    with open_store(big_db, create=False) as store:
        total = store.count_events()
    result = _run(big_db, "events", "-f", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == total > 100
    assert "showing" not in result.stderr
    jsonl = _run(big_db, "events", "-f", "jsonl")
    assert len(jsonl.stdout.splitlines()) == total
    csv = _run(big_db, "events", "-f", "csv")
    assert len(csv.stdout.splitlines()) == total + 1


def test_a_limit_is_obeyed_and_said(big_db):
    result = _run(big_db, "events", "-f", "json", "--limit", "7")
    assert len(json.loads(result.stdout)) == 7
    assert "showing 7 of" in result.stderr and "--limit 0" in result.stderr


def test_the_table_shows_a_page_and_says_so(big_db):
    result = _run(big_db, "events")
    assert result.exit_code == 0
    assert "(showing 20)" in result.stdout
    assert "showing 20 of" in result.stderr
    everything = _run(big_db, "claims", "--limit", "0", "-f", "csv")
    claims = _run(big_db, "claims", "-f", "csv")
    assert everything.stdout == claims.stdout and len(claims.stdout.splitlines()) > 101


def test_events_in_80_columns(corpus_db):
    result = _run(corpus_db, "events")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    head = [line.rstrip() for line in lines[:SNAPSHOT_ROWS + 1]]
    assert head == [
        "4 events",
        "event        date         what, where, who               dead   killed by side",
        "─" * 80,
        "ev3ead95a1   2026-01-31   Armed clash in Quetta,         122!   state 12–15!",
        "                          Balochistan, Pakistan                 militants 92",
        "                          Military Forces of                    civilians 18",
        "                          Pakistan / Unidentified",
    ]
    assert "None" not in result.stdout


def test_no_word_is_cut_in_80_columns(corpus_db):
    import re

    for command in (["events"], ["claims", "--limit", "0"]):
        out = _run(corpus_db, *command).stdout
        # a cut word would leave a fragment that is not a word of the data
        words = set(re.findall(r"[A-Za-z]{4,}", out))
        full = _run(corpus_db, *command, columns="400").stdout
        assert words <= set(re.findall(r"[A-Za-z]{4,}", full)), words - set(
            re.findall(r"[A-Za-z]{4,}", full))
        assert max(len(line) for line in out.splitlines()) <= 80


def test_piped_output_honours_columns(corpus_db):
    wide = _run(corpus_db, "events", columns="150").stdout
    assert max(len(line) for line in wide.splitlines()) > 100
    assert "contested" in wide and "sources" in wide  # room for every column
    narrow = _run(corpus_db, "events", columns="60").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_one_event_as_the_event_page(corpus_db):
    from fogwatch.store import open_store

    with open_store(corpus_db, create=False) as store:
        event = store.events(EventFilter(sort="-date"), limit=1)[0]
    short = event.id[:10]
    page = _run(corpus_db, "event", short)
    assert page.exit_code == 0, page.output
    out = page.stdout
    for part in ("Claims ledger", "Sources", "Figures by claimant", event.id,
                 "History (0 changes)", "no reviewer has changed this event"):
        assert part in out
    assert "“" in out and "None" not in out  # evidence sentences are quoted
    assert max(len(line) for line in out.splitlines()) <= 80


def test_event_json_is_the_apis(corpus_db):
    from fastapi.testclient import TestClient

    from fogwatch.store import open_store
    from fogwatch.web.app import create_app

    with open_store(corpus_db, create=False) as store:
        event_id = store.events(None, limit=1)[0].id
    cli = json.loads(_run(corpus_db, "event", event_id, "--format", "json").stdout)
    api = TestClient(create_app(str(corpus_db))).get(f"/api/events/{event_id}").json()
    assert cli == api


def test_an_unknown_or_ambiguous_id_is_exit_2(corpus_db):
    missing = _run(corpus_db, "event", "evdeadbeef")
    assert missing.exit_code == 2 and "there is no event 'evdeadbeef'" in missing.stderr
    several = _run(corpus_db, "event", "ev")  # too short to be a prefix
    assert several.exit_code == 2


def test_short_ids_resolve_on_both_engines(store_url, corpus_readings):
    from fogwatch.store import open_store

    with open_store(store_url) as store:
        for article, reading in corpus_readings[:3]:
            store.add(article, reading)
        ids = [e.id for e in store.events(None, limit=10)]
        assert ids
        for event_id in ids:
            assert store.event_ids_with_prefix(event_id[:10]) == [event_id]
        assert store.event_ids_with_prefix("ev%") == []  # a LIKE wildcard is a character
        assert sorted(store.event_ids_with_prefix("ev", limit=50)) == sorted(ids)
