"""Patterns of real wire copy, one sentence each, written here: background tolls, named and
singular victims, the claimant's own side, quoted figures, hedges, who can be a claimant,
negated claims, denials, headlines and datelines, and bad input.

``read`` runs the whole pipeline, so each test states what a user would see in the ledger.
"""

from __future__ import annotations

import pytest

from fogwatch.read.pipeline import read
from fogwatch.read.text import split_sentences

PUBLISHED = "2024-06-20"


def _read(text, **kw):
    kw.setdefault("published", PUBLISHED)
    return read(text, **kw)


def _figures(reading, kind="killed"):
    return [f for f in reading.figures if f.kind == kind and not f.negated]


def _event_figures(reading, kind="killed"):
    return [f for f in _figures(reading, kind) if not f.background]


def _claims(reading, ctype):
    return [c for c in reading.claims if c.type == ctype and c.polarity == "positive"]


def _fatalities(reading):
    return reading.events[0].fatalities if reading.events else 0


# -- background: other periods, other incidents, aggregates ------------------------


@pytest.mark.parametrize("text", [
    "Bombings have killed more than 300 people in the province so far this year, officials said.",
    "Air strikes have killed over 900 people in the valley since January.",
    "Over the past six months, raids by the militia have killed 140 villagers.",
    "More than 40 people were killed in a string of bombings across the country.",
    "A similar attack on the same market last month killed 15 people.",
])
def test_period_aggregate_and_earlier_tolls_are_background(text):
    r = _read(text)
    figs = _figures(r)
    assert figs and all(f.background for f in figs)
    assert _fatalities(r) == 0


def test_an_earlier_year_marks_the_incident_it_dates():
    r = _read("The blast was near the spot where a 2016 ambush killed nine soldiers.")
    assert [f.low for f in _figures(r) if f.background] == [9]


def test_the_toll_of_a_week_before_is_not_the_events():
    r = _read("Gunmen shot dead two guards on Friday, a week after the same group killed 26 "
              "people at a bus station.")
    assert [f.low for f in _event_figures(r)] == [2]
    assert _fatalities(r) == 2


def test_a_month_long_past_is_another_incident():
    r = _read("In February, fighters of the same group stormed a depot and killed 31 people.")
    assert all(f.background for f in _figures(r))


def test_meanwhile_opens_another_incident():
    r = _read("Meanwhile, shelling killed seven civilians in a town further north.")
    assert all(f.background for f in _figures(r))


def test_a_superlative_comparison_is_not_background():
    r = _read("The bombing, the deadliest since 2014, killed 40 people on Friday.")
    assert [f.low for f in _event_figures(r)] == [40]
    assert _fatalities(r) == 40


def test_the_events_own_toll_stays_next_to_a_yearly_one():
    r = _read("Seven soldiers were killed on Saturday, and the attack brings the number of "
              "troops killed this year to 300, officials said.")
    assert [f.low for f in _event_figures(r)] == [7]


# -- figures real copy writes ------------------------------------------------------


def test_named_victim_with_age():
    r = _read("Rosa Mendez, 19, was shot and killed outside a bar late on Saturday, police said.")
    figs = _event_figures(r)
    assert [(f.low, f.high) for f in figs] == [(1, 1)]
    assert figs[0].claimant.kind != "outlet"


def test_named_victim_with_apposition():
    r = _read("Tariq Anwar, a shopkeeper in the old bazaar, was shot dead on Monday.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_named_victim_after_an_age():
    r = _read("The 41-year-old Daniel Brook was found shot dead in his car on Sunday.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_possessive_singular_victim():
    r = _read("A gunman shot and killed his neighbour after a quarrel, police said.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_singular_role_victim():
    r = _read("A police official was killed when the roadside bomb went off.")
    figs = _event_figures(r)
    assert [f.low for f in figs] == [1] and figs[0].victims == "police"


def test_pronounced_dead():
    r = _read("Daniel Brook was later pronounced dead at a hospital after the shooting.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_hedge_as_high_as():
    r = _read("The death toll from the bombing could be as high as 30, a hospital official said.")
    figs = _event_figures(r)
    assert [(f.low, f.high, f.hedge) for f in figs] == [(None, 30, "up_to")]


def test_feared_dead():
    r = _read("At least eight miners were feared dead after gunmen stormed the site.")
    assert [(f.low, f.hedge) for f in _event_figures(r)] == [(8, "at_least")]


def test_eliminated_is_killed():
    r = _read("The insurgents said their raid on the base had eliminated 25 enemy soldiers.")
    figs = _event_figures(r)
    assert [f.low for f in figs] == [25]
    assert "insurgent" in (figs[0].claimant.text or "").lower()


def test_its_members_are_the_claimants_own_side():
    r = _read("The rebel group said four of its members were killed in the clash with troops.")
    figs = _event_figures(r)
    assert [f.low for f in figs] == [4]
    assert figs[0].victims in ("militants", "rebels")


def test_our_fighters_in_a_quotation_are_the_speakers():
    r = _read('"Six of our fighters were killed in the battle," a commander of the '
              'Baloch Liberation Army said after the attack.')
    figs = _event_figures(r)
    assert [f.low for f in figs] == [6]
    assert figs[0].victims in ("militants", "rebels")
    assert figs[0].claimant.kind != "outlet"


def test_quotation_over_two_sentences_is_the_speakers():
    r = _read('Rebels raided the base at dawn. A rebel spokesman said: "We stormed the base '
              'before sunrise. Eleven soldiers were killed in the assault."')
    figs = _event_figures(r)
    assert [f.low for f in figs] == [11]
    assert "spokesman" in (figs[0].claimant.text or figs[0].claimant.name).lower()


def test_quotation_introduced_by_a_colon_in_its_own_paragraph():
    r = _read('Militants attacked a checkpoint on Monday. A military source said in a '
              'statement:\n\n"Four soldiers were killed and three others were hurt."')
    figs = _event_figures(r)
    assert [f.low for f in figs] == [4]
    assert figs[0].claimant.kind != "outlet"


def test_a_local_official_is_not_a_victim():
    r = _read("Gunmen attacked the market, a local official said, and shops were set on fire.")
    assert _figures(r) == []


def test_a_named_person_arrested_is_not_killed():
    r = _read("John Harper, 52, was arrested on Friday after the shooting at the depot.")
    assert _figures(r, "killed") == []


def test_the_year_of_a_date_is_not_a_count():
    r = _read("(Jun. 13, 2024) - Police say a man was fatally shot on Thursday night.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_a_singular_kind_noun_after_a_count_is_no_toll():
    r = _read("After the shooting the city bought 500 body cameras for its police officers.")
    assert _figures(r) == []


# -- who can be a claimant ---------------------------------------------------------


def test_statement_from_x_is_xs():
    r = _read("Five people were killed in the blast, according to a statement from the "
              "interior ministry.")
    claimant = _event_figures(r)[0].claimant
    assert "ministry" in (claimant.text or claimant.name).lower()


def test_reports_alone_are_the_outlets_voice():
    r = _read("Seven people died in the attack on the convoy, according to reports.",
              outlet="The Daily Example")
    assert _event_figures(r)[0].claimant.name == "The Daily Example"


def test_an_agency_told_is_not_the_claimant():
    r = _read("Nine soldiers were killed in the ambush, a security official told AFP.")
    claimant = _event_figures(r)[0].claimant
    assert "official" in claimant.name.lower()


def test_an_agency_reporting_is_the_outlet():
    r = _read("Reuters reported that 14 people were killed in the strike on the depot.")
    assert _event_figures(r)[0].claimant.kind == "outlet"


def test_a_dateline_is_never_a_claimant():
    r = _read("KANDAHAR, Afghanistan (AP) - Four police officers were killed in a roadside "
              "bombing on Tuesday.")
    claimant = _event_figures(r)[0].claimant
    assert claimant.kind == "outlet" and "KANDAHAR" not in claimant.name


def test_the_outlet_is_named_by_the_url_host():
    r = _read("Three villagers were killed when gunmen raided the hamlet.",
              url="https://www.dailyexample.org/world/raid")
    assert _event_figures(r)[0].claimant.name == "dailyexample.org"


def test_a_monitor_is_a_claimant_of_its_own_kind():
    r = _read("The Syrian Observatory for Human Rights said 11 fighters were killed in the raid.")
    assert _event_figures(r)[0].claimant.kind == "monitors"


def test_a_ministry_statement_is_the_ministrys():
    r = _read("At least 12 people were killed in the shelling, a ministry statement said.")
    claimant = _event_figures(r)[0].claimant
    assert "ministry" in (claimant.text or claimant.name).lower()


# -- claims real copy writes ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "No group has claimed responsibility for the bombing of the bus station.",
    "The militants have yet to claim the attack on the convoy.",
    "Nobody has claimed responsibility for the bombing at the market.",
    "The group did not claim the attack on the police post.",
])
def test_a_claim_not_made_is_no_claim(text):
    r = _read(text)
    assert _claims(r, "responsibility") == []


def test_called_the_claim_a_lie_is_a_denial():
    r = _read('After the attack on the post, an army spokesman called the claim "a lie".')
    denials = [c for c in r.claims if c.type == "denial"]
    assert denials and "army" in (denials[0].speaker.text or denials[0].speaker.name).lower()


def test_figures_described_as_propaganda_are_denied():
    r = _read("The army described the rebels' figures for the attack as propaganda.")
    assert [c.type for c in r.claims if c.type == "denial"] == ["denial"]


def test_rejected_account_is_a_denial():
    r = _read("The rebels rejected the army's account of the attack on the village.")
    assert any(c.type == "denial" for c in r.claims)


def test_categorical_denial():
    r = _read("The army categorically denied the accusations over the attack on the village.")
    assert any(c.type == "denial" for c in r.claims)


def test_retraction_is_a_denial():
    r = _read("The group denied any role in the bombing after an earlier message had "
              "claimed it.")
    assert any(c.type == "denial" for c in r.claims)
    assert _claims(r, "responsibility") == []


def test_confirmation_of_the_toll():
    r = _read("The police confirmed the death toll from the attack on the market.")
    confirmations = _claims(r, "confirmation")
    assert confirmations and "police" in confirmations[0].speaker.name.lower()


def test_accuser_is_the_subject_not_the_first_country_named():
    r = _read("The Taliban administration in Kabul blamed Islamabad for the air strike.")
    accusations = _claims(r, "accusation")
    assert accusations
    assert "pakistan" not in accusations[0].speaker.name.lower()
    assert accusations[0].target == "Islamabad"


def test_passive_accusation_takes_the_agent():
    r = _read("Islamabad was blamed by the Taliban administration for the air strike.")
    accusations = _claims(r, "accusation")
    assert accusations and "taliban" in (accusations[0].speaker.text or "").lower()


def test_responsibility_said_in_a_statement_on_telegram():
    r = _read("The Islamic State group claimed the attack in a statement on Telegram.")
    claims = _claims(r, "responsibility")
    assert claims and "islamic state" in claims[0].speaker.name.lower()


# -- headline, dateline and bad input ------------------------------------------------


def test_headline_without_a_stop_is_its_own_sentence_and_the_title():
    text = "Rebels claim dozens\nSeven soldiers were killed when militants stormed a post."
    sentences = split_sentences(text)
    assert [s.text for s in sentences][:2] == [
        "Rebels claim dozens", "Seven soldiers were killed when militants stormed a post."]
    r = _read(text)
    assert r.title == "Rebels claim dozens"
    assert "rebel" not in _event_figures(r)[0].claimant.name.lower()


def test_a_given_title_glued_to_the_lede_is_cut_off():
    text = "Man killed in shootingA man was shot dead outside a shop on Friday."
    sentences = split_sentences(text, title="Man killed in shooting")
    assert sentences[0].text == "Man killed in shooting"
    assert sentences[1].text.startswith("A man was shot dead")


def test_a_wrapped_line_is_not_a_headline():
    sentences = split_sentences("Gunmen opened fire on the convoy\nnear the border on Monday.")
    assert len(sentences) == 1


def test_dateline_is_a_sentence_of_its_own():
    sentences = split_sentences("BEIRUT (AP) - A car bomb exploded at a checkpoint on Thursday.")
    assert [s.text for s in sentences] == ["BEIRUT (AP) -",
                                          "A car bomb exploded at a checkpoint on Thursday."]


def test_headline_only_article_reads():
    r = _read("Gunmen kill four guards in market raid")
    assert r.article_id and [f.low for f in _figures(r)] == [4]


def test_quotes_only_article_reads():
    r = _read('"They came at night and burned everything we had," one villager said.')
    assert r.article_id and _figures(r) == []


def test_an_unbalanced_quotation_stops_at_its_paragraph():
    r = _read('Rebels raided the base at dawn. A rebel spokesman said: "We stormed the base.'
              '\n\nEleven soldiers were killed in the fighting.')
    figs = _event_figures(r)
    assert [f.low for f in figs] == [11]
    assert figs[0].claimant.kind == "outlet"


# -- claims carried by a statement of who did it ---------------------------------------


def test_saying_it_struck_claims_responsibility():
    r = _read("After the air strike on the depot, the air force said it struck a rebel "
              "arms store near the bridge.")
    claims = _claims(r, "responsibility")
    assert claims and claims[0].target and "store" in claims[0].target


def test_saying_they_killed_a_count_is_the_figures_claim():
    r = _read("Security forces said they killed three militants in a gun battle on Wednesday.")
    assert _event_figures(r)[0].claimant.kind != "outlet"
    # the clause holds a figure: its casualty_figure claim is the statement (the seed
    # report's "the military says it has killed 92 militants" is no responsibility claim)
    assert _claims(r, "responsibility") == []


def test_saying_another_party_ambushed_is_an_accusation():
    r = _read("Police said Maoist rebels ambushed the patrol near the village, killing four "
              "officers.")
    accusations = _claims(r, "accusation")
    assert accusations and accusations[0].target == "Maoist rebels"


def test_saying_unnamed_militants_attacked_accuses_no_one():
    r = _read("Militants stormed two checkpoints in the hill district overnight, local "
              "officials said, and three guards were killed.")
    assert _claims(r, "accusation") == []


def test_saying_it_did_not_strike_claims_nothing():
    r = _read("After the blast at the market, the army said it did not strike the market.")
    assert _claims(r, "responsibility") == []


def test_counting_its_own_dead_confirms_the_losses():
    r = _read("The rebel group said nine of its members were killed in the clash.")
    assert [c.speaker.name for c in _claims(r, "confirmation")] == [
        _event_figures(r)[0].claimant.name]


def test_headline_shot_comma_killed():
    r = _read("Woman shot, killed near the river park\nPolice are looking for the driver of a "
              "grey car.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_a_period_cue_dates_the_count_of_its_own_clause():
    r = _read("Over 200 people have been killed since the conflict broke out and nearly "
              "6,000 were forced to flee.")
    assert [f.low for f in _figures(r) if f.background] == [200]


def test_an_iso_date_is_not_a_range():
    r = _read("2019-08-24 Four civilians were killed in the strike on the road.",
              published="2019-08-24")
    assert [(f.low, f.high) for f in _event_figures(r)] == [(4, 4)]


def test_a_monitor_described_is_the_monitor_the_article_names():
    r = _read("Air strikes killed nine fighters near the town on Wednesday, a war monitor said. "
              "The Syrian Observatory for Human Rights relies on sources on the ground.")
    assert _event_figures(r)[0].claimant.name == "Syrian Observatory for Human Rights"


def test_the_statement_is_its_speakers():
    r = _read("The ministry said the bomb killed five soldiers. The statement blamed the attack "
              "on the rebels.")
    accusations = _claims(r, "accusation")
    assert accusations and accusations[0].speaker.name == _event_figures(r)[0].claimant.name


def test_a_decade_of_age_is_not_a_count():
    r = _read("Police say a man in his 20s was shot and killed in the neighborhood.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_a_title_case_headline_names_no_victim():
    r = _read("Coroner Identifies Man Fatally Shot On North Side\nA man was shot dead on the "
              "north side on Sunday.")
    assert _fatalities(r) == 1


def test_a_bare_count_and_unnamed_people_of_one_claimant_are_one_group():
    r = _read("Three dead in shooting at a farm\nThree people were shot dead at a farm on "
              "Sunday, police said.")
    assert _fatalities(r) == 3


def test_a_relative_clause_between_the_victim_and_the_cue():
    r = _read("Police say a 30-year-old man, who was later identified as Dean Hart, was shot "
              "and killed at the corner.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_an_age_standing_for_the_person():
    r = _read("Witnesses say the 18-year-old was shot to death by his friend at a party.")
    assert [f.low for f in _event_figures(r)] == [1]


def test_a_victim_named_after_named():
    r = _read("Police said a man named Ron Hale, 33, was fatally struck when a gunman opened "
              "fire on a van.")
    assert _fatalities(r) == 1


def test_a_surname_alone_counts_only_the_first_time():
    r = _read("A man was shot dead outside the bar on Friday. Waldron was shot in the chest "
              "and killed.")
    assert _fatalities(r) == 1


def test_naming_the_attackers_accuses_their_group():
    r = _read("Gunmen attacked a police post on Monday. Police said the attackers were "
              "members of the banned Tehreek-e-Taliban Pakistan.")
    accusations = _claims(r, "accusation")
    assert accusations and "Taliban" in accusations[0].target


def test_describing_the_attackers_accuses_no_one():
    r = _read("Gunmen attacked a police post on Monday. Police said the attackers were "
              "young men on motorbikes.")
    assert _claims(r, "accusation") == []


# -- claims of one's own act, said without "responsibility" ---------------------------


def _speakers(reading, ctype):
    return [c.speaker.name for c in _claims(reading, ctype) if c.speaker is not None]


def test_the_group_that_announces_its_own_raid_claims_it():
    r = _read("Fighters of the Baloch Liberation Army stormed a checkpoint overnight, the group "
              "said in a message to reporters.")
    assert _speakers(r, "responsibility") == ["BLA: Baloch Liberation Army"]


def test_the_group_is_the_armed_group_named_last():
    r = _read("The Arakan Army fought troops near the river on Monday. The group said on "
              "Tuesday that its fighters had captured an army outpost.")
    assert "AA: Arakan Army" in _speakers(r, "responsibility")


def test_claiming_control_of_a_town_is_responsibility():
    r = _read("Al Shabaab claimed control of the town after a night of fighting with troops.")
    assert _speakers(r, "responsibility") == ["Al Shabaab"]


def test_an_ambush_claimed_by_a_group_is_its_responsibility():
    r = _read("The ambush, claimed by al Shabaab, killed two soldiers near the border.")
    assert _speakers(r, "responsibility") == ["Al Shabaab"]


def test_claiming_to_have_destroyed_camps_is_responsibility():
    r = _read("The army claimed to have destroyed three rebel camps in the hills on Sunday.")
    assert len(_claims(r, "responsibility")) == 1


def test_a_quoted_we_attacked_is_the_quoted_speakers_claim():
    r = _read('"Our units were ready," an Arakan Army spokesman told reporters by phone.\n\n'
              '"We attacked the outpost at dawn."')
    (claim,) = _claims(r, "responsibility")
    assert claim.speaker.name == "AA: Arakan Army" and "outpost" in claim.target


def test_a_quoted_denial_of_an_attack_claims_nothing():
    r = _read('"We did not attack the village," a spokesman for the Arakan Army said on Friday.')
    assert _claims(r, "responsibility") == []


def test_an_unclaimed_ambush_is_no_claim():
    r = _read("No group has claimed the ambush that killed two soldiers near the border.")
    assert _claims(r, "responsibility") == []


def test_confirming_a_toll_is_a_confirmation_as_well_as_a_figure():
    r = _read("The defence ministry confirmed the deaths of four soldiers in the raid.")
    assert [f.low for f in _event_figures(r)] == [4]
    assert len(_claims(r, "confirmation")) == 1


def test_an_ambush_by_a_named_group_in_a_statement_accuses_it():
    r = _read("Two soldiers were killed in an ambush by al Shabaab near the border, the army "
              "said.")
    (accusation,) = _claims(r, "accusation")
    assert "Shabaab" in accusation.target


def test_a_named_doer_inside_a_when_clause_is_accused():
    r = _read("Troops were guarding the road when al Shabaab fighters attacked them, the police "
              "chief told reporters. Three soldiers were wounded.")
    (accusation,) = _claims(r, "accusation")
    assert "Shabaab" in accusation.target


def test_an_attack_by_unknown_gunmen_accuses_no_one():
    r = _read("Two soldiers were killed in an attack by unknown gunmen, the army said.")
    assert _claims(r, "accusation") == []


def test_he_said_is_the_speaker_of_an_earlier_paragraph():
    r = _read("The provincial police chief told reporters that the convoy was hit near the "
              "bridge.\n\nFive other officers were wounded in the blast, he said.")
    (fig,) = _event_figures(r, "injured")
    assert fig.claimant.kind != "outlet" and "police" in fig.claimant.text.lower()
