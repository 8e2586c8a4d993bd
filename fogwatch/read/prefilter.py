"""A cheap lexical pass that picks the sentences worth running the NLP pipeline on.

Most news is not about political violence. A sentence is a candidate when it has a
violence, security or protest cue, or a reporting cue next to a sentence that has one
(speakers are often named a sentence away from the figure). An article without any
event cue costs only this regex.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml

EVENT_CATEGORIES = ("violence", "security", "protest")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = load_yaml("cues.yaml")
    out = {}
    for category, stems in cues.items():
        alternatives = sorted({re.escape(s.lower()) for s in stems}, key=len, reverse=True)
        out[category] = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    return out


def cues_in(text: str) -> set[str]:
    """The cue categories present in ``text``."""
    return {name for name, pattern in _patterns().items() if pattern.search(text)}


def select(sentences: list[Sentence]) -> list[Sentence]:
    """Mark each sentence's cues and return the candidates, in order.

    A sentence is a candidate if it has an event cue; a sentence with only a
    reporting cue is kept when a neighbour has an event cue.
    """
    for s in sentences:
        s.cues = cues_in(s.text)
    has_event = [bool(s.cues.intersection(EVENT_CATEGORIES)) for s in sentences]
    out = []
    for i, s in enumerate(sentences):
        if has_event[i]:
            out.append(s)
        elif "reporting" in s.cues and (
            (i > 0 and has_event[i - 1]) or (i + 1 < len(sentences) and has_event[i + 1])
        ):
            out.append(s)
    return out
