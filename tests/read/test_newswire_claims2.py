"""Patterns of wire copy read since the claims ledger's second pass on real news: who
speaks through "with another confirming", "released a statement saying", "according to
an official in <capital>"; denials that the dead were fighters; context in a relative
clause. Every sentence is written here, one or two each, with negative cases beside.
"""

from __future__ import annotations

from fogwatch.read.pipeline import read

PUBLISHED = "2024-06-20"


def _read(text, **kw):
    kw.setdefault("published", PUBLISHED)
    return read(text, **kw)


def _claims(reading, ctype, polarity="positive"):
    return [c for c in reading.claims if c.type == ctype and c.polarity == polarity
            and not c.background]


def _figures(reading, kind):
    return [f for f in reading.figures if f.kind == kind and not f.negated]


# -- speakers ----------------------------------------------------------------------


def test_with_another_confirming_is_a_confirmation_by_the_same_group():
    r = _read('"We buried 40 people after the shelling," one of the villagers told '
              'reporters, with another confirming the count.')
    assert [c.speaker.text for c in _claims(r, "confirmation")] == ["villagers"]


def test_with_a_bare_noun_confirming_nobody_is_made_up():
    r = _read("Shelling killed 40 people in the town, with the count rising through the day.")
    assert _claims(r, "confirmation") == []


def test_a_statement_saying_its_members_were_killed_is_the_group_speaking():
    r = _read("The Mountain Front released a statement saying two of its fighters were "
              "killed in the clash.")
    assert [f.claimant.name for f in _figures(r, "killed")] == ["Mountain Front"]
    assert [c.speaker.name for c in _claims(r, "confirmation")] == ["Mountain Front"]


def test_an_age_between_the_victim_and_the_verb_keeps_the_count():
    r = _read("The movement said one of its members, born in 1971, was killed in the "
              "drone strike.")
    killed = _figures(r, "killed")
    assert [f.low for f in killed] == [1]
    assert not killed[0].background  # a year of birth is no history


def test_an_apposition_that_is_no_age_does_not_carry_the_count():
    r = _read("Three of its members, the group said on Monday, were seen near the border "
              "after the clash.")
    assert _figures(r, "killed") == []


def test_an_official_in_a_capital_speaks_for_that_government():
    r = _read("The United States has launched an air strike on a militia base near the "
              "border, according to an official in Washington.")
    claims = _claims(r, "responsibility")
    assert [c.speaker.name for c in claims] == ["Government of the United States"]


def test_according_to_a_party_about_another_party_is_an_accusation():
    r = _read("Al Shabaab attacked a police post in the town overnight, according to "
              "officials in Nairobi.")
    claims = _claims(r, "accusation")
    assert [(c.speaker.name, c.target) for c in claims] == [("Government of Kenya", "Al Shabaab")]


def test_according_to_about_unnamed_attackers_accuses_nobody():
    r = _read("Gunmen attacked a police post in the town overnight, according to officials "
              "in Nairobi.")
    assert _claims(r, "accusation") == []


def test_us_in_capitals_is_the_country():
    r = _read("The US blamed the militia for a rocket attack that wounded four soldiers "
              "at the airport.")
    assert [c.speaker.name for c in _claims(r, "accusation")] == ["Government of the United States"]


def test_us_as_a_pronoun_is_nobody():
    r = _read('"They attacked us at night and killed two of our guards," a villager said.')
    assert all(c.speaker is None or "United States" not in c.speaker.name for c in r.claims)


# -- denials that the dead were fighters ---------------------------------------------


def test_saying_the_dead_man_was_not_a_militant_is_a_denial():
    r = _read("Soldiers said they shot dead two militants in a raid on Monday. The uncle of "
              "one of the dead told reporters his nephew was not a militant.")
    assert [c.speaker.text for c in _claims(r, "denial", "negative")] == ["uncle"]


def test_civilians_not_fighters_is_a_denial():
    r = _read("An air strike killed two men near the border, the army said. The pair were "
              '"farmers, not fighters", the source added.')
    assert len(_claims(r, "denial", "negative")) == 1


def test_saying_they_were_innocent_is_a_denial():
    r = _read("Police said they killed three gunmen in a shootout, but relatives of the "
              "dead men said they were innocent.")
    assert [c.speaker.text for c in _claims(r, "denial", "negative")] == ["relatives"]


def test_saying_the_dead_were_militants_is_no_denial():
    r = _read("The army said the four men killed in the clash were militants.")
    assert _claims(r, "denial", "negative") == []


def test_saying_an_attack_was_not_a_surprise_is_no_denial():
    r = _read("The mayor said the attack that killed two guards was not a surprise.")
    assert _claims(r, "denial", "negative") == []


# -- context in a relative clause --------------------------------------------------


def test_a_decades_long_war_in_a_relative_clause_keeps_the_accusation_news():
    r = _read("Nobody has claimed the car bomb that killed six people, but officials blamed "
              "the PKK, which has waged a decades-long insurgency.")
    assert [c.target for c in _claims(r, "accusation")] == ["PKK"]


def test_a_decades_long_war_in_the_main_clause_is_background():
    r = _read("The PKK has waged a decades-long insurgency in which officials have blamed it "
              "for many bombings that killed thousands.")
    assert _claims(r, "accusation") == []


# -- quoted speakers ---------------------------------------------------------------


def test_quoted_as_saying_is_the_one_quoted_not_the_agency():
    r = _read('"The Russian occupiers shelled the depot at night," a regional official was '
              "quoted as saying by the state news agency, adding that two guards were killed.")
    accusations = _claims(r, "accusation")
    assert [c.speaker.text for c in accusations] == ["regional official"]
    assert [c.target for c in accusations] == ["Russian"]


def test_cited_as_confirming_is_a_confirmation_by_the_one_cited():
    r = _read("Gunmen killed six miners at the site. The paper cited a local official as "
              "confirming the toll.")
    assert [c.speaker.text for c in _claims(r, "confirmation")] == ["local official"]


def test_quoted_as_an_example_names_no_speaker():
    r = _read("Gunmen killed six miners at the site, a case the report quoted as an example.")
    assert _claims(r, "confirmation") == [] and _claims(r, "accusation") == []


def test_a_quotation_alone_after_a_quoted_speaker_is_still_that_speaker():
    r = _read('"The enemy struck our post at dawn," a border commander told the agency.\n'
              '"Three guards were killed and two were wounded."')
    assert {f.claimant.text for f in r.figures} == {"border commander"}


def test_a_quotation_after_a_sentence_without_quotes_keeps_the_outlet():
    r = _read("The governor said the roads were closed.\n"
              '"Three guards were killed and two were wounded."')
    assert {f.claimant.kind for f in r.figures} == {"outlet"}


def test_a_trailing_participle_speaks_for_the_nearer_statement():
    r = _read("The council called the blast that killed 11 people a tragedy, while the "
              "mayor said it was a cowardly act, accusing the ELN of planting the bomb.")
    assert [c.speaker.text for c in _claims(r, "accusation")] == ["mayor"]


# -- accusations by naming the crime -------------------------------------------------


def test_calling_a_strike_a_national_war_crime_accuses_that_nation():
    r = _read("The alliance called the strike that killed 20 people a Russian war crime.")
    assert [(c.speaker.text, c.target) for c in _claims(r, "accusation")] == [
        ("alliance", "Russian")]


def test_condemning_an_attack_as_a_massacre_by_a_nation_accuses_it():
    r = _read("The ministry condemned the shelling that killed nine villagers as an Israeli "
              "massacre.")
    assert [c.target for c in _claims(r, "accusation")] == ["Israeli"]


def test_calling_an_attack_a_tragedy_accuses_nobody():
    r = _read("The governor called the attack that killed 20 people a tragedy.")
    assert _claims(r, "accusation") == []


def test_condemning_an_attack_without_a_nation_accuses_nobody():
    r = _read("The ministry condemned the shelling that killed nine villagers as a war crime.")
    assert _claims(r, "accusation") == []


# -- unverified ---------------------------------------------------------------------


def test_not_immediately_possible_to_verify_is_unverified():
    r = _read("Rebels said they killed 30 soldiers. It was not immediately possible to "
              "independently verify the claim.")
    assert "unverified" in r.verification


def test_possible_to_verify_is_no_marker():
    r = _read("Rebels said they killed 30 soldiers, a claim it is possible to verify from "
              "the photos.")
    assert "unverified" not in r.verification


# -- calling the dead fighters ------------------------------------------------------


def test_adding_they_were_supporters_of_militant_groups_is_an_accusation():
    r = _read("Police said they shot dead two men in the raid, adding they were supporters "
              "of militant groups.")
    assert [c.target for c in _claims(r, "accusation")] == ["they"]


def test_saying_the_dead_were_farmers_accuses_nobody():
    r = _read("Police said the two men killed in the crash were farmers.")
    assert _claims(r, "accusation") == []


def test_saying_they_were_not_supporters_of_armed_groups_is_no_accusation():
    r = _read("Relatives said the men shot in the raid were not supporters of armed groups.")
    assert _claims(r, "accusation") == []


# -- a line of its own ----------------------------------------------------------------


def test_a_line_without_a_stop_is_not_glued_to_the_next():
    r = _read("A bomb killed four mourners at a funeral in the city, police said.\n"
              "An officer said the blast hit the tent of the mourners\n"
              "A hospital official confirmed the toll.")
    assert [c.speaker.text for c in _claims(r, "confirmation")] == ["hospital official"]


def test_hard_wrapped_copy_keeps_its_sentences_whole():
    from fogwatch.read.text import split_sentences

    text = ("Rebels attacked two army posts near\nthe border town on Thursday, General\n"
            "Jane Roe told reporters, adding that\nthe attackers had been pushed back.")
    assert len(split_sentences(text)) == 1


def test_a_named_doer_after_said_is_read_far_from_any_figure():
    r = _read("A missile hit a bus in the district on Thursday.\n\nThe ministry said the "
              "Houthis launched the missile from the north.")
    assert [c.target for c in _claims(r, "accusation")] == ["Houthis"]


# -- figures real copy writes ---------------------------------------------------------


def test_wounding_another_ten_counts_the_injured():
    r = _read("A bomb hit the funeral, killing four people and wounding another 10.")
    assert [f.low for f in _figures(r, "injured")] == [10]


def test_taken_prisoner_is_abducted():
    r = _read("The group said two soldiers had been taken prisoner in the raid on the post.")
    assert [f.low for f in _figures(r, "abducted")] == [2]
    assert _figures(r, "killed") == []


def test_kidnapped_some_women_is_a_vague_count():
    r = _read("Residents said the gunmen also kidnapped some women from the village.")
    assert [(f.vague, f.low) for f in _figures(r, "abducted")] == [("some", 2)]


def test_some_before_a_number_is_a_hedge():
    r = _read("Some 30 people were killed in the shelling.")
    assert [(f.low, f.vague) for f in _figures(r, "killed")] == [(30, None)]


def test_some_of_the_dead_counts_nobody_new():
    r = _read("Some of the dead were fighters, the spokesman added after the raid.")
    assert _figures(r, "killed") == []


def test_a_crosshead_in_capitals_over_two_lines_stays_one_sentence():
    from fogwatch.read.text import split_sentences

    text = "The talks ended on Monday.\nSHELLING GOES\nON IN THE NORTH\nMeanwhile the army said."
    texts = [s.text for s in split_sentences(text)]
    assert any("SHELLING GOES\nON IN THE NORTH" in t for t in texts)
    assert "ON IN THE NORTH" not in texts
