"""Event coding: ACLED event / sub-event types, actors, interaction and fatalities."""

from __future__ import annotations

import pytest

from fogwatch import read
from fogwatch.read.events import classify, coded_fatalities, split_factor


@pytest.mark.parametrize(
    ("sentence", "event_type", "sub_event_type"),
    [
        ("Heavy clashes broke out between the army and rebels near the border.",
         "Battles", "Armed clash"),
        ("A roadside bomb struck a passing vehicle on the highway.",
         "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up outside the mosque.",
         "Explosions/Remote violence", "Suicide bomb"),
        ("A drone strike hit a compound used by the group.",
         "Explosions/Remote violence", "Air/drone strike"),
        ("Separatists shelled the village with mortars overnight.",
         "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("An unknown man threw a grenade at a shop.",
         "Explosions/Remote violence", "Grenade"),
        ("Gunmen shot dead a shopkeeper in the market.",
         "Violence against civilians", "Attack"),
        ("Armed men abducted a teacher from his home.",
         "Violence against civilians", "Abduction/forced disappearance"),
        ("Nurses protested outside the hospital demanding unpaid wages.",
         "Protests", "Peaceful protest"),
        ("Police fired tear gas to disperse students who protested against fee hikes.",
         "Protests", "Protest with intervention"),
        ("Protesters torched vehicles and pelted stones at police during the demonstration.",
         "Riots", "Violent demonstration"),
        ("An angry mob beat up a suspected thief in the village.",
         "Riots", "Mob violence"),
        ("Soldiers seized a weapons cache and defused two IEDs near the town.",
         "Strategic developments", "Disrupted weapons use"),
        ("The two sides signed a ceasefire agreement in the capital.",
         "Strategic developments", "Agreement"),
    ],
)
def test_sub_event_type_from_cues(sentence, event_type, sub_event_type):
    coding = classify(sentence, "", [], [])
    assert (coding.event_type, coding.sub_event_type) == (event_type, sub_event_type)


def test_attack_on_soldiers_is_a_battle():
    coding = classify("Militants attacked a military checkpoint, killing two soldiers.", "", [], [])
    assert coding.event_type == "Battles"


def test_coded_fatalities_phrases():
    assert coded_fatalities("Fatalities coded as 4 (including the bomber).") == 4
    assert coded_fatalities("12 fatalities split up between 4 events.") == 12
    assert split_factor("12 fatalities split up between 4 events.") == 4
    assert coded_fatalities("The victim died. 1 fatality.") == 1
    assert coded_fatalities("Three people were killed.") is None


def test_protest_event_actors_and_interaction():
    reading = read(
        "On 4 May 2020, doctors protested in Lahore, Pakistan, over a lack of protective gear.",
        published="2020-05-04",
    )
    event = reading.events[0]
    assert event.event_type == "Protests"
    assert event.actor1 == "Protesters (Pakistan)" and event.inter1 == 6
    assert event.interaction == 60 and event.fatalities == 0


def test_gunmen_killing_civilians_is_one_sided_with_fatalities():
    text = "Gunmen killed three civilians in a village near Quetta, Pakistan, on Monday."
    event = read(text, published="2020-05-04").events[0]
    assert event.event_type == "Violence against civilians"
    assert event.actor1 == "Unidentified Armed Group (Pakistan)"
    assert event.actor2 == "Civilians (Pakistan)" and event.interaction == 37
    assert event.fatalities == 3 and event.civilian_targeting
    assert event.type_of_violence == 3
    assert all(ev.text == text[ev.start : ev.end] for ev in event.evidence)


def test_injuries_do_not_count_as_fatalities():
    text = "A bomb blast injured 12 people in Peshawar, Pakistan, police said."
    event = read(text, published="2020-05-04").events[0]
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities == 0


def test_crowds_that_clash_riot_rather_than_battle():
    coding = classify("Supporters of two rival parties clashed with sticks near the market.", "",
                      [], [])
    assert (coding.event_type, coding.sub_event_type) == ("Riots", "Mob violence")


def test_deaths_a_protest_is_about_are_not_its_fatalities():
    text = ("On 4 May 2020, residents protested in Lahore, Pakistan, over the killing of "
            "two shopkeepers by unknown men.")
    event = read(text, published="2020-05-04").events[0]
    assert event.event_type == "Protests" and event.fatalities == 0


def test_two_states_fighting_are_both_state_forces():
    text = ("Military forces of India and Pakistan traded gunfire along the Line of Control "
            "in Poonch district on 9 May 2020, officials said.")
    event = read(text, published="2020-05-09").events[0]
    assert event.event_type == "Battles"
    assert {event.actor1, event.actor2} == {"Military Forces of India", "Military Forces of Pakistan"}
    assert event.interaction == 11


def test_a_toll_split_across_events_is_divided():
    text = ("On 5 May 2020, the air force struck militant hideouts in two districts of Borno, "
            "Nigeria. 48 fighters were reported killed. Fatalities split between 2 events.")
    event = read(text, published="2020-05-05").events[0]
    assert event.fatalities == 24


@pytest.mark.parametrize(
    "text",
    [
        # a disaster or an accident
        "A strong earthquake shook the coastal province overnight, killing nine people "
        "and flattening hundreds of homes, the disaster agency said.",
        "Two workers were injured when a boiler exploded at a fertiliser plant on Monday.",
        # diplomacy
        "The government announced fresh sanctions against the regime on Tuesday over "
        "its conduct of the war.",
        # ordinary crime with no political actor
        "Police arrested three men accused of stealing cattle from farms near the river.",
        # only who is to blame for an attack told elsewhere
        "The group claimed responsibility for last month's bombing of the ministry.",
    ],
)
def test_reports_of_no_acled_event_give_no_event(text):
    assert read(text, published="2024-05-02").events == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Government troops recaptured the town of Kasama from the rebels on Sunday.",
         "Government regains territory"),
        ("Rebel fighters seized the town of Kasama from government troops on Sunday.",
         "Non-state actor overtakes territory"),
        ("The insurgents were pushed back from three villages by the army on Sunday.",
         "Government regains territory"),
        ("Rebels entered the town of Kasama without a fight after the army withdrew.",
         "Non-violent transfer of territory"),
        ("Foreign troops have set up two new observation posts outside the city.",
         "Headquarters or base established"),
        ("The two sides agreed a truce after a week of heavy fighting.", "Agreement"),
        ("Four rifles and 300 rounds of ammunition were seized during a raid on a house.",
         "Disrupted weapons use"),
        ("Rioters clashed with riot police and set cars on fire near the stadium.",
         "Violent demonstration"),
    ],
)
def test_sub_event_types_of_news_wording(text, sub_event_type):
    events = read(text, published="2024-05-02").events
    assert events, text
    assert events[0].sub_event_type == sub_event_type


def test_an_event_with_a_location_always_has_coordinates():
    # an invented village in a district GeoNames gives no towns of its own
    text = ("On 9 May 2024, militants attacked soldiers near Qorax-Dheere village "
            "(Kismaayo, Lower Juba), killing two.")
    event = read(text, published="2024-05-09").events[0]
    assert event.admin1 == "Lower Juba"
    assert event.location is not None
    assert event.latitude is not None and event.longitude is not None
    assert event.geo_precision in (2, 3)


def test_an_event_known_only_by_its_country_names_no_location():
    text = "On 9 May 2024, at least 40 people were arrested at protests in Belarus."
    event = read(text, published="2024-05-09").events[0]
    assert event.country == "Belarus"
    assert event.location is None and event.latitude is None


def test_the_source_of_a_report_is_no_party_to_it():
    event = read("A car bomb exploded outside a hotel in the capital, killing eight people, "
                 "police said.", published="2024-05-02").events[0]
    assert "Police" not in (event.actor1 or "") and "Police" not in (event.actor2 or "")


def test_a_source_speaking_of_itself_stays_a_party():
    event = read("The army said it killed six militants in a raid near the border town.",
                 published="2024-05-02").events[0]
    assert "Military Forces" in (event.actor1 or "") + (event.actor2 or "")


def test_the_adjective_of_a_strike_names_its_state():
    event = read("A Russian air strike hit a school in Kharkiv, killing three.",
                 published="2024-05-02").events[0]
    assert event.actor1 == "Military Forces of Russia"
