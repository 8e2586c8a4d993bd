"""Stores on both engines for the review tests (see tests/corpus_fixtures.py)."""

import pytest
from cases import seed
from corpus_fixtures import (  # noqa: F401  (fixtures are found by name)
    pg_schema_url,
    pg_url,
    store_url,
)
from fastapi.testclient import TestClient

from fogwatch.store import open_store
from fogwatch.store.review import tokens
from fogwatch.web.app import create_app


@pytest.fixture
def desk(store_url):  # noqa: F811  (the fixture of that name)
    """A seeded store served by the app, one reviewer token ("desk") and its event
    with more than one source."""
    with open_store(store_url) as store:
        seed(store)
        key = tokens.create(store, "desk", "reviewer")
        (event,) = [e for e in store.events() if e.n_sources > 1]
    with TestClient(create_app(store_url)) as client:
        yield client, key, event
