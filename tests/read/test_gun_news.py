"""Patterns of local crime news (the Gun Violence Database's kind of copy): one victim
told of by a pronoun or a name with a death of their own ("he died overnight",
"where she was pronounced dead"), addresses that are no years. Every sentence is
written here, with negative cases beside the positive ones.
"""

from __future__ import annotations

import pytest

from fogwatch.read.pipeline import read

PUBLISHED = "2016-01-12"


def _killed(text: str) -> list[tuple[int | None, bool]]:
    """(low, background) of each killed figure that is not a negation."""
    r = read(text, published=PUBLISHED)
    return [(f.low, f.background) for f in r.figures if f.kind == "killed" and not f.negated]


# -- a pronoun with a death of its own -------------------------------------------------


@pytest.mark.parametrize("text", [
    "He died overnight.",
    "She was pronounced dead a few minutes later.",
    "The clerk was rushed to a nearby hospital, where he died.",
    "The woman was driven to the medical centre where she was later pronounced deceased.",
    "He succumbed to his wounds on Saturday morning.",
    "Officers said he was shot and killed outside the bar.",
])
def test_a_pronoun_with_a_death_of_its_own_is_one_killed(text):
    assert _killed(text) == [(1, False)]


@pytest.mark.parametrize("text", [
    "He nearly died in the crash.",
    "She could have been killed by the stray bullet.",
    "He would not have died if the ambulance had come sooner.",
    "He did not die.",
    "If he died, nobody would have known.",
    "He was taken to hospital and is expected to survive.",
    "He killed Robinson with a single shot.",
    "She almost died on the way to the clinic.",
])
def test_a_pronoun_without_a_death_counts_no_one(text):
    assert _killed(text) == []


def test_the_pronoun_is_not_counted_again_after_a_count():
    text = "Two men were shot dead outside the club on Friday. He died at the scene."
    assert _killed(text) == [(2, False)]


def test_the_pronoun_after_a_shooting_counts_the_death():
    text = "A man was shot on Elm Street on Sunday night. He was pronounced dead at a hospital."
    r = read(text, published=PUBLISHED)
    assert [f.low for f in r.figures if f.kind == "killed"] == [1]


def test_the_second_of_two_pronouns_is_the_one_who_died():
    text = "Police said he shot his girlfriend and she died."
    r = read(text, published=PUBLISHED)
    assert [(f.low, f.victims_text) for f in r.figures if f.kind == "killed"] == [(1, "she")]


# -- a name whose death is joined to a first predicate ---------------------------------


def test_a_name_shot_and_pronounced_dead_is_one_killed():
    assert _killed("Marlow had been shot several times and was pronounced dead at the scene.") == [
        (1, False)
    ]


def test_a_name_shot_and_taken_to_hospital_is_no_death():
    assert _killed("Marlow had been shot several times and was taken to a hospital.") == []


# -- addresses are not years -----------------------------------------------------------


def test_the_1800_block_is_an_address_not_a_year():
    text = ("Dana Pryce, a 31-year-old woman, was shot and killed Tuesday in the 1800 block "
            "of Cedar Avenue, police said.")
    assert _killed(text) == [(1, False)]


def test_a_year_before_publication_still_marks_background():
    text = "Dana Pryce, a 31-year-old woman, was shot and killed in 2009 in the same street."
    assert _killed(text) == [(1, True)]


# -- a name after "found", with a suffix, or as the object of a killing verb ----------


def test_found_with_a_name_and_a_death_is_one_killed():
    assert _killed("Deputies found Rolando Pike shot to death in the garage.") == [(1, False)]


def test_found_with_an_age_a_name_and_dead_is_one_killed():
    assert _killed("Neighbours found 44-year-old Irma Castell dead on the porch.") == [(1, False)]


def test_found_with_a_name_and_no_death_counts_no_one():
    assert _killed("Officers found Rolando Pike hiding in the garage of a house.") == []


def test_a_name_with_a_suffix_and_an_age_who_died_is_one_killed():
    text = "Terrence Lamar Odom Jr., a 24-year-old man, died Friday after being shot."
    assert _killed(text) == [(1, False)]


def test_a_full_name_killed_by_an_active_verb_is_one_killed():
    assert _killed("He later admitted to killing Darnell Fisk after an argument.") == [(1, False)]


def test_the_doer_of_an_active_verb_before_a_name_is_not_killed():
    r = read("The deputy fatally shot Corey Vance, 22, outside the store.", published=PUBLISHED)
    assert [(f.low, f.victims_text) for f in r.figures if f.kind == "killed"] == [(1, "Corey Vance")]


@pytest.mark.parametrize("text", [
    "The army said its troops killed Islamic State fighters near the border.",
    "He threatened to kill Darnell Fisk over the debt.",
    "Soldiers killed Palestinians during the raid, witnesses said.",
])
def test_capitals_after_a_killing_verb_that_are_no_one_person(text):
    assert _killed(text) == []
