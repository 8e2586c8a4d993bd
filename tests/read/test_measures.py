"""Security measures on one-sentence inputs."""

from __future__ import annotations

from fogwatch import read
from fogwatch.read.measures import find


def kinds(text: str) -> dict[str, str]:
    return {kind: text[a:b] for kind, a, b in find(text)}


def test_clauses_keep_nouns_with_their_own_verbs():
    got = kinds(
        "Key buildings in the city have been sealed off while mobile phone services "
        "and train operations were suspended."
    )
    assert set(got) == {"buildings_sealed", "mobile_shutdown", "transport_suspension"}
    assert "sealed" in got["buildings_sealed"] and "mobile phone" not in got["buildings_sealed"]
    assert got["transport_suspension"] == "train operations were suspended"


def test_verb_before_noun_and_longest_noun():
    got = kinds("Authorities imposed a curfew and suspended mobile internet in the district.")
    assert set(got) == {"curfew", "internet_shutdown"}


def test_roads_and_schools():
    got = kinds("Police blocked the main road and schools will remain closed on Monday.")
    assert set(got) == {"roads_closed", "schools_closed"}


def test_a_casualty_report_has_no_measure():
    assert kinds("The army said 12 militants were killed in the operation.") == {}


def test_measure_takes_the_place_in_its_sentence():
    text = "A curfew was imposed in Quetta after the attack."
    reading = read(text)
    (measure,) = reading.measures
    assert measure.kind == "curfew" and measure.place == "Quetta"
    assert measure.evidence.text == text[measure.evidence.start : measure.evidence.end] == "curfew"


def test_protesters_blocking_a_road_is_not_a_security_measure():
    assert kinds("Rioters blocked the main road with burning tyres.") == {}
    assert set(kinds("The main road was blocked by police after the blast.")) == {"roads_closed"}
