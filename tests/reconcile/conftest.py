"""Shared fixtures: the example corpus read once per session, stores on both engines."""

from corpus_fixtures import (  # noqa: F401  (fixtures are found by name)
    corpus_db,
    corpus_readings,
    corpus_store,
    pg_schema_url,
    pg_url,
    store_url,
)
