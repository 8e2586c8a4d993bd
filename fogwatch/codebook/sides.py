"""The sides of a conflict, from ``fogwatch/data/sides.yaml``: which side a victim group
is on, and how a side is written in a table and in a sentence.

Every layer asks here: the figure recogniser's UCDP type of violence, ACLED's conservative
count per side, the report views reconciliation compares, the CLI's table and the ACLED
export's notes.
"""

from __future__ import annotations

from functools import cache

from fogwatch.vocab import load_yaml

# state forces (and foreign forces), organised armed groups, civilians, unknown status
SIDES = ("state", "nonstate", "civilians", "unknown")


@cache
def _sides() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = load_yaml("sides.yaml")
    if tuple(data) != SIDES:
        raise ValueError(f"sides.yaml: the sides must be {', '.join(SIDES)} in that order")
    for side, entry in data.items():
        for key in ("label", "noun", "victims"):
            if key not in entry:
                raise ValueError(f"sides.yaml: {side}: no {key!r}")
    return data


@cache
def _victim_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for side, entry in _sides().items():
        victims = entry["victims"]
        assert isinstance(victims, list)
        for word in victims:
            out.setdefault(str(word).lower(), side)
    return out


def victim_side(victims: str | None) -> str:
    """``state`` | ``nonstate`` | ``civilians`` | ``unknown`` for a victim group
    (``Figure.victims``, or a common word for one: "police officers", "security-forces")."""
    if not victims:
        return "unknown"
    key = victims.strip().lower().replace("-", " ")
    words = _victim_words()
    return words.get(key) or words.get(key.replace("_", " ")) or "unknown"


def side_label(side: str) -> str:
    """A side as a table writes it: "state", "militants", "civilians", "people"."""
    return str(_sides()[side]["label"])


def side_noun(side: str) -> str:
    """A side as a sentence names it: "state forces", "militants", "civilians", "people"."""
    return str(_sides()[side]["noun"])
