"""More patterns of real wire copy, one sentence or two each, written here: accusations
by description, speakers written in capitals, and what may not be read from them.

``read`` runs the whole pipeline, so each test states what a user would see in the ledger.
"""

from __future__ import annotations

from fogwatch.read.pipeline import read

PUBLISHED = "2024-06-20"


def _read(text, **kw):
    kw.setdefault("published", PUBLISHED)
    return read(text, **kw)


def _claims(reading, ctype):
    return [c for c in reading.claims if c.type == ctype and c.polarity == "positive"]


# -- accusations by description ---------------------------------------------------


def test_holding_a_party_responsible_accuses_it():
    r = _read("Officials in the capital held the separatists accountable for the blast that "
              "killed nine people.")
    accusations = _claims(r, "accusation")
    assert [c.target for c in accusations] == ["separatists"]


def test_a_statement_holding_a_coalition_responsible_is_an_accusation():
    r = _read("A statement from the rebel health office held the Saudi-led coalition "
              "responsible for the strike on the market.")
    assert [c.target for c in _claims(r, "accusation")] == ["Saudi-led coalition"]


def test_holding_nobody_responsible_accuses_no_one():
    r = _read("Gunmen killed two guards at the mine, and the owners did not hold anyone "
              "responsible.")
    assert _claims(r, "accusation") == []


# -- who can be a speaker ----------------------------------------------------------


def test_a_speaker_in_capitals_further_down_is_no_dateline():
    r = _read("The militia said its fighters killed five soldiers at the post on Friday. "
              "SITE, a group that tracks jihadist media, confirmed that claim on Saturday.")
    assert [c.speaker.name for c in _claims(r, "confirmation")] == ["SITE"]


def test_a_dateline_with_its_country_is_still_no_speaker():
    r = _read("KANO, Nigeria - Gunmen killed four farmers on Monday, police said.")
    assert all(f.claimant is None or "KANO" not in f.claimant.name for f in r.figures)
    assert [f.low for f in r.figures if f.kind == "killed"] == [4]


# -- background: a war's toll, another incident, its parts ---------------------------


def _figures(reading, kind="killed"):
    return [f for f in reading.figures if f.kind == kind and not f.negated]


def _fatalities(reading):
    return reading.events[0].fatalities if reading.events else 0


def test_the_fightings_toll_is_background():
    r = _read("The fighting has killed tens of thousands of people across the country.")
    assert _figures(r) and all(f.background for f in _figures(r))


def test_an_insurgencys_toll_since_it_began_is_background():
    r = _read("An insurgency that began in the north in 2012 has killed thousands of "
              "soldiers and civilians.")
    assert _figures(r) and all(f.background for f in _figures(r))


def test_a_part_of_an_earlier_toll_is_background_too():
    r = _read("The bombing comes a week after the rebels killed 30 people, including 12 "
              "police officers, at a bus depot.")
    assert sorted(f.low for f in _figures(r) if f.background) == [12, 30]
    assert _fatalities(r) == 0


def test_a_whole_earlier_month_is_another_incident():
    r = _read("In May, nine herders were shot dead in the same valley.")
    assert [f.background for f in _figures(r)] == [True]


def test_another_massacre_is_another_incident():
    r = _read("The UN condemned another massacre in the next province which it says "
              "killed 40 people.")
    assert [f.background for f in _figures(r)] == [True]


def test_a_part_of_the_events_toll_stays_the_events():
    r = _read("Gunmen killed five people in the village on Monday, including two children.")
    assert [f.low for f in _figures(r) if f.background] == []
    assert _fatalities(r) == 5


def test_a_war_torn_region_does_not_date_the_toll():
    r = _read("The attack in the war-torn region has killed 12 people, officials said.")
    assert [f.background for f in _figures(r)] == [False]
    assert _fatalities(r) == 12


# -- speakers of participles and adverbs ------------------------------------------------


def test_a_participle_before_the_speaker_is_not_the_speaker():
    r = _read("Reacting, Major Dede Okon, the army spokesman in the town, said two civilians "
              "were killed in the raid.")
    assert [f.claimant.name for f in _figures(r)] == ["Major Dede Okon"]


def test_a_participle_alone_names_no_speaker():
    r = _read("Responding, the governor said three people died in the fire at the camp.")
    assert all(f.claimant.name != "Responding" for f in r.figures)


def test_allegedly_in_a_quoted_officials_sentence_is_the_officials_allegation():
    r = _read("The dead men were allegedly members of the Red Hand militia, a police official "
              "said after the clash that killed four.")
    allegations = _claims(r, "allegation")
    assert allegations and allegations[0].speaker.kind != "outlet"
    assert "Red Hand" in (allegations[0].target or "")


def test_allegedly_with_nobody_speaking_stays_the_outlets():
    r = _read("Three farmers were allegedly killed by soldiers near the border on Friday.")
    assert all(c.speaker is not None and c.speaker.kind == "outlet"
               for c in _claims(r, "allegation"))


# -- the doer named by its nation ------------------------------------------------------


def test_a_nations_airstrike_in_a_statement_accuses_its_forces():
    r = _read("A security source said an Israeli airstrike on Sunday killed three farmers "
              "near the border.")
    accusations = _claims(r, "accusation")
    assert [c.target for c in accusations] == ["Israeli"]
    assert accusations[0].speaker.name == "security source"


def test_a_weapon_made_in_a_country_accuses_no_one():
    r = _read("Police said a Russian-made rocket killed two people in the market.")
    assert _claims(r, "accusation") == []


def test_an_airstrike_of_no_nation_accuses_no_one():
    r = _read("Officials said the airstrike killed five people in the camp.")
    assert _claims(r, "accusation") == []


# -- a count asked is no count ---------------------------------------------------------


def test_how_many_died_is_no_figure():
    r = _read("Two soldiers were killed in the clash, and it is unclear how many rebels died.")
    assert [(f.low, f.vague) for f in _figures(r)] == [(2, None)]


def test_many_without_how_is_still_a_vague_count():
    r = _read("Many villagers were killed in the raid on the market.")
    assert [f.vague for f in _figures(r)] == ["many"]
