"""The reader's output with the reviews applied: the one place reviews change what users see.

Pure functions over report views and built events (plain dicts, see
:mod:`fogwatch.reconcile`). Reviews never edit what the reader stored; every event the
store writes passes through :func:`reviewed_event`, so reads, exports, the API and the
CLI all show the reviewed values, and a rebuild gives them again.

Reviews are applied in log order (``seq``): when two reviews set the same field, the
later one wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fogwatch.codebook.acled import disorder_type, interaction
from fogwatch.codebook.sides import victim_side
from fogwatch.model import ClaimView, FigureView, ReportView

# Event fields whose change moves a column of the events table with it.
_COLUMNS = (
    "date", "event_type", "sub_event_type", "country", "iso", "admin1", "admin2", "location",
    "latitude", "longitude", "fatalities",
)  # fmt: skip


def figure_key(article_id: str, evidence: dict[str, Any] | None, text: str | None) -> str:
    """What finds a figure again after a re-read renumbers it: article, offset, words."""
    start = (evidence or {}).get("start")
    return f"{article_id}|{start}|{text or ''}"


def claim_key(
    article_id: str, evidence: dict[str, Any] | None, kind: str | None, text: str | None
) -> str:
    """What finds a claim again after a re-read: article, offsets, type and sentence."""
    ev = evidence or {}
    return f"{article_id}|{ev.get('start')}|{ev.get('end')}|{kind or ''}|{text or ''}"


def patch_figure(figure: FigureView, reviews: list[dict[str, Any]]) -> FigureView:
    """A figure view with its reviews applied (a copy)."""
    f: dict[str, Any] = {}
    low, high, hedge = figure.low, figure.high, figure.hedge
    for r in sorted(reviews, key=lambda r: r["seq"]):
        field, value = r["field"], r["after"]
        if field == "status":
            f["review_status"] = value
            # "ok" undoes an earlier mark; the reader's own background flag stands.
            f["background"] = value in ("background", "wrong") or figure.background
        elif field == "victims":
            f["victims"] = value
            f["side"] = victim_side(value)
        elif field == "low":
            f["low"] = low = value
            f["count"] = value
            f["vague"] = None
        elif field == "high":
            f["high"] = high = value
        elif field in ("claimant", "claimant_kind", "kind"):
            f[field] = value
        if field in ("low", "high"):
            f["hedge"] = hedge = "exact" if low == high else (hedge or "range")
    f["reviewed_by"] = sorted({r["reviewer"] for r in reviews})
    return figure.model_copy(update=f)


def patch_views(
    views: list[ReportView],
    figure_reviews: Callable[[FigureView], list[dict[str, Any]]],
    claim_reviews: Callable[[ClaimView], list[dict[str, Any]]],
) -> tuple[list[ReportView], bool]:
    """Report views with figure fixes applied and background claims dropped (copies);
    returns (views, whether anything changed)."""
    out, changed = [], False
    for view in views:
        figs = []
        touched = False
        for fig in view.figures:
            found = figure_reviews(fig)
            if found:
                touched = True
                figs.append(patch_figure(fig, found))
            else:
                figs.append(fig)
        claims = []
        for c in view.claims:
            verdict = _verdict(claim_reviews(c))
            if verdict and verdict["verdict"] == "background":
                touched = True
                continue
            claims.append(c)
        if touched:
            changed = True
            view = view.model_copy(update={"figures": figs, "claims": claims})
        out.append(view)
    return out, changed


def _verdict(reviews: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest judgement of a claim, with who gave it."""
    if not reviews:
        return None
    last = max(reviews, key=lambda r: r["seq"])
    after = last["after"] or {}
    if after.get("verdict") == "unjudged":
        return None
    return {
        "verdict": after.get("verdict"),
        "note": after.get("note"),
        "source_url": last["source_url"],
        "reviewer": last["reviewer"],
        "at": last["created_at"],
    }


def status_of(event_reviews: list[dict[str, Any]], other: int) -> str:
    """``reviewed`` | ``flagged`` by the latest mark; ``edited`` when changed but not
    marked; ``unreviewed`` when no review touches the event."""
    marks = [r for r in event_reviews if r["action"] == "mark"]
    if marks:
        last = max(marks, key=lambda r: r["seq"])["after"]
        if last in ("reviewed", "flagged"):
            return str(last)
    changes = [r for r in event_reviews if r["action"] != "mark"]
    return "edited" if changes or other else "unreviewed"


def apply_event(
    event: dict[str, Any],
    event_reviews: list[dict[str, Any]],
    item_reviews: list[dict[str, Any]],
    claim_verdicts: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """A built event (``{"id", "columns", "summary", "detail"}``) with the event-level
    reviews applied in log order, its ledger marked with the claims' verdicts, and its
    review status, version and reviewers recorded (changes ``event`` in place)."""
    summary, columns, detail = event["summary"], event["columns"], event["detail"]
    ordered = sorted(event_reviews, key=lambda r: r["seq"])
    for r in ordered:
        if r["action"] != "set":
            continue
        field, value = r["field"], r["after"]
        old = summary.get(field)
        summary[field] = value
        if field in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            actors = set(summary.get("actors") or [])
            if old and not any(summary.get(k) == old for k in ("actor1", "actor2")):
                actors.discard(old)
            if value:
                actors.add(value)
            summary["actors"] = sorted(actors)
    fields = {r["field"] for r in ordered if r["action"] == "set"}
    if fields & {"event_type", "sub_event_type"}:
        summary["disorder_type"] = disorder_type(summary.get("event_type"), summary.get("sub_event_type"))
    if fields & {"inter1", "inter2"}:
        summary["interaction"] = interaction(summary.get("inter1"), summary.get("inter2"))
    if fields & {"location", "latitude", "longitude", "admin1", "admin2", "country"}:
        summary["where_prec"] = None
    if "fatalities" in fields:
        summary["best"] = max(summary.get("best") or 0, summary["fatalities"])
    for name in _COLUMNS:
        if name in columns:
            columns[name] = summary.get(name)
    if "date" in fields:
        from fogwatch.reconcile.aggregate import _iso_week

        columns["week"] = _iso_week(summary.get("date"))
    if "actors" in summary and fields & {"actor1", "actor2", "assoc_actor_1", "assoc_actor_2"}:
        columns["actors"] = "|" + "|".join(summary["actors"]) + "|"
    if fields & {"location", "admin1", "actor1", "actor2"} and "search" in columns:
        extra = " ".join(
            str(summary.get(k)) for k in ("location", "admin1", "actor1", "actor2") if summary.get(k)
        )
        columns["search"] = f"{columns['search']} {extra.lower()}".strip()
    for entry in detail.get("ledger") or []:
        verdict = claim_verdicts.get(entry["id"])
        if verdict:
            entry["review"] = verdict
    everything = [*event_reviews, *item_reviews]
    version = max((r["seq"] for r in everything), default=0)
    status = status_of(event_reviews, len(item_reviews))
    reviewers = sorted({r["reviewer"] for r in everything})
    summary["review"] = {
        "status": status,
        "version": version,
        "reviewers": reviewers,
        "changes": len(everything),
        "last_reviewed": max((r["created_at"] for r in everything), default=None),
        "fields": sorted(fields),
        "verified": sorted(k for k, v in claim_verdicts.items() if v["verdict"] == "verified"),
        "refuted": sorted(k for k, v in claim_verdicts.items() if v["verdict"] == "refuted"),
    }
    columns["review_status"] = status
    columns["review_version"] = version
    return event
