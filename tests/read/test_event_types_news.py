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


def test_gunmen_still_make_an_event_of_a_robbery():
    text = "Gunmen robbed a bank in the town and shot dead two guards."
    assert _sub(text) is not None
