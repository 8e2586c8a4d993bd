"""A cheap lexical pass that picks the sentences worth running the NLP pipeline on.

Most news is not about political violence. A sentence is a candidate when it has an
*event* cue (violence, protest, arrest, a strategic development), or a *context* cue
(security forces and armed groups, reporting verbs) next to a sentence that has one:
speakers and perpetrators are often named a sentence away from the figure. An
article without any event cue costs one regex scan and nothing else.

The cues are data (``fogwatch/data/cues.yaml``); here they are compiled once into a
single regular expression shaped like a prefix tree, so the scan does not try every
word of the vocabulary at every word start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, trie_regex

_CUES_FILE = "cues.yaml"


class _Cues:
    """The compiled cue vocabulary: one pattern, and what each matched cue means."""

    def __init__(self, spec: dict) -> None:
        roles = spec.get("roles") or {}
        self.event: frozenset[str] = frozenset(roles.get("event", ()))
        self.context: frozenset[str] = frozenset(roles.get("context", ()))
        categories = spec["categories"]
        self.categories: dict[str, frozenset[str]] = {}  # cue (lower-case) -> categories
        stems: set[str] = set()
        words: set[str] = set()
        for category, entry in categories.items():
            if isinstance(entry, list):  # a bare list is a list of stems
                entry = {"stems": entry}
            for kind, bucket in (("stems", stems), ("words", words)):
                for cue in entry.get(kind) or ():
                    cue = " ".join(str(cue).lower().split())
                    bucket.add(cue)
                    self.categories[cue] = self.categories.get(cue, frozenset()) | {category}
        # A cue listed both as a stem and as a word behaves as a stem.
        words -= stems
        months = {str(m).lower() for m in spec.get("month_words") or ()}
        dated = _dated_guard(spec.get("time_prepositions") or ())
        self.pattern = _compile(stems, words, months, dated)
        furniture = {" ".join(str(b).lower().split()) for b in spec.get("boilerplate") or ()}
        self.boilerplate = re.compile(
            r"[\W_]*(?:" + trie_regex(furniture) + r")(?!\w)", re.IGNORECASE
        )

    def lookup(self, matched: str) -> frozenset[str]:
        key = " ".join(matched.lower().split())
        return self.categories.get(key, frozenset())


def _dated_guard(prepositions: Iterable[str]) -> tuple[str, str]:
    """Look-arounds that refuse a month word used as a date ("march 15", "in march")."""
    # look-behinds must be fixed-width: one per preposition
    behind = "".join(rf"(?<!\b{re.escape(p)}\s)" for p in sorted({str(p) for p in prepositions}))
    return r"(?<!\d\s)" + behind, r"(?!\s*\d)"


def _compile(
    stems: set[str], words: set[str], months: set[str], dated: tuple[str, str]
) -> re.Pattern[str]:
    plain = words - months
    month = words & months
    parts = [trie_regex(stems), trie_regex(plain) + r"(?!\w)"]
    if month:
        parts.append(dated[0] + trie_regex(month) + r"(?!\w)" + dated[1])
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    return _Cues(load_yaml(_CUES_FILE))


def combined_pattern() -> re.Pattern[str]:
    """The single compiled pattern of every cue (for measurement and debugging)."""
    return _cues().pattern


def cues_in(text: str) -> set[str]:
    """The cue categories present in ``text``."""
    cues = _cues()
    found: set[str] = set()
    for m in cues.pattern.finditer(text):
        found |= cues.lookup(m.group(0))
    return found


def article_gate(text: str) -> bool:
    """False when ``text`` has no event cue at all: nothing in it is worth reading."""
    cues = _cues()
    return any(
        not cues.event.isdisjoint(cues.lookup(m.group(0))) for m in cues.pattern.finditer(text)
    )


def has_event_cue(sentence: Sentence) -> bool:
    """Whether :func:`select` found an event cue in ``sentence`` (not just context)."""
    return not _cues().event.isdisjoint(sentence.cues)


def select(sentences: list[Sentence]) -> list[Sentence]:
    """Mark each sentence's cues and return the candidates, in order.

    A sentence is a candidate if it has an event cue; a sentence with only context
    cues (security forces, armed groups, reporting verbs) is kept when a neighbour
    has an event cue. Page furniture ("(Reporting by ...)") is never a candidate.
    """
    cues = _cues()
    for s in sentences:
        # furniture only when it is the whole sentence: a sentence glued to the next
        # line by a missed paragraph break may carry real news after it
        furniture = "\n" not in s.text and cues.boilerplate.match(s.text)
        s.cues = set() if furniture else cues_in(s.text)
    has_event = [not cues.event.isdisjoint(s.cues) for s in sentences]
    out = []
    last = len(sentences) - 1
    for i, s in enumerate(sentences):
        if has_event[i]:
            out.append(s)
        elif not cues.context.isdisjoint(s.cues) and (
            (i > 0 and has_event[i - 1]) or (i < last and has_event[i + 1])
        ):
            out.append(s)
    return out
