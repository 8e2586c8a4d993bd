"""The prefilter: irrelevant text dropped, event sentences and their speakers kept."""

from __future__ import annotations

from fogwatch.read import prefilter
from fogwatch.read.text import split_sentences


def _kept(text: str) -> list[str]:
    return [s.text for s in prefilter.select(split_sentences(text))]


def test_irrelevant_text_is_dropped():
    text = (
        "The city council approved a budget for new parks. "
        "Officials said the work would start in March 2025. "
        "The mayor thanked residents for their patience."
    )
    assert _kept(text) == []
    assert not prefilter.article_gate(text)


def test_casualty_sentence_is_kept():
    text = "The market reopened on Monday. Three civilians died in the shelling of Kharkiv."
    assert _kept(text) == ["Three civilians died in the shelling of Kharkiv."]


def test_a_killing_told_as_gunned_down_or_slain_and_a_storming_are_kept():
    text = ("The market reopened on Monday. Masked men gunned down a teacher outside the school. "
            "A councillor was slain at his farm on Tuesday.")
    assert _kept(text) == ["Masked men gunned down a teacher outside the school.",
                           "A councillor was slain at his farm on Tuesday."]
    # a storming alone opens the article to the reader
    assert prefilter.article_gate("Militants stormed a school on Monday.")


def test_reporting_sentence_next_to_an_event_sentence_is_kept():
    text = (
        "A suicide bomber struck a police convoy in Peshawar, killing six officers. "
        "A spokesman for the provincial government confirmed the figure. "
        "Separately, the government said the new airport would open in June. "
        "Its runway is four kilometres long."
    )
    kept = _kept(text)
    assert kept == [
        "A suicide bomber struck a police convoy in Peshawar, killing six officers.",
        "A spokesman for the provincial government confirmed the figure.",
    ]


def test_reporting_sentence_far_from_any_event_is_dropped():
    text = "Gunmen attacked a bus. The bus was blue. Officials said the road would be resurfaced."
    assert "Officials said the road would be resurfaced." not in _kept(text)


def test_short_stems_do_not_match_inside_other_words():
    # "war" in "warned", "camp" in "campaign", "die" in "diesel": not cues
    assert prefilter.cues_in("She warned that the campaign for cheaper diesel would go on.") == set()
    assert "violence" in prefilter.cues_in("The war has displaced thousands.")


def test_a_month_name_is_not_a_protest_cue():
    assert _kept("the meeting is on march 15 in lucknow. it was announced in march.") == []
    assert _kept("thousands of students took part in a march to the assembly.") != []


def test_lower_cased_text_is_split_and_filtered_by_sentence():
    text = (
        "the minister inaugurated a school on monday. students sang songs at the function. "
        "later, a mob set fire to two shops in the old city and police fired tear gas."
    )
    assert _kept(text) == [
        "later, a mob set fire to two shops in the old city and police fired tear gas."
    ]


def test_page_furniture_is_never_a_candidate():
    text = (
        "Two policemen were shot dead in Kabul on Sunday. "
        "(Reporting by a staff correspondent; editing by the desk.) "
        "Click here to report an attack on journalists."
    )
    assert _kept(text) == ["Two policemen were shot dead in Kabul on Sunday."]
