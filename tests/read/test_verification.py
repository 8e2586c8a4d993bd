"""Verification markers on one-sentence inputs."""

from __future__ import annotations

import pytest

from fogwatch import read
from fogwatch.read.verification import markers


@pytest.mark.parametrize(
    "text",
    [
        "The figures could not be independently verified.",
        "These claims remain unverified by independent sources.",
        "There was no independent confirmation of the death toll.",
        "Reuters could not independently confirm the number of dead.",
        "The toll is unconfirmed.",
        "The claim could not be independently confirmed by hospital officials.",
    ],
)
def test_unverified(text):
    assert [status for status, _ in markers(text)] == ["unverified"]


@pytest.mark.parametrize(
    "text",
    [
        "The toll was confirmed by hospital officials in Quetta.",
        "The deaths were independently confirmed by the newspaper.",
    ],
)
def test_confirmed(text):
    assert [status for status, _ in markers(text)] == ["confirmed"]


def test_a_plain_confirmation_by_a_party_is_not_independent():
    assert markers("The army confirmed that its operation had ended.") == []


def test_reading_keeps_the_status_and_its_sentence():
    text = (
        "Militants killed 12 soldiers in an attack on a base, the group said. "
        "The claim could not be independently verified."
    )
    reading = read(text)
    assert reading.verification == ["unverified"]


def test_context_keeps_the_sentence():
    from fogwatch.model import Article
    from fogwatch.read import verification
    from fogwatch.read.context import Context
    from fogwatch.read.text import split_sentences

    text = "Five people died. The toll remains unverified."
    ctx = Context(article=Article.make(text), sentences=split_sentences(text))
    verification.recognise(ctx)
    ((status, ev),) = ctx.verification_evidence
    assert status == "unverified" and ev.text == "The toll remains unverified."
    assert ev.text == text[ev.start : ev.end]


def test_every_marker_pattern_contains_an_anchor():
    """Sentences without an anchor stem are skipped, so no pattern may match without one."""
    from fogwatch.vocab import load_yaml

    data = load_yaml("verification.yaml")
    for status in ("unverified", "confirmed"):
        for pattern in data[status]:
            assert any(anchor in pattern for anchor in data["anchors"]), pattern


def test_a_sentence_without_an_anchor_has_no_marker():
    assert markers("Police said the toll could rise as rescue work went on.") == []
