"""Output identity: digests of readings, events and exports, to compare before and after a refactor.

    .venv/bin/python benchmarks/identity.py [--quick] [--workers N] > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt

Prints one ``name sha256`` line per output. Readings (``fogwatch extract -f jsonl``) of the
seed article, the example corpus and, unless ``--quick``, the first 300 India articles of
``../shared/data/india-police-events/docs.jsonl`` and the first 1,000 ACLED notes of
``../shared/data/acled-2020-global/acled.csv`` (read in place; skipped with a line saying so
when absent). Then the example corpus is ingested into a fresh SQLite store and the event
JSON (``fogwatch events -f json``) and every export format are digested, with the
store's own rows (the report views and events as stored: old stores must still load),
the ``events`` table and CSV, ``claims -f json``, and the web API's answers (every event,
the lists, stats and exports). Run it on the commit before and after a change that should
not change output; the digests must match.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ("acled", "ucdp", "geojson", "jsonl", "parquet")


def _fogwatch(*args: str) -> bytes:
    cmd = [sys.executable, "-c", "from fogwatch.cli import app; app()", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"fogwatch {' '.join(args)} failed ({done.returncode}):\n"
                 f"{done.stderr.decode(errors='replace')}")
    return done.stdout


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _india(src_path: Path, tmp: Path, n: int = 300) -> Path:
    out = tmp / "india.jsonl"
    with src_path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def _acled(src_path: Path, tmp: Path, n: int = 1000) -> Path:
    out = tmp / "acled.jsonl"
    with src_path.open(encoding="utf-8", newline="") as src, out.open("w", encoding="utf-8") as dst:
        for i, row in enumerate(csv.DictReader(src)):
            if i >= n:
                break
            record = {"id": row["data_id"], "text": row["notes"], "published": row["event_date"]}
            dst.write(json.dumps(record) + "\n")
    return out


def _store_digests(db: str) -> None:
    """Print digests of the stored rows and of the API's answers over the store ``db``."""
    import sqlite3

    from fastapi.testclient import TestClient

    from fogwatch.web.app import create_app

    conn = sqlite3.connect(db)
    for table, order in (("event_reports", "id"), ("events", "id"), ("event_links", "report_id"),
                         ("figures", "id"), ("claims", "id")):
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        print(f"store/{table}", _digest(repr(rows).encode("utf-8")))
    ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    conn.close()
    with TestClient(create_app(db)) as client:
        def get(path: str) -> bytes:
            response = client.get(path)
            return str(response.status_code).encode() + b" " + response.content

        print("api/events", _digest(get("/api/events?limit=500")))
        print("api/events-sorted", _digest(get("/api/events?limit=500&sort=-fatalities")))
        print("api/event-each", _digest(b"\n".join(get(f"/api/events/{i}") for i in ids)))
        print("api/claims", _digest(get("/api/claims?limit=500")))
        print("api/stats", _digest(get("/api/stats")))
        # Less the ingest time, the one value that differs from run to run.
        stamp = re.compile(rb'"ingested_at":"[^"]*"')
        print("api/article-each", _digest(b"\n".join(stamp.sub(b"", get(f"/api/articles/{a}"))
                                                     for a in articles)))
        for fmt in EXPORTS:
            print(f"api/export-{fmt}", _digest(get(f"/api/export?format={fmt}")))
        print("pages/event-each", _digest(b"\n".join(get(f"/events/{i}") for i in ids)))


def main() -> None:
    if sys.argv[1:2] == ["--store-digests"]:
        _store_digests(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the India and ACLED readings")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding seed/ and data/ (default: ../shared)")
    args = parser.parse_args()
    seed = args.shared / "seed" / "balochistan-attacks.txt"
    india = args.shared / "data" / "india-police-events" / "docs.jsonl"
    acled = args.shared / "data" / "acled-2020-global" / "acled.csv"
    workers = ["--workers", str(args.workers), "--no-progress"]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        inputs: list[tuple[str, Path]] = [("readings/seed", seed),
                                          ("readings/examples", ROOT / "examples" / "corpus")]
        if not args.quick:
            if india.exists():
                inputs.append(("readings/india-300", _india(india, tmp)))
            else:
                print(f"readings/india-300 skipped: {india.name} absent")
            if acled.exists():
                inputs.append(("readings/acled-1000", _acled(acled, tmp)))
            else:
                print(f"readings/acled-1000 skipped: {acled.name} absent")
        for label, path in inputs:
            if not path.exists():
                print(f"{label} skipped: {path.name} absent")
                continue
            print(label, _digest(_fogwatch("extract", str(path), "-f", "jsonl", *workers)))
        db = str(tmp / "example.db")
        _fogwatch("ingest", str(ROOT / "examples" / "corpus"), "--db", db)
        print("events/json", _digest(_fogwatch("events", "--db", db, "-f", "json")))
        print("events/csv", _digest(_fogwatch("events", "--db", db, "-f", "csv")))
        print("events/table", _digest(_fogwatch("events", "--db", db)))
        print("claims/json", _digest(_fogwatch("claims", "--db", db, "-f", "json")))
        print("claims/table", _digest(_fogwatch("claims", "--db", db)))
        for fmt in EXPORTS:
            out = tmp / f"export.{fmt}"
            _fogwatch("export", "-f", fmt, "--db", db, "-o", str(out))
            print(f"export/{fmt}", _digest(out.read_bytes()))
        _fogwatch("reconcile", "--db", db)
        print("events/json-rebuilt", _digest(_fogwatch("events", "--db", db, "-f", "json")))
        done = subprocess.run([sys.executable, __file__, "--store-digests", db], cwd=ROOT,
                              capture_output=True, check=False, text=True)
        if done.returncode != 0:
            sys.exit(f"store digests failed ({done.returncode}):\n{done.stderr}")
        sys.stdout.write(done.stdout)


if __name__ == "__main__":
    main()
