"""Figures: one-sentence hard cases read through the whole reader."""

from __future__ import annotations

import pytest

from fogwatch import read


def figures(text: str):
    reading = read(text)
    for f in reading.figures:
        assert f.evidence.text == text[f.evidence.start : f.evidence.end]
        assert f.sentence is not None and f.evidence.text in f.sentence.text
    return reading.figures


def one(text: str):
    (fig,) = figures(text)
    return fig


def test_coordinated_groups_share_the_kind():
    soldiers, militants = figures("Two soldiers and three militants were killed in the clash.")
    assert (soldiers.kind, soldiers.low, soldiers.high, soldiers.victims) == ("killed", 2, 2, "soldiers")
    assert (militants.kind, militants.low, militants.victims) == ("killed", 3, "militants")
    assert soldiers.text == "Two" and militants.text == "three"


def test_killing_and_injuring_bare_counts():
    killed, injured = figures("The bomb ripped through the bus, killing 7 and injuring 12.")
    assert (killed.kind, killed.low) == ("killed", 7)
    assert (injured.kind, injured.low) == ("injured", 12)


def test_a_dozen_is_twelve_and_kept_as_vague():
    fig = one("A dozen policemen were wounded in the attack.")
    assert (fig.kind, fig.low, fig.high, fig.vague, fig.victims) == ("injured", 12, 12, "a dozen", "police")


def test_more_than_keeps_the_stated_bound_open_above():
    fig = one("More than 20 protesters were arrested by the police.")
    assert (fig.kind, fig.hedge, fig.low, fig.high) == ("arrested", "more_than", 20, None)
    assert fig.text == "More than 20" and fig.victims == "protesters"


def test_scores_is_vague_with_its_literal_bound():
    fig = one("Scores of villagers were displaced by the fighting.")
    assert (fig.kind, fig.vague, fig.hedge, fig.low, fig.high) == ("displaced", "scores", "vague", 40, None)
    assert fig.victims == "civilians"


def test_dozens_open_ended():
    fig = one("Dozens of soldiers lost their lives in the clashes.")
    assert (fig.kind, fig.vague, fig.low, fig.high, fig.text) == ("killed", "dozens", 24, None, "Dozens")


def test_no_casualties_is_a_negated_zero():
    fig = one("The blast damaged the bridge but no casualties were reported.")
    assert fig.negated and (fig.low, fig.high, fig.kind) == (0, 0, "killed")
    assert fig.text == "no casualties"


def test_death_toll_rose_to():
    fig = one("The death toll from the attack rose to 14 on Sunday.")
    assert (fig.kind, fig.low, fig.high, fig.victims) == ("killed", 14, 14, None)


def test_total_and_parts():
    total, part = figures("The bombing killed 33 people, including 15 soldiers.")
    assert total.total and (total.low, total.victims) == (33, "people")
    assert not part.total and (part.low, part.victims, part.kind) == (15, "soldiers", "killed")


@pytest.mark.parametrize(
    "text",
    [
        "The attack took place in 2019, when the group killed no one.",
        "The market lies 10 km from the border where clashes erupted.",
        "Police blocked Route 7 after the attack.",
        "Nearly 44% of the province was affected by the violence.",
        "The militants fired at the post at 5 pm on Tuesday.",
        "The army said 3 vehicles were destroyed in the attack.",
        "The government paid Rs 500,000 to the families of those killed.",
    ],
)
def test_numbers_that_are_not_casualties(text):
    assert [f for f in figures(text) if not f.negated] == []


def test_age_is_not_a_count_but_the_man_is():
    fig = one("A 25-year-old man was shot dead in the market.")
    assert (fig.kind, fig.low, fig.victims) == ("killed", 1, "people")


def test_number_words_and_hyphens():
    fig = one("Twenty-five people were kidnapped from the bus.")
    assert (fig.kind, fig.low, fig.high) == ("abducted", 25, 25)


def test_ranges():
    (between,) = figures("Between 5 and 8 civilians died in the shelling.")
    assert (between.hedge, between.low, between.high, between.kind) == ("range", 5, 8, "killed")
    (span,) = figures("Officials said 10 to 15 people were injured.")
    assert (span.hedge, span.low, span.high, span.kind) == ("range", 10, 15, "injured")


def test_hedges_up_to_and_about():
    up = one("Up to 30 people may have died in the fire set by the mob.")
    assert (up.hedge, up.low, up.high) == ("up_to", None, 30)
    about = one("About 40 security personnel were injured.")
    assert (about.hedge, about.low, about.high, about.victims) == ("about", 40, 40, "security_forces")


def test_perpetrator_of_a_passive_cue():
    fig = one("Four soldiers were killed by Taliban fighters near the border.")
    assert fig.perpetrator == "Taliban fighters"


def test_no_one_killed_or_injured_gives_two_negated_figures():
    killed, injured = figures("No one was killed or injured in the explosion.")
    assert killed.negated and killed.kind == "killed"
    assert injured.negated and injured.kind == "injured"


def test_active_verb_after_people_is_not_their_kind():
    (fig,) = figures("Three gunmen killed two policemen near the market.")
    assert (fig.low, fig.victims, fig.kind) == (2, "police", "killed")


def test_threats_count_no_one():
    assert figures("A mob threatened to kill a soldier who asked for a bribe.") == []


def test_people_the_vocabulary_does_not_name():
    (fig,) = figures("Two boda boda riders were killed in the clashes.")
    assert (fig.low, fig.kind, fig.victims, fig.victims_text) == (2, "killed", None, "boda boda riders")
    (one,) = figures("Unidentified gunmen killed a revenue collector at the bus station.")
    assert (one.low, one.kind, one.text) == (1, "killed", "a revenue collector")


def test_shot_alone_is_not_killed():
    (fig,) = figures("At least 6 construction workers were shot and injured by guards.")
    assert (fig.kind, fig.low, fig.hedge) == ("injured", 6, "at_least")
    assert figures("Two men were shot by an armed man near the station.") == []


def test_a_second_kind_in_a_chain():
    arrested, killed = figures("One member was detained and later found killed.")
    assert (arrested.kind, killed.kind, killed.low) == ("arrested", "killed", 1)


def test_cue_after_a_long_subject():
    (fig,) = figures("Nine fighters from the 5th Brigade (military police) were reported killed.")
    assert (fig.kind, fig.low, fig.victims) == ("killed", 9, "militants")


def test_headline_singular_without_article():
    (fig,) = figures("Taliban kill Pakistani soldier in attack on army bunker")
    assert (fig.kind, fig.low, fig.victims) == ("killed", 1, "soldiers")


def test_toll_before_a_colon_and_a_time():
    (toll,) = figures("Air strikes death toll rises to 30: officials")
    assert (toll.kind, toll.low) == ("killed", 30)
    (fig,) = figures("The blast at 10:30 killed 4 people.")
    assert (fig.low, fig.victims) == (4, "people")


def test_a_rebel_group_in_apposition_is_not_counted():
    text = (
        "The Balochistan Liberation Army (BLA), a prominent rebel group, has claimed "
        "responsibility for the attacks, alleging that dozens of soldiers lost their lives."
    )
    (fig,) = figures(text)
    assert (fig.vague, fig.victims) == ("dozens", "soldiers")


def test_summary_counts_each_keep_their_own_cue():
    killed, injured = figures("1 killed 3 injured.")
    assert (killed.kind, killed.low, injured.kind, injured.low) == ("killed", 1, "injured", 3)


def test_to_death_after_a_manner_verb_only():
    (fig,) = figures("The police beat a young man to death in the city.")
    assert (fig.kind, fig.low) == ("killed", 1)
    assert figures("The court sentenced three militants to death.") == []


def test_people_holding_a_protest_are_not_held():
    got = figures("Around 15 people held a protest against the killing of a farmer.")
    assert [(f.kind, f.low, f.victims) for f in got] == [("killed", 1, "civilians")]


def test_unknown_number_is_vague_not_one():
    (fig,) = figures("Unknown gunmen killed an unknown number of civilians near the village.")
    assert (fig.vague, fig.low, fig.high, fig.victims) == ("an unknown number of", None, None, "civilians")
    assert fig.perpetrator == "Unknown gunmen"


def test_no_perpetrator_for_the_dead_themselves():
    dead, hurt = figures("Two men died and an officer was injured in the clash.")
    assert dead.perpetrator is None and hurt.perpetrator is None


def test_animals_and_huts_are_not_people():
    text = "Raiders torched 12 huts and killed 30 cattle before troops drove them off."
    assert figures(text) == []


def test_kidnapped_and_later_found_dead_after_a_long_subject():
    text = "A third member of the same family was kidnapped and later found dead near the road."
    abducted, killed = figures(text)
    assert (abducted.kind, killed.kind, killed.low) == ("abducted", "killed", 1)


def test_victims_text_keeps_modifiers_and_the_head_noun():
    (fig,) = figures("Two other policemen were killed during the clashes.")
    assert (fig.victims, fig.victims_text) == ("police", "other policemen")


def test_sentences_without_a_kind_word_are_not_scanned_for_counts():
    from fogwatch.read.figures import _counts_of, vocab, wants_parse
    from fogwatch.read.text import split_sentences

    text = ("Three hundred delegates met in Lahore on Monday. "
            "Two policemen were shot dead in the market on Tuesday.")
    first, second = split_sentences(text)
    assert not wants_parse(first) and _counts_of(first) == ([], [])
    assert wants_parse(second)
    toks, counts = _counts_of(second)
    assert [(c.low, c.kind) for c in counts] == [(2, "killed")]
    # every kind cue of the vocabulary passes the gate: "shot" stands for "shot dead"
    assert {"shot", "toll", "custody", "casualties"} <= vocab().kind_words
