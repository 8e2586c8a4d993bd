"""One reader: ``read(article) -> ArticleReading``, used by every driver.

The CLI, the API, the batch runner and Dask all call :func:`read_article` or its
batched form :func:`read_many` (the same steps, with spaCy run once over the
sentences of several articles); there is no second code path.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fogwatch.geo import gazetteer as gz
from fogwatch.model import Article, ArticleReading
from fogwatch.read import (
    actors,
    attribution,
    dates,
    events,
    figures,
    measures,
    nlp,
    places,
    prefilter,
    verification,
)
from fogwatch.read.context import Context
from fogwatch.read.text import Sentence, headline_end, split_sentences

READER_VERSION = "0.1.0"


def reader_version() -> str:
    """The reader's version, with the fingerprint of the places the user imported into
    the gazetteer when there are any ("0.1.0+gazetteer.1a2b3c4d5e6f"): the same text and
    the same gazetteer give the same reading."""
    fp = gz.user_fingerprint()
    return READER_VERSION if fp is None else f"{READER_VERSION}+gazetteer.{fp}"


# The largest article the reader takes, in UTF-8 bytes; a larger one is a record error
# and the batch goes on. The environment variable sets another ceiling.
MAX_ARTICLE_ENV = "FOGWATCH_MAX_ARTICLE_BYTES"
DEFAULT_MAX_ARTICLE = 5_000_000


class ArticleTooLarge(ValueError):
    """An article over the reader's size ceiling."""


def max_article_bytes() -> int:
    """The article-size ceiling: ``FOGWATCH_MAX_ARTICLE_BYTES`` or 5 MB."""
    value = os.environ.get(MAX_ARTICLE_ENV)
    if not value:
        return DEFAULT_MAX_ARTICLE
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        raise ValueError(f"{MAX_ARTICLE_ENV}={value!r} is not a number of bytes") from None
    if limit <= 0:
        raise ValueError(f"{MAX_ARTICLE_ENV}={value!r} must be a positive number of bytes")
    return limit


def check_size(text: str) -> None:
    """Refuse an article over :func:`max_article_bytes` with a clear error."""
    limit = max_article_bytes()
    if len(text) * 4 <= limit:
        return  # cannot be over the ceiling in any encoding: no need to count bytes
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise ArticleTooLarge(
            f"article is {size:,} bytes, over the reader's ceiling of {limit:,} bytes "
            f"(set {MAX_ARTICLE_ENV} to read larger ones)"
        )

# Order matters: later recognisers read what earlier ones found. Each declares what it
# reads and writes (fogwatch.read.contract); tests/read/test_contract.py checks this order.
RECOGNISERS = (
    places.recognise,
    dates.recognise,
    actors.recognise,
    figures.recognise,
    attribution.recognise,
    verification.recognise,
    measures.recognise,
    events.recognise,
)


def parse_published(value: str | None) -> dt.date | None:
    """The publication date of an ISO date or datetime string (None if absent or bad)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# What spaCy runs on a sentence: NER where it may name the event's places and actors
# (a sentence with an event cue), the parser where a recogniser reads the parse.
_FULL, _PARSE, _NER, _TOKENS = ("ner", "parse"), ("parse",), ("ner",), ()


@dataclass
class _Prepared:
    """An article split and prefiltered, waiting for its sentences' spaCy Docs.

    Each sentence gets only the spaCy components a recogniser will read: a context
    sentence (a speaker or a force named next to the event) gets no NER, a sentence
    whose figures and claims need no parse gets no parser. A candidate with neither
    still gets a tokenised Doc, so every recogniser sees the same candidates.
    """

    article: Article
    sentences: list[Sentence]
    candidates: list[Sentence]
    # (sentence, the spaCy work it needs, whether the Doc is a spare) in order; spares
    # are sentences the prefilter dropped but the figure recogniser will parse anyway
    work: list[tuple[Sentence, tuple[str, ...], bool]]

    def attach(self, docs: dict[tuple[str, ...], Iterator[Any]]) -> None:
        for s, need, spare in self.work:
            doc = next(docs[need])
            if spare:
                s.spare_doc = doc
            else:
                s.doc = doc


def _prepare(article: Article) -> _Prepared:
    check_size(article.text)
    sentences = split_sentences(article.text, article.title)
    candidates = prefilter.select(sentences)
    if not candidates:
        return _Prepared(article, sentences, [], [])
    chosen = {s.index for s in candidates}
    with_figures = {s.index for s in sentences if figures.wants_parse(s)}
    spare = [s for s in sentences if s.index in with_figures and s.index not in chosen]
    with_doc = chosen | {s.index for s in spare}
    plan = (with_figures & chosen) | attribution.parse_plan(sentences, with_figures, with_doc)
    work = []
    for s in candidates:
        ner = prefilter.has_event_cue(s)
        parse = s.index in plan
        work.append((s, _FULL if ner and parse else _PARSE if parse else _NER if ner else _TOKENS,
                     False))
    work += [(s, _FULL, True) for s in spare]
    return _Prepared(article, sentences, candidates, work)


def _finish(p: _Prepared) -> ArticleReading:
    article = p.article
    ctx = Context(
        article=article, sentences=p.sentences, published=parse_published(article.published)
    )
    if p.candidates:
        for recognise in RECOGNISERS:
            recognise(ctx)
    return ArticleReading(
        article_id=article.id,
        published=article.published,
        title=article.title or _headline(article),
        url=article.url,
        # a record with no outlet is named by its web address's host
        outlet=article.outlet or (attribution.outlet_name(article) if article.url else None),
        events=ctx.events,
        claims=ctx.claims,
        figures=ctx.figures,
        places=ctx.places,
        actors=ctx.actors,
        measures=ctx.measures,
        dates=ctx.dates,
        verification=ctx.verification,
        reader_version=reader_version(),
    )


def _headline(article: Article) -> str | None:
    """The headline the text begins with, kept as the title when none was given."""
    end = headline_end(article.text)
    return article.text[:end].strip() or None if end is not None else None


def read_many(articles: Sequence[Article]) -> list[ArticleReading | Exception]:
    """Read several articles, running spaCy over all their sentences in one batch.

    spaCy costs less per sentence in large batches, and its output for a sentence does
    not depend on the other sentences of the batch, so a reading is the same whether
    its article is read alone or with others. An article that fails gets its exception
    in its place in the result; the others are read.
    """
    prepared: list[_Prepared | Exception] = []
    for article in articles:
        try:
            prepared.append(_prepare(article))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the rest
            prepared.append(exc)
    ready = [p for p in prepared if isinstance(p, _Prepared)]
    try:
        _attach_docs(ready)
    except Exception as exc:  # noqa: BLE001 - find the article spaCy fails on
        if len(articles) == 1:
            return [exc]
        return [_one(a) for a in articles]
    out: list[ArticleReading | Exception] = []
    for p in prepared:
        if isinstance(p, Exception):
            out.append(p)
            continue
        try:
            out.append(_finish(p))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
    return out


def _attach_docs(ready: list[_Prepared]) -> None:
    """Run spaCy over the sentences of all ``ready`` articles: one batch per kind of work."""
    texts: dict[tuple[str, ...], list[str]] = {}
    for p in ready:
        for s, need, _spare in p.work:
            texts.setdefault(need, []).append(s.text)
    docs = {need: iter(_docs_once(batch, need)) for need, batch in texts.items()}
    for p in ready:
        p.attach(docs)


def _docs_once(texts: list[str], need: tuple[str, ...]) -> list[Any]:
    """Docs for ``texts``, running spaCy once per distinct text.

    A repeated sentence (boilerplate across a batch, a text pasted twice) gets a copy
    of the first one's Doc: spaCy's output for a sentence does not depend on the rest
    of its batch, and a copy keeps each sentence's Doc its own to annotate further.
    """
    first: dict[str, int] = {}
    distinct: list[str] = []
    for t in texts:
        if t not in first:
            first[t] = len(distinct)
            distinct.append(t)
    made = nlp.docs(distinct, need)
    if len(distinct) == len(texts):
        return made
    out = []
    used = [False] * len(made)
    for t in texts:
        k = first[t]
        out.append(made[k].copy() if used[k] else made[k])
        used[k] = True
    return out


def _one(article: Article) -> ArticleReading | Exception:
    try:
        return read_article(article)
    except Exception as exc:  # noqa: BLE001
        return exc


def read_article(article: Article) -> ArticleReading:
    """Read one article: sentences, prefilter, NLP on candidates, recognisers, events."""
    p = _prepare(article)
    _attach_docs([p])
    return _finish(p)


def read(
    text: str,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    article_id: str | None = None,
) -> ArticleReading:
    """Read a news report given as text. See :func:`read_article`."""
    article = Article.make(
        text, published=published, title=title, url=url, outlet=outlet, id=article_id
    )
    return read_article(article)
