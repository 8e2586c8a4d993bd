"""The state one article's reading passes between recognisers."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from fogwatch.model import (
    Actor,
    Article,
    Claim,
    DateMention,
    EventReport,
    Evidence,
    Figure,
    Measure,
    Place,
    Verification,
)
from fogwatch.read.text import Sentence


@dataclass(slots=True)
class ContextMemo:
    """What a recogniser computed from the whole article once and reads again: one slot
    per recogniser, named after it (see :mod:`fogwatch.read.contract`)."""

    # the country the article's demonyms name most (key "demonym_country")
    actors: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """An article being read: its sentences and what recognisers found so far.

    Recognisers run in a fixed order (see :data:`fogwatch.read.pipeline.RECOGNISERS`)
    and append to these lists; later recognisers may read what earlier ones found.
    """

    article: Article
    sentences: list[Sentence]
    published: dt.date | None = None
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    verification: list[Verification] = field(default_factory=list)
    # the sentence that says so, one per marker found (fogwatch.read.verification)
    verification_evidence: list[tuple[Verification, Evidence]] = field(default_factory=list)
    events: list[EventReport] = field(default_factory=list)
    # what a recogniser computed from the text once and reads again, one slot each
    memo: ContextMemo = field(default_factory=ContextMemo)

    @property
    def text(self) -> str:
        return self.article.text

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for ``article.text[start:end]``."""
        return Evidence(
            article_id=self.article.id, start=start, end=end, text=self.article.text[start:end]
        )

    def sentence_evidence(self, sentence: Sentence) -> Evidence:
        return self.evidence(sentence.start, sentence.end)

    def candidates(self) -> list[Sentence]:
        """Sentences the prefilter kept (those that have a spaCy Doc)."""
        return [s for s in self.sentences if s.doc is not None]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` of the article (a bisection)."""
        return sentence_at(self.sentences, offset)


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence of ``sentences`` (in text order) containing character ``offset``."""
    i = bisect.bisect_right(sentences, offset, key=_start) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def _start(s: Sentence) -> int:
    return s.start
