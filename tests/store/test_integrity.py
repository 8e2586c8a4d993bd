"""A store with damaged pages: write commands refuse it untouched, read commands warn,
``fogwatch doctor`` says what to do; and opening a store keeps SQLite's locks."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.store import StoreError, open_store
from fogwatch.store.integrity import checkup

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def _copy(src: Path, dst: Path) -> Path:
    # The backup API copies the pages whatever the WAL holds; closing leaves one file.
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


def _damage(path: Path) -> None:
    """Overwrite one page of article text: the header and the schema stay valid."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pageno = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' "
        "ORDER BY pageno DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    assert pageno > 1
    data = bytearray(path.read_bytes())
    data[(pageno - 1) * page_size : pageno * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


@pytest.fixture
def sound_db(tmp_path, corpus_db) -> Path:
    return _copy(corpus_db, tmp_path / "sound.db")


@pytest.fixture
def damaged_db(tmp_path, corpus_db) -> Path:
    path = _copy(corpus_db, tmp_path / "damaged.db")
    _damage(path)
    return path


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def test_the_damage_passes_the_header_checks_but_fails_quick_check(damaged_db):
    conn = sqlite3.connect(damaged_db)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0  # still readable
    try:  # SQLite lists the problems, or stops at the first with an error
        found = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        found = [(str(exc),)]
    assert found != [("ok",)]
    conn.close()


@pytest.mark.parametrize(
    "args",
    [["ingest", str(EXAMPLES / "pahalgam-attack.jsonl")], ["reconcile"]],
    ids=["ingest", "reconcile"],
)
def test_write_commands_refuse_a_damaged_store_untouched(damaged_db, args):
    before = _files(damaged_db)
    result = runner.invoke(app, [*args, "--db", str(damaged_db)])
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert f"{damaged_db} fails SQLite's quick_check" in message
    assert "will not write to a damaged store" in message and "fogwatch doctor" in message
    assert _files(damaged_db) == before


def test_open_store_refuses_by_default_and_reports_when_asked(damaged_db):
    before = _files(damaged_db)
    with pytest.raises(StoreError, match="fails SQLite's quick_check"):
        open_store(damaged_db)
    with open_store(damaged_db, create=False, integrity="report") as store:
        assert store.damage and store.count_events() > 0
        # A query that reaches the damaged page is a StoreError, not a raw sqlite3 error.
        with pytest.raises(StoreError, match="is damaged"):
            store.db.query("SELECT text FROM articles")
    assert _files(damaged_db) == before


@pytest.mark.parametrize(
    "args",
    [["events", "--format", "json"], ["claims", "--format", "json"], ["export", "-f", "jsonl"],
     ["events", "--explain", "ev3ead95a1", "--format", "json"],
     ["event", "ev3ead95a1", "--format", "json"], ["history", "ev3ead95a1", "--json"]],
    ids=["events", "claims", "export", "explain", "event", "history"],
)
def test_read_commands_print_what_they_can_then_warn(damaged_db, args):
    before = _files(damaged_db)
    result = runner.invoke(app, [*args, "--db", str(damaged_db)])
    assert result.exit_code == 3, result.output
    assert result.stdout.strip(), "the readable part is still printed"
    if args[0] == "history":
        assert json.loads(result.stdout) == []  # no one reviewed it
    elif args[0] != "export":
        assert json.loads(result.stdout)
    assert "fails SQLite's quick_check" in result.stderr and "fogwatch doctor" in result.stderr
    assert _files(damaged_db) == before


def test_read_commands_on_a_sound_store_exit_zero(sound_db):
    result = runner.invoke(app, ["events", "--format", "json", "--db", str(sound_db)])
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_doctor_on_a_sound_store(sound_db):
    result = runner.invoke(app, ["doctor", "--db", str(sound_db)])
    assert result.exit_code == 0, result.output
    assert "integrity_check: ok" in result.stdout
    assert "schema: v" in result.stdout and "articles 17" in result.stdout
    assert "to do: nothing: the store is sound" in result.stdout


def test_doctor_on_a_damaged_store_says_what_to_do(damaged_db):
    before = _files(damaged_db)
    result = runner.invoke(app, ["doctor", "--db", str(damaged_db)])
    assert result.exit_code == 1, result.output
    assert "integrity_check: FAILED" in result.stdout
    assert ".recover" in result.stdout and "fogwatch reconcile --db recovered.db" in result.stdout
    assert _files(damaged_db) == before


def test_doctor_on_a_missing_or_foreign_file(tmp_path):
    result = runner.invoke(app, ["doctor", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database at" in result.stderr
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    found = checkup(other)
    assert not found.ok and any("not a Fogwatch store" in e for e in found.errors)


def test_doctor_on_postgresql(pg_schema_url):
    open_store(pg_schema_url).close()
    found = checkup(pg_schema_url)
    assert found.ok and found.counts["articles"] == 0 and found.schema_version is not None


def test_serve_warns_and_refuses_to_write_to_a_damaged_store(damaged_db):
    from fastapi.testclient import TestClient

    from fogwatch.web.app import create_app

    before = _files(damaged_db)
    app_ = create_app(str(damaged_db), token="secret")
    assert app_.state.stores.damage
    with TestClient(app_) as client:
        page = client.get("/")
        assert page.status_code == 200 and 'id="store-damage"' in page.text
        listed = client.get("/api/events")
        assert listed.status_code == 200 and listed.json()["total"] > 0
        assert listed.headers["x-fogwatch-store-damaged"].startswith("quick_check failed")
        posted = client.post(
            "/api/articles", json={"text": "Two people were hurt in a fire."},
            headers={"Authorization": "Bearer secret"},
        )
        assert posted.status_code == 503 and "quick_check" in posted.json()["detail"]
    assert _files(damaged_db) == before


def test_a_sound_store_serves_without_a_banner(sound_db):
    from fastapi.testclient import TestClient

    from fogwatch.web.app import create_app

    with TestClient(create_app(str(sound_db))) as client:
        page = client.get("/")
        assert 'id="store-damage"' not in page.text
        assert "x-fogwatch-store-damaged" not in client.get("/api/stats").headers


# --- locks ---------------------------------------------------------------------------

_READER = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "c.execute('SELECT COUNT(*) FROM articles').fetchall(); c.close()"
)


def _outside_read(path: Path) -> None:
    # Another process, as `sqlite3 fogwatch.db 'select ...'` would be: the last
    # connection to close checkpoints and deletes -wal and -shm unless others hold locks.
    subprocess.run([sys.executable, "-c", _READER, str(path)], check=True, timeout=60)


def test_opening_a_store_keeps_the_servers_locks(tmp_path, corpus_db):
    path = _copy(corpus_db, tmp_path / "served.db")
    server = open_store(path)
    wal = path.with_name(path.name + "-wal")
    server.db.execute("CREATE TABLE IF NOT EXISTS probe (n INTEGER)")
    server.db.execute("INSERT INTO probe VALUES (1)")
    assert wal.exists()
    for _ in range(3):
        # A further connection of the same process (a server thread, a CLI helper)
        # must not drop the first one's locks by its probe of the file.
        open_store(path, create=False).close()
        _outside_read(path)
        assert wal.exists(), "an outside reader deleted the server's WAL"
    server.db.execute("INSERT INTO probe VALUES (2)")
    server.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM probe").fetchone()[0] == 2
    conn.close()


def test_an_outside_reader_during_a_write_transaction(tmp_path, corpus_db):
    path = _copy(corpus_db, tmp_path / "busy.db")
    server = open_store(path)
    wal = path.with_name(path.name + "-wal")
    server.db.execute("CREATE TABLE probe (n INTEGER)")
    with server.db.transaction():
        server.db.execute("INSERT INTO probe VALUES (1)")
        other = open_store(path, create=False)  # a second connection opens meanwhile
        _outside_read(path)
        assert wal.exists()
        other.close()
        _outside_read(path)
        assert wal.exists()
        server.db.execute("INSERT INTO probe VALUES (2)")
    assert server.db.scalar("SELECT COUNT(*) FROM probe") == 2
    server.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM probe").fetchone()[0] == 2
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


def test_a_file_that_is_not_sqlite_is_refused_by_sqlite_itself(tmp_path):
    for name, data in (("short.db", b"xy"), ("text.db", b"not a database\n" * 50)):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(StoreError, match="is not a SQLite database"):
            open_store(path)
        assert path.read_bytes() == data
        assert sorted(p.name for p in tmp_path.glob(name + "*")) == [name]
