"""Watch live sources: poll RSS/Atom feeds, fetch the pages they list, keep new stories.

``feeds`` (feedparser), ``canonical`` (one spelling per URL),
``sources`` (the feeds file), ``state`` (watch tables in the store database), ``sink``
(the one place that reads and stores), ``watcher`` (one poll). The polite fetcher is
:mod:`fogwatch.ingest.fetch`, shared with ``fogwatch ingest URL``. See ``docs/watch.md``.
"""
