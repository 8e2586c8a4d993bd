"""One reader: ``read(article) -> ArticleReading``, used by every driver.

The CLI, the API, the batch runner and Dask all call :func:`read_article`; there is
no second code path.
"""

from __future__ import annotations

import datetime as dt

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
from fogwatch.read.text import split_sentences

READER_VERSION = "0.1.0"

# Order matters: later recognisers read what earlier ones found.
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


def read_article(article: Article) -> ArticleReading:
    """Read one article: sentences, prefilter, NLP on candidates, recognisers, events."""
    sentences = split_sentences(article.text)
    candidates = prefilter.select(sentences)
    if candidates:
        for sentence, doc in zip(
            candidates, nlp.parsed_docs([s.text for s in candidates]), strict=True
        ):
            sentence.doc = doc
    ctx = Context(
        article=article, sentences=sentences, published=parse_published(article.published)
    )
    if candidates:
        for recognise in RECOGNISERS:
            recognise(ctx)
    return ArticleReading(
        article_id=article.id,
        published=article.published,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        events=ctx.events,
        claims=ctx.claims,
        figures=ctx.figures,
        places=ctx.places,
        actors=ctx.actors,
        measures=ctx.measures,
        dates=ctx.dates,
        verification=ctx.verification,
        reader_version=READER_VERSION,
    )


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
