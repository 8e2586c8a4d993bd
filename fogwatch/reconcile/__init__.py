"""Reconciliation: event reports of different articles become one Event per incident.

Pure functions over report views (:class:`~fogwatch.model.ReportView`, made by
:mod:`fogwatch.reconcile.reports`);
the store runs them incrementally as articles arrive.

Two steps, so that links cannot chain:

1. **Candidate links**: pairs that :func:`fogwatch.reconcile.match.compare` links, found
   through an index on day and country (:func:`candidate_pairs`), never by comparing all
   pairs. Their connected components are *neighbourhoods*: reports that might share an
   event.
2. **Events within a neighbourhood** (:func:`cluster_component`), built in a canonical
   order (earliest possible day, then id): a report joins an event only when no member
   rules it out (another day, another named place...), one member links to it and its
   mean score against every member reaches ``join_mean_score``; of several such events
   it joins the one it matches best on average. A→B and B→C no longer put A with C
   unless A fits C too, and the reports of an event span at most the date window.

Both steps depend only on the set of reports, never on the order they arrived, so a
new article re-clusters only its neighbourhood and gives what a full rebuild gives.

Reviewers' constraints (pairs of report ids that must or must not share an event) enter
through :class:`Constraints`: a cannot-link pair is ruled out like a hard condition, a
must-link pair is linked whatever its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fogwatch.model import ReportView
from fogwatch.reconcile.aggregate import build_event, event_id
from fogwatch.reconcile.match import Match, compare, max_window_days
from fogwatch.reconcile.match import rules as match_rules
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


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Constraints:
    """Pairs of report ids a reviewer says must (or must not) be one incident."""

    must_link: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    cannot_link: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        must_link: Iterable[tuple[str, str]] = (),
        cannot_link: Iterable[tuple[str, str]] = (),
    ) -> Constraints:
        return cls(frozenset(_key(a, b) for a, b in must_link),
                   frozenset(_key(a, b) for a, b in cannot_link))


NO_CONSTRAINTS = Constraints()
MUST_LINK_SCORE = 99.0


class Matcher:
    """:func:`compare` with reviewers' constraints, remembering each pair's result."""

    def __init__(
        self, constraints: Constraints | None = None,
        cache: dict[tuple[str, str], Match] | None = None,
    ):
        self.constraints = constraints or NO_CONSTRAINTS
        self.cache: dict[tuple[str, str], Match] = {} if cache is None else cache

    def __call__(self, a: ReportView, b: ReportView) -> Match:
        key = _key(a.id, b.id)
        m = self.cache.get(key)
        if m is None:
            if key in self.constraints.cannot_link:
                m = Match(False, None, ["a reviewer keeps them apart"])
            elif key in self.constraints.must_link:
                m = Match(True, MUST_LINK_SCORE, ["a reviewer joined them"])
            else:
                m = compare(a, b)
            self.cache[key] = m
        return m


def _canonical(report: ReportView) -> tuple[str, str]:
    iv = report.interval
    return (iv[0] if iv else "9999-12-31", report.id)


def cluster_component(
    reports: list[ReportView], match: Matcher | None = None
) -> list[list[ReportView]]:
    """Events of one neighbourhood (see the module doc): no veto from any member, a
    candidate link to one, and a mean score over all members of ``join_mean_score``."""
    match = match or Matcher()
    r = match_rules()
    link, mean_floor = r["link_score"], r["join_mean_score"]
    events: list[list[ReportView]] = []
    for report in sorted(reports, key=_canonical):
        best: tuple[float, int] | None = None
        for i, members in enumerate(events):
            scores = []
            for other in members:
                m = match(report, other)
                if m.score is None:
                    break
                scores.append(m.score)
            else:
                mean = sum(scores) / len(scores)
                if max(scores) >= link and mean >= mean_floor and (best is None or mean > best[0]):
                    best = (mean, i)
        if best is None:
            events.append([report])
        else:
            events[best[1]].append(report)
    return sorted((sorted(m, key=lambda x: x.id) for m in events), key=lambda g: g[0].id)


def index_keys(report: ReportView) -> list[tuple[str, str]]:
    """The (country, day) keys a report is filed under in the candidate index: every day
    its incident can fall on, widened by the relative-date tolerance, and the days it
    names (a follow-up). Two reports can link only if they share a key; a report of no
    known country is filed under ``""`` and meets every country."""
    r = match_rules()
    iv = report.interval
    if not iv:
        return []
    country = (report.event.iso or "").lower()
    tol = dt.timedelta(days=r["relative_date_tolerance_days"])
    lo, hi = dt.date.fromisoformat(iv[0]) - tol, dt.date.fromisoformat(iv[1]) + tol
    days = set()
    d = lo
    while d <= hi:
        days.add(d.isoformat())
        d += dt.timedelta(days=1)
    days.update(report.mentioned_days)
    return sorted((country, day) for day in days)


def probe_keys(report: ReportView) -> list[tuple[str, str]]:
    """The index keys to look a report's candidates up under: its own days in its own
    country and in ``""`` (or in every country when it has none: see the store)."""
    keys = set(index_keys(report))
    keys |= {("", day) for _, day in keys}
    return sorted(keys)


def candidate_pairs(reports: Iterable[ReportView]) -> list[tuple[ReportView, ReportView]]:
    """Pairs of reports that share a (country, day) key of :func:`index_keys`, a report
    of no known country meeting every country (what the store's candidate query finds),
    in id order."""
    by_day: dict[str, dict[str, list[ReportView]]] = {}
    for r in reports:
        if r.background:
            continue
        for country, day in index_keys(r):
            by_day.setdefault(day, {}).setdefault(country, []).append(r)
    seen: set[tuple[str, str]] = set()
    out = []

    def add(a: ReportView, b: ReportView) -> None:
        key = _key(a.id, b.id)
        if a.id != b.id and key not in seen:
            seen.add(key)
            out.append((a, b) if a.id < b.id else (b, a))

    for countries in by_day.values():
        unknown = countries.get("", [])
        for country, rs in countries.items():
            for i, a in enumerate(rs):
                for b in rs[i + 1:]:
                    add(a, b)
                if country:
                    for b in unknown:
                        add(a, b)
    return sorted(out, key=lambda p: (p[0].id, p[1].id))


def links(reports: list[ReportView], match: Matcher | None = None) -> list[tuple[str, str, Match]]:
    """Every candidate link among ``reports``: (smaller id, larger id, match)."""
    match = match or Matcher()
    out = []
    for a, b in candidate_pairs(reports):
        m = match(a, b)
        if m.linked:
            out.append((a.id, b.id, m))
    return out


def neighbourhoods(
    reports: list[ReportView], match: Matcher | None = None
) -> list[list[ReportView]]:
    """Connected components of the candidate links among ``reports``."""
    news = sorted((r for r in reports if not r.background), key=lambda r: r.id)
    uf = UnionFind(r.id for r in news)
    for a, b, _ in links(news, match):
        uf.union(a, b)
    by_id = {r.id: r for r in news}
    return [[by_id[k] for k in group] for group in uf.groups()]


def explain(
    events: list[list[ReportView]], match: Matcher | None = None
) -> dict[str, dict[str, Any]]:
    """Why each event holds its reports and why it is apart from the other events of its
    neighbourhood: event id -> {"joined": [...], "apart": [...]}. Each entry names two
    reports, the score and the reasons in words."""
    match = match or Matcher()

    def entry(a: ReportView, b: ReportView, m: Match) -> dict[str, Any]:
        return {"reports": sorted([a.id, b.id]), "score": m.score, "reasons": m.reasons}

    def rank(m: Match) -> float:
        return m.score if m.score is not None else -99.0

    out = {}
    for members in events:
        ordered = sorted(members, key=_canonical)
        joined, apart = [], []
        for i, rep in enumerate(ordered[1:], start=1):
            other = max(ordered[:i], key=lambda o: (rank(match(rep, o)), o.id))
            joined.append(entry(rep, other, match(rep, other)))
        for o in (o for ev in events if ev is not members for o in ev):
            near = max(members, key=lambda x: (rank(match(x, o)), x.id))
            apart.append(entry(near, o, match(near, o)))
        apart.sort(key=lambda e: (-(e["score"] if e["score"] is not None else -99), e["reports"]))
        out[event_id([x.id for x in members])] = {"joined": joined, "apart": apart[:5]}
    return out


def cluster(
    reports: list[ReportView], constraints: Constraints | None = None
) -> list[list[ReportView]]:
    """Group report views into incidents (what the store builds incrementally; for
    rebuilds and tests). ``constraints``: reviewers' must-link / cannot-link pairs."""
    match = Matcher(constraints)
    news = [r for r in reports if not r.background]
    uf = UnionFind(r.id for r in news)
    for a, b, _ in links(news, match):
        uf.union(a, b)
    for a, b in (constraints or NO_CONSTRAINTS).must_link:
        if a in uf.parent and b in uf.parent:
            uf.union(a, b)
    by_id = {r.id: r for r in news}
    out = []
    for group in uf.groups():
        out.extend(cluster_component([by_id[k] for k in group], match))
    return sorted(out, key=lambda g: g[0].id)


__all__ = [
    "Constraints",
    "Match",
    "Matcher",
    "UnionFind",
    "build_event",
    "candidate_pairs",
    "cluster",
    "cluster_component",
    "compare",
    "event_id",
    "explain",
    "index_keys",
    "links",
    "max_window_days",
    "neighbourhoods",
    "probe_keys",
    "report_views",
]
