"""``fogwatch ingest`` / ``events`` / ``claims``: resumable, idempotent, clear errors."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from corpus_fixtures import CORPUS, corpus_articles, dump, write_jsonl
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.model import Article
from fogwatch.store import open_store

runner = CliRunner()


def test_ingesting_twice_changes_nothing(tmp_path):
    db = tmp_path / "twice.db"
    first = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db), "--workers", "1"])
    assert first.exit_code == 0, first.output
    with open_store(db) as store:
        before = dump(store)
        assert store.count_articles() == 17
    again = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db), "--workers", "1"])
    assert again.exit_code == 0, again.output
    assert "0 articles stored, 17 already stored" in again.output
    with open_store(db) as store:
        assert dump(store) == before


def test_bad_records_are_reported_with_file_and_line_and_skipped(tmp_path):
    good = corpus_articles()[0]
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(good.model_dump()) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n"
    )
    db = tmp_path / "mixed.db"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0
    assert f"{path}:2: invalid JSON" in result.output
    assert f"{path}:3: record has no 'text' field" in result.output
    assert "1 articles stored, 0 already stored, 2 bad" in result.output
    strict = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--strict", "--workers", "1"])
    assert strict.exit_code == 1


def _variants(n: int) -> list[Article]:
    """n distinct articles made from the corpus (a numbered update line keeps them apart)."""
    base = corpus_articles()
    out = []
    for i in range(n):
        a = base[i % len(base)]
        out.append(Article.make(f"{a.text}\n\nUpdate {i // len(base) + 1}.", published=a.published,
                                title=a.title, url=a.url, outlet=a.outlet))
    return out


def test_killed_ingest_resumes_to_the_same_database(tmp_path, corpus_readings):
    articles = _variants(30)
    source = write_jsonl(tmp_path / "many.jsonl", articles)
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-c", "from fogwatch.cli import app; app()", "ingest", str(source),
           "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "100"})
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with open_store(db, create=False) as store:
                        stored = store.count_articles()
                except Exception:  # noqa: BLE001 - the store may be mid-creation
                    stored = 0
                if stored >= 4:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    with open_store(db) as store:
        assert 4 <= store.count_articles() < len(articles)
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "already stored" in resumed.stderr

    # One clean run in this process (the same reader, already loaded).
    from fogwatch.read.pipeline import read_article

    with open_store(tmp_path / "clean.db") as clean:
        for a in articles:
            clean.add(a, read_article(a))
        expected = dump(clean)
    with open_store(db) as store:
        assert dump(store) == expected


def test_events_and_claims_formats(corpus_db):
    table = runner.invoke(app, ["events", "--db", str(corpus_db)])
    assert table.exit_code == 0, table.output
    assert "disputed figures" in table.output and "Jaffar Express" in table.output
    as_json = runner.invoke(app, ["events", "--db", str(corpus_db), "--format", "json", "--contested"])
    events = json.loads(as_json.output)
    assert events and all(e["contested"] for e in events)
    as_csv = runner.invoke(app, ["events", "--db", str(corpus_db), "-f", "csv", "--country", "India"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert as_csv.output.startswith("id,date,event_type")
    assert rows and {r["country"] for r in rows} == {"India"}
    claims = runner.invoke(app, ["claims", "--db", str(corpus_db), "-f", "json", "--claimant", "BLA"])
    rows = json.loads(claims.output)
    assert rows and all("BLA" in r["claimant"] for r in rows)
    assert runner.invoke(app, ["claims", "--db", str(corpus_db)]).exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["events", "--db", "mysql://x/y"], "unsupported database URL scheme 'mysql'"),
        (["events", "--from", "last week"], "not a date"),
        (["export", "--format", "xlsx"], "parquet (not 'xlsx')"),
    ],
)
def test_bad_arguments_give_clear_errors(args, message, tmp_path):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


def test_events_on_a_missing_database_does_not_create_it(tmp_path):
    db = tmp_path / "absent.db"
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 2 and "no database at" in result.output
    assert not db.exists()


def test_default_db_comes_from_the_environment(tmp_path, corpus_db, monkeypatch):
    monkeypatch.setenv("FOGWATCH_DB", str(corpus_db))
    result = runner.invoke(app, ["events", "-f", "json"])
    assert result.exit_code == 0 and len(json.loads(result.output)) >= 4


def test_rebuilding_all_events_gives_what_incremental_reconciliation_built(corpus_db, tmp_path):
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(corpus_db, copy)
    with open_store(copy) as store:
        before = dump(store)
    result = runner.invoke(app, ["reconcile", "--db", str(copy)])
    assert result.exit_code == 0 and "events rebuilt" in result.output
    with open_store(copy) as store:
        assert dump(store) == before
