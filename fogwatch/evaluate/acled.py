"""Score Fogwatch against ACLED: read each row's ``notes``, compare the primary event.

Each row's notes are read with the row's ``event_date`` as the publication date, and
``events[0]`` of the reading is compared with the coder's values. Rows with empty notes
are skipped and counted. Works on ACLED's current export and on older layouts
(upper-case column names, ``event_id_cnty`` instead of ``data_id``, no sub-event type).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fogwatch.evaluate import metrics
from fogwatch.evaluate.gold import norm, parse_date, read_rows
from fogwatch.evaluate.split import in_split, is_holdout, row_id
from fogwatch.geo.distance import distance_km
from fogwatch.model import Article, ArticleReading

REQUIRED = (
    "notes", "event_date", "event_type", "actor1", "country", "admin1",
    "latitude", "longitude", "fatalities",
)
# Older exports name a few columns differently.
ALIASES = {"event_id": "event_id_cnty", "note": "notes", "gwno": "gwno", "admin_1": "admin1"}
LOCATION_KM = 25.0


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


_YEARS = re.compile(r"\(\d{4}-(?:\d{4})?\)")


def actor_key(name: str | None) -> str:
    """An actor name without ACLED's period marks ("(2018-)"), normalised for comparing."""
    return norm(_YEARS.sub(" ", name or ""))


def actor_matches(gold: str, predicted: str) -> bool:
    """Whether a predicted actor names the gold one.

    Equal once the period marks are dropped; or the prediction names the force and the
    gold row adds a unit or faction after ACLED's period mark
    ("Military Forces of Yemen (2012-) Security Belt Forces" for
    "Military Forces of Yemen (2012-)" or, with no period mark, "Military Forces of Yemen").
    """
    g, p = actor_key(gold), actor_key(predicted)
    if not g or not p:
        return False
    if g == p:
        return True
    m = _YEARS.search(gold)
    if m is None:
        return False
    force = gold[: m.end()]  # "Military Forces of Yemen (2012-)"
    if _YEARS.search(predicted):
        return norm(predicted) == norm(force)
    return p == actor_key(force)


def read_gold(path: str | Path) -> list[dict[str, str]]:
    """The rows of an ACLED CSV (current or older layout); raises naming missing columns."""
    return read_rows(path, REQUIRED, ALIASES)


def _summary(rid: str, reading: ArticleReading | None, error: str | None) -> dict[str, Any]:
    """What scoring needs of one reading: its primary event and that event's evidence."""
    if reading is None or not reading.events:
        return {"id": rid, "event": None, "error": error}
    event = reading.events[0]
    return {
        "id": rid,
        "event": event.model_dump(
            include={
                "event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2",
                "interaction", "country", "admin1", "admin2", "location", "latitude",
                "longitude", "geo_precision", "fatalities", "deaths", "type_of_violence",
                "date",
            }
        ),
        "evidence": [ev.text for ev in event.evidence],
    }


def read_all(
    items: list[tuple[str, str, str | None]], workers: int = 2,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Read notes ``(id, text, published)`` in input order through the batch reader that
    ``fogwatch extract`` uses, with ``workers`` processes (1: in this process). A note
    the reader fails on counts as a note without an event, and its error is kept."""
    from fogwatch.batch import read_records
    from fogwatch.ingest.files import Record

    records = (
        Record(Article.make(text, published=published, id=rid), source="gold", line=n)
        for n, (rid, text, published) in enumerate(items, start=1)
    )
    out = []
    # a few notes are read faster here than by starting worker processes
    workers = 1 if len(items) < 40 else max(1, workers)
    for record, reading, error in read_records(records, workers=workers):
        assert record.article is not None  # every record here holds an article
        out.append(_summary(record.article.id, reading, error))
        if progress:
            progress(1)
    return out


def select_rows(
    rows: list[dict[str, str]], split: str = "all", sample: int | None = None, seed: int = 0
) -> tuple[list[dict[str, str]], int]:
    """Rows in ``split`` with notes, optionally a seeded sample; and how many had no notes."""
    chosen, empty = [], 0
    for i, row in enumerate(rows):
        row.setdefault("_line", str(i + 2))
        try:
            row_id(row)
        except KeyError:
            row["data_id"] = f"line-{i + 2}"
        if not in_split(row, split):
            continue
        if not row.get("notes", "").strip():
            empty += 1
            continue
        chosen.append(row)
    if sample is not None and 0 < sample < len(chosen):
        picked = sorted(random.Random(seed).sample(range(len(chosen)), sample))
        chosen = [chosen[i] for i in picked]
    return chosen, empty


def score(rows: list[dict[str, str]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Metrics over (gold row, reading) pairs, plus the per-row comparisons."""
    et, sub, fat, fat_pos, country, admin1, loc, actor, inter, inter1 = ([] for _ in range(10))
    compared = []
    for row, res in zip(rows, results, strict=True):
        ev = res["event"] or {}
        g_et, p_et = row.get("event_type", ""), ev.get("event_type")
        et.append((g_et, p_et))
        if row.get("sub_event_type"):
            sub.append((row["sub_event_type"], ev.get("sub_event_type")))
        g_f = _int(row.get("fatalities"))
        p_f = ev.get("fatalities", 0) if ev else 0
        if g_f is not None:
            fat.append((g_f, p_f))
            if g_f > 0:
                fat_pos.append((g_f, p_f))
        if row.get("country"):
            country.append((norm(row["country"]), norm(ev.get("country"))))
        if row.get("admin1"):
            admin1.append((norm(row["admin1"]), norm(ev.get("admin1"))))
        if _int(row.get("geo_precision")) == 1:
            glat, glon = _float(row.get("latitude")), _float(row.get("longitude"))
            plat, plon = ev.get("latitude"), ev.get("longitude")
            ok = (
                None not in (glat, glon, plat, plon)
                and distance_km(glat, glon, plat, plon) <= LOCATION_KM
            )
            loc.append(ok)
        gold_actors = [a for a in (row.get("actor1"), row.get("actor2")) if a]
        pred_actors = [a for a in (ev.get("actor1"), ev.get("actor2")) if a]
        actor.append(any(actor_matches(g, p) for g in gold_actors for p in pred_actors))
        g_inter = sorted(c for c in (_int(row.get("inter1")), _int(row.get("inter2"))) if c)
        p_inter = sorted(c for c in (ev.get("inter1"), ev.get("inter2")) if c)
        if g_inter:
            inter.append((tuple(g_inter), tuple(p_inter)))
            inter1.append((_int(row.get("inter1")), ev.get("inter1")))
        compared.append({"row": row, "result": res})
    m = {
        "event_type_accuracy": metrics.accuracy(et)["value"],
        "sub_event_type_accuracy": metrics.accuracy(sub)["value"],
        "event_type_macro_f1": metrics.macro_f1(et),
        "fatalities_exact": metrics.accuracy(fat)["value"],
        "fatalities_within_1": metrics.ratio(sum(abs(g - p) <= 1 for g, p in fat), len(fat)),
        "fatalities_exact_gold_gt0": metrics.accuracy(fat_pos)["value"],
        "fatalities_within_1_gold_gt0": metrics.ratio(
            sum(abs(g - p) <= 1 for g, p in fat_pos), len(fat_pos)
        ),
        "country_accuracy": metrics.accuracy(country)["value"],
        "admin1_accuracy": metrics.accuracy(admin1)["value"],
        "location_within_25km": metrics.ratio(sum(loc), len(loc)),
        "actor_either_side": metrics.ratio(sum(actor), len(actor)),
        "inter_accuracy": metrics.accuracy(inter)["value"],
        "inter1_accuracy": metrics.accuracy(inter1)["value"],
        "baseline_event_type_accuracy": metrics.ratio(
            Counter(g for g, _ in et).most_common(1)[0][1] if et else 0, len(et)
        ),
        "baseline_fatalities_zero": metrics.ratio(sum(g == 0 for g, _ in fat), len(fat)),
    }
    counts = {
        "event_type": len(et), "sub_event_type": len(sub), "fatalities": len(fat),
        "fatalities_gold_gt0": len(fat_pos), "admin1": len(admin1),
        "location_geo_precision_1": len(loc), "actor": len(actor), "inter": len(inter),
        "no_event": sum(1 for r in results if r["event"] is None),
        # events that name a place (location or admin1) but cannot be mapped
        "located_without_coordinates": sum(
            1 for r in results if r["event"] and (r["event"].get("location")
                                                  or r["event"].get("admin1"))
            and r["event"].get("latitude") is None
        ),
        "read_errors": sum(1 for r in results if r.get("error")),
    }
    return {"metrics": m, "counts": counts, "confusion": metrics.confusion(et),
            "compared": compared}


def _is_error(row: dict[str, str], ev: dict[str, Any]) -> list[str]:
    wrong = []
    if row.get("event_type") != ev.get("event_type"):
        wrong.append("event_type")
    elif row.get("sub_event_type") and row["sub_event_type"] != ev.get("sub_event_type"):
        wrong.append("sub_event_type")
    if _int(row.get("fatalities")) != ev.get("fatalities", 0):
        wrong.append("fatalities")
    if row.get("country") and norm(row["country"]) != norm(ev.get("country")):
        wrong.append("country")
    if row.get("admin1") and norm(row["admin1"]) != norm(ev.get("admin1")):
        wrong.append("admin1")
    gold_actors = [a for a in (row.get("actor1"), row.get("actor2")) if a]
    pred_actors = [a for a in (ev.get("actor1"), ev.get("actor2")) if a]
    if not any(actor_matches(g, p) for g in gold_actors for p in pred_actors):
        wrong.append("actor")
    g_inter = sorted(c for c in (_int(row.get("inter1")), _int(row.get("inter2"))) if c)
    p_inter = sorted(c for c in (ev.get("inter1"), ev.get("inter2")) if c)
    if g_inter != p_inter:
        wrong.append("inter")
    return wrong


def error_sample(
    compared: Iterable[dict[str, Any]], n: int, seed: int = 0, field: str | None = None
) -> list[dict[str, Any]]:
    """Up to ``n`` rows coded differently from the gold row, with gold, reading and evidence."""
    errors = []
    for item in compared:
        row, res = item["row"], item["result"]
        if is_holdout(row):
            continue  # held-out rows are scored, never studied, whatever the split
        ev = res["event"] or {}
        wrong = _is_error(row, ev)
        if field:
            wrong = [w for w in wrong if w == field]
        if not wrong:
            continue
        keys = ("event_type", "sub_event_type", "fatalities", "actor1", "inter1", "actor2", "inter2", "country",
                "admin1", "location")
        errors.append({
            "id": row_id(row),
            "wrong": wrong,
            "gold": {k: row.get(k) for k in keys},
            "read": {k: ev.get(k) for k in keys},
            "evidence": res.get("evidence", []),
        })
    if len(errors) > n:
        errors = random.Random(seed).sample(errors, n)
    return errors


def evaluate(
    path: str | Path,
    split: str = "all",
    sample: int | None = None,
    seed: int = 0,
    errors: int = 10,
    workers: int = 2,
    error_field: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Evaluate Fogwatch on an ACLED CSV; returns the report (metrics, counts, errors).

    Errors are never listed for the held-out split: its rows are scored, not studied.
    """
    rows, empty = select_rows(read_gold(path), split=split, sample=sample, seed=seed)
    if on_total:
        on_total(len(rows))
    items = [(row_id(r), r["notes"], parse_date(r.get("event_date"))) for r in rows]
    results = read_all(items, workers=workers, progress=progress)
    scored = score(rows, results)
    report = {
        "dataset": "acled",
        "file": str(path),
        "split": split,
        "sample": sample,
        "seed": seed,
        "rows_scored": len(rows),
        "skipped_empty_notes": empty,
        "metrics": scored["metrics"],
        "counts": scored["counts"],
        "confusion": scored["confusion"],
    }
    if split == "holdout":
        report["errors"] = []
        report["errors_hidden"] = "held-out rows are scored, never studied"
    else:
        report["errors"] = error_sample(scored["compared"], errors, seed, error_field)
    return report
