"""The reader on generated text: no exception, every evidence offset exact, time linear.

Bounded and derandomised in the suite (the same examples every run). To fuzz longer,
by hand, with fresh random examples each run:

    FOGWATCH_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/read/test_fuzz.py

The time bound is generous (:data:`SECONDS` + :data:`SECONDS_PER_KB` per KB, about 15x
what the reader needs on a loaded machine) so it does not flake, and still fails an input
that grows with the square of its length: the repeated shapes reach 40 KB, where the
quadratic cases of issue 18 took 9 s ('Mr. ') or never finished ('killed 5 people, ').
Speed itself is measured in ``benchmarks/scaling.py``.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fogwatch import read

SECONDS = 3.0
SECONDS_PER_KB = 0.25
_LONG = os.environ.get("FOGWATCH_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_LONG) if _LONG else 40,
    derandomize=not _LONG,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def _warm():
    read("Police said two people were killed in Quetta on Monday.")  # model load, untimed


def _evidence(value: Any):
    """Every ``{start, end, text}`` in a reading, wherever it sits."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            yield value
        for v in value.values():
            yield from _evidence(v)
    elif isinstance(value, list):
        for v in value:
            yield from _evidence(v)


def check(text: str) -> None:
    started = time.perf_counter()
    reading = read(text)
    elapsed = time.perf_counter() - started
    kb = len(text.encode("utf-8", "surrogatepass")) / 1000
    assert elapsed <= SECONDS + SECONDS_PER_KB * kb, f"{elapsed:.1f} s for {kb:.1f} KB"
    stored = reading.model_dump(mode="json")
    # A lone surrogate is read as U+FFFD, one character for one: offsets hold either way.
    clean = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    for span in _evidence(stored):
        if span["text"]:
            assert 0 <= span["start"] <= span["end"] <= len(text), span
            assert clean[span["start"]:span["end"]] == span["text"], span


# --- random text ----------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=3000))
def test_any_text(text):
    check(text)


# --- news-shaped text -------------------------------------------------------------------

_NUMBER = st.one_of(
    st.integers(0, 10**12).map(str),
    st.sampled_from(["two", "a dozen", "dozens", "at least 15", "more than 1,200", "3-4",
                     "nearly 40", "0", "-5", "1e9", "12,345,678,901", "½", "٣", "四"]),
)
_WHO = st.sampled_from(["Gunmen", "Police", "The army", "Militants", "Rebels", "Mr. Khan",
                        "Dr. Ali", "officials", "the ministry", "The Taliban", "a spokesman",
                        "Residents", "U.S. forces", "Al-Shabaab", "Boko Haram", ""])
_VERB = st.sampled_from(["killed", "wounded", "abducted", "attacked", "said", "claimed",
                         "denied", "shelled", "arrested", "were killed", "died", "injured"])
_WHAT = st.sampled_from(["people", "civilians", "soldiers", "police officers", "villagers",
                         "children", "militants", "others", ""])
_WHERE = st.sampled_from(["in Quetta", "near Kabul", "in Borno State", "in Pahalgam",
                          "in the north", "on the Peshawar road", "in Mogadishu", "", "in X"])
_WHEN = st.sampled_from(["on Monday", "on 12 March 2025", "last week", "on 2025-13-45",
                         "yesterday", "on Feb. 30", ""])
_GLUE = st.sampled_from([". ", ", ", " ", "\n", "\n\n", "; ", "! ", "? ", ".\u201d ", " \u2014 ",
                         "\u00a0", "\t", ". Mr. ", " (AP) - ", "QUETTA: ", "\u202e", "\r\n"])
_SENTENCE = st.builds(
    lambda *parts: " ".join(p for p in parts[:-1] if p) + parts[-1],
    _WHO, _VERB, _NUMBER, _WHAT, _WHERE, _WHEN, _WHO, _VERB, _GLUE,
)
_ODD = st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(
    ["\ud800", "\udfff", "\u0301", "\ufeff", "\x00", "\u2028", "...", '"', "\u201c"]
)


@FUZZ
@given(st.lists(st.one_of(_SENTENCE, _ODD), max_size=60).map("".join))
def test_news_shaped_text(text):
    check(text)


@FUZZ
@given(
    st.one_of(_SENTENCE, _GLUE, st.sampled_from(["Mr. ", "killed 5 people, ", "a ", "\n"])),
    st.integers(1, 40_000),
)
def test_repeated_shapes_stay_linear(unit, size):
    # One shape repeated up to 40 KB: the inputs that were quadratic before.
    check(unit * max(1, size // max(1, len(unit))))
