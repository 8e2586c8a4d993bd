"""Codebooks as data: ACLED taxonomy and codes, fatalities; UCDP precision and violence type."""

from __future__ import annotations

from fogwatch.codebook import acled, sides, ucdp
from fogwatch.model import Claimant, Evidence, Figure
from fogwatch.vocab import load_yaml

EV = Evidence(article_id="a", start=0, end=1)


def fig(low, victims, kind="killed", claimant=None, vague=None, total=False, negated=False):
    return Figure(
        kind=kind, low=low, high=low, text=str(low), victims=victims, vague=vague,
        total=total, negated=negated, evidence=EV,
        claimant=Claimant(name=claimant) if claimant else None,
    )


def test_taxonomy_has_six_event_types_and_25_sub_event_types():
    types = acled.event_types()
    assert len(types) == 6
    assert sum(len(s) for s in types.values()) == 25
    assert acled.event_type_of("Grenade") == "Explosions/Remote violence"
    assert acled.disorder_type("Riots", "Mob violence") == "Political violence"


def test_interaction_lowest_first_and_single_actor():
    assert acled.interaction(3, 1) == 13
    assert acled.interaction(1, None) == 10
    assert acled.interaction(None, None) is None


def test_injuries_never_count_and_vague_is_conservative():
    figures = [fig(7, "civilians"), fig(12, "civilians", kind="injured")]
    assert acled.fatalities(figures) == 7
    assert acled.fatalities([fig(24, "soldiers", vague="dozens")]) == 12
    assert acled.fatalities([fig(24, "soldiers", vague="dozens")], {"dozens": 24}) == 24


def test_disagreeing_claimants_give_the_lowest_and_are_disputed():
    figures = [fig(15, "security_forces", claimant="Army"), fig(40, "soldiers", claimant="Rebels")]
    assert acled.fatalities(figures) == 15
    assert acled.disputed_sides(figures) == ["state"]


def test_sides_add_up_and_totals_are_not_double_counted():
    parts = [fig(2, "soldiers"), fig(3, "militants")]
    assert acled.fatalities(parts) == 5
    assert acled.fatalities([*parts, fig(5, "people", total=True)]) == 5
    assert acled.fatalities([fig(0, "people", negated=True)]) == 0


def test_ucdp_deaths_split_by_side():
    d = ucdp.deaths([fig(92, "militants"), fig(15, "security_forces"), fig(18, "civilians")])
    assert (d.side_a, d.side_b, d.civilians, d.best) == (15, 92, 18, 125)


def test_ucdp_codes():
    assert ucdp.type_of_violence(1, 2) == 1
    assert ucdp.type_of_violence(2, 3) == 2
    assert ucdp.type_of_violence(3, 7, civilian_targeting=True) == 3
    assert ucdp.type_of_violence(6, None) is None
    assert ucdp.where_prec(1) == 1 and ucdp.where_prec(3, "admin1") == 4
    assert ucdp.date_prec(2) == 3


def test_one_named_actor_and_the_dead_give_the_other_side():
    assert ucdp.type_of_violence(3, None, victim_sides={"state"}) == 1
    assert ucdp.type_of_violence(1, None, victim_sides={"nonstate"}) == 1


def test_every_victim_group_the_figures_recogniser_writes_has_its_side():
    groups = set(load_yaml("figures.yaml")["victims"])
    expected = {"security_forces": "state", "soldiers": "state", "police": "state",
                "militants": "nonstate", "rebels": "nonstate", "civilians": "civilians",
                "children": "civilians", "protesters": "civilians", "suspects": "unknown",
                "people": "unknown"}
    assert groups == set(expected)
    assert {g: sides.victim_side(g) for g in groups} == expected
    assert acled.side_of(fig(3, "police")) == "state"


def test_a_side_from_common_words_and_how_each_side_is_written():
    assert sides.victim_side("Security-Forces") == "state"
    assert sides.victim_side("suicide bomber") == "nonstate"
    assert sides.victim_side(None) == sides.victim_side("") == sides.victim_side("cats") == "unknown"
    assert [sides.side_label(s) for s in sides.SIDES] == ["state", "militants", "civilians", "people"]
    assert sides.side_noun("state") == "state forces"
