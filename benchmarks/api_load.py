"""API under load: p50 and p99 of the dashboard's requests over a store of 50,000 events.

    .venv/bin/python benchmarks/api_load.py --cache READINGS.jsonl
        [--acled ../shared/data/acled-2020-global/acled.csv] [--events 50000]
        [--store FILE] [--connections 8] [--seconds 20]

The store is built as ``benchmarks/reconcile_scale.py`` builds its: the ACLED notes of
``--acled`` (each row its own incident, read once through the readings cache), repeated
with their dates shifted by whole years, added one by one until it holds ``--events``
events. ``--store FILE`` keeps the SQLite file and reuses it on the next run (building
50,000 takes minutes; the file is not removed).

The server is ``fogwatch serve`` in its own process on a free port of 127.0.0.1. For each
endpoint in turn, ``--connections`` client threads (one HTTP connection each) send
requests back to back for ``--seconds`` seconds; the benchmark prints the requests sent,
their p50, p99 and worst latency in ms, and the errors (any status but 200). Endpoints:

* ``/api/events``: the dashboard's first page (newest first), then pages of a filter
  (a country, an event type) at random offsets;
* ``/api/events/{id}``: random events of the store;
* ``/api/stats``: the dashboard's counts, unfiltered and by country;
* ``/``: the dashboard page.

Targets (issue 18): p99 at most 150 ms for ``/api/events`` and ``/api/events/{id}``,
at most 300 ms for ``/api/stats`` and ``/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import reconcile_scale  # noqa: E402  (the store builder this benchmark shares)

TARGETS_MS = {"/api/events": 150, "/api/events/{id}": 150, "/api/stats": 300, "/": 300}


def build(location: Path, acled: Path, cache: Path, events: int) -> None:
    """Add shifted copies of the notes to a fresh SQLite store until it holds ``events``."""
    from fogwatch.store import open_store

    base = reconcile_scale.base_readings(acled, cache)
    t = time.perf_counter()
    with open_store(str(location)) as store:
        added = 0
        # ~1 event per note (ACLED B-cubed precision 0.96), so a little over ``events``
        # notes; checked every 1,000.
        for article, reading in reconcile_scale.copies(base, 10 * events):
            store.add(article, reading)
            added += 1
            if added % 1000 == 0:
                n = store.count_events()
                print(f"# built {added:,} articles, {n:,} events, "
                      f"{time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
                if n >= events:
                    break


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(location: Path) -> tuple[subprocess.Popen, str]:
    """``fogwatch serve`` over the store, in a subprocess; returns it and its base URL."""
    import httpx

    port = _free_port()
    cmd = [sys.executable, "-c", "from fogwatch.cli import app; app()", "serve",
           "--db", str(location), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"fogwatch serve exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url + "/api/stats", timeout=30).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("fogwatch serve did not answer within 120 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def hammer(url: str, paths, connections: int, seconds: float) -> dict:
    """``connections`` threads request ``paths()`` back to back for ``seconds``."""
    import httpx

    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        mine, bad = [], []
        with httpx.Client(base_url=url, timeout=60) as client:
            while time.monotonic() < stop:
                path = paths(rnd)
                t = time.perf_counter()
                r = client.get(path)
                mine.append(1000 * (time.perf_counter() - t))
                if r.status_code != 200:
                    bad.append(f"{r.status_code} {path}")
        with lock:
            times.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {"requests": len(times), "p50_ms": round(_percentile(times, 0.5), 1),
            "p99_ms": round(_percentile(times, 0.99), 1), "max_ms": round(max(times), 1),
            "errors": len(errors), "first_error": errors[0] if errors else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--acled", type=Path, default=reconcile_scale.DEFAULT_ACLED)
    ap.add_argument("--cache", type=Path, required=True, help="readings cache (JSONL)")
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--store", type=Path, help="keep the SQLite store here and reuse it")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    args = ap.parse_args(argv)
    if not args.acled.exists():
        print(f"{args.acled}: not found (the ACLED data is not in the repository)", file=sys.stderr)
        return 2
    tmp = None
    location = args.store
    if location is None:
        tmp = tempfile.TemporaryDirectory(prefix="fogwatch-apiload-")
        location = Path(tmp.name) / "load.db"
    if not location.exists():
        build(location, args.acled, args.cache, args.events)

    from fogwatch.store import open_store

    with open_store(str(location), create=False) as store:
        total = store.count_events()
        ids = [e.id for e in store.events(None, limit=10_000)]
        countries = sorted({e.country for e in store.events(None, limit=10_000)
                            if e.country})
    print(f"# {total:,} events; {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    types = ["Battles", "Protests", "Riots", "Violence against civilians"]

    def events_path(rnd: random.Random) -> str:
        if rnd.random() < 0.5:
            return "/api/events"
        flt = (f"country={rnd.choice(countries)}" if rnd.random() < 0.5
               else f"event_type={rnd.choice(types)}")
        return f"/api/events?{flt}&offset={rnd.randrange(0, 500)}&limit=100"

    plans = {
        "/api/events": events_path,
        "/api/events/{id}": lambda rnd: f"/api/events/{rnd.choice(ids)}",
        "/api/stats": lambda rnd: ("/api/stats" if rnd.random() < 0.5
                                   else f"/api/stats?country={rnd.choice(countries)}"),
        "/": lambda rnd: "/",
    }
    proc, url = serve(location)
    rows = []
    try:
        for name, paths in plans.items():
            row = {"endpoint": name, **hammer(url, paths, args.connections, args.seconds),
                   "target_p99_ms": TARGETS_MS[name]}
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    print(f"\n{total:,} events, {args.connections} connections, {args.seconds:g} s an endpoint")
    print("| endpoint | requests | p50 ms | p99 ms | max ms | errors | p99 target |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| `{r['endpoint']}` | {r['requests']:,} | {r['p50_ms']} | {r['p99_ms']} | "
              f"{r['max_ms']} | {r['errors']} | {r['target_p99_ms']} |")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
