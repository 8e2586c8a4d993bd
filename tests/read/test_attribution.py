"""Attribution: speakers, stances and claims on short inputs read through the whole reader."""

from __future__ import annotations

from fogwatch import read


def claims(reading, type_):
    return [c for c in reading.claims if c.type == type_]


def test_x_denied_involvement():
    reading = read("The Taliban denied involvement in the bombing that killed 12 people.")
    (denial,) = claims(reading, "denial")
    assert denial.polarity == "negative" and denial.speaker.name == "Taliban"
    assert denial.target == "involvement" and denial.cue == "denied involvement"


def test_according_to_names_the_claimant():
    reading = read("According to police, five people were killed in the blast.")
    (fig,) = reading.figures
    assert fig.claimant.text == "police" and fig.claimant.kind == "state"
    (claim,) = claims(reading, "casualty_figure")
    assert claim.figure_index == 0 and claim.speaker == fig.claimant


def test_trailing_said_attributes_the_figure():
    reading = read("Three soldiers were killed in the ambush, the army said.", outlet="Dawn")
    (fig,) = reading.figures
    assert fig.claimant.text == "army" and fig.stance == "asserts"


def test_figure_without_a_speaker_is_the_outlets():
    reading = read("Seven people were killed when a bomb exploded in the market.", outlet="Dawn")
    (fig,) = reading.figures
    assert fig.claimant.kind == "outlet" and fig.claimant.name == "Dawn" and fig.stance == "reports"
    anonymous = read("Seven people were killed when a bomb exploded in the market.")
    assert anonymous.figures[0].claimant.name == "reporting outlet"


def test_pronoun_speaker_is_the_last_named_speaker():
    text = (
        "The army said its troops repulsed an attack on a checkpoint near the border. "
        "It added that three soldiers were wounded in the firefight."
    )
    reading = read(text)
    (fig,) = reading.figures
    assert fig.kind == "injured" and fig.claimant.text == "army"


def test_responsibility_claim():
    reading = read("The Pakistani Taliban claimed responsibility for the suicide attack on the police.")
    (claim,) = claims(reading, "responsibility")
    assert claim.speaker.name.startswith("TTP") and claim.target == "the suicide attack"
    assert claim.evidence.text == reading.claims[0].text


def test_denial_answers_the_accusation_in_the_sentence_before():
    text = (
        "Police accused the Baloch Liberation Army of carrying out the bombing. "
        "The group's spokesman rejected the accusation."
    )
    reading = read(text)
    (accusation,) = claims(reading, "accusation")
    assert accusation.target == "Baloch Liberation Army"
    (denial,) = claims(reading, "denial")
    assert reading.claims[denial.responds_to] is accusation


def test_passive_denial_speaker_is_the_agent():
    text = "Officials accused militants of the attack, a charge that was rejected by the rebel group."
    reading = read(text)
    (denial,) = claims(reading, "denial")
    assert denial.speaker.text == "rebel group" and denial.polarity == "negative"


def test_confirmation_stance_and_medical_claimant():
    reading = read("Hospital officials confirmed 12 deaths after the blast.")
    (fig,) = reading.figures
    assert fig.stance == "confirms" and fig.claimant.kind == "medical"
    # the confirmation is a claim of its own, next to the figure's (the ledger lists
    # who confirmed a toll, as the news-claims annotations do)
    (confirmation,) = claims(reading, "confirmation")
    assert confirmation.speaker.kind == "medical" and confirmation.polarity == "positive"


def test_long_standing_grievances_are_background():
    text = (
        "Rights groups have long accused the security forces of abducting activists, "
        "a charge the government denies."
    )
    reading = read(text, published="2025-03-12")
    (accusation,) = claims(reading, "accusation")
    (denial,) = claims(reading, "denial")
    assert accusation.background and denial.background
    assert accusation.speaker.kind == "activists"
    assert reading.claims[denial.responds_to] is accusation


def test_news_is_not_background():
    reading = read("Gunmen killed four policemen in Quetta, officials said.", published="2025-03-12")
    assert reading.figures and not reading.figures[0].background
    assert not any(c.background for c in reading.claims)


def test_commendation_target_is_canonical():
    reading = read("Pakistan's president praised the police for foiling the attack.")
    (claim,) = claims(reading, "commendation")
    assert claim.target == "Police Forces of Pakistan"
    assert claim.speaker.name == "Government of Pakistan"


def test_no_group_claimed_responsibility_is_negative_and_speakerless():
    reading = read("No group has claimed responsibility for the blast that killed five people.")
    (claim,) = claims(reading, "responsibility")
    assert claim.polarity == "negative" and claim.speaker is None
    (fig,) = reading.figures
    assert fig.claimant.kind == "outlet"  # the count is not the (absent) claimant's


def test_speaker_with_a_role_keeps_the_organisation_not_its_clauses():
    text = (
        "A spokesman for the Frontier Corps, which guards the border, said two soldiers "
        "were killed in the attack."
    )
    (fig,) = read(text).figures
    assert fig.claimant.text == "spokesman for the Frontier Corps"
    assert fig.claimant.name == "Military Forces of Pakistan"


def test_history_years_are_background_but_since_is_not():
    text = (
        "The attack killed 20 people, the deadliest since 2009, police said.\n\n"
        "In 2009, a bombing in the same market killed 50 people."
    )
    reading = read(text, published="2025-03-12")
    now, then = reading.figures
    assert (now.low, now.background) == (20, False)
    assert (then.low, then.background) == (50, True)


def test_two_sides_two_claimants_in_one_sentence():
    text = "Residents told reporters that at least 12 people were killed, but police put the toll at 7."
    high, low = read(text).figures
    assert (high.low, high.claimant.kind, high.stance) == (12, "residents", "asserts")
    assert (low.low, low.claimant.text, low.stance) == (7, "police", "estimates")


def test_according_to_inside_the_sentence():
    (fig,) = read("The death toll, according to local hospital officials, rose to 25.").figures
    assert (fig.low, fig.claimant.kind) == (25, "medical")
    assert fig.claimant.name == "local hospital officials"


def test_denial_in_the_next_paragraph_answers_the_accusation():
    text = (
        "Pakistan's military accused India of backing the militants who attacked the base. "
        "The attack killed 12 soldiers.\n\n"
        "Officials in the province said the curfew would stay. "
        "New Delhi rejected the accusation on Sunday."
    )
    reading = read(text)
    (accusation,) = claims(reading, "accusation")
    (denial,) = claims(reading, "denial")
    assert reading.claims[denial.responds_to] is accusation
    assert denial.speaker.name == "Government of India"


def test_a_typed_claim_is_not_repeated_as_a_plain_statement():
    from fogwatch import read

    reading = read(
        "The Balochistan Liberation Army claimed responsibility for the attack and said "
        "it was holding passengers hostage.",
        published="2025-03-12",
    )
    assert [c.type for c in reading.claims] == ["responsibility"]


def test_statements_next_to_an_accusation_are_parsed_not_every_quote_of_the_paragraph():
    """A scraped article often loses its paragraph breaks; the quotes parsed for an
    exchange are those within two sentences of its strong cue in its paragraph, whether
    the article keeps its breaks or not."""
    from fogwatch.read.attribution import parse_plan
    from fogwatch.read.text import split_sentences

    body = (
        "The minister accused the rebels of shelling the market. "
        "A spokesman said the army had moved in. "
        "The mayor said schools would stay shut. "
        "Traders said prices of rice had doubled. "
        "A farmer said the harvest was late this year. "
        "The weather office said rain was expected."
    )
    broken = body.replace("shut. ", "shut.\n\n")
    for text in (body, broken):
        sentences = split_sentences(text)
        plan = parse_plan(sentences, set(), {s.index for s in sentences})
        said = [s.text for s in sentences if s.index in plan]
        assert said == [s.text for s in sentences[:3]], text
