"""The review log in the store: reading it into an index, and the hooks the store calls.

The store calls :func:`reviewed_event` on every event it writes and :func:`enforce`
after every reconcile, so reviews are applied the same way whether an event was made by
an ingest, a full rebuild or a review itself.

Targets are found again by what does not change when the store is rebuilt:

- an event by its reports (``anchor_report``, the smallest report id when reviewed, and
  the others in ``anchor``): the review follows the event that holds the first of them
  still stored, whatever that event's id is now;
- a figure or a claim by its article, offsets and words (``anchor.key``), so a re-read
  that numbers them differently still finds them.

A review whose target is gone is kept and listed by :func:`orphaned`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fogwatch.store.review.apply import (
    _verdict,
    apply_event,
    claim_key,
    figure_key,
    patch_views,
)
from fogwatch.store.review.constraints import Constraint
from fogwatch.store.review.constraints import enforce as enforce_groups

if TYPE_CHECKING:  # pragma: no cover
    from fogwatch.model import ClaimView, FigureView
    from fogwatch.store.db import Database
    from fogwatch.store.store import Store

EVENT_ACTIONS = ("set", "mark", "merge", "split")


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """A reviews row as a plain dict (JSON columns decoded)."""
    return {
        "seq": int(row["seq"]),
        "change_id": row["change_id"],
        "created_at": row["created_at"],
        "reviewer": row["reviewer"],
        "target_kind": row["target_kind"],
        "target_id": row["target_id"],
        "anchor_report": row["anchor_report"],
        "anchor": _loads(row["anchor"]) or {},
        "action": row["action"],
        "field": row["field"],
        "before": _loads(row["value_before"]),
        "after": _loads(row["value_after"]),
        "reason": row["reason"],
        "source_url": row["source_url"],
        "event_version": int(row["event_version"] or 0),
    }


@dataclass
class Index:
    """Every review, indexed by what finds its target."""

    seq: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    by_anchor: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    by_figure: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    by_claim: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)

    @classmethod
    def build(cls, seq: int, rows: list[dict[str, Any]]) -> Index:
        idx = cls(seq=seq, rows=rows)
        for r in rows:
            if r["target_kind"] == "event":
                for rid in r["anchor"].get("reports") or [r["anchor_report"]]:
                    idx.by_anchor.setdefault(rid, []).append(r)
                if r["action"] in ("merge", "split"):
                    after = r["after"] or {}
                    idx.constraints.append(
                        Constraint(
                            seq=r["seq"],
                            kind=r["action"],
                            reports=frozenset(after.get("reports") or []),
                            rest=frozenset(after.get("rest") or []),
                        )
                    )
            elif r["target_kind"] == "figure":
                idx.by_figure.setdefault(r["anchor"]["key"], []).append(r)
            elif r["target_kind"] == "claim":
                idx.by_claim.setdefault(r["anchor"]["key"], []).append(r)
        return idx

    def figure_reviews(self, f: FigureView) -> list[dict[str, Any]]:
        return self.by_figure.get(figure_key(f.article_id, f.evidence.model_dump(), f.text), [])

    def claim_reviews(self, c: ClaimView) -> list[dict[str, Any]]:
        return self.by_claim.get(
            claim_key(c.article_id, c.evidence.model_dump(), c.type, c.text), []
        )

    def event_reviews(self, db: Database, report_ids: list[str]) -> list[dict[str, Any]]:
        """The event-level reviews of the event made of ``report_ids``."""
        ids = set(report_ids)
        seen: dict[int, dict[str, Any]] = {}
        for rid in report_ids:
            for r in self.by_anchor.get(rid, []):
                seen.setdefault(r["seq"], r)
        out = []
        for r in seen.values():
            if r["anchor_report"] in ids:
                out.append(r)
            elif primary_report(db, r) in ids:
                out.append(r)
        return sorted(out, key=lambda r: r["seq"])


def primary_report(db: Database, review: dict[str, Any]) -> str | None:
    """The first of an event review's reports that is still stored (None: orphaned)."""
    reports = sorted(review["anchor"].get("reports") or [review["anchor_report"]])
    if review["anchor_report"] in reports:
        reports.remove(review["anchor_report"])
        reports.insert(0, review["anchor_report"])
    found = set()
    for i in range(0, len(reports), 500):
        chunk = reports[i:i + 500]
        found |= {
            r["id"]
            for r in db.query(
                f"SELECT id FROM event_reports WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            )
        }
    return next((r for r in reports if r in found), None)


def index(store: Store, db: Database) -> Index:
    """The review index, read again only when the log has grown."""
    seq = int(db.scalar("SELECT MAX(seq) FROM reviews") or 0)
    cached: Index | None = getattr(store, "_review_index", None)
    if cached is not None and cached.seq == seq:
        return cached
    rows = [decode(r) for r in db.query("SELECT * FROM reviews ORDER BY seq")] if seq else []
    built = Index.build(seq, rows)
    store._review_index = built  # type: ignore[attr-defined]
    return built


def reviewed_event(store: Store, db: Database, event: dict[str, Any]) -> dict[str, Any]:
    """A built event with its reviews applied (the store's write hook)."""
    idx = index(store, db)
    if not idx.rows:
        return apply_event(event, [], [], {})
    rids = list(event["detail"]["reports"])
    event_reviews = idx.event_reviews(db, rids)
    views_by_id = store._views(db, rids)
    views = [views_by_id[r] for r in rids if r in views_by_id]
    items: dict[int, dict[str, Any]] = {}

    def figs(f: FigureView) -> list[dict[str, Any]]:
        found = idx.figure_reviews(f)
        items.update((r["seq"], r) for r in found)
        return found

    verdicts: dict[str, dict[str, Any]] = {}

    def claims(c: ClaimView) -> list[dict[str, Any]]:
        found = idx.claim_reviews(c)
        items.update((r["seq"], r) for r in found)
        verdict = _verdict(found)
        if verdict:
            verdicts[c.id] = verdict
        return found

    patched, changed = patch_views(views, figs, claims)
    if changed:
        from fogwatch.reconcile import build_event

        rebuilt = build_event(patched)
        # Keep what the reconciler added after building (its explanations, say).
        for part in ("summary", "detail", "columns"):
            for k, v in event[part].items():
                rebuilt[part].setdefault(k, v)
        event = rebuilt
    return apply_event(event, event_reviews, list(items.values()), verdicts)


def event_reports(db: Database, event_id: str) -> list[str]:
    return sorted(
        r["report_id"]
        for r in db.query("SELECT report_id FROM event_links WHERE event_id = ?", (event_id,))
    )


def rewrite_events(store: Store, db: Database, groups: list[set[str]], old: set[str]) -> None:
    """Replace the events ``old`` by events built from ``groups`` of report ids."""
    from fogwatch.reconcile import build_event

    for eid in sorted(old):
        db.execute("DELETE FROM event_links WHERE event_id = ?", (eid,))
        db.execute("DELETE FROM events WHERE id = ?", (eid,))
    for group in sorted(groups, key=min):
        views = store._views(db, sorted(group))
        members = [views[r] for r in sorted(group) if r in views]
        if members:
            store._write_event(db, build_event(members))


def rebuild_event(store: Store, db: Database, event_id: str) -> None:
    """Write one event again from its reports (after a review of it)."""
    reports = event_reports(db, event_id)
    if reports:
        rewrite_events(store, db, [set(reports)], {event_id})


def enforce(store: Store, db: Database, report_ids: list[str] | None) -> None:
    """Apply the merges and splits that touch ``report_ids`` (all of them with None) to
    the stored events, after the reconciler has grouped them by its rule."""
    idx = index(store, db)
    if not idx.constraints:
        return
    if report_ids is None:
        reach: set[str] = set().union(*(c.touches for c in idx.constraints))
    else:
        reach = set(report_ids)
    reach |= _siblings(db, reach)
    while True:
        # Constraints reach further reports, and those reports' events further still.
        relevant = [c for c in idx.constraints if c.touches & reach]
        grown = reach.union(*(c.touches for c in relevant))
        grown |= _siblings(db, grown)
        if grown == reach:
            break
        reach = grown
    if not relevant:
        return
    links = _links(db, reach)
    groups: dict[str, set[str]] = {}
    for rid, eid in links.items():
        groups.setdefault(eid, set()).add(rid)
    stored = _news_reports(db, reach)
    loose = [{r} for r in sorted(stored - set(links))]
    before = {frozenset(g) for g in groups.values()} | {frozenset(g) for g in loose}
    after = enforce_groups([*groups.values(), *loose], relevant)
    if {frozenset(g) for g in after} == before:
        return
    keep = {frozenset(g) for g in after} & before
    old = {eid for eid, g in groups.items() if frozenset(g) not in keep}
    rewrite_events(store, db, [g for g in after if frozenset(g) not in keep], old)


def _chunks(ids: set[str]) -> Iterator[list[str]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        yield ordered[i:i + 500]


def _links(db: Database, report_ids: set[str]) -> dict[str, str]:
    out = {}
    for chunk in _chunks(report_ids):
        marks = ", ".join("?" for _ in chunk)
        for r in db.query(
            f"SELECT report_id, event_id FROM event_links WHERE report_id IN ({marks})", chunk
        ):
            out[r["report_id"]] = r["event_id"]
    return out


def _siblings(db: Database, report_ids: set[str]) -> set[str]:
    """Every report of the events that hold any of ``report_ids``."""
    events = set(_links(db, report_ids).values())
    out = set()
    for chunk in _chunks(events):
        marks = ", ".join("?" for _ in chunk)
        out |= {
            r["report_id"]
            for r in db.query(f"SELECT report_id FROM event_links WHERE event_id IN ({marks})", chunk)
        }
    return out


def _news_reports(db: Database, report_ids: set[str]) -> set[str]:
    out = set()
    for chunk in _chunks(report_ids):
        marks = ", ".join("?" for _ in chunk)
        out |= {
            r["id"]
            for r in db.query(
                f"SELECT id FROM event_reports WHERE background = 0 AND id IN ({marks})", chunk
            )
        }
    return out


def claim_verdicts(store: Store, db: Database, rows: list[dict[str, Any]]) -> None:
    """Add each claim row's latest verdict as ``review`` (rows of :meth:`Store.claims`)."""
    idx = index(store, db)
    for r in rows:
        found = idx.by_claim.get(
            claim_key(r["article_id"], r.get("evidence"), r.get("type"), r.get("text"))
        ) if idx.by_claim else None
        r["review"] = _verdict(found or [])


def orphaned(store: Store, db: Database) -> list[dict[str, Any]]:
    """Reviews whose target is no longer in the store (kept, never dropped)."""
    idx = index(store, db)
    out = []
    figure_keys: dict[str, set[str]] = {}
    claim_keys: dict[str, set[str]] = {}
    for r in idx.rows:
        if r["target_kind"] == "event":
            if primary_report(db, r) is None:
                out.append(r)
            continue
        article = r["anchor"].get("article_id")
        if r["target_kind"] == "figure":
            if article not in figure_keys:
                figure_keys[article] = {
                    figure_key(article, {"start": f["start_offset"]}, f["text"])
                    for f in db.query(
                        "SELECT start_offset, text FROM figures WHERE article_id = ?", (article,)
                    )
                }
            if r["anchor"]["key"] not in figure_keys[article]:
                out.append(r)
        elif r["target_kind"] == "claim":
            if article not in claim_keys:
                claim_keys[article] = {
                    claim_key(article, {"start": c["start_offset"], "end": c["end_offset"]},
                              c["type"], c["text"])
                    for c in db.query(
                        "SELECT start_offset, end_offset, type, text FROM claims "
                        "WHERE article_id = ?",
                        (article,),
                    )
                }
            if r["anchor"]["key"] not in claim_keys[article]:
                out.append(r)
    return out
