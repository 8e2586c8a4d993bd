"""Where watched articles go: read, then stored. The one place the watcher meets the store."""

from __future__ import annotations

from typing import Any, Protocol

from fogwatch.model import Article


class ArticleSink(Protocol):
    """Anything that keeps articles: the store, or a list in a test."""

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is already kept."""
        ...

    def add(self, article: Article) -> bool:
        """Keep a new article; False if it was already kept."""
        ...


class StoreSink:
    """Reads each new article with the one reader and adds it, with its reading, to a store."""

    def __init__(self, store: Any):
        self.store = store

    def has_article(self, article_id: str) -> bool:
        """Whether the store already holds this article."""
        return bool(self.store.has_article(article_id))

    def add(self, article: Article) -> bool:
        """Read the article and store it with its reading (False if already stored)."""
        from fogwatch import read_article

        if self.store.has_article(article.id):
            return False
        return bool(self.store.add(article, read_article(article)))


def open_state(store: Any):
    """The watch state tables in the store's own database."""
    from fogwatch.watch.state import WatchState

    return WatchState(store.connect(), store.dialect)
