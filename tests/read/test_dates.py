"""Dates: expressions resolved against the publication date, and the event date."""

from __future__ import annotations

import datetime as dt

import pytest

from fogwatch.model import Article
from fogwatch.read import dates
from fogwatch.read.context import Context
from fogwatch.read.prefilter import select
from fogwatch.read.text import split_sentences

PUBLISHED = "2020-05-10"  # a Sunday


def _ctx(text: str, published: str | None = PUBLISHED) -> Context:
    sentences = split_sentences(text)
    select(sentences)
    ctx = Context(
        article=Article.make(text, published=published),
        sentences=sentences,
        published=dt.date.fromisoformat(published) if published else None,
    )
    dates.recognise(ctx)
    return ctx


def _first(text: str, published: str | None = PUBLISHED):
    ctx = _ctx(text, published)
    assert ctx.dates, text
    return ctx.dates[0]


@pytest.mark.parametrize(
    "text,words,date,precision",
    [
        ("On 8 May 2020, gunmen killed two men.", "8 May 2020", "2020-05-08", 1),
        ("Gunmen killed two men on May 8, 2020.", "May 8, 2020", "2020-05-08", 1),
        ("Around 9 May 2020 (as reported), a man was found dead.", "9 May 2020", "2020-05-09", 2),
        ("Militants attacked a checkpoint on Saturday.", "Saturday", "2020-05-09", 1),
        ("Militants attacked a checkpoint on Sunday.", "Sunday", "2020-05-10", 1),
        ("A police post was attacked last Sunday.", "last Sunday", "2020-05-03", 1),
        ("Two soldiers were killed overnight.", "overnight", "2020-05-09", 1),
        ("A bomb exploded yesterday in the market.", "yesterday", "2020-05-09", 1),
        ("Clashes erupted last week in the district.", "last week", "2020-05-03", 2),
        ("Protesters were arrested in April.", "April", "2020-04-30", 3),
        ("Protesters were arrested in early May.", "early May", "2020-05-10", 3),
        ("Two days ago, a bomb exploded.", "Two days ago", "2020-05-08", 1),
        ("Police arrested 50 people (from 24 April-8 May).", "from 24 April-8 May", "2020-05-08", 3),
        ("Clashes took place between 27 April - 1 May.", "between 27 April - 1 May", "2020-05-01", 2),
        ("The attack on May 3 killed four.", "May 3", "2020-05-03", 1),
    ],
)
def test_expressions(text, words, date, precision):
    mention = _first(text)
    assert mention.text == words == text[mention.evidence.start : mention.evidence.end]
    assert (mention.date, mention.time_precision) == (date, precision)


def test_no_future_date_without_a_year():
    # published 10 May: "on 20 June" without a year is last June, not next month
    assert _first("Gunmen attacked a bus on 20 June.").date == "2019-06-20"


def test_may_the_name_is_not_a_month():
    assert _ctx("Theresa May said the attack killed three people.").dates == []


def test_earlier_that_day_takes_the_previous_date():
    ctx = _ctx("Police clashed with protesters on Friday. Earlier that day, a bomb exploded.")
    assert [(d.text, d.date) for d in ctx.dates] == [
        ("Friday", "2020-05-08"),
        ("Earlier that day", "2020-05-08"),
    ]


def test_relative_dates_need_a_publication_date():
    mention = _first("Two soldiers were killed on Saturday.", published=None)
    assert mention.date is None
    assert dates.event_date(_ctx("Two soldiers were killed on Saturday.", None)) == (None, None)


def test_event_date_skips_background_and_future():
    ctx = _ctx(
        "The conflict dates back to March 2004. "
        "Elections are due on 20 June 2020. "
        "Gunmen killed three policemen on Thursday."
    )
    assert dates.event_date(ctx) == ("2020-05-07", 1)


def test_event_date_defaults_to_publication_week():
    assert dates.event_date(_ctx("Gunmen killed three policemen.")) == (PUBLISHED, 2)


def test_seed_dates(seed_reading):
    # the seed report names no day; "Earlier that day" has nothing to refer back to
    assert [(d.text, d.date) for d in seed_reading.dates] == [("Earlier that day", None)]


def test_bracketed_span_sets_the_precision():
    mention = _first("Around 8 May 2020 (from 24 April-8 May), police arrested 50 people.")
    assert (mention.date, mention.time_precision) == ("2020-05-08", 3)
