"""Background figures: counts in a news sentence that are not about the incident.

Wire copy sets the news against its context: a year's toll ("more than 500 people so
far this year"), a war's ("killed over 500 people since October"), an earlier incident
("the 2017 ambush that killed four soldiers", "at least 39 in August"), a count across
many attacks ("in such attacks"). Each cue of ``fogwatch/data/background.yaml`` marks
the figure nearest to it in its sentence; a figure so marked is kept with its evidence
and never counted in the event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from fogwatch.model import Figure
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml

# Month names and their short forms, from dates.yaml: the full names first, then the
# short ones, a longer before a shorter ("sept" before "sep").
_MONTH_NUMBER: dict[str, int] = load_yaml("dates.yaml")["months"]
_FULL_MONTHS = {max((m for m in _MONTH_NUMBER if _MONTH_NUMBER[m] == n), key=len)
                for n in set(_MONTH_NUMBER.values())}
_MONTH_ALTS = "|".join(
    sorted(_MONTH_NUMBER, key=lambda m: (m not in _FULL_MONTHS, _MONTH_NUMBER[m], -len(m)))
)
# a year as written; "the 1800 block of Main Avenue" is an address, not a year
_YEAR = re.compile(r"(?<![\w-])(1[89]\d\d|20\d\d)(?![\w-])(?!\s+blocks?\b)")
# "in August", "on August 5", "5 August", "since June": a month as a time
_MONTH = re.compile(
    rf"\b(?:(?:in|on|since|during|by|from|until|through|last|early|late|mid)[-\s]+(?P<a>{_MONTH_ALTS})\b"
    rf"|(?P<b>{_MONTH_ALTS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?P<c>{_MONTH_ALTS})\b)",
    re.I,
)


@dataclass(frozen=True)
class _Vocab:
    cues: re.Pattern[str]
    backward: re.Pattern[str]  # period and aggregate cues: they follow their count
    forward: re.Pattern[str]  # incident nouns: they precede their count
    elsewhere: re.Pattern[str]
    opening: int
    months_before: int
    months_before_whole: int
    comparisons: frozenset[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    data = load_yaml("background.yaml")
    def alternation(keys: tuple[str, ...]) -> re.Pattern[str]:
        patterns = [p.replace("{months}", _MONTH_ALTS) for key in keys for p in data[key]]
        return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.I)

    return _Vocab(
        cues=alternation(("period", "aggregate", "earlier", "incident", "ongoing")),
        backward=alternation(("period", "aggregate")),
        forward=alternation(("incident", "ongoing")),
        elsewhere=re.compile(  # at the start, or after a first short phrase
            r"^\W*(?:[^,.;]{1,40},\s*)?(?:"
            + "|".join(re.escape(str(w)) for w in data["elsewhere"]) + r")\b", re.I
        ),
        opening=int(data["opening_chars"]),
        months_before=int(data["months_before"]),
        months_before_whole=int(data["months_before_whole"]),
        comparisons=frozenset(str(w).lower() for w in data["comparisons"]),
    )


def _compared(text: str, at: int, v: _Vocab) -> bool:
    """Whether a superlative stands just before ``at`` ("the deadliest since 2014")."""
    before = re.findall(r"[a-z]+", text[max(0, at - 40) : at].lower())[-4:]
    return any(w in v.comparisons for w in before)


def _month_index(name: str) -> int:
    return _MONTH_NUMBER[name.lower()]


def cue_spans(text: str, published: dt.date | None) -> list[tuple[int, int]]:
    """Character spans of the background cues of one sentence."""
    v = vocab()
    spans = [m.span() for m in v.cues.finditer(text) if not _compared(text, m.start(), v)]
    if published is not None:
        for m in _YEAR.finditer(text):
            if int(m.group()) < published.year and not _compared(text, m.start(), v):
                spans.append(m.span())
        now = published.year * 12 + published.month
        for m in _MONTH.finditer(text):
            name = m.group("a") or m.group("b") or m.group("c")
            month = _month_index(name)
            year = published.year if month <= published.month else published.year - 1
            after = _YEAR.match(text, m.end() + 1) or _YEAR.match(text, m.end() + 2)
            if after:
                year = int(after.group())
            whole = re.match(r"(?:in|during)\s", m.group(), re.I) is not None
            least = v.months_before_whole if whole else v.months_before
            if now - (year * 12 + month) >= least and not _compared(text, m.start(), v):
                spans.append((m.start(), after.end() if after else m.end()))
    return spans


def mark(sentence: Sentence, figures: list[Figure], published: dt.date | None) -> set[int]:
    """Indexes (into ``figures``, all of ``sentence``) of the figures a cue marks."""
    if not figures:
        return set()
    v = vocab()
    spans = cue_spans(sentence.text, published)
    if v.elsewhere.match(sentence.text) or any(a <= v.opening for a, _ in spans):
        return set(range(len(figures)))  # the whole sentence is about another time or place
    marked: set[int] = set()
    numbers = [m.span() for m in _numbers().finditer(sentence.text)]
    numbers += [(f.evidence.start - sentence.start, f.evidence.end - sentence.start)
                for f in figures]  # "a policeman": a count of one has no number
    for a, b in spans:
        # the count nearest to the cue is the one it dates, whether or not it is a figure
        # ("7 were killed, bringing the toll this year to 300": the 300); "a week after"
        # dates what follows it
        cue = sentence.text[a:b]
        forward = (re.search(r"(?:after|before|prior)\W*$", cue, re.I) is not None
                   or v.forward.fullmatch(cue) is not None)
        outside = [(s, e) for s, e in numbers if not (s >= a and e <= b)]
        if forward:
            outside = [(s, e) for s, e in outside if s >= b]
        elif v.backward.fullmatch(cue) is not None:
            # the count before it in the same clause ("200 people have been killed since
            # the conflict broke out and nearly 67,000 fled": the 200)
            same = [(s, e) for s, e in outside if e <= a
                    and not re.search(r"[,;:]|\b(?:and|but|while|whereas)\b", sentence.text[e:a])]
            outside = same or outside
        near = [(max(0, a - e, s - b), s) for s, e in outside]
        if not near:
            continue
        at = sentence.start + min(near)[1]
        for i, f in enumerate(figures):
            if f.evidence.start <= at < max(f.evidence.end, f.evidence.start + 1):
                marked.add(i)
    # a part of a background count is background too: "killed 26 people, including 14
    # soldiers"
    for j, f in enumerate(figures):
        if j in marked:
            continue
        for i in list(marked):
            gap = sentence.text[figures[i].evidence.end - sentence.start : f.evidence.start - sentence.start]
            if figures[i].evidence.end <= f.evidence.start and _PART.match(gap):
                marked.add(j)
                break
    return marked


_PART = re.compile(r"^[^.;:]{0,40}?\b(?:including|among them|of them|of whom)\W*$", re.I)


@lru_cache(maxsize=1)
def _numbers() -> re.Pattern[str]:
    """Counts as written: digits, number words, vague counts, "a" / "an" before people."""
    from fogwatch.read import figures

    v = figures.vocab()
    words = sorted(v.number_words | {" ".join(k) for k in v.vague}, key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\d[\d,]*|(?<![\w-])(?:{alts})(?![\w-])", re.I)
