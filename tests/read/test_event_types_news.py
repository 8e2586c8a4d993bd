"""Event types of wordings real news uses, and reports that are no ACLED event (#15)."""

from __future__ import annotations

import pytest

from fogwatch import read


def _sub(text: str) -> str | None:
    events = read(text, published="2024-05-02").events
    return events[0].sub_event_type if events else None


@pytest.mark.parametrize(
    "text",
    [
        "There was an explosion at the railway.",
        "An explosion occurred near the bus depot on Tuesday evening, wounding four people.",
        "Two blasts went off near a busy checkpoint on the main road.",
    ],
)
def test_an_explosion_with_no_weapon_named_is_a_remote_explosive(text):
    assert _sub(text) == "Remote explosive/landmine/IED"


def test_a_named_weapon_still_wins_over_the_explosion():
    text = "A mortar round caused an explosion in the market square."
    assert _sub(text) == "Shelling/artillery/missile attack"


@pytest.mark.parametrize(
    "text",
    [
        # disasters and accidents
        "A gas cylinder exploded in a restaurant kitchen, killing three people.",
        "Boilers at a fertiliser plant exploded overnight and the blaze spread to a warehouse.",
        "Several propane tanks exploded in a backyard shed on Sunday, and the explosion "
        "shattered the windows of two houses.",
        "Nine workers were burned when a furnace at a steel mill exploded on the night shift.",
        "A cyclist was taken to hospital with serious injuries after a fatal crash on the "
        "ring road that killed the driver of a lorry.",
        # ordinary crime, with the criminals named only as a gang
        "Police in the northern district caught a gang that was stealing cars from parking lots.",
        "Officers detained a man accused of selling pornographic images of minors online.",
        # diplomacy, threats, and a dateline before the lede
        "Lisbon, Jun 3 (Reuters) The government announced new sanctions on the regime today "
        "in response to an alleged attack, freezing the assets of four ministers.",
        "The republic has threatened to retaliate after its neighbour expelled diplomats and "
        "announced sanctions over the dispute.",
    ],
)
def test_no_acled_event(text):
    assert _sub(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "A bomb planted by militants exploded at a cement factory, killing two guards.",
        "Gunmen set fire to a fuel depot after an attack on its guards, and the depot "
        "exploded.",
        "Rebels shot down a military helicopter, and the crash killed its crew of four.",
    ],
)
def test_an_attack_on_a_plant_or_a_crash_by_fire_is_still_an_event(text):
    assert _sub(text) is not None


def test_gunmen_still_make_an_event_of_a_robbery():
    text = "Gunmen robbed a bank in the town and shot dead two guards."
    assert _sub(text) is not None


def _event(text: str):
    events = read(text, published="2024-05-02").events
    assert events, text
    return events[0]


@pytest.mark.parametrize(
    "text",
    [
        # the police speak for the report, after a quotation
        "Three dead in Tana River raid claimed by Al Shabaab\n"
        "Three were killed in a raid claimed by Al Shabaab in Tana River county on Sunday.\n"
        '"They set the houses on fire," said county police boss Jane Wanjiru.',
        # an ambush on soldiers, told as the group's history
        "Eight killed in attack claimed by Islamic State in Cabo Delgado\n"
        "Eight were killed in an attack claimed by Islamic State in Cabo Delgado, sources said.\n"
        "The militants have ambushed army patrols in the province before.",
        # both
        "Six killed in Lamu attack claimed by Al Shabaab\n"
        "Six were hacked to death in an attack claimed by Al Shabaab militants in Lamu county, "
        "police said.\nThe group also ambushed police officers last week in Garissa.",
    ],
)
def test_a_force_named_only_outside_the_reporting_sentence_is_not_the_target(text):
    event = _event(text)
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.inter2 == 7


def test_a_force_the_reporting_sentence_names_as_attacked_still_fights():
    text = ("Al Shabaab fighters attacked Kenyan soldiers at a camp in Lamu county on Tuesday.\n"
            "The police said three attackers were arrested.")
    event = _event(text)
    assert event.event_type == "Battles"


def test_a_force_quoted_after_a_quotation_is_the_source_not_a_party():
    from fogwatch.read import events as E
    from fogwatch.read.pipeline import read as full_read

    text = ('Gunmen killed four people in a village on Friday.\n'
            '"They came at night," said district police chief Amos Kiprop.\n'
            'The police, however, said the toll could rise.')
    reading = full_read(text, published="2024-05-02")
    police = [a for a in reading.actors if a.name.startswith("Police Forces")]
    assert len(police) == 2
    assert all(E._only_source(text, a) for a in police)


def test_a_headline_says_attack_and_the_lede_says_how():
    text = ("Nine soldiers killed in rebel attack\n"
            "Nine soldiers were killed on Wednesday when rebels attacked an army patrol with "
            "homemade explosives in a mountain district, the military said.")
    assert _sub(text) == "Remote explosive/landmine/IED"


def test_a_lede_without_a_weapon_leaves_the_headline_s_coding():
    text = ("Nine soldiers killed in rebel attack\n"
            "Nine soldiers were killed on Wednesday when rebels attacked an army patrol "
            "in a mountain district, the military said.")
    assert _sub(text) == "Armed clash"


def test_homemade_explosives_are_a_remote_explosive():
    text = "Insurgents struck a police convoy with homemade explosives near the border on Friday."
    assert _sub(text) == "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    "text",
    [
        "Nine people including a soldier were killed when gunmen attacked a farming village "
        "in the east on Sunday, residents said.",
        "Militants killed eleven people, including two policemen, in an attack on a market "
        "town, officials said.",
    ],
)
def test_a_toll_mostly_of_unarmed_people_is_an_attack_on_civilians(text):
    assert _sub(text) == "Attack"


@pytest.mark.parametrize(
    "text",
    [
        # most of those killed were armed: the attack was on the force
        "Six people including five soldiers were killed when gunmen attacked an army post "
        "on Sunday, officials said.",
        # a toll of soldiers alone
        "Four soldiers were killed when militants attacked a checkpoint on Sunday.",
    ],
)
def test_a_toll_mostly_of_combatants_is_still_a_battle(text):
    assert _sub(text) == "Armed clash"


@pytest.mark.parametrize(
    "text, sub",
    [
        ("Rebel fighters seized the capital of the northern province early on Sunday.",
         "Non-state actor overtakes territory"),
        ("The militants suffered heavy losses in raids by the national army's helicopters.",
         "Air/drone strike"),
        ("Customs officers intercepted 40 locally made single barrel guns at the border town.",
         "Disrupted weapons use"),
        ("Dozens of shops have been burned in a new wave of violence in the township, "
         "officials said.", "Looting/property destruction"),
        ("Rioters fought with law enforcement officers before breaking into the council "
         "building.", "Violent demonstration"),
        ("More than forty rebel fighters surrendered to the army with their weapons in the "
         "northern province, officials said.", "Agreement"),
        ("Insurgents charged an army camp outside the town at night, inflicting casualties "
         "on the soldiers.", "Armed clash"),
        # a battle that took positions is the battle; one that took a town changed its hands
        ("Government troops engaged in fierce clashes with the rebels and took control of "
         "five more positions on Sunday.", "Armed clash"),
        ("Government troops clashed with the rebels on Sunday and retook the town after a "
         "day of fighting.", "Government regains territory"),
        # "Liberation" in a group's name is not ground taken
        ("The Coastal Liberation Movement says its combatants killed dozens of government "
         "troops in the hills on Friday.", "Armed clash"),
        ("A protester hurls a Molotov cocktail during a demonstration outside the ministry "
         "on Sunday.", "Violent demonstration"),
        ("Groups of youths confronted police in several towns on Monday night, and officers "
         "used tear gas on a crowd of rioters.", "Violent demonstration"),
    ],
)
def test_wordings_of_real_news_for_their_sub_event_types(text, sub):
    assert _sub(text) == sub
