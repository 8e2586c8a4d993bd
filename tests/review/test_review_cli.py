"""``fogwatch tokens``, ``fogwatch review`` and ``fogwatch history`` on both engines."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cases import FAR, seed
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.store import open_store

runner = CliRunner()


@pytest.fixture
def db(store_url):
    with open_store(store_url) as store:
        seed(store)
    return store_url


def _ok(args: list[str], **kw) -> str:
    result = runner.invoke(app, args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_tokens_review_history_and_filtered_exports(db, monkeypatch):
    token = _ok(["tokens", "create", "--name", "ana", "--role", "reviewer", "--db", db]).strip()
    reader = _ok(["tokens", "create", "--name", "rita", "--role", "reader", "--db", db]).strip()
    listed = json.loads(_ok(["tokens", "list", "--db", db]))
    assert [(t["name"], t["role"]) for t in listed] == [("ana", "reviewer"), ("rita", "reader")]
    assert token not in json.dumps(listed)
    events = json.loads(_ok(["events", "--db", db, "--format", "json"]))
    (turbat,) = [e for e in events if e["n_sources"] > 1]
    # Bulk: every event of one actor, in one transaction.
    out = _ok(["review", "recode", "--actor", "Military Forces of Pakistan", "--set", "inter1=1",
               "--set", "actor2=Baloch armed group", "--set", "inter2=2",
               "--reason", "one naming for the group", "--db", db, "--token", token, "--json"])
    assert [e["actor2"] for e in json.loads(out)] == ["Baloch armed group"]
    # A reader token is refused; so is a bad inter code, by name.
    refused = runner.invoke(app, ["review", "mark", turbat["id"], "--reason", "ok", "--db", db,
                                  "--token", reader])
    assert refused.exit_code == 2 and "reviewer" in refused.output
    bad = runner.invoke(app, ["review", "recode", turbat["id"], "--set", "inter2=9", "--reason", "x",
                              "--db", db, "--token", token])
    assert bad.exit_code == 2 and "inter2" in bad.output
    monkeypatch.setenv("FOGWATCH_TOKEN", token)
    _ok(["review", "recode", turbat["id"], "--set", "location=Hoshab", "--set", "latitude=26.02",
         "--set", "longitude=63.9", "--reason", "district office", "--db", db])
    _ok(["review", "mark", turbat["id"][:10], "--status", "reviewed", "--reason", "checked", "--db", db])
    _ok(["reconcile", "--db", db])
    history = json.loads(_ok(["history", turbat["id"], "--db", db, "--json"]))
    assert [h["field"] for h in history][-4:] == ["latitude", "location", "longitude", "status"]
    assert {h["reviewer"] for h in history} == {"ana"}
    assert "Hoshab" in _ok(["history", turbat["id"], "--db", db])
    assert json.loads(_ok(["history", turbat["id"][:10], "--db", db, "--json"])) == history
    # The event page in the terminal ends with the same history, in words.
    page = _ok(["event", turbat["id"], "--db", db], env={"COLUMNS": "100"})
    history_part = page.split("History (")[1]
    assert history_part.startswith(f"{len(history)} changes)")
    assert "ana  set location" in history_part and "-> Hoshab" in history_part
    assert "because district office" in history_part and "None" not in page
    acled = _ok(["export", "--format", "acled", "--db", db, "--reviewed-only"])
    (row,) = csv.DictReader(io.StringIO(acled))
    assert (row["location"], row["latitude"]) == ("Hoshab", "26.02")
    assert "Reviewed by ana" in row["notes"]
    rest = list(csv.DictReader(io.StringIO(
        _ok(["export", "--format", "acled", "--db", db, "--unreviewed-only"]))))
    assert [r["location"] for r in rest] == ["Karachi"]
    _ok(["tokens", "revoke", "ana", "--db", db])
    gone = runner.invoke(app, ["review", "mark", turbat["id"], "--reason", "x", "--db", db])
    assert gone.exit_code == 2 and "revoked" in gone.output


def test_merge_and_split_from_the_cli(db):
    token = _ok(["tokens", "create", "--name", "ben", "--db", db]).strip()
    ids = [e["id"] for e in json.loads(_ok(["events", "--db", db, "--format", "json"]))]
    _ok(["review", "merge", *ids, "--reason", "one operation", "--db", db, "--token", token])
    (merged,) = json.loads(_ok(["events", "--db", db, "--format", "json"]))
    assert merged["n_sources"] == 3
    _ok(["review", "split", merged["id"], "--report", f"{FAR[0].id}-r0", "--reason", "other city",
         "--db", db, "--token", token])
    _ok(["reconcile", "--db", db])
    assert sorted(e["n_sources"] for e in json.loads(_ok(["events", "--db", db, "--format", "json"]))) == [1, 2]
    assert json.loads(_ok(["review", "orphaned", "--db", db])) == []
