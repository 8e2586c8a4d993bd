"""Reviews in the store, on SQLite and PostgreSQL: applied, logged, kept through rebuilds."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cases import ARMY, FAR, FAR_AGAIN, GROUP, LATER, reading, seed
from corpus_fixtures import dump

from fogwatch.export import export_string
from fogwatch.store import EventFilter, open_store
from fogwatch.store.review import Conflict, NotFound, Principal, ReviewError, Reviews

ANA = Principal("ana", "reviewer")
BEN = Principal("ben", "reviewer")


def _turbat(store) -> dict:
    (event,) = [e for e in store.events() if e.n_sources > 1]
    return event


@pytest.fixture
def store(store_url):
    with open_store(store_url) as s:
        seed(s)
        yield s


def test_recoded_place_moves_the_event_and_survives_reingest_and_rebuild(store):
    event = _turbat(store)
    (after,) = Reviews(store).recode(
        ANA, event.id,
        {"location": "Hoshab", "latitude": 26.02, "longitude": 63.9, "admin2": "Kech",
         "geo_precision": 2},
        reason="the camp is at Hoshab, per the district office", version=0,
    )
    assert (after.location, after.latitude, after.longitude) == ("Hoshab", 26.02, 63.9)
    assert after.review.status == "edited" and after.review.reviewers == ["ana"]
    # Filters, exports and the stored reader output.
    assert store.count_events(EventFilter(q="hoshab")) == 1
    rows = list(csv.DictReader(io.StringIO(export_string(store, "acled"))))
    (row,) = [r for r in rows if r["location"] == "Hoshab"]
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("26.02", "63.9", "2")
    assert "Corrected by ana" in row["notes"] and "fogwatch: edited" in row["tags"]
    assert store.count_events(EventFilter(review="reviewed")) == 1
    assert store.count_events(EventFilter(review="unreviewed")) == 1
    for fmt in ("ucdp", "geojson", "jsonl"):
        assert "edited" in export_string(store, fmt, EventFilter(review="reviewed"))
        assert "edited" not in export_string(store, fmt, EventFilter(review="unreviewed"))
    (report,) = store.db.query("SELECT location FROM event_reports WHERE article_id = ?",
                               (ARMY[0].id,))
    assert report["location"] == "Turbat"  # the reader's output is never edited
    # A re-ingest (nothing new), a new article joining the event, a full rebuild.
    assert store.add(*ARMY) is False
    store.add(*LATER)
    assert _turbat(store).n_sources == 3
    store.rebuild_events()
    moved = _turbat(store)
    assert (moved.location, moved.latitude, moved.admin2) == ("Hoshab", 26.02, "Kech")
    assert [h["field"] for h in Reviews(store).history(moved.id)] == [
        "admin2", "geo_precision", "latitude", "location", "longitude"]


def test_merge_and_split_survive_a_rebuild(store):
    reviews = Reviews(store)
    turbat, karachi = _turbat(store), next(e for e in store.events() if e.n_sources == 1)
    merged = reviews.merge(ANA, [karachi.id, turbat.id], reason="one operation, two towns")
    assert merged.n_sources == 3 and store.count_events() == 1
    assert {a.article_id for a in merged.articles} == {ARMY[0].id, GROUP[0].id, FAR[0].id}
    store.rebuild_events()
    assert store.count_events() == 1
    # Split the armed group's report back out of the merged event.
    (event,) = store.events()
    group_report = f"{GROUP[0].id}-r0"
    parts = reviews.split(BEN, event.id, [group_report], reason="a separate claim of attack")
    assert sorted(p.n_sources for p in parts) == [1, 2]
    for _ in range(2):
        assert store.count_events() == 2
        sets = sorted(sorted(a.article_id for a in e.articles) for e in store.iter_events())
        assert sets == sorted([sorted([ARMY[0].id, FAR[0].id]), [GROUP[0].id]])
        store.rebuild_events()
    # An article arriving later that matches both halves does not undo the split.
    store.add(*LATER)
    holder = store.article(GROUP[0].id)["events"]
    (alone,) = [e for e in store.iter_events() if e.id in holder]
    assert [a.article_id for a in alone.articles] == [GROUP[0].id]
    assert [h["action"] for h in reviews.history(alone.id)][-1] == "split"


def _unlinked(store) -> list[str]:
    """News reports that no event holds."""
    return [r["id"] for r in store.db.query(
        "SELECT id FROM event_reports WHERE background = 0 AND id NOT IN "
        "(SELECT report_id FROM event_links)")]


def test_a_report_that_joined_a_merged_event_keeps_it_when_another_half_grows(store):
    reviews = Reviews(store)
    turbat, karachi = _turbat(store), next(e for e in store.events() if e.n_sources == 1)
    reviews.merge(ANA, [karachi.id, turbat.id], reason="one operation, two towns")
    # A second report of the Karachi half arrives after the merge and joins the merged
    # event (through the rule's link to the Karachi report, then the merge).
    store.add(*FAR_AGAIN)
    assert store.count_events() == 1 and _unlinked(store) == []
    # Then a report that links to the Turbat half only: rebuilding that half's events
    # must not leave the later Karachi report without an event.
    store.add(*LATER)
    assert _unlinked(store) == []
    (event,) = store.events()
    event = store.event(event.id)
    assert {a.article_id for a in event.articles} == {
        x[0].id for x in (ARMY, GROUP, FAR, FAR_AGAIN, LATER)}
    store.rebuild_events()
    (rebuilt,) = store.events()
    assert store.event(rebuilt.id).reports == event.reports


def test_a_reader_cannot_write(store):
    before = dump(store)
    with pytest.raises(ReviewError) as err:
        Reviews(store).mark(Principal("rita", "reader"), _turbat(store).id, "reviewed", "ok")
    assert err.value.status == 403
    assert dump(store) == before


def test_the_log_cannot_be_edited_or_deleted(store):
    event = _turbat(store)
    Reviews(store).mark(ANA, event.id, "reviewed", reason="checked against two wires")
    for statement in ("UPDATE reviews SET reviewer = 'mallory'", "DELETE FROM reviews"):
        with pytest.raises(Exception, match="append-only"):
            with store.db.transaction():
                store.db.execute(statement)
    assert [r["reviewer"] for r in store.db.query("SELECT reviewer FROM reviews")] == ["ana"]
    if store.dialect == "postgresql":
        with pytest.raises(Exception, match="append-only"):
            with store.db.transaction():
                store.db.execute("TRUNCATE reviews")


def test_two_reviewers_at_once_the_stale_one_gets_409(store):
    reviews = Reviews(store)
    event = _turbat(store)
    seen = event.review.version  # both read the same version
    reviews.recode(ANA, event.id, {"fatalities": 12}, reason="the army's toll", version=seen)
    with pytest.raises(Conflict) as err:
        reviews.recode(BEN, event.id, {"fatalities": 50}, reason="the group's toll", version=seen)
    assert err.value.status == 409
    now = store.event(event.id)
    assert now.fatalities == 12
    reviews.recode(BEN, event.id, {"fatalities": 42}, reason="both tolls, per hospital",
                   version=now.review.version)
    history = reviews.history(event.id)
    assert [(h["reviewer"], h["after"]) for h in history] == [("ana", 12), ("ben", 42)]
    assert store.event(event.id).fatalities == 42


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"event_type": "Skirmishes"}, "event_type"),
        ({"sub_event_type": "Peaceful protest"}, "sub_event_type"),
        ({"inter1": 9}, "inter1"),
        ({"inter2": 0}, "inter2"),
        ({"latitude": 95}, "latitude"),
        ({"longitude": -181.5}, "longitude"),
        ({"date": "last Tuesday"}, "date"),
        ({"fatalities": -3}, "fatalities"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_values_are_refused_by_field_and_change_nothing(store, changes, field):
    before = dump(store)
    with pytest.raises(ReviewError) as err:
        Reviews(store).recode(ANA, _turbat(store).id, changes, reason="try")
    assert (err.value.status, err.value.field) == (422, field)
    assert field in str(err.value)
    assert dump(store) == before


def test_reason_and_target_are_required(store):
    reviews = Reviews(store)
    with pytest.raises(ReviewError, match="reason") as err:
        reviews.recode(ANA, _turbat(store).id, {"fatalities": 1}, reason="  ")
    assert err.value.status == 422
    with pytest.raises(NotFound) as err:
        reviews.recode(ANA, "evnothere", {"fatalities": 1}, reason="x")
    assert err.value.status == 404
    with pytest.raises(NotFound):
        reviews.fix_figure(ANA, "nope-f0", {"status": "wrong"}, reason="x")
    with pytest.raises(NotFound):
        reviews.judge_claim(ANA, "nope-c0", "verified", reason="x")
    assert store.db.scalar("SELECT COUNT(*) FROM reviews") == 0


def test_figure_fixes_and_verdicts_reach_ranges_ledger_and_claims(store):
    reviews = Reviews(store)
    event = _turbat(store)
    assert event.contested is True
    group_figure = f"{GROUP[0].id}-f0"
    reviews.fix_figure(ANA, group_figure, {"status": "wrong"}, reason="the group's figure is of another raid")
    after = store.event(event.id)
    assert after.contested is False
    assert after.review.status == "edited"
    reviews.judge_claim(BEN, f"{ARMY[0].id}-c0", "verified", reason="hospital list",
                        note="names of 12 soldiers published", source_url="https://example.org/list")
    entry = next(e for e in store.event(event.id).ledger if e.id == f"{ARMY[0].id}-c0")
    assert entry.review["verdict"] == "verified" and entry.review["reviewer"] == "ben"
    (claim,) = [c for c in store.claims() if c["id"] == f"{ARMY[0].id}-c0"]
    assert claim["review"]["note"] == "names of 12 soldiers published"
    with pytest.raises(ReviewError) as err:
        reviews.fix_figure(ANA, group_figure, {"low": 10, "high": 5}, reason="x")
    assert err.value.field == "high"


def test_a_reread_that_renumbers_figures_keeps_the_fix_and_a_lost_target_is_orphaned(store):
    reviews = Reviews(store)
    army_soldiers = f"{ARMY[0].id}-f0"  # "12 soldiers"
    reviews.fix_figure(ANA, army_soldiers, {"low": 14, "high": 14}, reason="later count")
    # A newer reader lists the article's figures the other way round.
    article, newer = reading(ARMY[0].text, "Wire A", "2025-03-04",
                             [("killed", 12, "soldiers", "Military Forces of Pakistan", "state", "12"),
                              ("killed", 30, "militants", "Military Forces of Pakistan", "state", "30")],
                             reverse=True)
    with store.db.transaction():
        store.db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
    store._view_cache.clear()  # the store has no re-read yet: the test removes the article
    assert reviews.orphaned() and reviews.orphaned()[0]["target"]["id"] == army_soldiers
    store.add(article, newer)
    store.rebuild_events()
    assert reviews.orphaned() == []
    event = store.event(_turbat(store).id)
    (fig,) = [f for f in event.figures if f.article_id == article.id and f.victims == "soldiers"]
    assert fig.id == f"{article.id}-f1" and fig.low == 14
    # Gone for good (the article was removed): kept and listed, never dropped.
    reviews.fix_figure(ANA, f"{GROUP[0].id}-f0", {"victims": "police"}, reason="police post")
    with store.db.transaction():
        store.db.execute("DELETE FROM articles WHERE id = ?", (GROUP[0].id,))
    store.rebuild_events()
    assert store.db.scalar("SELECT COUNT(*) FROM reviews") == 3
    assert [o["target"]["id"] for o in reviews.orphaned()] == [f"{GROUP[0].id}-f0"]
    json.dumps(reviews.orphaned())
