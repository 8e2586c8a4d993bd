"""Split article text into paragraphs and sentences, keeping character offsets.

A regex splitter, not spaCy's parser: it runs on every article, including the large
majority that the prefilter then drops, so it must cost next to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fogwatch.vocab import load_yaml

# Abbreviations after which a full stop does not end a sentence (text.yaml).
_ABBREVIATIONS = frozenset(load_yaml("text.yaml")["abbreviations"])
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
# Lower-cased text (some corpora and feeds strip case) has no capital to mark a new
# sentence, so there any letter may start one; abbreviations still hold the stop back.
_BOUNDARY_CASELESS = re.compile(
    r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[\u00e2]?[A-Za-z0-9])"
)
_UPPER = re.compile(r"[A-Z]")
_CLOSERS = "\"'\u201d\u2019)]"
_ABBREVIATION_RUN = re.compile(r"([A-Za-z.]+)\.$")
# A run of letters and stops longer than this is no abbreviation: the splitter looks
# back this far from a stop, never at the whole sentence read so far.
_ABBREVIATION_WINDOW = 16
# The longest sentence the reader takes whole. A longer run without a sentence break
# (a list with no full stops, a table, junk) is cut at the last space before this
# length, so that no recogniser's work on one sentence grows without bound. The
# longest sentence in the dev corpora is under 1,500 characters.
MAX_SENTENCE = 4000
_PARAGRAPH = re.compile(r"\n\s*\n|\r\n\s*\r\n")


@dataclass(slots=True)
class SentenceMemo:
    """What a recogniser computed from one sentence and reads again: one slot per
    recogniser, named after it (see :mod:`fogwatch.read.contract`); None until computed."""

    figures: Any = None  # the figure recogniser's tokens and counts of the sentence
    attribution: bool | None = None  # whether it has a claim cue stronger than "said"


@dataclass(slots=True)
class Sentence:
    """One sentence of an article, with its offsets into the article text.

    Its fields are declared (``slots``): a recogniser keeps what it computes from the
    sentence in its own slot of :attr:`memo`, never in an attribute of its own."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    doc: Any = None  # spaCy Doc for candidate sentences, else None
    cues: set[str] = field(default_factory=set)  # prefilter cues found in it
    parsed: bool = False
    # a Doc made ahead, in the batch, for a non-candidate sentence a recogniser will
    # parse (see fogwatch.read.figures.wants_parse); it becomes ``doc`` when used
    spare_doc: Any = None
    memo: SentenceMemo = field(default_factory=SentenceMemo)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the non-empty paragraphs of ``text``."""
    spans = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _ends_with_abbreviation(para: str, start: int, cut: int) -> bool:
    """Whether ``para[start:cut]`` ends with an abbreviation's full stop ("Mr.", "J.").

    Looks back a bounded window from ``cut``, so that a paragraph of many abbreviations
    costs linear time.
    """
    end = cut
    while end > start and para[end - 1] in _CLOSERS:
        end -= 1
    lo = max(start, end - _ABBREVIATION_WINDOW)
    m = _ABBREVIATION_RUN.search(para, lo, end)
    if not m:
        return False
    if m.start() == lo and lo > start and para[lo - 1] in _RUN_CHARS:
        return False  # the run goes on before the window: longer than any abbreviation
    word = m.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    # single capital initial ("J. Smith"), but not a sentence-final pronoun "I."
    return len(word) == 1 and word != "i"


_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _is_caseless(para: str) -> bool:
    """True when a paragraph has (almost) no capitals: a lower-cased text."""
    if len(para) < 80:
        return False
    return len(_UPPER.findall(para)) * 200 < len(para)


# A headline: the first line, without a final stop, before more text on the next line.
_HEADLINE = re.compile(
    r"[^\S\n]*([^\n]*[^\s.!?:;,\"'\u201d\u2019)\]-])[^\S\n]*\n(?=\s*[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_STOP_INSIDE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
_HEADLINE_WORDS = 25


def headline_end(text: str, title: str | None = None) -> int | None:
    """Where the article's headline ends, when its text begins with one.

    A given ``title`` that the text starts with is the headline (some exports glue it
    to the first sentence); so is a first line of at most a few words that has no final
    stop while more text follows. None when the text has no headline of its own.
    """
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if title and title.strip() and stripped.startswith(title.strip()):
        end = lead + len(title.strip())
        return end if text[end:].strip() else None
    m = _HEADLINE.match(text[lead:])
    if m is None or len(m.group(1).split()) > _HEADLINE_WORDS or _STOP_INSIDE.search(m.group(1)):
        return None
    return lead + m.end(1)


# A dateline opening a paragraph: "KABUL, Afghanistan (Reuters) -", "QUETTA:",
# "Peshawar, Jul 20 (PTI)", optionally after an ISO date; it is a sentence of its own,
# so the place is never read as the subject of the lede.
_DATELINE = re.compile(
    r"(?:[a-z]+\s+)?(?:\d{4}-\d{2}-\d{2}\s+)?"
    r"(?:[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}"
    r"(?:,\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}){0,2}"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s+\([^()\n]{1,40}\))?\s*(?:--|[-:\u2013\u2014])"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s+\((?:[A-Z]{2,6}|Reuters|Xinhua)\)\s*(?:--|[-:\u2013\u2014])?)\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])"
)


def dateline_end(paragraph: str) -> int | None:
    """Where a paragraph's dateline ends (None without one)."""
    m = _DATELINE.match(paragraph)
    return m.end() if m else None


def is_dateline(sentence: Sentence) -> bool:
    """Whether a sentence is an article's dateline and nothing more ("KABUL (Reuters) -"):
    :func:`split_sentences` makes an opening dateline a sentence of its own."""
    text = sentence.text
    return sentence.index <= 2 and dateline_end(text + " A") == len(text) + 1


def split_sentences(text: str, title: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with article offsets and paragraph numbers.

    A headline (see :func:`headline_end`) is a sentence and a paragraph of its own,
    never glued to the lede.
    """
    sentences: list[Sentence] = []
    cut = headline_end(text, title)
    spans = paragraphs(text)
    if cut is not None and spans and spans[0][1] > cut:
        rest = cut + len(text[cut : spans[0][1]]) - len(text[cut : spans[0][1]].lstrip())
        spans = [(spans[0][0], cut), (rest, spans[0][1]), *spans[1:]]
    for p_index, (p_start, p_end) in enumerate(spans):
        para = text[p_start:p_end]
        # a paragraph may also be a run of single-newline lines (headlines, datelines)
        start = 0
        cut = dateline_end(para) if len(sentences) < 3 else None
        if cut is not None:
            _append(sentences, text, p_start, p_start + cut, p_index)
            start = cut
        boundary = _BOUNDARY_CASELESS if _is_caseless(para) else _BOUNDARY
        breaks = [] if _hard_wrapped(para) else [
            m.end() for m in _LINE_BREAK.finditer(para)
            # a crosshead in capitals may run over two lines
            if not para[para.rfind("\n", 0, m.start()) + 1 : m.end()].isupper()]
        for m in _merge_breaks(boundary.finditer(para), breaks):
            if isinstance(m, int):  # a line that ends without a stop ends its sentence
                if m > start:
                    _append(sentences, text, p_start + start, p_start + m, p_index)
                    start = m
                continue
            if m.start() < start:
                continue  # a stop inside the dateline already cut off ("SALINA, Kan. (AP) -")
            cut = m.start() + 1
            # keep closing quotes/brackets with the sentence they close
            while cut < len(para) and para[cut] in _CLOSERS:
                cut += 1
            if _ends_with_abbreviation(para, start, cut):
                continue
            _append(sentences, text, p_start + start, p_start + cut, p_index)
            start = m.end()
        _append(sentences, text, p_start + start, p_end, p_index)
    return sentences


# A line break inside a paragraph after a line without a final stop, before a capital:
# in copy whose lines are its sentences or paragraphs, the line is a sentence of its own
# ("... took place in the district\nA medical official confirmed the toll.").
_LINE_BREAK = re.compile(r"[^\s.!?:;,\"'\u201d\u2019)\]\u2014\u2013-][^\S\n]*\n(?=[^\S\n]*[\"\u201c(]?[A-Z])")
_LINE_END_STOP = re.compile(r"[.!?:;\"'\u201d\u2019)\]][^\S\n]*$")


def _hard_wrapped(para: str) -> bool:
    """Whether a paragraph's lines are wrapped at a width (old wire copy: most lines end
    mid-sentence), so that a line break is only a space."""
    lines = [line for line in para.split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    open_ends = sum(1 for line in lines[:-1] if not _LINE_END_STOP.search(line))
    return open_ends * 2 > len(lines) - 1


def _merge_breaks(matches: Any, breaks: list[int]) -> list[Any]:
    """Stop matches and line-break offsets in text order."""
    items: list[tuple[int, Any]] = [(m.start(), m) for m in matches]
    items += [(b, b) for b in breaks]
    items.sort(key=lambda x: x[0])
    return [x for _, x in items]


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        # cut at the last space within the limit (or at the limit if there is none)
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        _append(out, text, start, cut, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end], paragraph))
