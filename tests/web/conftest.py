"""Fixtures for the web tests: a real SQLite store built from the example corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from webcorpus import CORPUS, ingest, xss_article


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A SQLite store of the example corpus plus the markup article (built once)."""
    if not CORPUS.is_dir() or not any(CORPUS.iterdir()):
        pytest.skip(f"the example corpus {CORPUS} is missing or empty")
    db = tmp_path_factory.mktemp("web") / "corpus.db"
    ingest(db, [CORPUS], extra=[xss_article()])
    return db


@pytest.fixture()
def corpus_db_copy(corpus_db, tmp_path) -> Path:
    """A private copy of the corpus store, for tests that write."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(corpus_db, copy)
    return copy
