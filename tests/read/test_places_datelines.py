"""Places in wire copy's furniture: datelines, agency credits, abbreviated states.

Each sentence is written for this test; none is taken from an article."""

from __future__ import annotations

from fogwatch import read
from fogwatch.read.text import split_sentences


def _reading(text: str):
    return read(text, published="2019-06-10")


def _event_place(text: str):
    reading = _reading(text)
    assert reading.events, text
    return reading.events[0]


def test_agency_credit_in_brackets_is_not_a_place():
    # "(AP)" is the Associated Press, never Andhra Pradesh
    reading = _reading("SPRINGFIELD, Ill. (AP) - Two men were shot dead outside a bar on "
                       "Saturday night, police said.")
    assert all(p.country != "India" for p in reading.places)
    assert reading.events[0].country == "United States"
    assert reading.events[0].admin1 == "Illinois"


def test_agency_credit_alone_is_no_place_anywhere():
    reading = _reading("A bomb went off near a market on Monday, a police officer told "
                       "reporters (AFP).")
    assert [p.text for p in reading.places] == []


def test_dotted_state_after_a_town_names_the_state():
    event = _event_place("A teenager was shot and killed in Salina, Kan., on Sunday, "
                         "police said.")
    assert (event.country, event.admin1, event.location) == ("United States", "Kansas",
                                                              "Salina")


def test_dotted_state_with_inner_stops():
    event = _event_place("A man was fatally shot in Albany, N.Y., early on Friday, "
                         "officers said.")
    assert (event.country, event.admin1) == ("United States", "New York")


def test_state_abbreviation_needs_the_town_and_the_stop():
    # "Miss" as a title and "Kan" with no stop after a town are not states
    reading = _reading("Miss Jones said gunmen killed two guards at the Kan depot.")
    assert all(p.admin1 not in ("Mississippi", "Kansas") for p in reading.places)


def test_dateline_town_in_capitals_places_an_event_that_names_no_other():
    event = _event_place("KABUL (Reuters) - A bomb killed five people at a bus stop on "
                         "Sunday, police said.")
    assert (event.country, event.location) == ("Afghanistan", "Kabul")


def test_dateline_town_with_state_abbreviation():
    event = _event_place("SALINA, Kan. (AP) - A man died of a gunshot wound early on "
                         "Sunday, police said.")
    assert (event.country, event.admin1, event.location) == ("United States", "Kansas",
                                                              "Salina")


def test_body_place_wins_over_the_dateline():
    # the outlet filed from Peshawar; the attack was in Bannu
    event = _event_place("PESHAWAR, Pakistan (Reuters) - Militants attacked a checkpoint "
                         "in Bannu on Sunday, killing five soldiers, officials said.")
    assert event.location == "Bannu"


def test_capitals_inside_the_text_are_not_a_dateline_town():
    reading = _reading("Gunmen killed two people on Sunday. POLICE SAID the attackers fled "
                       "on foot.")
    assert [p.text for p in reading.places] == []


def test_a_stop_inside_the_dateline_does_not_repeat_text():
    text = "SALINA, Kan. (AP) - A man died. He was 20."
    sentences = split_sentences(text)
    spans = [(s.start, s.end) for s in sentences]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), spans
    assert [s.text for s in sentences] == ["SALINA, Kan. (AP) -", "A man died.", "He was 20."]


def test_two_capitals_are_a_province_only_as_a_towns_container():
    # a reporter's "in AP" for the town of the story, not Andhra Pradesh
    reading = _reading("Deputies said he shot his wife yesterday in AP. Officers in "
                       "Alvin, Texas, found the car on Monday.")
    assert all(p.country != "India" for p in reading.places)
    # written as a town's container, the same two letters are the province
    reading = _reading("Two shopkeepers were shot dead in Guntur, AP, on Monday.")
    assert reading.events[0].country == "India"
    assert reading.events[0].admin1 == "Andhra Pradesh"
