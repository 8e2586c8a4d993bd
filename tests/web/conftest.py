"""Fixtures for the web tests: a real store built from the example corpus.

The corpus is read once per test session (``corpus_readings``, shared with the store
tests); the web store adds one article full of markup for the escaping tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from corpus_fixtures import CORPUS
from webcorpus import fill_store


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, corpus_readings) -> Path:
    """A SQLite store of the example corpus plus the markup article (do not write to it)."""
    if not corpus_readings:
        pytest.skip(f"the example corpus {CORPUS} is empty")
    db = tmp_path_factory.mktemp("web") / "corpus.db"
    fill_store(str(db), corpus_readings)
    return db


@pytest.fixture()
def corpus_db_copy(corpus_db, tmp_path) -> Path:
    """A private copy of the corpus store, for tests that write."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(corpus_db, copy)
    return copy
