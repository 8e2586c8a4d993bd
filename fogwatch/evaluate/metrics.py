"""Small, dependency-free metrics: accuracy, macro-F1, confusion matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def ratio(hits: int, total: int) -> float | None:
    """hits / total, or None when there is nothing to score."""
    return round(hits / total, 4) if total else None


def accuracy(pairs: Iterable[tuple[object, object]]) -> dict[str, float | int | None]:
    """Share of (gold, predicted) pairs that are equal, with the count scored."""
    pairs = list(pairs)
    hits = sum(1 for g, p in pairs if g == p)
    return {"value": ratio(hits, len(pairs)), "n": len(pairs)}


def label_scores(pairs: list[tuple[str, str | None]], label: str) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and gold support of one label over (gold, predicted) pairs."""
    tp = sum(1 for g, p in pairs if g == label and p == label)
    fp = sum(1 for g, p in pairs if g != label and p == label)
    fn = sum(1 for g, p in pairs if g == label and p != label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def macro_f1(pairs: Iterable[tuple[str, str | None]]) -> float | None:
    """F1 averaged over the gold labels (a missing prediction is a wrong one)."""
    pairs = list(pairs)
    labels = sorted({g for g, _ in pairs})
    if not labels:
        return None
    scores = [label_scores(pairs, label)[2] for label in labels]
    return round(sum(scores) / len(scores), 4)


def confusion(pairs: Iterable[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count ("(none)" when nothing was predicted)."""
    table: dict[str, Counter] = {}
    for g, p in pairs:
        table.setdefault(g, Counter())[p or "(none)"] += 1
    return {g: dict(sorted(c.items())) for g, c in sorted(table.items())}
