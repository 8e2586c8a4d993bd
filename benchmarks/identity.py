"""Output identity: digests of readings, events and exports, to compare before and after a refactor.

    .venv/bin/python benchmarks/identity.py [--quick] [--workers N] > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt

Prints one ``name sha256`` line per output. Readings (``fogwatch extract -f jsonl``) of the
seed article, the example corpus and, unless ``--quick``, the first 300 India articles of
``../shared/data/india-police-events/docs.jsonl`` and the first 1,000 ACLED notes of
``../shared/data/acled-2020-global/acled.csv`` (read in place; skipped with a line saying so
when absent). Then the example corpus is ingested into a fresh SQLite store and the event
JSON (``fogwatch events -f json``) and every export format are digested. Run it on the
commit before and after a change that should not change output; the digests must match.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
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


def main() -> None:
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
        for fmt in EXPORTS:
            out = tmp / f"export.{fmt}"
            _fogwatch("export", "-f", fmt, "--db", db, "-o", str(out))
            print(f"export/{fmt}", _digest(out.read_bytes()))


if __name__ == "__main__":
    main()
