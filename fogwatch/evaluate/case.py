"""Score Fogwatch's event typing on CASE 2021 Task 2 snippets (``id``, ``EventSnippet``,
``SubType``; tab-separated).

Each snippet is read alone (no publication date) and the sub-event type of its primary
event, or "(none)" when the reader reports no event, is compared with the gold label.
The 25 labels that stand for ACLED sub-event types are mapped to them
(``fogwatch/data/case2021.yaml``); the others name things that are no ACLED event
(disasters, crime, diplomacy), for which the right reading has no event.

- ``weighted_f1`` and ``macro_f1``: F1 of each of the 25 types over all snippets (an
  event read for a non-event snippet is a false positive of its type), averaged by gold
  support or equally over the types the file holds;
- ``non_event_rejection``: the share of non-event snippets read with no event;
- ``event_detection``: the share of ACLED snippets read with some event.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fogwatch.evaluate import metrics
from fogwatch.evaluate.acled import read_all
from fogwatch.evaluate.gold import GoldFileError
from fogwatch.evaluate.split import in_split
from fogwatch.vocab import load_yaml

COLUMNS = ("id", "EventSnippet", "SubType")
NONE = "(none)"
NON_EVENT = "(non-event)"


@cache
def labels() -> tuple[dict[str, str], frozenset[str]]:
    """CASE label -> ACLED sub-event type, and the labels that are no ACLED event."""
    data = load_yaml("case2021.yaml")
    return dict(data["acled"]), frozenset(data["non_events"])


def read_gold(path: str | Path) -> tuple[list[dict[str, str]], int]:
    """The snippets of a CASE TSV and how many were empty (skipped); a missing column or
    an unknown label is an error naming the line."""
    path = Path(path)
    acled, non_events = labels()
    try:
        fh = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot open ({exc.strerror})") from None
    with fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames is None:
            raise GoldFileError(f"{path}: empty file, no header")
        missing = [c for c in COLUMNS if c not in reader.fieldnames]
        if missing:
            raise GoldFileError(f"{path}: missing column(s): {', '.join(missing)}")
        rows, empty = [], 0
        for line, row in enumerate(reader, start=2):
            label = (row.get("SubType") or "").strip()
            if label not in acled and label not in non_events:
                raise GoldFileError(f"{path}:{line}: SubType: unknown label {label!r}")
            text = (row.get("EventSnippet") or "").strip()
            if not text:
                empty += 1
                continue
            rows.append({"id": (row.get("id") or str(line)).strip(), "text": text,
                         "label": label})
    return rows, empty


def gold_type(label: str) -> str:
    """The ACLED sub-event type a CASE label stands for, or ``NON_EVENT``."""
    return labels()[0].get(label, NON_EVENT)


def f1_scores(pairs: list[tuple[str, str]], types: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and gold support of each type over all ``pairs``."""
    out = {}
    for t in types:
        precision, recall, f1, support = metrics.label_scores(pairs, t)
        out[t] = {"precision": round(precision, 4), "recall": round(recall, 4),
                  "f1": round(f1, 4), "support": support}
    return out


def score(rows: list[dict[str, str]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The metrics, the per-type scores and the confusion matrix of read snippets."""
    pairs = []
    for row, result in zip(rows, results, strict=True):
        event = result.get("event")
        pairs.append((gold_type(row["label"]), event["sub_event_type"] if event else NONE))
    types = sorted({g for g, _ in pairs if g != NON_EVENT})
    per_type = f1_scores(pairs, types)
    support = sum(s["support"] for s in per_type.values())
    non_events = [p for g, p in pairs if g == NON_EVENT]
    events = [p for g, p in pairs if g != NON_EVENT]
    return {
        "metrics": {
            "weighted_f1": round(sum(s["f1"] * s["support"] for s in per_type.values())
                                 / support, 4) if support else None,
            "macro_f1": round(sum(s["f1"] for s in per_type.values()) / len(per_type), 4)
            if per_type else None,
            "non_event_rejection": metrics.ratio(sum(p == NONE for p in non_events),
                                                 len(non_events)),
            "event_detection": metrics.ratio(sum(p != NONE for p in events), len(events)),
            "accuracy": metrics.ratio(sum(g == p or (g == NON_EVENT and p == NONE)
                                          for g, p in pairs), len(pairs)),
        },
        "counts": {"event_snippets": len(events), "non_event_snippets": len(non_events)},
        "per_type": per_type,
        "confusion": metrics.confusion(pairs),
        "pairs": pairs,
    }


def evaluate(
    path: str | Path,
    split: str = "all",
    sample: int | None = None,
    seed: int = 0,
    errors: int = 10,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    **_: Any,  # options of the other evaluations
) -> dict[str, Any]:
    """Evaluate Fogwatch on a CASE 2021 Task 2 TSV; returns the report.

    ``split`` is the fixed held-out split of :mod:`fogwatch.evaluate.split` on the
    snippet ids; errors are never listed for the held-out split.
    """
    rows, empty = read_gold(path)
    rows = [r for r in rows if in_split(r, split)]
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    if on_total:
        on_total(len(rows))
    results = read_all([(r["id"], r["text"], None) for r in rows], workers=workers,
                       progress=progress)
    scored = score(rows, results)
    wrong = [
        {"id": row["id"], "wrong": ["sub_event_type"], "gold": f"{row['label']} ({g})",
         "read": p, "evidence": [row["text"][:300]]}
        for row, (g, p) in zip(rows, scored.pop("pairs"), strict=True)
        if not (g == p or (g == NON_EVENT and p == NONE))
    ]
    if errors < len(wrong):
        wrong = random.Random(seed).sample(wrong, errors)
    return {
        "dataset": "case",
        "file": str(path),
        "split": split,
        "sample": sample,
        "seed": seed,
        "rows_scored": len(rows),
        "skipped_empty_notes": empty,
        **scored,
        "errors": [] if split == "holdout" else wrong[:errors],
    }
