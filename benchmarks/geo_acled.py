"""Geocoding on ACLED coders' notes: admin1 accuracy and towns within 25 km.

Reads each dev-split row's ``notes`` (the held-out split is never read), finds its
places and the primary event's location (:func:`fogwatch.read.places.event_location`),
and compares with the coder's admin1 and coordinates. Only places run, not the whole
reader, so this measures geocoding alone.

    .venv/bin/python benchmarks/geo_acled.py [ACLED.csv] [--limit N] [--errors K]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from fogwatch.evaluate.split import is_holdout
from fogwatch.geo.gazetteer import distance_km, key
from fogwatch.model import Article
from fogwatch.read import nlp, places, prefilter
from fogwatch.read.context import Context
from fogwatch.read.text import split_sentences

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled-2020-global" / "acled.csv"


def _date(value: str) -> dt.date | None:
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def locate(text: str, published: dt.date | None):
    """The event location of one note (places only)."""
    article = Article.make(text, published=published.isoformat() if published else None)
    sentences = split_sentences(text)
    candidates = prefilter.select(sentences)
    for s, doc in zip(candidates, nlp.ner_docs([s.text for s in candidates]), strict=True):
        s.doc = doc
    ctx = Context(article=article, sentences=sentences, published=published)
    places.recognise(ctx)
    return places.event_location(ctx)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many admin1 errors")
    args = ap.parse_args(argv)
    with open(args.gold, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("notes") and not is_holdout(r)]
    if args.limit:
        rows = rows[: args.limit]
    t0 = time.perf_counter()
    n = found = a1_ok = country_ok = 0
    p1 = p1_25 = 0
    dists: list[float] = []
    errors = []
    for r in rows:
        n += 1
        loc = locate(r["notes"], _date(r["event_date"]))
        if loc is None:
            errors.append((r, None))
            if r["geo_precision"] == "1":
                p1 += 1
            continue
        found += 1
        country_ok += key(loc.country or "") == key(r["country"])
        ok = key(loc.admin1 or "") == key(r["admin1"])
        a1_ok += ok
        if not ok:
            errors.append((r, loc))
        if r["geo_precision"] == "1":
            p1 += 1
            if loc.latitude is not None:
                d = distance_km(loc.latitude, loc.longitude, float(r["latitude"]), float(r["longitude"]))
                dists.append(d)
                p1_25 += d <= 25
    secs = time.perf_counter() - t0
    print(f"rows {n}  located {found} ({found / n:.3f})  {n / secs:.1f} rows/s")
    print(f"country accuracy {country_ok / n:.3f}")
    print(f"admin1 accuracy  {a1_ok / n:.3f}")
    print(f"geo_precision-1 rows within 25 km {p1_25 / max(p1, 1):.3f}  (of {p1})")
    if dists:
        print(f"median error km (p1 rows located) {statistics.median(dists):.1f}")
    for r, loc in errors[: args.errors]:
        got = (loc.location, loc.admin1, loc.country, loc.geo_precision) if loc else None
        print("-", r["location"], "|", r["admin1"], "|", r["country"], "->", got)
        print("   ", r["notes"][:220])
    return 0


if __name__ == "__main__":
    sys.exit(main())
