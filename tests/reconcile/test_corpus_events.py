"""The example corpus reconciles into its four incidents, with their ranges and disputes.

These are properties of correct readings of the corpus (examples/corpus/*.jsonl): which
articles report the same incident, who disputes which figure, and what ACLED's
conservative rule makes of it.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from corpus_fixtures import incident_of


@pytest.fixture
def by_incident(corpus_store):
    """incident (bal, jaf, qrs, pah) -> its events, each with its detail."""
    out = defaultdict(list)
    for summary in corpus_store.events(limit=1000):
        event = corpus_store.event(summary.id)
        incidents = {incident_of(a.article_id) for a in event.articles}
        assert len(incidents) == 1, f"{event['id']} mixes incidents {incidents}"
        out[incidents.pop()].append(event)
    return out


def _killed(event, claimant_part=None):
    return [r for r in event.ranges.by_side if r.kind == "killed"]


def test_each_incident_is_one_event_with_all_its_reports(by_incident):
    assert set(by_incident) == {"bal", "jaf", "qrs", "pah"}
    sources = {k: [e.n_sources for e in v] for k, v in by_incident.items()}
    assert sources == {"bal": [4], "jaf": [5], "qrs": [4], "pah": [4]}


def test_coordinated_attacks_dispute_the_soldiers_killed(by_incident):
    (event,) = by_incident["bal"]
    assert event.contested is True
    state = next(r for r in _killed(event) if r.side == "state")
    assert state.contested and state.conservative == 12  # "dozens" is coded 12
    assert {"BLA: Baloch Liberation Army", "Military Forces of Pakistan"} <= set(state.claimants)
    nonstate = next(r for r in _killed(event) if r.side == "nonstate")
    assert (nonstate.conservative, nonstate.contested) == (92, False)
    assert event.fatalities == 12 + 18 + 92


def test_train_hijacking_disputes_the_hostages_killed(by_incident):
    (event,) = by_incident["jaf"]
    assert event.contested is True
    (hostages,) = [r for r in _killed(event) if r.contested]
    assert (hostages.low, hostages.high, hostages.conservative) == (26, 214, 26)
    militants = next(r for r in _killed(event) if r.side == "nonstate")
    assert militants.best == 33  # the military's later figure replaces its earlier 16
    assert 33 + 26 <= event.fatalities < 33 + 214
    ledger_claimants = {e.claimant for e in event.ledger}
    assert {"BLA: Baloch Liberation Army", "Military Forces of Pakistan"} <= ledger_claimants


def test_station_bombing_toll_rises_without_a_dispute(by_incident):
    (event,) = by_incident["qrs"]
    assert event.contested is False
    assert event.fatalities == 26  # "at least 20", then 24, then 26
    assert event.first_reported == "2024-11-09" and event.last_reported == "2024-11-10"


def test_kashmir_attack_is_one_uncontested_event(by_incident):
    (event,) = by_incident["pah"]
    assert event.contested is False and event.fatalities == 26
    assert event.country == "India"
    # "near Pahalgam in Jammu and Kashmir": not the city of Jammu (NER splits the name)
    assert (event.location, event.admin1) == ("Pahalgam", "Jammu and Kashmir")


def test_ledger_is_in_the_order_claims_were_reported(corpus_store):
    for summary in corpus_store.events(limit=1000):
        ledger = corpus_store.event(summary.id).ledger
        published = [e.published for e in ledger]
        assert published == sorted(published)
        assert all(e.evidence.text for e in ledger)
