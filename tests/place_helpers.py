"""Shared by the place tests: the primary event's location for one written sentence."""

from __future__ import annotations

from fogwatch import read
from fogwatch.model import Article, Place
from fogwatch.read import places
from fogwatch.read.context import Context
from fogwatch.read.pipeline import parse_published
from fogwatch.read.text import split_sentences

PUBLISHED = "2020-05-10"


def event_location(text: str) -> Place | None:
    """What :func:`fogwatch.read.places.event_location` makes of ``text``'s places."""
    reading = read(text, published=PUBLISHED)
    article = Article.make(text, published=PUBLISHED, id=reading.article_id)
    ctx = Context(article=article, sentences=split_sentences(text),
                  published=parse_published(PUBLISHED))
    ctx.places = reading.places
    return places.event_location(ctx)
