"""Where watched articles go: read, then stored. The one place the watcher meets the store."""

from __future__ import annotations

from typing import Any, Protocol

from fogwatch.model import Article


class ArticleSink(Protocol):
    """Anything that keeps articles: the store, or a list in a test.

    A sink may also have ``prepare(article)``, whose result is passed to
    ``add(article, prepared)``: the work of keeping an article that does not depend on
    what is kept already (the store's reading), done early, in any order.
    """

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

    def prepare(self, article: Article) -> Any:
        """Read an article ahead of storing it (the watcher does this while it waits
        for a slower page); pass the reading to :meth:`add`."""
        from fogwatch import read_article

        return read_article(article)

    def add(self, article: Article, reading: Any = None) -> bool:
        """Store the article with its reading, read now unless ``reading`` (from
        :meth:`prepare`) is of this article. False if it was already stored."""
        if self.store.has_article(article.id):
            return False
        if reading is None or reading.article_id != article.id:
            reading = self.prepare(article)
        return bool(self.store.add(article, reading))


def open_state(store: Any):
    """The watch state tables in the store's own database."""
    from fogwatch.watch.state import WatchState

    return WatchState(store.connect(), store.dialect)
