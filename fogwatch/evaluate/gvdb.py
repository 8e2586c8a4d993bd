"""Score killed and injured counts against the Gun Violence Database's crowd annotations.

The GVDB file is tab-separated with the columns ``Article id``, ``Article title``,
``Full text`` and ``Json`` (the annotation: ``victim-section`` lists the victims, each
with ``victim-was`` holding ``killed`` / ``injured``, and ``date-and-time.date``).
Gold killed is the number of victims marked killed, gold injured the number marked
injured. Each article is read as exported, its title glued to the first sentence, with
the title given (the reader cuts it off as the headline) and the annotated date as its
publication date; the
reading's killed count is the primary event's fatalities, its injured count the same
conservative count over the event's injury figures.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fogwatch.codebook import acled as acled_codebook
from fogwatch.evaluate.claims import read_articles
from fogwatch.evaluate.gold import GoldFileError
from fogwatch.model import Article, ArticleReading

REQUIRED = ("Article id", "Full text", "Json")


def read_gold(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows with their gold counts, and a note per row that could not be used."""
    path = Path(path)
    csv.field_size_limit(sys.maxsize)
    try:
        fh = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot open ({exc.strerror})") from None
    rows, bad = [], []
    with fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise GoldFileError(f"{path}: missing column(s): {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            try:
                ann = json.loads(row["Json"] or "")
            except json.JSONDecodeError as exc:
                bad.append(f"{path}:{line}: Json column is not JSON ({exc.msg})")
                continue
            victims = ann.get("victim-section") or []
            title = (row.get("Article title") or "").strip()
            text = row["Full text"] or ""
            if not text.strip():
                bad.append(f"{path}:{line}: empty Full text")
                continue
            date = (ann.get("date-and-time") or {}).get("date") or None
            rows.append({
                "id": row["Article id"],
                "title": title or None,
                "text": text.strip(),
                "date": date,
                "killed": sum("killed" in (v.get("victim-was") or []) for v in victims),
                "injured": sum("injured" in (v.get("victim-was") or []) for v in victims),
            })
    return rows, bad


def counts(reading: ArticleReading) -> tuple[int, int]:
    """(killed, injured) the reading gives its primary event."""
    if not reading.events:
        return 0, 0
    event = reading.events[0]
    figures = [reading.figures[i] for i in event.figures]
    return event.fatalities, acled_codebook.fatalities(figures, kind="injured")


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(
    path: str | Path,
    errors: int = 10,
    workers: int = 1,
    sample: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Read every row and compare killed and injured with the annotators' counts."""
    rows, bad = read_gold(path)
    if sample is not None and 0 < sample < len(rows):
        rows = rows[:sample]
    if on_total:
        on_total(len(rows))
    articles = [Article.make(r["text"], published=r["date"], title=r["title"], id=f"gvdb-{r['id']}")
                for r in rows]
    readings = read_articles(articles, workers=workers, progress=progress)
    pairs = []
    listed = []
    for row, reading in zip(rows, readings, strict=True):
        got = counts(reading) if not isinstance(reading, str) else (0, 0)
        pairs.append((row["killed"], row["injured"], *got))
        if got[0] != row["killed"] and not isinstance(reading, str):
            figs = [reading.figures[i] for i in reading.events[0].figures] if reading.events else []
            listed.append({
                "id": f"gvdb {row['id']}", "wrong": ["killed"],
                "gold": f"killed {row['killed']}, injured {row['injured']}",
                "read": [f"killed {got[0]}, injured {got[1]}"]
                + [f"{f.kind} {f.text!r} by {f.claimant.name if f.claimant else '-'}"
                   for f in figs][:4],
                "evidence": [f.sentence.text for f in figs if f.sentence][:2],
            })
    killed = [(g, p) for g, _, p, _ in pairs]
    injured = [(g, p) for _, g, _, p in pairs]
    pos = [(g, p) for g, p in killed if g > 0]
    inj_pos = [(g, p) for g, p in injured if g > 0]
    metrics = {
        "killed_exact": _ratio(sum(g == p for g, p in killed), len(killed)),
        "killed_within_1": _ratio(sum(abs(g - p) <= 1 for g, p in killed), len(killed)),
        "killed_exact_gold_gt0": _ratio(sum(g == p for g, p in pos), len(pos)),
        "injured_exact": _ratio(sum(g == p for g, p in injured), len(injured)),
        "injured_exact_gold_gt0": _ratio(sum(g == p for g, p in inj_pos), len(inj_pos)),
        "baseline_killed_zero": _ratio(sum(g == 0 for g, _ in killed), len(killed)),
    }
    return {
        "dataset": "gvdb",
        "file": str(path),
        "split": "all",
        "rows_scored": len(rows),
        "skipped": len(bad),
        "bad_rows": bad,
        "read_errors": [r["id"] for r, x in zip(rows, readings, strict=True) if isinstance(x, str)],
        "metrics": metrics,
        "counts": {"articles": len(rows), "killed_gold_gt0": len(pos),
                   "injured_gold_gt0": len(inj_pos)},
        "errors": listed[:errors],
        "errors_total": len(listed),
    }
