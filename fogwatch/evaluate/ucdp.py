"""Score Fogwatch against UCDP GED: read each row's ``source_headline``, compare deaths.

Only rows with a headline have text to read; the others are skipped and counted. The
primary event's ``deaths.best`` (else its ACLED fatalities) is compared with
``best_est``, and its UCDP ``type_of_violence`` with the row's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fogwatch.evaluate import metrics
from fogwatch.evaluate.acled import read_all
from fogwatch.evaluate.gold import parse_date, read_rows
from fogwatch.evaluate.split import in_split, is_holdout, row_id

REQUIRED = ("id", "source_headline", "date_start", "best_est", "type_of_violence")


def _int(value: Any) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def evaluate(
    path: str | Path,
    split: str = "all",
    sample: int | None = None,
    seed: int = 0,
    errors: int = 10,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Evaluate Fogwatch on a UCDP GED CSV; returns the report (metrics, counts, errors)."""
    rows_all = read_rows(path, REQUIRED)
    rows, no_text = [], 0
    for row in rows_all:
        if not in_split(row, split):
            continue
        if not row.get("source_headline", "").strip():
            no_text += 1
            continue
        rows.append(row)
    if sample is not None and 0 < sample < len(rows):
        picked = sorted(random.Random(seed).sample(range(len(rows)), sample))
        rows = [rows[i] for i in picked]
    if on_total:
        on_total(len(rows))
    items = [
        (row_id(r), r["source_headline"], parse_date(r.get("date_start"))) for r in rows
    ]
    results = read_all(items, workers=workers, progress=progress)
    best, tov, sides, compared = [], [], [], []
    for row, res in zip(rows, results, strict=True):
        ev = res["event"] or {}
        deaths = ev.get("deaths") or {}
        p_best = deaths.get("best")
        if p_best is None:
            p_best = ev.get("fatalities", 0) if ev else 0
        g_best = _int(row.get("best_est"))
        best.append((g_best, p_best))
        tov.append((_int(row.get("type_of_violence")), ev.get("type_of_violence")))
        for g_key, p_key in (("deaths_a", "side_a"), ("deaths_b", "side_b"),
                             ("deaths_civilians", "civilians")):
            if row.get(g_key, "") != "":
                sides.append((_int(row[g_key]), deaths.get(p_key) or 0))
        if (g_best != p_best or tov[-1][0] != tov[-1][1]) and not is_holdout(row):
            compared.append({
                "id": row_id(row),
                "gold": {"best": g_best, "type_of_violence": tov[-1][0]},
                "read": {"best": p_best, "type_of_violence": tov[-1][1]},
                "evidence": res.get("evidence", []) or [row["source_headline"]],
            })
    report: dict[str, Any] = {
        "dataset": "ucdp",
        "file": str(path),
        "split": split,
        "sample": sample,
        "seed": seed,
        "rows_scored": len(rows),
        "skipped_no_headline": no_text,
        "metrics": {
            "best_exact": metrics.accuracy(best)["value"],
            "best_within_1": metrics.ratio(sum(abs(g - p) <= 1 for g, p in best if g is not None),
                                           len(best)),
            "type_of_violence_accuracy": metrics.accuracy(tov)["value"],
            "deaths_by_side_exact": metrics.accuracy(sides)["value"],
        },
        "counts": {"rows": len(rows), "no_event": sum(1 for r in results if r["event"] is None),
                   "read_errors": sum(1 for r in results if r.get("error"))},
        "confusion": metrics.confusion((str(g), str(p) if p else None) for g, p in tov),
    }
    if split == "holdout":
        report["errors"] = []
        report["errors_hidden"] = "held-out rows are scored, never studied"
    else:
        report["errors"] = (
            random.Random(seed).sample(compared, errors) if len(compared) > errors else compared
        )
    return report
