"""The vectorised NER decoder gives spaCy's entities, token for token."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from shared_data import REPO, shared_file

from fogwatch.read import ner, nlp, prefilter
from fogwatch.read.text import split_sentences

PARSE = ["tok2vec", "tagger", "parser"]


def _ents(doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _iob(doc) -> list[tuple[int, str]]:
    return [(t.ent_iob, t.ent_type_) for t in doc]


def _spacy(pipeline, texts: list[str], before: list[str]) -> list:
    with pipeline.select_pipes(enable=[*before, "ner"]):
        return list(pipeline.pipe(texts))


def _ours(pipeline, decoder, texts: list[str], before: list[str], batch: int = 256) -> list:
    if before:
        with pipeline.select_pipes(enable=before):
            docs = list(pipeline.pipe(texts))
    else:
        docs = [pipeline.make_doc(t) for t in texts]
    for k in range(0, len(docs), batch):
        decoder(docs[k : k + batch])
    return docs


def _assert_same(expected: list, got: list, texts: list[str]) -> None:
    for want, have, text in zip(expected, got, texts, strict=True):
        assert _iob(have) == _iob(want), text


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


@pytest.fixture(scope="module")
def decoder(pipeline):
    built = ner.build(pipeline)
    assert built is not None, "the pinned model's NER should be decodable"
    return built


def _example_sentences() -> list[str]:
    """Every sentence of the example corpus and of the seed report."""
    out = [s.text for s in split_sentences(shared_file("seed", "balochistan-attacks.txt")
                                           .read_text(encoding="utf-8"))]
    for path in sorted((REPO / "examples" / "corpus").iterdir()):
        raw = path.read_text(encoding="utf-8")
        records = [json.loads(line) for line in raw.splitlines() if line.strip()] \
            if path.suffix == ".jsonl" else [{"text": raw}]
        for record in records:
            out += [s.text for s in split_sentences(record["text"])]
    return out


@pytest.mark.parametrize("before", [[], PARSE], ids=["ner-only", "after-parser"])
def test_same_entities_as_spacy_on_the_example_corpus(pipeline, decoder, before):
    texts = _example_sentences()
    assert len(texts) > 60
    expected = _spacy(pipeline, texts, before)
    assert sum(len(d.ents) for d in expected) > 100  # the corpus has entities to find
    _assert_same(expected, _ours(pipeline, decoder, texts, before), texts)


@pytest.mark.parametrize("before", [[], PARSE], ids=["ner-only", "after-parser"])
def test_same_entities_as_spacy_on_real_news(pipeline, decoder, before):
    """Lower-cased Times of India articles (with mojibake) and general news."""
    import xml.etree.ElementTree as ET

    texts: list[str] = []
    with shared_file("data", "india-police-events", "docs.jsonl").open(encoding="utf-8") as fh:
        for line in itertools.islice(fh, 60):
            sentences = split_sentences(json.loads(line)["doc_text"])
            texts += [s.text for s in prefilter.select(sentences)]
    gwn = ET.parse(shared_file("data", "geoparsing", "GWN.xml")).getroot()
    for article in itertools.islice(gwn.iter("article"), 40):
        texts += [s.text for s in split_sentences(article.findtext("text") or "")]
    assert len(texts) > 100
    expected = _spacy(pipeline, texts, before)
    assert sum(len(d.ents) for d in expected) > 100  # the news has entities to find
    _assert_same(expected, _ours(pipeline, decoder, texts, before), texts)


def test_entities_do_not_depend_on_the_batch(pipeline, decoder):
    texts = _example_sentences()[:80]
    together = _ours(pipeline, decoder, texts, [], batch=256)
    alone = _ours(pipeline, decoder, texts, [], batch=1)
    shuffled_texts = texts[:]
    random.Random(3).shuffle(shuffled_texts)
    shuffled = dict(zip(shuffled_texts, _ours(pipeline, decoder, shuffled_texts, []),
                        strict=True))
    assert len(texts) >= 50 and sum(len(d.ents) for d in together) > 20  # entities to compare
    for text, a, b in zip(texts, together, alone, strict=True):
        assert _iob(a) == _iob(b) == _iob(shuffled[text])


def test_untrained_weights_decode_like_spacy():
    """Random weights make many more entity moves than the trained model, so every
    validity rule (open entities, labels, whitespace, a doc's last token) is exercised."""
    import spacy

    blank = spacy.blank("en")
    component = blank.add_pipe("ner")
    for label in ("GPE", "ORG", "PERSON", "DATE"):
        component.add_label(label)
    blank.initialize()
    # initialised weights score every move alike; random ones make varied moves
    import numpy

    rng = numpy.random.default_rng(7)
    for name in ("lower", "upper"):
        layer = component.model.get_ref(name)
        for param in ("W", "b"):
            value = layer.get_param(param)
            layer.set_param(param, rng.normal(0, 1, value.shape).astype(value.dtype))
    decoder = ner.Recogniser(component, blank.vocab)
    texts = _example_sentences()[:150] + ["x", "  ", "A\n\nB  C", "One two.\tThree"]
    expected = [component(blank.make_doc(t)) for t in texts]
    assert sum(len(d.ents) for d in expected) > 50
    docs = [blank.make_doc(t) for t in texts]
    decoder(docs)
    _assert_same(expected, docs, texts)


def test_beam_search_recogniser_is_left_to_spacy():
    import spacy

    blank = spacy.blank("en")
    component = blank.add_pipe("beam_ner")
    component.add_label("GPE")
    blank.initialize()
    assert ner.build(blank) is None


def test_reader_docs_carry_the_decoded_entities(pipeline):
    text = "Gunmen attacked a checkpoint in Quetta, Pakistan, the army said on Monday."
    (doc,) = nlp.docs([text], ("ner",))
    (want,) = _spacy(pipeline, [text], [])
    assert _ents(doc) == _ents(want)
    assert ("Quetta", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_a_decoder_that_disagrees_with_spacy_on_the_probe_is_not_used(pipeline, monkeypatch, caplog):
    def forgetful(self, docs):
        for doc in docs:
            doc.set_ents([], default="outside")

    monkeypatch.setattr(ner.Recogniser, "__call__", forgetful)
    with caplog.at_level("WARNING", logger="fogwatch.read.ner"):
        assert ner.build(pipeline) is None
    assert "disagrees with spaCy" in caplog.text
