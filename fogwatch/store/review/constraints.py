"""Merges and splits as must-link and cannot-link constraints on the reconciler's groups.

The reconciler groups reports by its rule alone; :func:`enforce` then applies every
merge and split a reviewer made, in log order, so a later decision overrides an earlier
one. It is a pure function of the groups and the constraints: a rebuild, an incremental
ingest or a new rule all end in the same events a reviewer asked for.

- a **merge** (must-link) puts every group that holds one of its reports into one;
- a **split** (cannot-link) takes its reports out of any group that also holds one of
  the reports they were split from, and keeps them together; reports that neither
  names stay where the rule put them (with the reports they were split from).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Constraint:
    """One merge or split: ``reports`` must be together (merge) or apart from ``rest``."""

    seq: int
    kind: str  # "merge" | "split"
    reports: frozenset[str]
    rest: frozenset[str] = frozenset()

    @property
    def touches(self) -> frozenset[str]:
        return self.reports | self.rest


def enforce(groups: Iterable[Iterable[str]], constraints: Iterable[Constraint]) -> list[set[str]]:
    """The groups (sets of report ids) after every constraint, in ``seq`` order.

    Reports a constraint names that are in no group are ignored (gone after a re-read).
    """
    out = [set(g) for g in groups if g]
    for c in sorted(constraints, key=lambda c: c.seq):
        if c.kind == "merge":
            hit = [g for g in out if g & c.reports]
            if len(hit) > 1:
                merged = set().union(*hit)
                out = [g for g in out if not (g & c.reports)] + [merged]
        elif c.kind == "split":
            moved: set[str] = set()
            kept = []
            for g in out:
                if g & c.reports and g & c.rest:
                    moved |= g & c.reports
                    kept.append(g - c.reports)
                else:
                    kept.append(g)
            if moved:
                kept.append(moved)
            out = [g for g in kept if g]
    return sorted(out, key=min)
