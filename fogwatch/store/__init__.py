"""The store: SQLite by default (a file), PostgreSQL by URL, one code path.

>>> from fogwatch.store import open_store
>>> store = open_store("fogwatch.db")            # or "postgresql://user@host/db"
>>> store.add(article, reading)                   # False if already stored
>>> store.events(EventFilter(country="Pakistan", contested_only=True))
"""

from fogwatch.filters import EventFilter
from fogwatch.store.db import StoreError, parse_target
from fogwatch.store.store import Store, open_store

__all__ = ["EventFilter", "Store", "StoreError", "open_store", "parse_target"]
