"""Stores on both engines for the review tests (see tests/corpus_fixtures.py)."""

from corpus_fixtures import (  # noqa: F401  (fixtures are found by name)
    pg_schema_url,
    pg_url,
    store_url,
)
