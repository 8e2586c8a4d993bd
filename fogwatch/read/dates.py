"""Dates: date expressions resolved against the publication date, and the event date.

Rules, not a date-parsing library: the expressions news and ACLED notes use are few
("On 8 May 2020", "Around 9 May 2020 (as reported)", "on Saturday", "overnight",
"last week", "in May", "between 27 April - 4 May", "two days ago"), a regex pass over
each sentence costs next to nothing, and the result is deterministic. Words are data
(``fogwatch/data/dates.yaml``).

Each expression becomes a :class:`~fogwatch.model.DateMention` with ACLED's
``time_precision`` (1 day, 2 week, 3 month). Where the words allow a span of days the
date is the latest day they allow that is not after publication (ACLED codes an event
known only to the week or month at a day inside it, and "from 24 April-8 May" at 8 May).
Nothing is dated after the publication date unless the text gives the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from fogwatch.model import DateMention
from fogwatch.read.context import Context
from fogwatch.read.contract import recogniser
from fogwatch.read.text import Sentence
from fogwatch.vocab import load_yaml, words_regex

EVENT_CUES = ("violence", "security", "protest")


_alternation = words_regex


@dataclass
class _Patterns:
    months: dict[str, int]
    weekdays: list[str]
    relative: dict[str, dict[str, Any]]
    ago_units: dict[str, list[int]]
    numbers: dict[str, int]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    iso: re.Pattern[str]
    acled: re.Pattern[str]
    range_: re.Pattern[str]
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    rel: re.Pattern[str]
    ago: re.Pattern[str]
    quick: re.Pattern[str]
    # necessary conditions, each for some patterns: a sentence without a month name
    # cannot hold a day-and-month date, one without a weekday no weekday
    month_word: re.Pattern[str]
    weekday_word: re.Pattern[str]
    ago_word: re.Pattern[str]
    hedge_before: re.Pattern[str]
    hedge_after: re.Pattern[str]
    background: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = load_yaml("dates.yaml")
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    # Month names must be capitalised: "may" is a verb, "mar" a verb, "sep" not a month.
    names = {n.lower() for n in calendar.month_name if n}
    full = [k.capitalize() for k in months if k in names]
    short = [k.capitalize() for k in months if k.capitalize() not in full]
    month = r"(?P<{n}>" + _alternation(full) + "|(?:" + _alternation(short) + r")\.?)"
    any_month = _alternation(k.capitalize() for k in months)  # full and short names
    day = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<{n}>(?:19|20)\d\d)"
    weekdays = [w.lower() for w in data["weekdays"]]
    wd = _alternation(w.capitalize() for w in weekdays)
    rel = data["relative"]
    ago_units = data["ago_units"]
    numbers = {k.lower(): int(v) for k, v in data["number_words"].items()}

    def dm(suffix: str) -> str:  # "8 May 2020", "8th of May"
        return (day.format(n="d" + suffix) + r"\s+(?:of\s+)?" + month.format(n="m" + suffix)
                + r"(?:,?\s+" + year.format(n="y" + suffix) + ")?")

    return _Patterns(
        months=months,
        weekdays=weekdays,
        relative={k.lower(): v for k, v in rel.items()},
        ago_units=ago_units,
        numbers=numbers,
        day_month=re.compile(r"\b" + dm("")),
        month_day=re.compile(
            r"\b" + month.format(n="m") + r"\s+" + day.format(n="d") + r"(?!\d)(?:,?\s+"
            + year.format(n="y") + ")?"
        ),
        iso=re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        acled=re.compile(
            r"\b(?P<d>[0-3]?\d)-(?P<m>" + any_month
            + r")-(?P<y>\d\d)\b(?!-)"
        ),
        # "between 27 April - 4 May", "from 24 April-8 May", "27-29 April 2020"
        range_=re.compile(
            r"\b(?:(?:between|from)\s+)?" + day.format(n="d1")
            + r"(?:\s+(?:of\s+)?" + month.format(n="m1") + r"(?:,?\s+" + year.format(n="y1")
            + r")?)?\s*(?:-|–|and|to|until)\s*" + dm("2")
        ),
        month=re.compile(
            r"\b(?:(?P<pre>in|during|since|throughout|until|by|of|early|mid|late|end of|"
            r"beginning of|the end of|the beginning of)[\s-]+)?(?:(?P<part>early|mid|late)[\s-]+)?"
            + month.format(n="m") + r"(?:,?\s+" + year.format(n="y") + ")?"
        ),
        weekday=re.compile(
            r"\b(?:(?P<q>last|this|past|late|early|on)\s+)?(?P<w>" + wd + r")"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
        rel=re.compile(r"\b(?:" + _alternation(rel) + r")\b", re.IGNORECASE),
        ago=re.compile(
            r"\b(?P<n>\d+|" + _alternation(numbers) + r")\s+(?P<u>"
            + _alternation(ago_units) + r")\s+(?:ago|earlier|before)\b",
            re.IGNORECASE,
        ),
        # a sentence with none of these has no date: skip the other patterns
        quick=re.compile(
            r"\d|\b(?:" + any_month + "|" + wd + r")\b|"
            r"(?i:\b(?:" + _alternation(rel) + "|" + _alternation(numbers) + r")\b)"
        ),
        month_word=re.compile(r"\b(?:" + any_month + ")"),
        weekday_word=re.compile(r"\b(?:" + wd + ")"),
        ago_word=re.compile(r"\s(?i:ago|earlier|before)\b"),
        hedge_before=re.compile(
            r"\b(?:" + _alternation(data["hedges"]) + r")\s*$", re.IGNORECASE
        ),
        hedge_after=re.compile(
            r"^\s*(?:" + _alternation(data["hedges_after"]) + ")", re.IGNORECASE
        ),
        background=re.compile(
            r"\b(?:" + _alternation(data["background_cues"]) + r")\b", re.IGNORECASE
        ),
    )


_DIGIT = re.compile(r"\d")


@dataclass
class _Found:
    start: int  # sentence offsets
    end: int
    date: dt.date | None
    precision: int | None
    kind: str
    anaphoric: bool = False


def _year(y: str | None, month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a date written without one: the latest not after publication."""
    if y:
        return int(y) if len(y) == 4 else 2000 + int(y)
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, min(day, 28)) > published:
            year -= 1
    except ValueError:
        return None
    return year


def _make(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int, published: dt.date | None) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return min(last, published) if published and published >= dt.date(year, month, 1) else last


def _find(text: str, published: dt.date | None) -> list[_Found]:
    p = _patterns()
    found: list[_Found] = []
    if not p.quick.search(text):
        return found

    def month_no(name: str) -> int:
        return p.months[name.lower().rstrip(".")]

    digit = _DIGIT.search(text) is not None
    month_word = p.month_word.search(text) is not None
    for m in (p.range_.finditer(text) if digit and month_word else ()):
        m2 = month_no(m.group("m2"))
        y2 = _year(m.group("y2"), m2, int(m.group("d2")), published)
        end = _make(y2, m2, int(m.group("d2")))
        m1 = month_no(m.group("m1")) if m.group("m1") else m2
        y1 = int(m.group("y1")) if m.group("y1") else (y2 - (1 if m1 > m2 else 0) if y2 else None)
        start = _make(y1, m1, int(m.group("d1")))
        if end is None or start is None or start > end:
            continue
        precision = 2 if (end - start).days <= 7 else 3
        found.append(_Found(m.start(), m.end(), end, precision, "range"))
    for pattern in (p.day_month, p.month_day) if digit and month_word else ():
        for m in pattern.finditer(text):
            month = month_no(m.group("m"))
            day = int(m.group("d"))
            found.append(_Found(m.start(), m.end(),
                                _make(_year(m.group("y"), month, day, published), month, day),
                                1, "day"))
    for m in p.iso.finditer(text) if digit else ():
        found.append(_Found(m.start(), m.end(),
                            _make(int(m.group("y")), int(m.group("m")), int(m.group("d"))),
                            1, "day"))
    for m in p.acled.finditer(text) if digit and month_word else ():
        month = month_no(m.group("m"))
        found.append(_Found(m.start(), m.end(),
                            _make(_year(m.group("y"), month, 1, None), month, int(m.group("d"))),
                            1, "day"))
    for m in p.month.finditer(text) if month_word else ():
        # a bare month name needs a preposition or a year: "May" alone may be a name
        if not (m.group("pre") or m.group("part") or m.group("y")):
            continue
        month = month_no(m.group("m"))
        year = _year(m.group("y"), month, 1, published)
        date = _month_end(year, month, published) if year else None
        start = m.start("part") if m.group("part") else m.start("m")
        if m.group("pre") and m.group("pre").lower() in ("early", "mid", "late"):
            start = m.start("pre")
        found.append(_Found(start, m.end(), date, 3, "month"))
    for m in p.weekday.finditer(text) if p.weekday_word.search(text) else ():
        found.append(_Found(m.start("w") if (m.group("q") or "").lower() == "on" else m.start(),
                            m.end(), _weekday(m.group("w"), m.group("q"), published), 1,
                            "weekday"))
    for m in p.rel.finditer(text):
        spec = p.relative[m.group().lower()]
        if spec.get("same_as_previous"):
            found.append(_Found(m.start(), m.end(), None, None, "relative", anaphoric=True))
            continue
        found.append(_Found(m.start(), m.end(), _relative(spec, published),
                            int(spec["precision"]), "relative"))
    for m in p.ago.finditer(text) if p.ago_word.search(text) else ():
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else p.numbers[n]
        per, precision = p.ago_units[m.group("u").lower()]
        date = published - dt.timedelta(days=count * per) if published else None
        found.append(_Found(m.start(), m.end(), date, precision, "relative"))
    # longest first at each position, then drop overlaps
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[_Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    # "Around 8 May 2020 (from 24 April-8 May)": the bracketed span sets the precision
    for f, g in zip(out, out[1:], strict=False):
        if (g.kind == "range" and g.date == f.date and f.precision and g.precision
                and re.fullmatch(r"\s*\(\s*", text[f.end : g.start])):
            f.precision = max(f.precision, g.precision)
    for f in out:
        if f.precision is not None and f.precision < 2 and (
            p.hedge_before.search(text[max(0, f.start - 25) : f.start])
            or p.hedge_after.search(text[f.end : f.end + 30])
        ):
            f.precision = 2
    return out


def _weekday(name: str, qualifier: str | None, published: dt.date | None) -> dt.date | None:
    """The most recent such weekday on or before publication ("last": strictly before)."""
    if published is None:
        return None
    target = _patterns().weekdays.index(name.lower())
    back = (published.weekday() - target) % 7
    if back == 0 and (qualifier or "").lower() in ("last", "past"):
        back = 7
    return published - dt.timedelta(days=back)


def _relative(spec: dict[str, Any], published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    if spec.get("unit") == "week":
        # the Sunday that ended last week
        return published - dt.timedelta(days=published.weekday() + 1)
    if spec.get("unit") == "month":
        first = published.replace(day=1)
        return first - dt.timedelta(days=1)
    date = published + dt.timedelta(days=int(spec.get("days", 0)))
    if spec.get("weekend"):
        # the latest Sunday on or before that day
        date -= dt.timedelta(days=(date.weekday() + 1) % 7)
    return date


def _mentions(ctx: Context) -> list[tuple[Sentence, _Found]]:
    out = []
    for sentence in ctx.sentences:
        for f in _find(sentence.text, ctx.published):
            out.append((sentence, f))
    # "earlier that day": the date of the mention before it
    previous: _Found | None = None
    for _, f in out:
        if f.anaphoric and previous is not None:
            f.date, f.precision = previous.date, previous.precision
        if f.date is not None:
            previous = f
    return out


@recogniser("dates", requires=("article", "published", "sentences", "sentence.cues"),
            assigns=("dates",))
def recognise(ctx: Context) -> None:
    """Append the article's date expressions to ``ctx.dates``."""
    for sentence, f in _mentions(ctx):
        start, end = sentence.start + f.start, sentence.start + f.end
        ctx.dates.append(
            DateMention(
                text=ctx.text[start:end],
                date=f.date.isoformat() if f.date else None,
                time_precision=f.precision,
                evidence=ctx.evidence(start, end),
            )
        )


def event_date(ctx: Context) -> tuple[str | None, int | None]:
    """The date and ACLED time_precision of the primary event.

    The first dated mention (not after publication, not just after a background cue
    such as "since" or "dates back to") in a sentence with a violence, security or
    protest cue, else
    the first such mention anywhere. With none, the publication date at precision 2:
    a report is usually about the last day or two, but the text does not say which
    day. With no publication date either, ``(None, None)``.
    """
    background = _patterns().background
    published = ctx.published
    dated = []
    for mention in ctx.dates:
        if mention.date is None:
            continue
        if published is not None and mention.date > published.isoformat():
            continue
        sentence = ctx.sentence_at(mention.evidence.start)
        if sentence is None:
            continue
        # "since 8 May", "dates back to March 2019": a background cue just before it
        rel = mention.evidence.start - sentence.start
        if background.search(sentence.text[max(0, rel - 40) : rel]):
            continue
        dated.append((sentence, mention))
    for sentence, mention in dated:
        if sentence.cues.intersection(EVENT_CUES):
            return mention.date, mention.time_precision
    if dated:
        return dated[0][1].date, dated[0][1].time_precision
    if published is not None:
        return published.isoformat(), 2
    return None, None
