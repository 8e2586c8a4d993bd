"""The batched reader: several articles through one spaCy batch read as each alone."""

from __future__ import annotations

import json

import pytest
from shared_data import REPO

from fogwatch.model import Article
from fogwatch.read import nlp
from fogwatch.read.pipeline import _prepare, read_article, read_many


def _corpus() -> list[Article]:
    out = []
    for path in sorted((REPO / "examples" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            out.append(
                Article.make(obj["text"], id=obj["id"], published=obj.get("published"),
                             outlet=obj.get("outlet"))
            )
    return out


def test_read_many_equals_reading_each_article_alone(seed_text):
    articles = _corpus() + [Article.make(seed_text, id="seed", published="2026-02-01")]
    together = read_many(articles)
    assert len(together) == len(articles)
    for article, reading in zip(articles, together, strict=True):
        assert not isinstance(reading, Exception), reading
        alone = read_article(article)
        assert reading.model_dump() == alone.model_dump(), article.id
    # the batch is not trivially empty: the seed's figures and claims are there
    seed = together[-1]
    assert any(f.low == 92 for f in seed.figures)
    assert seed.claims


def test_one_failing_article_does_not_spoil_the_batch(monkeypatch):
    from fogwatch.read import pipeline

    good = Article.make("Police said two people were killed in a blast in Quetta on Monday.",
                        id="good", published="2024-05-06")
    bad = Article.make("Gunmen killed three villagers in Kech on Sunday.", id="bad",
                       published="2024-05-06")
    real_finish = pipeline._finish

    def finish(p):
        if p.article.id == "bad":
            raise ValueError("broken recogniser")
        return real_finish(p)

    monkeypatch.setattr(pipeline, "_finish", finish)
    out = read_many([bad, good])
    assert isinstance(out[0], ValueError)
    assert out[1].article_id == "good"
    assert any(f.low == 2 for f in out[1].figures)


def test_each_sentence_gets_only_the_spacy_work_it_needs():
    text = (
        "Militants attacked a police post in Turbat on Sunday night. "
        "Security forces cordoned off the area, police said. "
        "Officials said three policemen were killed in the attack.\n\n"
        "Police said the roads would reopen on Tuesday. "
        "Gunmen also torched a school in Hoshab."
    )
    p = _prepare(Article.make(text, id="x", published="2024-05-06"))
    need = {s.text: work for s, work, _spare in p.work}
    assert need == {
        # an event sentence with no figure or claim: NER for its places, no parse
        "Militants attacked a police post in Turbat on Sunday night.": ("ner",),
        # context only (forces, a reporting verb) just before a figure: its speaker
        # may be the figure's claimant, so a parse, but no NER
        "Security forces cordoned off the area, police said.": ("parse",),
        # context only, no figure near: tokens only
        "Police said the roads would reopen on Tuesday.": (),
        "Gunmen also torched a school in Hoshab.": ("ner",),
        # a figure and its speaker: everything
        "Officials said three policemen were killed in the attack.": ("ner", "parse"),
    }
    # a sentence left without the parser is still parsed on demand
    doc = nlp.docs(["Militants attacked a police post in Turbat on Sunday night."], ("ner",))[0]
    assert not doc.has_annotation("DEP") and [e.text for e in doc.ents] == ["Turbat", "Sunday night"]
    assert nlp.ensure_parsed(doc).has_annotation("DEP")
    reading = read_article(Article.make(text, id="x", published="2024-05-06"))
    assert [f.low for f in reading.figures] == [3]
    assert reading.events and reading.events[0].admin1 == "Balochistan"


@pytest.mark.parametrize("empty", ["", "   ", "The weather was fine and the market opened."])
def test_articles_without_candidates_cost_no_spacy(empty):
    p = _prepare(Article.make(empty, id="e"))
    assert p.work == []
    assert read_many([Article.make(empty, id="e")])[0].events == []


def test_an_article_spacy_fails_on_is_reported_not_raised(monkeypatch):
    from fogwatch.read import pipeline

    real = nlp.docs

    def docs(texts, work):
        if any("poison" in t for t in texts):
            raise RuntimeError("spaCy broke")
        return real(texts, work)

    monkeypatch.setattr(nlp, "docs", docs)
    bad = Article.make("A poison gas attack killed two people in Idlib.", id="bad")
    good = Article.make("Gunmen killed three villagers in Kech on Sunday.", id="good",
                        published="2024-05-06")
    alone = pipeline.read_many([bad])
    assert isinstance(alone[0], RuntimeError)
    both = pipeline.read_many([bad, good])  # the batch fails, so each is read alone
    assert isinstance(both[0], RuntimeError) and both[1].article_id == "good"
    assert [f.low for f in both[1].figures] == [3]


def test_a_record_without_an_outlet_is_named_by_its_host():
    from fogwatch import read

    text = "Gunmen killed two guards at a checkpoint near the border on Monday."
    assert read(text, url="https://www.example-wire.org/world/1").outlet == "example-wire.org"
    assert read(text, url="https://www.example-wire.org/x", outlet="Wire").outlet == "Wire"
    assert read(text).outlet is None
