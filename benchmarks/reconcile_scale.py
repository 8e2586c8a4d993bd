"""Reconcile at volume: ms per article to store and reconcile, as the store grows.

    .venv/bin/python benchmarks/reconcile_scale.py --cache READINGS.jsonl
        [--acled ../shared/data/acled-2020-global/acled.csv] [--sizes 5000,20000,50000]
        [--engines sqlite,postgresql]

The input is the ACLED notes of ``--acled`` (each row its own incident), repeated with
their dates shifted by whole years (copy k is k years later), so the texts are real and
the incidents distinct. Each note is read ONCE (``--cache``: the JSONL readings cache of
``fogwatch eval reconcile --cache``; notes it lacks are read and added to it); a copy
reuses the reading with its dates shifted, so what is measured is the store and
reconcile, not spaCy.

Articles are added one by one to a fresh store (a temporary SQLite file; a fresh schema
of ``$FOGWATCH_TEST_PG`` for PostgreSQL), as ``fogwatch ingest`` adds them. At each size
the benchmark prints, for the articles added since the previous size: ms per article in
all (``Store.add``: insert and reconcile in one transaction) and of it in reconcile
(``Store._reconcile``: candidate lookup, comparisons, links, events); the process's
resident memory and its peak so far. The target (issue 13): the cost per article at the
largest size within 1.5x of the cost at the first, and memory flat.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ACLED = ROOT.parent / "shared" / "data" / "acled-2020-global" / "acled.csv"
_DAY = re.compile(r'"(\d{4})-(\d{2})-(\d{2})')


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def base_readings(acled: Path, cache: Path) -> list[tuple]:
    """(article, reading JSON) of every note, each read once (through the cache)."""
    from fogwatch.evaluate.reconcile import load_acled_rows, read_gold

    items = load_acled_rows(acled)
    read = read_gold(items, workers=1, cache=cache)
    return [(it.article, reading.model_dump_json()) for it, reading, err in read
            if reading is not None and not err]


def _shift_year(match: re.Match, years: int) -> str:
    y, m, d = int(match.group(1)) + years, match.group(2), match.group(3)
    if (m, d) == ("02", "29") and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        d = "28"
    return f'"{y:04d}-{m}-{d}'


def copies(base: list[tuple], n: int):
    """``n`` (article, reading): the notes in order, then again a year later, ..."""
    from fogwatch.model import ArticleReading

    k = 0
    while True:
        for article, reading_json in base:
            if n <= 0:
                return
            n -= 1
            if k == 0:
                yield article, ArticleReading.model_validate_json(reading_json)
                continue
            new_id = f"{article.id}-y{k}"
            shift = partial(_shift_year, years=k)
            text = _DAY.sub(shift, reading_json)
            text = text.replace(f'"{article.id}"', f'"{new_id}"')
            published = _DAY.sub(shift, f'"{article.published}')[1:]
            yield (article.model_copy(update={"id": new_id, "published": published}),
                   ArticleReading.model_validate_json(text))
        k += 1


def run(engine: str, base: list[tuple], sizes: list[int]) -> list[dict]:
    from fogwatch.store import open_store
    from fogwatch.store.store import Store

    spent = {"reconcile": 0.0}
    original = Store._reconcile

    def timed(self, db, news):
        t = time.perf_counter()
        try:
            return original(self, db, news)
        finally:
            spent["reconcile"] += time.perf_counter() - t

    Store._reconcile = timed  # type: ignore[method-assign]
    rows = []
    with tempfile.TemporaryDirectory(prefix="fogwatch-rscale-") as tmp:
        schema = None
        if engine == "sqlite":
            location = str(Path(tmp) / "scale.db")
        else:
            url = os.environ.get("FOGWATCH_TEST_PG")
            if not url:
                print("postgresql: FOGWATCH_TEST_PG is not set; skipped", file=sys.stderr)
                return []
            schema = "fw_rscale_" + uuid.uuid4().hex[:10]
            location = f"{url}{'&' if '?' in url else '?'}schema={schema}"
        store = open_store(location)
        try:
            done, last, total_t, last_rec = 0, 0, 0.0, 0.0
            stream = copies(base, max(sizes))
            for size in sizes:
                t = time.perf_counter()
                for article, reading in stream:
                    store.add(article, reading)
                    done += 1
                    if done >= size:
                        break
                seg = time.perf_counter() - t
                total_t += seg
                n = done - last
                rec = spent["reconcile"] - last_rec
                rows.append({
                    "engine": engine, "articles": done, "events": store.count_events(),
                    "ms_per_article": round(1000 * seg / n, 2),
                    "reconcile_ms_per_article": round(1000 * rec / n, 2),
                    "rss_mb": round(_rss_mb(), 1), "peak_mb": round(_peak_mb(), 1),
                    "seconds": round(total_t, 1),
                })
                print(json.dumps(rows[-1]), flush=True)
                last, last_rec = done, spent["reconcile"]
        finally:
            store.close()
            Store._reconcile = original  # type: ignore[method-assign]
            if schema:
                import psycopg

                with psycopg.connect(os.environ["FOGWATCH_TEST_PG"], autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--acled", type=Path, default=DEFAULT_ACLED)
    ap.add_argument("--cache", type=Path, required=True, help="readings cache (JSONL)")
    ap.add_argument("--sizes", default="5000,20000,50000")
    ap.add_argument("--engines", default="sqlite,postgresql")
    args = ap.parse_args(argv)
    if not args.acled.exists():
        print(f"{args.acled}: not found (the ACLED data is not in the repository)", file=sys.stderr)
        return 2
    sizes = sorted(int(s) for s in args.sizes.split(","))
    base = base_readings(args.acled, args.cache)
    print(f"# {len(base)} notes read once; {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs", flush=True)
    rows = []
    for engine in args.engines.split(","):
        rows += run(engine.strip(), base, sizes)
    print("\n| engine | articles | events | ms/article | of it reconcile | RSS MB | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['engine']} | {r['articles']:,} | {r['events']:,} | {r['ms_per_article']} | "
              f"{r['reconcile_ms_per_article']} | {r['rss_mb']} | {r['peak_mb']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
