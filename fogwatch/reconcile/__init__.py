"""Reconciliation: event reports of different articles become one Event per incident.

Pure functions over report views (plain dicts, see :mod:`fogwatch.reconcile.reports`);
the store runs them incrementally as articles arrive. Events are the connected
components of the "same incident" links (:func:`fogwatch.reconcile.match.compare`), so
the grouping, and the ids derived from it, do not depend on the order of arrival.
"""

from __future__ import annotations

from collections.abc import Iterable

from fogwatch.reconcile.aggregate import build_event, event_id
from fogwatch.reconcile.match import Match, compare, max_window_days
from fogwatch.reconcile.reports import report_views


class UnionFind:
    """Disjoint sets over string keys; the representative is the smallest key (deterministic)."""

    def __init__(self, keys: Iterable[str] = ()):
        self.parent: dict[str, str] = {}
        for k in keys:
            self.add(k)

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        self.add(key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for k in sorted(self.parent):
            out.setdefault(self.find(k), []).append(k)
        return [sorted(v) for _, v in sorted(out.items())]


def cluster(reports: list[dict]) -> list[list[dict]]:
    """Group report views into incidents (all pairs compared; for rebuilds and tests)."""
    news = sorted((r for r in reports if not r["background"]), key=lambda r: r["id"])
    uf = UnionFind(r["id"] for r in news)
    for i, a in enumerate(news):
        for b in news[i + 1:]:
            if compare(a, b).linked:
                uf.union(a["id"], b["id"])
    by_id = {r["id"]: r for r in news}
    return [[by_id[k] for k in group] for group in uf.groups()]


__all__ = [
    "Match",
    "UnionFind",
    "build_event",
    "cluster",
    "compare",
    "event_id",
    "max_window_days",
    "report_views",
]
