"""Fixtures for the store, reconcile and export tests (imported by their conftest.py).

The example corpus is read once per test session: the readings are cached as JSONL in
pytest's session temp directory, so each test directory does not load spaCy again.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"

# Columns that record when something was done, not what: left out when comparing stores.
VOLATILE = {"ingested_at", "applied_at"}
TABLES = (
    "schema_version", "articles", "readings", "event_reports", "claims", "figures",
    "events", "event_links", "report_links", "report_keys",
)  # fmt: skip


def corpus_articles():
    """The example corpus as Articles, in file order."""
    from fogwatch.ingest.files import read_paths

    records = list(read_paths([CORPUS]))
    assert all(r.error is None for r in records), [str(r.error) for r in records if r.error]
    return [r.article for r in records]


@pytest.fixture(scope="session")
def corpus_readings(tmp_path_factory):
    """(article, reading) pairs of the example corpus, read once per session."""
    from fogwatch.model import ArticleReading
    from fogwatch.read.pipeline import read_article

    cache = tmp_path_factory.getbasetemp() / "corpus-readings.jsonl"
    articles = corpus_articles()
    if cache.exists():
        readings = [ArticleReading.model_validate_json(line) for line in cache.read_text().splitlines()]
        if [r.article_id for r in readings] == [a.id for a in articles]:
            return list(zip(articles, readings, strict=True))
    readings = [read_article(a) for a in articles]
    cache.write_text("".join(r.model_dump_json() + "\n" for r in readings))
    return list(zip(articles, readings, strict=True))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, corpus_readings) -> Path:
    """A SQLite store holding the example corpus (do not write to it)."""
    from fogwatch.store import open_store

    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(path) as store:
        for article, reading in corpus_readings:
            store.add(article, reading)
    return path


@pytest.fixture
def corpus_store(corpus_db):
    """The corpus store, opened for one test."""
    from fogwatch.store import open_store

    store = open_store(corpus_db, create=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The test PostgreSQL server's URL (FOGWATCH_TEST_PG), or skip saying why."""
    url = os.environ.get("FOGWATCH_TEST_PG")
    if not url:
        pytest.skip(
            "FOGWATCH_TEST_PG is not set: no PostgreSQL server for this run "
            "(`source .ci/services.sh` starts a throwaway one)"
        )
    return url


@pytest.fixture
def pg_schema_url(pg_url):
    """A PostgreSQL URL with a fresh schema, dropped after the test."""
    import psycopg

    schema = "fw_test_" + uuid.uuid4().hex[:12]
    yield f"{pg_url}{'&' if '?' in pg_url else '?'}schema={schema}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh store location on each engine: a SQLite file, a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "fogwatch.db")
    return request.getfixturevalue("pg_schema_url")


def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without the columns that record wall-clock time."""
    out = {}
    for table in TABLES:
        rows = store.db.query(f"SELECT * FROM {table}")
        out[table] = sorted(
            (tuple((k, v) for k, v in sorted(r.items()) if k not in VOLATILE) for r in rows),
            key=repr,
        )
    return out


def incident_of(article_id: str) -> str:
    """The incident an example article is about (its id's middle part: bal, jaf, qrs, pah)."""
    return article_id.split("-")[1]


def write_jsonl(path: Path, articles) -> Path:
    """Write Articles as JSONL input for ``fogwatch ingest``."""
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a.model_dump(), ensure_ascii=False) + "\n")
    return path
