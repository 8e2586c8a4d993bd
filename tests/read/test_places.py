"""Places: toponyms found by NER and the gazetteer, resolved in the article's context."""

from __future__ import annotations

import pytest
from place_helpers import event_location as _event_location

from fogwatch import read
from fogwatch.geo.gazetteer import distance_km


def _places(text: str):
    return read(text, published="2020-05-10").places


def _by_text(text: str):
    out = {}
    for p in _places(text):
        out.setdefault(p.text, p)
    return out




def test_evidence_is_the_name():
    text = "On 8 May 2020, militants attacked a police post in Turbat, killing two."
    places = _places(text)
    assert places
    for p in places:
        assert text[p.evidence.start : p.evidence.end] == p.text == p.evidence.text


def test_town_with_admin_context_in_brackets():
    text = "On 8 May 2020, unidentified gunmen shot dead a man in Buleda (Kech, Balochistan)."
    found = _by_text(text)
    buleda = found["Buleda"]  # not in the gazetteer: only its context is known
    assert buleda.feature is None and buleda.latitude is None
    assert (buleda.admin2, buleda.admin1, buleda.country) == ("Kech", "Balochistan", "Pakistan")
    assert found["Kech"].feature == "admin2" and found["Balochistan"].feature == "admin1"


def test_unknown_town_falls_back_to_district_centre():
    loc = _event_location(
        "On 8 May 2020, unidentified gunmen shot dead a man in Buleda (Kech, Balochistan)."
    )
    assert loc.location == "Kech" and loc.geo_precision == 2
    assert loc.admin1 == "Balochistan" and loc.latitude is not None


def test_small_town_resolved_in_its_country():
    text = "Two soldiers were killed when militants attacked their post in Turbat on Friday."
    (turbat,) = [p for p in _places(text) if p.text == "Turbat"]
    assert turbat.feature == "city" and turbat.country == "Pakistan"
    assert turbat.admin2 == "Kech" and turbat.geo_precision == 1 and turbat.role == "event"
    assert distance_km(turbat.latitude, turbat.longitude, 26.0, 63.05) < 10


def test_district_word_selects_the_district():
    text = "A bomb exploded in Kech district, injuring three people."
    (kech,) = [p for p in _places(text) if p.text == "Kech"]
    assert kech.feature == "admin2" and kech.admin1 == "Balochistan"


def test_near_gives_precision_two():
    text = "Militants ambushed a convoy near Turbat, killing four soldiers."
    (turbat,) = [p for p in _places(text) if p.text == "Turbat"]
    assert turbat.geo_precision == 2


def test_common_words_and_first_names_are_not_places():
    text = "Police said Ali Khan was shot dead by gunmen in Lahore on Monday."
    texts = {p.text for p in _places(text)}
    assert "Lahore" in texts
    assert not texts & {"Police", "Ali", "Khan", "Monday", "Ali Khan"}


def test_dominant_country_picks_the_right_namesake():
    text = (
        "Clashes broke out in Sindh province on Sunday. "
        "Two protesters were killed in Hyderabad when police opened fire."
    )
    (hyd,) = [p for p in _places(text) if p.text == "Hyderabad"]
    assert hyd.country == "Pakistan" and hyd.admin1 == "Sindh"


def test_comma_context_names_the_district():
    text = "On 3 May 2020, gunmen killed a shopkeeper in Mand, Kech district."
    loc = _event_location(text)
    assert loc.admin2 == "Kech" and loc.admin1 == "Balochistan" and loc.geo_precision == 2


def test_event_location_prefers_the_town():
    text = "On 9 May 2020, a roadside bomb killed three soldiers in Quetta, Balochistan."
    loc = _event_location(text)
    assert loc.location == "Quetta" and loc.feature == "city" and loc.geo_precision == 1
    assert distance_km(loc.latitude, loc.longitude, 30.18, 67.00) < 10


def test_no_place_no_location():
    assert _event_location("Gunmen killed two men on Friday.") is None


@pytest.mark.parametrize(
    "text,name,country",
    [
        ("Security forces killed five militants in Kandahar province.", "Kandahar", "Afghanistan"),
        ("Protesters clashed with police in Lagos on Monday.", "Lagos", "Nigeria"),
        ("An airstrike hit a market in Idlib, killing seven civilians.", "Idlib", "Syria"),
    ],
)
def test_well_known_places(text, name, country):
    (p,) = [p for p in _places(text) if p.text == name]
    assert p.country == country


def test_seed_places(seed_reading, seed_text):
    bal = [p for p in seed_reading.places if p.text == "Balochistan"]
    assert bal and all(p.feature == "admin1" and p.admin1 == "Balochistan" for p in bal)
    (quetta,) = [p for p in seed_reading.places if p.text == "Quetta"]
    assert quetta.country == "Pakistan" and quetta.role == "measure"


def test_modifiers_and_demonyms_are_not_places():
    text = "A Saudi-led coalition airstrike hit a market in Saada as the US dollar soared."
    texts = {p.text for p in _places(text)}
    assert "Saada" in texts
    assert not texts & {"Saudi", "US"}


def test_entity_with_a_comma_is_two_places():
    text = "On 9 May 2020, citizens protested in Nis, Serbia, against the government."
    found = _by_text(text)
    assert found["Nis"].feature == "city" and found["Nis"].country == "Serbia"
    assert found["Serbia"].feature == "country"


def test_spelling_variant_found_inside_the_stated_division():
    text = "On 9 May 2020, shells killed two civilians in Qaser Bin Ghashir (Tripoli)."
    loc = _event_location(text)
    assert loc.name == "Qasr Bin Ghashir" and loc.country == "Libya" and loc.geo_precision == 1


def test_admin1_groups_follow_acled():
    text = "On 8 May 2020, Israeli forces raided Qalqilya and clashed with residents."
    (p,) = [p for p in _places(text) if p.text == "Qalqilya"]
    assert p.country == "Palestine" and p.admin1 == "West Bank"


def test_village_near_a_town_is_placed_at_the_town():
    text = "On 9 May 2020, gunmen attacked a family in Kili village near Turbat town (Kech)."
    loc = _event_location(text)
    assert loc.location == "Turbat" and loc.geo_precision == 2


def test_every_unit_in_the_bracket_contains_the_town():
    # "Port Elizabeth" is only a village in Saint Vincent to GeoNames, and "Nelson" of
    # "Nelson Mandela Bay" a New Zealand region: the bracket's Eastern Cape decides
    loc = _event_location(
        "Prisoners rioted and burned mattresses at a jail in Port Elizabeth "
        "(Nelson Mandela Bay, Eastern Cape) on 5 May 2020."
    )
    assert loc.country == "South Africa" and loc.admin1 == "Eastern Cape"


def test_container_of_a_container_restricts_the_namesakes():
    loc = _event_location(
        "On 9 May 2020, in Soledad Doblado municipality, Veracruz, farmers blocked a rural "
        "road in protest over water shortages."
    )
    assert loc.country == "Mexico" and loc.admin1 == "Veracruz"


def test_region_cue_picks_the_namesake_in_donbas():
    # Vesele lies in several oblasts; OSCE SMM reports are about Donetsk and Luhansk
    loc = _event_location(
        "Monitors of the OSCE SMM recorded one blast of an unidentified weapon close to "
        "Vesele on 1 May 2020."
    )
    assert loc.country == "Ukraine" and loc.admin1 == "Donetsk" and loc.geo_precision == 2


def test_acronym_after_the_is_not_a_province():
    text = ("On 8 May 2020, BJP workers staged a dharna outside the MP's residence in "
            "Jalpaiguri town (Jalpaiguri district, West Bengal).")
    assert "MP" not in {p.text for p in _places(text)}
    assert _event_location(text).admin1 == "West Bengal"


def test_province_named_next_to_a_demonym_is_kept():
    # "Israeli airstrikes" names the attacker, not where the strike fell
    (p,) = [p for p in _places("Israeli airstrikes targeted positions in Dar'a.")]
    assert p.country == "Syria" and p.admin1 == "Dar'a"


def test_bracketed_unit_spelt_otherwise_and_name_with_article():
    loc = _event_location(
        "Gunmen on motorbikes raided the village of Gaigorou (Dessa, Tillabery) on 5 May 2020."
    )
    assert loc.country == "Niger" and loc.admin1 == "Tillaberi" and loc.geo_precision == 3
    loc = _event_location(
        "On 7 May 2020, GNA air force conducted airstrikes at the Al Watiyah airbase "
        "(An Nuqat Al Khams)."
    )
    assert loc.country == "Libya" and loc.admin1 == "An Nuqat al Khams"


def test_district_of_a_named_town_is_not_a_namesake_elsewhere():
    loc = _event_location(
        "On 1 May 2020, activists staged a demonstration in Jaro, Iloilo City, Iloilo."
    )
    assert loc.admin1 == "Western Visayas"


def test_units_after_a_comma_in_brackets_and_unique_towns_abroad():
    loc = _event_location("Jihadists seized two herders in Mansila (Mansila, Yagha) on 5 May 2020.")
    assert loc.country == "Burkina Faso" and loc.admin2 == "Yagha" and loc.geo_precision == 2
    # a town whose name is found in Greece only, in a note naming Afghanistan
    text = ("Locals protested in front of a hotel in Kilkis on 4 May 2020 to keep out a group "
            "of asylum seekers, most of them from Afghanistan.")
    assert _event_location(text).country == "Greece"


def test_facility_named_after_its_town():
    found = _by_text("Students protested at Kabul University on Monday, police said.")
    assert found["Kabul University"].country == "Afghanistan"
    assert found["Kabul University"].admin1 == "Kabul"
    # a street is named after where it leads, not where it lies
    street = _by_text("Shells hit houses in Sanaa Street in Hodeidah city.")["Sanaa Street"]
    assert street.name is None and street.admin1 != "Amanat al Asimah"


def test_facility_word_alone_is_no_town():
    # GeoNames has a town called Airport (Hawaii); "the Airport police station" is not it
    text = ("On 5 May 2020, militants killed a police officer who worked in the Airport "
            "police station in Mogadishu.")
    assert "Airport" not in _by_text(text)
    assert _event_location(text).country == "Somalia"


def test_two_places_joined_by_and_that_name_one_division_are_one_place():
    from fogwatch import read

    reading = read("Gunmen killed two soldiers near Uri in Jammu and Kashmir on Friday.",
                   published="2024-05-06")
    assert "Jammu" not in [p.text for p in reading.places]
    assert "Jammu and Kashmir" in [p.text for p in reading.places]
    assert reading.events[0].admin1 == "Jammu and Kashmir"


def test_part_of_a_persons_name_is_not_a_division():
    # "Phillips" is a county and "Maurice" a name of Mauritius; together a man
    places = _places("Maurice Phillips, 30, was charged on Monday after his daughter was "
                     "shot dead in Helena.")
    assert [(p.text, p.country) for p in places] == [("Helena", "United States")]


def test_first_name_of_an_officer_is_not_a_parish():
    places = _places("Officer Michael Stiles said the boy was shot dead in Steamboat "
                     "Springs on Sunday.")
    assert [p.text for p in places] == ["Steamboat Springs"]
