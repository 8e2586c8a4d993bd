"""Actor names: aliases to canonical ACLED-style names, inter codes, country awareness."""

from __future__ import annotations

import pytest

from fogwatch.read.actors import canonical


@pytest.mark.parametrize(
    ("text", "name", "inter", "kind"),
    [
        ("army", "Military Forces of Pakistan", 1, "state"),
        ("the troops", "Military Forces of Pakistan", 1, "state"),
        ("security forces", "Military Forces of Pakistan", 1, "state"),
        ("FC", "Military Forces of Pakistan", 1, "state"),
        ("Frontier Corps", "Military Forces of Pakistan", 1, "state"),
        ("police", "Police Forces of Pakistan", 1, "state"),
        ("BLA", "BLA: Baloch Liberation Army", 2, "rebel"),
        ("the Balochistan Liberation Army (BLA)", "BLA: Baloch Liberation Army", 2, "rebel"),
        ("Pakistani Taliban", "TTP: Tehreek-i-Taliban Pakistan", 2, "rebel"),
        ("unknown gunmen", "Unidentified Armed Group (Pakistan)", 3, "political_militia"),
        ("civilians", "Civilians (Pakistan)", 7, "civilians"),
        ("protesters", "Protesters (Pakistan)", 6, "protesters"),
        ("an angry mob", "Rioters (Pakistan)", 5, "rioters"),
    ],
)
def test_pakistan_aliases(text, name, inter, kind):
    entry = canonical(text, "Pakistan")
    assert (entry.name, entry.inter, entry.kind) == (name, inter, kind)


def test_templates_follow_the_country():
    assert canonical("soldiers", "Mexico").name == "Military Forces of Mexico"
    assert canonical("villagers", "Nigeria").name == "Civilians (Nigeria)"


def test_demonym_names_a_foreign_force_as_external():
    entry = canonical("Indian troops", "Pakistan")
    assert entry.name == "Military Forces of India" and entry.inter == 8
    assert canonical("Pakistan's military").name == "Military Forces of Pakistan"


def test_capital_stands_for_its_government():
    entry = canonical("New Delhi", "Pakistan")
    assert entry.name == "Government of India" and entry.kind == "foreign_government"


def test_acronyms_are_case_sensitive_and_unknown_words_are_none():
    assert canonical("fc", "Pakistan") is None
    assert canonical("the weather", "Pakistan") is None
    assert canonical("Pakistani") is None


def test_generic_word_in_one_country_only():
    # "government forces" are the pro-Hadi forces in Yemen, the state's army elsewhere
    assert canonical("government forces", "Yemen").name.startswith("Military Forces of Yemen")
    assert canonical("government forces", "Syria").name == "Military Forces of Syria"


def test_recognise_finds_actors_with_evidence():
    from fogwatch import read

    text = "Gunmen killed two policemen in Quetta, Pakistan, on Monday, police said."
    reading = read(text, published="2020-05-04")
    names = {a.name for a in reading.actors}
    assert any(n.startswith("Unidentified Armed Group") for n in names), names
    for a in reading.actors:
        assert text[a.evidence.start : a.evidence.end] == a.text


def test_named_actors_vote_for_their_country():
    from fogwatch.read.actors import country_hints

    votes = country_hints("NAF rebel forces fired at positions held by Ukrainian troops.")
    assert votes.most_common(1)[0][0] == "Ukraine"
    assert not country_hints("Troops and police were deployed.")


def test_unknown_armed_organisation_by_its_name():
    from fogwatch.read.actors import armed_organisation

    entry = armed_organisation("the Sultan Murad Division")
    assert entry.name == "Sultan Murad Division" and entry.inter == 3
    assert armed_organisation("the Red Cross") is None


def test_us_dollar_is_not_a_country_cue():
    from fogwatch.read.actors import _countries

    demonym = _countries().demonym_re
    assert demonym.search("protests against the fall of the US dollar rate ") is None
    assert demonym.search("US forces struck a convoy ").group(1) == "US"


@pytest.mark.parametrize(
    "text",
    [
        "IS fighters attacked the post; what is left of it is rubble.",
        "The BLA said its fighters, not the bla-bla of officials, hit the Frontier Corps camp.",
        "Houthi forces and the Saudi-led coalition traded fire near the border, police said.",
        "Taliban, Al-Shabaab and Boko Haram: the Taliban's ally al shabaab said nothing.",
        "the army and the ARMY and Army troops",
    ],
)
def test_alias_finder_matches_the_full_alias_regex(text):
    # the fast prefix-tree finder must find exactly what the plain alternation finds
    from fogwatch.read.actors import _dictionary

    _, finder = _dictionary()
    fast = [(m.start(), m.end()) for m in finder.finditer(text)]
    assert fast == [(m.start(), m.end()) for m in finder.exact.finditer(text)]
    assert fast  # every sample names at least one actor


def test_fire_fighters_are_not_armed_men():
    from fogwatch import read

    text = "Two houses burned on Monday; when the roof fell in, fire fighters pulled a family out."
    assert read(text, published="2024-05-02").actors == []
    armed = read("Dozens of fighters stormed the village and killed two men on Monday.",
                 published="2024-05-02").actors
    assert [a.inter for a in armed] == [3]
