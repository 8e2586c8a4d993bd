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


# -- accusations named by the act's nation or its hallmarks ------------------------------


def test_a_passive_toll_in_a_nations_missile_attack_accuses_its_forces():
    r = _read("Police said eight soldiers were killed in a Ukrainian missile attack on the town.")
    assert [c.target for c in _claims(r, "accusation")] == ["Ukrainian"]


def test_a_passive_toll_in_an_attack_of_no_nation_accuses_no_one():
    r = _read("Police said five people were killed in a drone attack on the market.")
    assert _claims(r, "accusation") == []


def test_saying_an_attack_bears_a_groups_hallmarks_accuses_the_group():
    r = _read('A senior police officer said, "The raid has all the hallmarks of an '
              'al-Shabaab attack," after four villagers were killed.')
    assert [c.target for c in _claims(r, "accusation")] == ["al-Shabaab"]


def test_hallmarks_of_nobody_named_accuse_no_one():
    r = _read("Officials said the bombing that killed six bore the hallmarks of a planned "
              "attack.")
    assert _claims(r, "accusation") == []


# -- denials that call a claim false -------------------------------------------------


def test_saying_a_claim_was_fake_news_denies_it():
    r = _read('The rebels said nine soldiers died in the raid but the colonel said it was '
              '"fake news."')
    denials = [c for c in r.claims if c.type == "denial"]
    assert [c.speaker.name for c in denials] == ["colonel"]


def test_saying_reports_were_baseless_denies_them():
    r = _read("Rebels said they killed nine soldiers in the attack. The army spokesman said "
              "the reports were baseless.")
    assert [c.speaker.text for c in r.claims if c.type == "denial"] == ["army spokesman"]


def test_saying_reports_were_not_false_denies_nothing():
    r = _read("Rebels said they killed nine soldiers in the attack. The army spokesman said "
              "the reports were not false.")
    assert [c for c in r.claims if c.type == "denial"] == []


def test_it_was_wrong_to_attack_is_no_denial():
    r = _read("The governor said it was wrong to attack the camp where two guards were killed.")
    assert [c for c in r.claims if c.type == "denial"] == []


# -- an armed group counting the other side's dead claims the attack -----------------------


def test_a_rebel_group_counting_dead_soldiers_claims_the_attack():
    r = _read("The Baloch Liberation Army said 14 soldiers were killed in its raid on the "
              "camp on Sunday.")
    claims = _claims(r, "responsibility")
    assert [c.speaker.name for c in claims] == ["BLA: Baloch Liberation Army"]


def test_a_rebel_group_counting_its_own_dead_claims_nothing():
    r = _read("The Baloch Liberation Army said three of its fighters were killed in the "
              "clash on Sunday.")
    assert _claims(r, "responsibility") == []


def test_a_group_that_claimed_responsibility_is_not_read_twice():
    r = _read("The Baloch Liberation Army claimed responsibility for the raid. The group "
              "said 14 soldiers were killed.")
    assert len(_claims(r, "responsibility")) == 1


def test_police_counting_dead_soldiers_claim_nothing():
    r = _read("Police said 14 soldiers were killed in the raid on the camp on Sunday.")
    assert _claims(r, "responsibility") == []


# -- quotations -------------------------------------------------------------------------


def test_a_word_quoted_inside_a_quotation_does_not_end_it():
    r = _read("\u201cThe post was attacked. Two guards were killed. Six raiders were also "
              "\u201cneutralized\u201d and others fled. The area is calm now\u201d the "
              "provincial police chief said.")
    claimants = {f.low: f.claimant.text for f in _figures(r)}
    assert claimants == {2: "provincial police chief", 6: "provincial police chief"}


# -- who gives a figure -------------------------------------------------------------------


def test_a_toll_followed_by_police_said_is_the_polices():
    r = _read("Soldiers shot dead four smugglers near the river crossing on Tuesday, police "
              "said, the third such clash this month.")
    assert [f.claimant.kind for f in _figures(r)] != ["outlet"]
    assert all("police" in f.claimant.name.lower() for f in _figures(r))


def test_a_toll_with_no_speaker_after_it_stays_the_outlets():
    r = _read("Soldiers shot dead four smugglers near the river crossing on Tuesday, the "
              "third such clash this month.")
    assert [f.claimant.kind for f in _figures(r)] == ["outlet"]


def test_a_role_named_beside_its_holder_is_the_holder():
    r = _read("Two guards were wounded in the raid, said the district commander, Col. Amara "
              "Tindi.")
    assert [f.claimant.name for f in _figures(r, "injured")] == [
        "district commander, Col. Amara Tindi"]


def test_giving_a_toll_states_the_count():
    r = _read("A local chief who fled the village gave a provisional death toll of 31.")
    assert [f.claimant.name for f in _figures(r)] == ["local chief"]


def test_giving_aid_states_no_count():
    r = _read("The charity gave food to 300 families after the attack that killed nine.")
    assert all(f.claimant.kind == "outlet" for f in _figures(r))


def test_one_of_the_residents_speaks_for_the_residents():
    r = _read('"Forty people were killed," one of the residents told reporters after the '
              'strike.')
    (fig,) = _figures(r)
    assert fig.claimant.name != "one" and "residents" in (fig.claimant.text or "")


# -- more ways copy names the doer, and undoes a claim ----------------------------------


def test_a_long_name_with_its_acronym_names_the_doer():
    r = _read("Jama'a Nusra al-Islam wa al-Muslimin (JNIM) stormed the army camp on Friday, "
              "the group announced, saying five soldiers died.")
    assert any("JNIM" in c.speaker.name for c in _claims(r, "responsibility"))


def test_bombers_from_a_named_group_accuse_the_group():
    r = _read("Three guards were killed when two suicide bombers from the Baloch Liberation "
              "Army attacked the depot, police said.")
    assert [c.target for c in _claims(r, "accusation")] == ["Baloch Liberation Army"]


def test_bombers_from_nowhere_named_accuse_no_one():
    r = _read("Three guards were killed when two suicide bombers attacked the depot, police "
              "said.")
    assert _claims(r, "accusation") == []


def test_claiming_on_a_day_control_of_a_base_claims_it():
    r = _read("The Baloch Liberation Army claimed on Sunday control of the hill post where "
              "four soldiers were killed.")
    assert [c.speaker.name for c in _claims(r, "responsibility")] == [
        "BLA: Baloch Liberation Army"]


def test_villagers_narrating_who_kidnapped_accuse_them():
    r = _read("The villagers narrated how Boko Haram kidnapped six women in the raid.")
    assert [c.target for c in _claims(r, "accusation")] == ["Boko Haram"]


def test_saying_the_claimed_attack_was_repelled_denies_it():
    r = _read("The Baloch Liberation Army claimed responsibility for the raid on the camp. "
              "The army said the attack had been repelled and two soldiers were wounded.")
    denials = [c for c in r.claims if c.type == "denial"]
    assert [c.speaker.name.startswith("Military Forces") for c in denials] == [True]


def test_a_repelled_attack_nobody_claimed_is_no_denial():
    r = _read("The army said the attack on the camp had been repelled and two soldiers were "
              "wounded.")
    assert [c for c in r.claims if c.type == "denial"] == []


def test_saying_there_was_no_abduction_after_an_accusation_denies_it():
    r = _read("Villagers said Boko Haram killed five people and kidnapped women. The army "
              "spokesman said only two people were killed and there was no case of abduction.")
    assert [c.speaker.text for c in r.claims if c.type == "denial"] == ["army spokesman"]


def test_a_second_resident_confirming_speaks_as_the_first():
    r = _read('"We counted 30 bodies," one of the residents told reporters, with another '
              'confirming the figures.')
    assert all(c.speaker.name != "another" for c in r.claims if c.speaker is not None)


# -- injuries written as what happened to the wounded ------------------------------------


def test_escaping_with_injuries_counts_the_injured():
    r = _read("Two soldiers were killed and several others escaped with injuries.")
    assert [f.vague for f in _figures(r, "injured")] == ["several"]


def test_people_taken_to_hospital_are_injured():
    r = _read("Five people were taken to hospital after the blast in the market.")
    assert [f.low for f in _figures(r, "injured")] == [5]


def test_bodies_taken_to_hospital_are_no_injured():
    r = _read("The bodies were taken to hospital after the attack.")
    assert _figures(r, "injured") == []


def test_a_victim_taken_to_hospital_where_he_died_is_no_injured():
    r = _read("A man was shot on Main Street. The victim was taken to the hospital where he "
              "died the next day.")
    assert _figures(r, "injured") == []
