"""Security measures: curfews, communication shutdowns, suspended transport, sealed buildings.

A measure is kept as data, not as an event: ``Measure(kind, text, place, evidence)``.
Vocabulary in ``fogwatch/data/measures.yaml``: a kind is found by a phrase of its own
("curfew", "section 144") or by a noun and a verb of its kind in one clause ("mobile
phone services ... were suspended", "sealed off key administrative buildings");
clauses are cut at "while", "but", ";", ", and" so that "buildings were sealed off
while mobile services were suspended" gives two measures, not four. A noun and verb
done by protesters ("demonstrators blocked the road", words in ``not_by``) are a
protest tactic, not a security measure, and are left to the events module.

The place is the place named in the same sentence (``ctx.places`` from the places
recogniser, else spaCy's GPE / LOC / FAC entities), nearest to the measure; else the
last place named earlier in the same paragraph; else none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fogwatch.model import Measure
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, trie_regex

# A noun and a verb further apart than this (characters) are not one measure.
_MAX_GAP = 50


@dataclass(frozen=True)
class _Kind:
    name: str
    phrases: re.Pattern[str] | None
    nouns: re.Pattern[str] | None
    verbs: re.Pattern[str] | None


def _alternation(words: list[str] | None) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = sorted({str(w).lower() for w in words}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _vocab() -> tuple[list[_Kind], re.Pattern[str], re.Pattern[str]]:
    data = load_yaml("measures.yaml")
    kinds = [
        _Kind(
            name,
            _alternation(spec.get("phrases")),
            _alternation(spec.get("nouns")),
            _alternation(spec.get("verbs")),
        )
        for name, spec in data["kinds"].items()
    ]
    breaks = sorted((str(b) for b in data["clause_breaks"]), key=len, reverse=True)
    alts = "|".join(
        re.escape(b) if not b[0].isalpha() else rf"\b{re.escape(b)}\b" for b in breaks
    )
    return kinds, re.compile(alts, re.IGNORECASE), _alternation(data["not_by"])


@lru_cache(maxsize=1)
def _any_measure_word() -> re.Pattern[str]:
    """Every noun and phrase of every kind in one prefix-tree regex: most sentences have
    none, and then nothing else is tried."""
    data = load_yaml("measures.yaml")
    words = {
        str(w).lower()
        for spec in data["kinds"].values()
        for w in (spec.get("nouns") or []) + (spec.get("phrases") or [])
    }
    return re.compile(rf"(?<![\w-])(?:{trie_regex(words)})(?![\w-])", re.IGNORECASE)


def _clauses(text: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in breaks.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if b > a]


def find(text: str) -> list[tuple[str, int, int]]:
    """The measures one sentence states: (kind, start, end) with sentence offsets."""
    if not _any_measure_word().search(text):
        return []
    kinds, breaks, protest = _vocab()
    found: list[tuple[str, int, int]] = []
    for c_start, c_end in _clauses(text, breaks):
        clause = text[c_start:c_end]
        taken: list[tuple[int, int]] = []
        # nouns across all kinds, longest first, so "mobile internet" is not "mobile"
        nouns = []
        for kind in kinds:
            if kind.nouns is not None and kind.verbs is not None:
                nouns += [(m.start(), m.end(), kind) for m in kind.nouns.finditer(clause)]
        nouns.sort(key=lambda n: (-(n[1] - n[0]), n[0]))
        for start, end, kind in nouns:
            if any(a < end and start < b for a, b in taken):
                continue
            verbs = [
                m for m in kind.verbs.finditer(clause)
                if (m.end() <= start and start - m.end() <= _MAX_GAP)
                or (m.start() >= end and m.start() - end <= _MAX_GAP)
            ]
            if not verbs:
                continue
            verb = min(verbs, key=lambda m: min(abs(m.start() - end), abs(start - m.end())))
            if protest.search(clause[: min(start, verb.start())]):
                continue  # "protesters blocked the road": a tactic, not a security measure
            taken.append((start, end))
            found.append((kind.name, c_start + min(start, verb.start()), c_start + max(end, verb.end())))
        for kind in kinds:
            if kind.phrases is None:
                continue
            for m in kind.phrases.finditer(clause):
                found.append((kind.name, c_start + m.start(), c_start + m.end()))
    found.sort(key=lambda f: f[1])
    out, seen = [], set()
    for kind, start, end in found:
        if kind not in seen:  # one measure of a kind per sentence
            seen.add(kind)
            out.append((kind, start, end))
    return out


def _place_in(ctx: Context, sentence: Sentence, start: int, end: int) -> str | None:
    """The place named in the sentence nearest to [start, end) (article offsets)."""
    candidates = [
        (p.evidence.start, p.evidence.end, p.location or p.name or p.text)
        for p in ctx.places
        if sentence.start <= p.evidence.start < sentence.end
    ]
    if not candidates and sentence.doc is not None:
        candidates = [
            (sentence.start + e.start_char, sentence.start + e.end_char, e.text)
            for e in sentence.doc.ents
            if e.label_ in ("GPE", "LOC", "FAC")
        ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: min(abs(c[0] - end), abs(start - c[1])))[2]


def _place_before(ctx: Context, sentence: Sentence) -> str | None:
    """The last place named earlier in the sentence's paragraph."""
    para = [s for s in ctx.sentences if s.paragraph == sentence.paragraph and s.start < sentence.start]
    places = [
        p for p in ctx.places
        if any(s.start <= p.evidence.start < s.end for s in para)
    ]
    if not places:
        return None
    p = max(places, key=lambda p: p.evidence.start)
    return p.location or p.name or p.text


@recogniser("measures", requires=("article", "sentences", "sentence.parse", "places"),
            assigns=("measures",))
def recognise(ctx: Context) -> None:
    """Append the security measures stated in the article to ``ctx.measures``."""
    for sentence in ctx.sentences:
        for kind, start, end in find(sentence.text):
            a, b = sentence.start + start, sentence.start + end
            place = _place_in(ctx, sentence, a, b) or _place_before(ctx, sentence)
            ctx.measures.append(
                Measure(kind=kind, text=ctx.text[a:b], place=place, evidence=ctx.evidence(a, b))
            )
