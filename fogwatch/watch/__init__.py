"""Watch live sources: poll RSS/Atom feeds, fetch the pages they list, keep new stories.

``fetch`` (polite HTTP), ``feeds`` (feedparser), ``canonical`` (one spelling per URL),
``sources`` (the feeds file), ``state`` (watch tables in the store database), ``sink``
(the one place that reads and stores), ``watcher`` (one poll). See ``docs/watch.md``.
"""
