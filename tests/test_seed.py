"""Acceptance: the seed report (../shared/seed/balochistan-attacks.txt) read end to end."""

from __future__ import annotations

import math

MILITARY = "Military Forces of Pakistan"
BLA = "BLA: Baloch Liberation Army"


def _killed(reading, victims: set[str]):
    return [f for f in reading.figures if f.kind == "killed" and f.victims in victims]


def _claims(reading, type_):
    return [c for c in reading.claims if c.type == type_]


def _evidence_ok(ev, text, must_contain):
    assert ev.text == text[ev.start : ev.end]
    assert must_contain.lower() in ev.text.lower(), (must_contain, ev.text)


def test_military_says_at_least_92_militants_killed(seed_reading, seed_text):
    (fig,) = [f for f in _killed(seed_reading, {"militants"}) if f.low == 92]
    assert fig.hedge == "at_least" and fig.high is None
    assert fig.claimant is not None and fig.claimant.name == MILITARY
    _evidence_ok(fig.evidence, seed_text, "92")


def test_military_figures_for_security_personnel_and_civilians(seed_reading, seed_text):
    (sec,) = [f for f in _killed(seed_reading, {"security_forces"}) if f.low == 15]
    (civ,) = [f for f in _killed(seed_reading, {"civilians"}) if f.low == 18]
    for fig, number in ((sec, "15"), (civ, "18")):
        assert fig.high == fig.low
        assert fig.claimant is not None and fig.claimant.name == MILITARY
        _evidence_ok(fig.evidence, seed_text, number)


def test_bla_says_dozens_of_soldiers_killed_coded_12(seed_reading, seed_text):
    from fogwatch.codebook.acled import figure_count

    (fig,) = [f for f in _killed(seed_reading, {"soldiers", "security_forces"}) if f.vague]
    assert fig.vague == "dozens" and fig.text.lower() == "dozens"
    assert fig.claimant is not None and fig.claimant.name == BLA
    assert figure_count(fig) == 12
    _evidence_ok(fig.evidence, seed_text, "dozens")


def test_bla_claims_responsibility(seed_reading, seed_text):
    (claim,) = _claims(seed_reading, "responsibility")
    assert claim.speaker.name == BLA and claim.polarity == "positive"
    assert not claim.background
    _evidence_ok(claim.evidence, seed_text, "claimed responsibility")


def test_military_accuses_india_and_india_denies(seed_reading, seed_text):
    (accusation,) = _claims(seed_reading, "accusation")
    assert accusation.speaker.name == MILITARY
    assert accusation.target == "India"
    _evidence_ok(accusation.evidence, seed_text, "accused India")
    denials = [c for c in _claims(seed_reading, "denial") if not c.background]
    (denial,) = denials
    assert denial.speaker.name == "Government of India"
    assert denial.speaker.text == "New Delhi"
    assert denial.polarity == "negative"
    assert seed_reading.claims[denial.responds_to] is accusation
    _evidence_ok(denial.evidence, seed_text, "denied by New Delhi")


def test_prime_minister_commends_military(seed_reading, seed_text):
    (claim,) = _claims(seed_reading, "commendation")
    assert "Shehbaz Sharif" in claim.speaker.text
    assert claim.target == MILITARY
    _evidence_ok(claim.evidence, seed_text, "commended")


def test_enforced_disappearances_are_background(seed_reading, seed_text):
    (allegation,) = _claims(seed_reading, "allegation")
    assert allegation.background
    assert "activists" in allegation.speaker.text.lower()
    _evidence_ok(allegation.evidence, seed_text, "enforced disappearances")
    (denial,) = [c for c in _claims(seed_reading, "denial") if c.background]
    assert denial.speaker.name == "Government of Pakistan"
    assert seed_reading.claims[denial.responds_to] is allegation
    # background is kept apart from the event
    event = seed_reading.events[0]
    assert seed_reading.claims.index(allegation) not in event.claims


def test_figures_are_unverified(seed_reading):
    event = seed_reading.events[0]
    assert "unverified" in event.verification
    assert "disputed" in event.verification  # the military and the BLA disagree on soldiers


def test_balochistan_is_admin1_of_pakistan(seed_reading, seed_text):
    places = [p for p in seed_reading.places if p.text == "Balochistan"]
    assert places
    for p in places:
        assert p.feature == "admin1" and p.admin1 == "Balochistan" and p.country == "Pakistan"
        _evidence_ok(p.evidence, seed_text, "Balochistan")
    event = seed_reading.events[0]
    assert event.country == "Pakistan" and event.admin1 == "Balochistan"


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_quetta_has_coordinates_within_10km(seed_reading, seed_text):
    (quetta,) = {(p.latitude, p.longitude): p for p in seed_reading.places if p.text == "Quetta"}.values()
    assert quetta.admin1 == "Balochistan" and quetta.country == "Pakistan"
    assert _km(quetta.latitude, quetta.longitude, 30.1841, 67.0014) < 10
    _evidence_ok(quetta.evidence, seed_text, "Quetta")


def test_measures_in_quetta(seed_reading, seed_text):
    kinds = {m.kind: m for m in seed_reading.measures}
    for kind, words in (
        ("buildings_sealed", "sealed"),
        ("mobile_shutdown", "mobile phone"),
        ("transport_suspension", "train"),
    ):
        assert kind in kinds, kinds
        assert kinds[kind].place == "Quetta"
        _evidence_ok(kinds[kind].evidence, seed_text, words)


def test_primary_event_is_coded(seed_reading, seed_text):
    event = seed_reading.events[0]
    assert event.event_type in {"Battles", "Explosions/Remote violence"}
    assert event.actor1 == MILITARY or event.actor2 == MILITARY
    assert BLA in (event.actor1, event.actor2)
    assert event.interaction == 12
    assert event.deaths.side_b >= 92 and event.deaths.civilians == 18
    assert event.fatalities > 0
    assert event.evidence and all(ev.text == seed_text[ev.start : ev.end] for ev in event.evidence)
