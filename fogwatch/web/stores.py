"""One store connection per worker thread, opened read-only-by-intent (never created).

FastAPI runs plain ``def`` endpoints in a thread pool and a SQLite connection belongs to
the thread that opened it, so each thread opens its own; all are closed at shutdown.
The web layer never creates a database: a missing or foreign file is a start-up error.
"""

from __future__ import annotations

import threading
from typing import Any

from fogwatch.store import StoreError, open_store


class WebStoreError(RuntimeError):
    """The database given to ``fogwatch serve`` cannot be served; says why."""


def open_existing(url: str, integrity: str = "report") -> Any:
    """Open the store at ``url`` without creating it; raise :class:`WebStoreError`.

    ``integrity="report"`` runs SQLite's quick_check and keeps its findings in
    ``store.damage`` (the server serves what it can, with a warning); ``"skip"`` is for
    the further connections of a server that checked at start-up.
    """
    try:
        # create=False: a missing file is an error, a foreign or corrupt file is refused.
        return open_store(url, create=False, integrity=integrity)
    except StoreError as exc:
        raise WebStoreError(str(exc)) from exc


class StoreProvider:
    """Hands each thread its own open store; closes them all at the end."""

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []
        # Opened here, on the caller's thread, so a bad database fails at start-up; the
        # file's pages are checked once, here.
        self._local.store = self._open("report")
        self.damage: list[str] = self._local.store.damage

    def _open(self, integrity: str = "skip") -> Any:
        store = open_existing(self.url, integrity)
        with self._lock:
            self._opened.append(store)
        return store

    def get(self) -> Any:
        """The calling thread's store, opened on first use."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
        return store

    def close(self) -> None:
        """Close every store this provider opened."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:  # closing at shutdown must not mask the real error
                pass
