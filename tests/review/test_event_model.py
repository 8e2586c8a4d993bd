"""The Event model is the store's event JSON exactly: every key declared, none added.

Every event of the example corpus, and of a store where reviewers recoded, fixed figures,
judged claims and marked events, reads into :class:`Event` (and its list row into
:class:`EventSummary`) with no undeclared key and writes back to the same JSON; a key of
another version is kept, said, and written back."""

from __future__ import annotations

import json

import pytest
from cases import ARMY, GROUP, seed
from pydantic import ValidationError

from fogwatch.model.event import Event, EventSummary
from fogwatch.store import open_store
from fogwatch.store.review import Principal, Reviews

ANA = Principal("ana", "reviewer")


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _round_trips(store) -> int:
    """Every stored event, read as the store returns it, writes back its stored JSON:
    the same keys in the same order, and its list row the stored text byte for byte."""
    rows = store.db.query("SELECT id, summary, detail FROM events ORDER BY id")
    listed = {e.id: e for e in store.events(None, limit=10_000)}
    assert sorted(listed) == [r["id"] for r in rows]
    for r in rows:
        full = json.loads(r["summary"])
        full.update(json.loads(r["detail"]))
        event, summary = store.event(r["id"]), listed[r["id"]]
        assert isinstance(event, Event) and isinstance(summary, EventSummary)
        assert event.undeclared() == summary.undeclared() == [], r["id"]
        assert json.dumps(event.as_json()) == json.dumps(full), r["id"]
        text = json.dumps(summary.as_json(), separators=(",", ":"), ensure_ascii=False)
        assert text == r["summary"], r["id"]
    return len(rows)


def test_the_corpus_events_read_and_write_back_unchanged(corpus_store):
    assert _round_trips(corpus_store) == 4
    row = corpus_store.events(None, limit=1)[0]
    event = corpus_store.event(row.id)
    assert event.ledger and all(e.evidence.text for e in event.ledger)
    assert event.ranges.by_claimant and event.articles and event.review_status == "unreviewed"
    # A list row carries ranges by side only; it does not grow a by_claimant key.
    assert "by_claimant" not in row.as_json()["ranges"] and not row.ranges.by_claimant


def test_reviewed_events_read_and_write_back_unchanged(store_url):
    with open_store(store_url) as store:
        seed(store)
        reviews = Reviews(store)
        (turbat,) = [e for e in store.events() if e.n_sources > 1]
        reviews.recode(ANA, turbat.id, {"location": "Hoshab", "fatalities": 13},
                       reason="the district office's list")
        reviews.fix_figure(ANA, f"{GROUP[0].id}-f0", {"status": "wrong"}, reason="another raid")
        reviews.fix_figure(ANA, f"{ARMY[0].id}-f0", {"low": 11, "high": 12}, reason="later count")
        reviews.judge_claim(ANA, f"{ARMY[0].id}-c0", "verified", reason="hospital list")
        reviews.mark(ANA, turbat.id, "reviewed", reason="checked")
        assert _round_trips(store) >= 2
        event = store.event(turbat.id)
        assert event.location == "Hoshab" and event.review_status == "reviewed"
        assert event.reviewers == ["ana"]
        fixed = next(f for f in event.figures if f.id == f"{ARMY[0].id}-f0")
        assert (fixed.low, fixed.high, fixed.reviewed_by) == (11, 12, ["ana"])
        assert f"{GROUP[0].id}-f0" not in {f.id for f in event.figures}  # marked wrong
        judged = next(e for e in event.ledger if e.id == f"{ARMY[0].id}-c0")
        assert judged.review and judged.review["verdict"] == "verified"


def test_an_undeclared_key_is_kept_and_named(corpus_store):
    row = corpus_store.events(None, limit=1)[0]
    full = corpus_store.event(row.id).as_json()
    ledger = [{**full["ledger"][0], "spin": "x"}, *full["ledger"][1:]]
    odd = {**full, "surprise": 1, "ledger": ledger}
    event = Event.model_validate(odd)
    assert event.undeclared() == ["Event.surprise", "LedgerEntry.spin"]
    assert _same(event.as_json(), odd)
    # A declared key of the wrong type is still an error.
    with pytest.raises(ValidationError, match="fatalities"):
        Event.model_validate({**full, "fatalities": "many"})
