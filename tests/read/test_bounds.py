"""The reader's bounds: the article-size ceiling, long sentences, repeated sentences.

Speed itself is measured in ``benchmarks/scaling.py``; these tests pin the behaviour
that keeps reading linear: what the splitter and the ceiling do.
"""

import json

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.model import Article
from fogwatch.read import pipeline
from fogwatch.read.context import Context
from fogwatch.read.text import MAX_SENTENCE, split_sentences


def test_many_abbreviations_stay_one_sentence_with_exact_offsets():
    text = "Dr. " * 500 + "Khan arrived. Police left."
    sents = split_sentences(text)
    assert [s.text for s in sents][-1] == "Police left."
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert all(len(s.text) <= MAX_SENTENCE for s in sents)


def test_a_long_run_of_letters_before_a_stop_is_no_abbreviation():
    # the run "xmr" is longer than "mr": the stop ends the sentence
    sents = split_sentences("The code was " + "x" * 40 + "mr. Then it rained.")
    assert [s.text for s in sents][-1] == "Then it rained."
    sents = split_sentences("The word was abcdefghij.mr. Then it rained.")
    assert [s.text for s in sents][-1] == "Then it rained."


def test_an_abbreviation_after_closing_quotes_still_holds_the_stop():
    sents = split_sentences('He met Gen.") Ahmed later. Then he left.')
    assert [s.text for s in sents] == ['He met Gen.") Ahmed later.', "Then he left."]


def test_a_sentence_without_breaks_is_cut_at_spaces_below_the_limit():
    text = "shelling hit the villages " * 1000
    sents = split_sentences(text)
    assert len(sents) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in sents)
    assert all(text[s.start : s.end] == s.text for s in sents)
    # the pieces are cut at single spaces: nothing but those spaces is left out
    assert " ".join(s.text for s in sents) == text.strip()


def test_a_word_longer_than_the_limit_is_cut_at_the_limit():
    text = "x" * (MAX_SENTENCE * 2 + 10)
    sents = split_sentences(text)
    assert [len(s.text) for s in sents] == [MAX_SENTENCE, MAX_SENTENCE, 10]


def test_sentence_at_finds_the_sentence_or_none():
    text = "Gunmen attacked a post. Two soldiers died.\n\nPolice said so."
    sents = split_sentences(text)
    ctx = Context(article=Article.make(text), sentences=sents)
    for s in sents:
        assert ctx.sentence_at(s.start) is s
        assert ctx.sentence_at(s.end - 1) is s
    assert ctx.sentence_at(sents[0].end) is None  # the space between sentences
    assert ctx.sentence_at(len(text) + 5) is None
    assert ctx.sentence_at(-1) is None


def test_a_repeated_sentence_reads_as_each_of_its_copies():
    line = "Gunmen killed 5 people in an attack on a market in Quetta on Monday, police said. "
    one = pipeline.read(line, published="2024-05-06")
    three = pipeline.read(line * 3, published="2024-05-06")
    assert len(three.figures) == 3 * len(one.figures) > 0
    for f in three.figures:
        assert (line * 3)[f.evidence.start : f.evidence.end] == f.evidence.text


def test_an_article_over_the_ceiling_is_refused(monkeypatch):
    monkeypatch.setenv(pipeline.MAX_ARTICLE_ENV, "1000")
    with pytest.raises(pipeline.ArticleTooLarge, match="1,000 bytes"):
        pipeline.read("Gunmen killed 5 people. " * 100)
    assert pipeline.read("Gunmen killed 5 people in Quetta.").article_id


def test_the_ceiling_counts_bytes_not_characters(monkeypatch):
    monkeypatch.setenv(pipeline.MAX_ARTICLE_ENV, "1000")
    pipeline.check_size("a" * 1000)
    with pytest.raises(pipeline.ArticleTooLarge):
        pipeline.check_size("\u00e9" * 501)  # 1,002 bytes in UTF-8


def test_a_bad_ceiling_setting_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(pipeline.MAX_ARTICLE_ENV, "lots")
    with pytest.raises(ValueError, match=pipeline.MAX_ARTICLE_ENV):
        pipeline.max_article_bytes()


def test_extract_reports_the_large_article_and_reads_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv(pipeline.MAX_ARTICLE_ENV, "2000")
    p = tmp_path / "in.jsonl"
    rows = [
        {"id": "small", "text": "Gunmen killed two farmers in Kech.", "published": "2024-03-01"},
        {"id": "big", "text": "Shelling went on. " * 200, "published": "2024-03-01"},
        {"id": "after", "text": "Police said three were hurt.", "published": "2024-03-01"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(p)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["article_id"] for r in out] == ["small", "after"]
    assert "in.jsonl:2" in result.stderr and "ceiling" in result.stderr
