"""Places as wire copy writes them: names the gazetteer lacks, marked by the words around
them, and lists of places joined by "and"."""

from __future__ import annotations

import pytest

from fogwatch import read


def _texts(text: str) -> list[str]:
    return [p.text for p in read(text, published="2021-03-01").places]


@pytest.mark.parametrize(
    "text, name",
    [
        # a name after "the village of" is a place even when the gazetteer lacks it
        ("Gunmen killed three farmers in the village of Kefr Dinnawi on Sunday, residents "
         "said.", "Kefr Dinnawi"),
        # "the mayor of the X commune": the feature word after the name makes it a place
        ("Eleven villagers were killed, said the mayor of the Dourkoundi commune that runs "
         "the two villages.", "Dourkoundi"),
        # "attacked X in the Y area": the village the gazetteer lacks is read as a place
        ("Bandits on Sunday attacked Ungwar Tsoho in the Maradun local government area of "
         "Zamfara State, killing six.", "Ungwar Tsoho"),
        # "an air strike on X market in Y's Z province": the possessive is no part of Y
        ("Dozens were killed in an air strike on Kulbus market in Yemen's northern Saada "
         "province on Monday.", "Kulbus"),
        # "at X and Y areas": the name after "and" is a place like the one before it
        ("The gunfight between the two groups at Kangpokpi and Bethel areas of Manipur "
         "lasted two hours, police said.", "Bethel"),
    ],
    ids=["village-of", "commune", "attacked-in-area", "market-struck", "and-areas"],
)
def test_words_around_a_name_mark_it_as_a_place(text, name):
    assert name in _texts(text)


@pytest.mark.parametrize(
    "text, name",
    [
        # without a feature word, an unknown name after "of" is no place ("the words of X")
        ("Residents killed in the shelling spoke of Marwan Tello with affection, the agency "
         "said.", "Marwan Tello"),
        # "Division" also ends the names of armed units, so it does not make a place
        ("Fighters of the Hamzat Division were killed in the clashes, a monitor said.",
         "Hamzat"),
        # "attacked X, Y said": the name after the verb is a person, the comma no container
        ("The gunmen attacked Dauda Yakubu, Nelson said on Tuesday after the raid.",
         "Dauda Yakubu"),
        # "fired on X in Y" with no facility word after X: X is whom they fired on
        ("Police fired on Dembele in Bamako, witnesses said.", "Dembele"),
        # "in Lebanon and Hamas is ...": "and" joins two clauses, not two places
        ("Hezbollah is in Lebanon and Hamas is in Gaza, the minister said after the strike.",
         "Hamas"),
    ],
    ids=["of-alone", "division", "attacked-comma", "fired-on", "and-clause"],
)
def test_a_name_the_words_around_do_not_mark_stays_unplaced(text, name):
    assert name not in _texts(text)


def test_a_known_town_before_camp_after_a_verb_of_capture_is_a_place():
    """"captured the X camp": the town whose name the camp bears is where it happened."""
    found = [p for p in read("Militants captured the Niafunke camp at dawn on Friday after a "
                             "car bomb, the group said.", published="2021-03-01").places
             if p.text == "Niafunke"]
    assert found and found[0].country == "Mali"


def _countries(text: str) -> dict[str, str | None]:
    return {p.text: p.country for p in read(text, published="2021-03-01").places}


def test_a_province_abroad_whose_country_goes_unnamed_is_no_reading():
    """In a report on Yemen, "the Red Sea port of Mocha" is no province of Sudan."""
    found = _countries("Two missiles struck a wedding in Yemen near the Red Sea port of Mocha, "
                       "killing 20 people, Yemeni officials said.")
    assert found.get("Red Sea") != "Sudan"


def test_a_province_written_as_such_stays_abroad():
    """"Red Sea state" names the province, even in a report about another country."""
    found = _countries("Yemeni migrants were detained in Red Sea state, Sudan, after "
                       "clashes in Yemen, officials said.")
    assert found.get("Red Sea") == "Sudan"


def test_a_town_in_the_reports_country_beats_a_province_abroad():
    """"rebels killed civilians in Beni" in a report on Congo: Congo's Beni, not Bolivia's."""
    found = _countries("Congolese soldiers said ADF rebels killed ten civilians in Beni "
                       "overnight in eastern Congo.")
    assert found.get("Beni") == "Democratic Republic of Congo"


def _place(text: str, name: str):
    return next(p for p in read(text, published="2021-03-01").places if p.text == name)


def test_a_two_letter_state_in_brackets_places_the_town():
    """"Allahabad (UP)": the abbreviation names Uttar Pradesh, so the town is in India."""
    found = _place("Shopkeepers protested in Allahabad (UP) against the closure of markets.",
                   "Allahabad")
    assert (found.country, found.admin1) == ("India", "Uttar Pradesh")


def test_single_capitals_and_road_numbers_are_no_places():
    """"I-95", "MH370", "(I said)": one or two capitals that are no bracketed division."""
    texts = _texts("Traffic stopped between I-95 and the bridge after debris of MH370 was "
                   "found, and (I said) police closed the road.")
    assert not {"I", "MH"} & set(texts)


def test_a_town_held_by_its_bracketed_province_keeps_its_country():
    """"Nabha district (Punjab)": India's Punjab holds Nabha, so neither is Pakistan's."""
    text = ("Women protested in several villages of Nabha district (Punjab) against the "
            "opening of liquor shops.")
    assert (_place(text, "Nabha").country, _place(text, "Punjab").country) == ("India", "India")


def test_the_same_province_name_stays_in_pakistan_for_a_pakistani_town():
    """"Okara district (Punjab)": Pakistan's Punjab holds Okara."""
    text = ("Farmers protested in several villages of Okara district (Punjab) against the "
            "price of wheat.")
    assert _place(text, "Punjab").country == "Pakistan"


def _roles(text: str, name: str) -> list[str]:
    reading = read(text, published="2016-09-15")
    return [p.role for p in reading.places if p.name == name]


def test_a_place_of_an_incident_dated_years_before_is_background():
    text = ("A police officer shot and killed a teenager in Columbus on Wednesday night.\n"
            "Officials rejected comparisons with the 2014 killing of a boy in Cleveland.")
    assert _roles(text, "Columbus") == ["event"]
    assert _roles(text, "Cleveland") == ["background"]


def test_a_year_after_the_place_does_not_make_it_background():
    text = "Gunmen attacked a market in Peshawar on Monday, the worst attack in the city since 2014."
    assert "event" in _roles(text, "Peshawar")


def test_a_county_many_states_share_is_read_in_the_state_named_most():
    # three mentions of the county must not outvote the state named twice
    text = ("Three bodies were found in a home in Henry County on Thursday.\n"
            "KNIGHTSTOWN, Ind. - The Henry County prosecutor said a man shot two children. "
            "The Henry County Sheriff's Office confirmed the deaths. "
            "Evidence was sent to the Indiana State Police laboratory.")
    reading = read(text, published="2015-08-28")
    henry = [p for p in reading.places if p.name == "Henry"]
    assert henry and all(p.admin1 == "Indiana" for p in henry)
    assert reading.events[0].admin1 == "Indiana"


def test_a_province_named_more_often_outweighs_a_larger_namesake_s():
    from collections import Counter

    from fogwatch.geo import gazetteer as gz
    from fogwatch.read.places.resolve import _score
    from fogwatch.read.places.vocab import Mention

    counties = {c.admin1: c for c in gz.lookup("Henry", country="US", feature="admin2")}
    il, ind = counties["Illinois"], counties["Indiana"]
    assert il.population > ind.population  # without the votes, Illinois' is taken
    # "in Henry County": the scorer reads the hint, the candidate and the votes only
    mention = Mention(start=0, end=5, text="Henry", sentence=None, source="GAZ", hint="admin")
    votes = Counter({("United States", "Indiana"): 2, ("United States", "Illinois"): 1})
    countries = Counter({"United States": 3})
    assert (_score(ind, mention, countries, votes, "United States")
            > _score(il, mention, countries, votes, "United States"))


def test_a_name_an_editor_put_in_brackets_as_the_subject_is_no_place():
    text = ("A man was shot dead in Jonesboro on Sunday.\n"
            "\u201cAfter questioning, (Phillips) admitted to firing the rifle,\u201d the sheriff said.")
    reading = read(text, published="2016-05-02")
    assert "Phillips" not in {p.text for p in reading.places}
    # a container in brackets after its town is still a place
    reading = read("Gunmen killed two men in Buleda (Kech) on Monday.", published="2016-05-02")
    assert {"Buleda", "Kech"} <= {p.text for p in reading.places}


def test_a_name_in_a_photo_credit_is_no_place():
    text = ("A man was shot dead outside a casino in Las Vegas on Sunday. (Kelsey Thomas | KSNV)\n"
            "Officers closed the road for hours. (Photo: Graham Price)")
    places = {p.text for p in read(text, published="2016-05-02").places}
    assert "Las Vegas" in places
    assert not places & {"Kelsey", "Graham"}


def test_a_name_after_the_block_of_is_a_street():
    text = ("Wichita police are investigating a shooting death in the 2300 block of Dover. "
            "The victim died at a hospital in Wichita.")
    places = {p.text for p in read(text, published="2016-05-02").places}
    assert "Dover" not in places and "Wichita" in places
    # the same town named as a town is still one
    assert "Dover" in {p.text for p in read("Gunmen shot a man in Dover on Sunday.",
                                            published="2016-05-02").places}


def test_a_country_that_is_also_a_state_follows_the_article():
    # "Georgia" is a country and a US state: a US story's Georgia is the state ...
    us = read("Police in Atlanta said two men were shot dead in Georgia on Sunday.",
              published="2016-01-20")
    assert {(p.text, p.country, p.feature) for p in us.places} >= {
        ("Georgia", "United States", "admin1")}
    # ... a story that names nothing of the United States keeps the country
    ge = read("Two soldiers were killed in Georgia on Sunday, the defence ministry in "
              "Tbilisi said.", published="2016-01-20")
    assert ge.events[0].country == "Georgia"
    alone = read("Protesters marched in Georgia on Sunday against the government.",
                 published="2016-01-20")
    assert alone.events[0].country == "Georgia"


def test_a_facility_named_for_a_county_lies_in_the_county():
    # "Salt Lake County Jail" serves Salt Lake County, Utah, not Salt, a town in Catalonia
    reading = read("He was booked into the Salt Lake County Jail on Monday after the "
                   "shooting, police said.", published="2016-01-20")
    (jail,) = [p for p in reading.places if p.text == "Salt Lake County Jail"]
    assert (jail.country, jail.admin1, jail.feature) == ("United States", "Utah", "admin2")


def test_armed_men_opening_a_sentence_are_not_a_place():
    reading = read("Gunmen attacked Kabul University on Monday.", published="2024-05-02")
    assert [p.text for p in reading.places] == []
