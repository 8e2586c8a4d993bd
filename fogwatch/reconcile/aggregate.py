"""Build one Event from the reports reconciled into it.

- the claims ledger: every claim and figure, ordered by when it was first reported;
- ranges: per claimant and per side, low / best / high of each kind of casualty;
- ``contested`` when two camps (the authorities of a country, an armed group...) give
  figures for the same victims that cannot both be true;
- ``fatalities`` by ACLED's conservative rule: per side the lowest camp's figure when
  contested, else the largest figure all agree with; unspecified victims are a floor
  for the state and civilian dead, not an addition;
- first / last reported, number of sources and outlets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from typing import Any

from fogwatch.model import ClaimView, FigureView, ReportCoding, ReportView
from fogwatch.reconcile.match import rules

SIDES = ("state", "nonstate", "civilians", "unknown")
KNOWN_SIDES = ("state", "nonstate", "civilians")


def event_id(report_ids: list[str]) -> str:
    """An event's id: a hash of its smallest report id, so the same input gives the same id."""
    return "ev" + hashlib.sha256(min(report_ids).encode("utf-8")).hexdigest()[:14]


def _order(item: ReportView | FigureView) -> tuple[str, str, int]:
    # Undated articles sort last; ties break on ids so the order is deterministic.
    return (item.published or "9999", item.article_id, item.idx)


def _entry_order(entry: dict[str, Any]) -> tuple[str, str, int]:
    # A ledger entry sorts like its report (before its position in the text).
    return (entry.get("published") or "9999", entry["article_id"], entry.get("idx", 0))


def _pick(values: list[Any]) -> Any:
    """The most common non-empty value; ties go to the one reported first."""
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _figures(reports: list[ReportView]) -> list[FigureView]:
    seen, out = set(), []
    for r in reports:
        for f in r.figures:
            if f.id not in seen and not f.negated and not f.background:
                seen.add(f.id)
                out.append(f)
    return sorted(out, key=lambda f: (*_order(f), f.evidence.start))


def _article_value(figs: list[FigureView]) -> tuple[int, int, int | None]:
    """One claimant's figure for one side in one article: distinct victim groups add up,
    repeats of the same group keep the largest. Returns (ACLED count, low, high) where
    low / high are what the words allow (high None: open-ended, "at least 92")."""
    by_group: dict[str, tuple[int, int, int | None]] = {}
    for f in figs:
        group = f.victims or "unspecified"
        high = f.high
        if f.hedge in (None, "exact") and high is None:
            high = f.count
        low = f.low if f.low is not None else f.count
        cur = by_group.get(group)
        if cur is None or f.count > cur[0]:
            by_group[group] = (f.count, low, high)
    count = sum(v[0] for v in by_group.values())
    low = sum(v[1] for v in by_group.values())
    highs = [v[2] for v in by_group.values()]
    known = [h for h in highs if h is not None]
    return count, low, None if len(known) < len(highs) else sum(known)


def claimant_ranges(figures: list[FigureView]) -> list[dict[str, Any]]:
    """low / best / high per (claimant, kind, side); ``best`` is the claimant's latest figure.

    ``high`` is None when the claimant's words leave it open ("at least 92");
    ``current_low`` / ``current_high`` are what the latest figure's words allow.
    """
    grouped: dict[tuple[str, str, str], dict[str, list[FigureView]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for f in figures:
        if f.total:
            continue
        grouped[(f.claimant, f.kind, f.side)][f.article_id].append(f)
    out = []
    for (claimant, kind, side), per_article in grouped.items():
        values = []
        for figs in per_article.values():
            values.append((_order(figs[0]), *_article_value(figs), figs))
        values.sort(key=lambda v: v[0])
        counts = [v[1] for v in values]
        highs = [v[3] for v in values]
        figs_all = [f for v in values for f in v[4]]
        out.append(
            {
                "claimant": claimant,
                "claimant_kind": figs_all[0].claimant_kind,
                "kind": kind,
                "side": side,
                "victims": sorted({f.victims for f in figs_all if f.victims}),
                "low": min(counts),
                "best": values[-1][1],
                "high": None if any(h is None for h in highs)
                else max(max(h for h in highs if h is not None), max(counts)),
                "current_low": values[-1][2],
                "current_high": values[-1][3],
                "figures": [f.text for f in figs_all],
                "n": len(figs_all),
                "first_reported": values[0][4][0].published,
                "last_reported": values[-1][4][0].published,
            }
        )
    return sorted(out, key=lambda r: (r["kind"], SIDES.index(r["side"]), r["claimant"]))


_COUNTRY_IN_NAME = re.compile(r"(?:\bof|\()\s*([A-Z][A-Za-z .'-]+?)\)?$")


def camp(claimant: str, kind: str | None) -> str | None:
    """Who a claimant speaks for in a dispute; None for outlets and journalists."""
    camps = rules()["camps"]
    if kind in camps["media"]:
        return None
    if kind in camps["authorities"]:
        m = _COUNTRY_IN_NAME.search(claimant)
        return f"authorities:{m.group(1) if m else ''}"
    return f"party:{claimant}"


def _interval(r: dict[str, Any]) -> tuple[int, float]:
    """What a claimant's current words allow: [low, high], open-ended as infinity."""
    low = r["current_low"] if r["current_low"] is not None else r["best"]
    high = r["current_high"] if r["current_high"] is not None else math.inf
    return low, max(high, low)


def side_ranges(per_claimant: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """low / best / high per (kind, side) across claimants, and whether it is contested.

    Within a camp the latest figure stands. Camps whose intervals do not overlap dispute
    the figure: it is ``contested`` and the ``conservative`` value is the lowest camp's
    count (ACLED codes the lowest credible figure). Otherwise the figures agree and the
    conservative value is the largest count they all allow. ``low`` is the lowest current
    count, ``high`` the highest current figure, ``best`` the conservative value (the lower
    median of the camps when contested).
    """
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in per_claimant:
        grouped[(r["kind"], r["side"])].append(r)
    out = []
    for (kind, side), rows in grouped.items():
        latest: dict[str, dict[str, Any]] = {}
        for r in sorted(rows, key=lambda r: (r["last_reported"] or "", r["claimant"])):
            latest[camp(r["claimant"], r["claimant_kind"]) or "media"] = r
        current = list(latest.values())
        disputing = [latest[k] for k in latest if k != "media"]
        intervals = [_interval(r) for r in disputing]
        contested = any(
            a[1] < b[0] or b[1] < a[0]
            for i, a in enumerate(intervals)
            for b in intervals[i + 1:]
        )
        counts = sorted(r["best"] for r in current)
        if contested:
            conservative = min(r["best"] for r in disputing)
            best = sorted(r["best"] for r in disputing)[(len(disputing) - 1) // 2]
        else:
            conservative = best = counts[-1]
        out.append(
            {
                "kind": kind,
                "side": side,
                "low": counts[0],
                "best": best,
                "high": max(r["current_high"] if r["current_high"] is not None else r["best"]
                            for r in current),
                "open_ended": any(r["current_high"] is None for r in current),
                "conservative": conservative,
                "claimants": sorted({r["claimant"] for r in rows}),
                "contested": contested,
            }
        )
    return sorted(out, key=lambda r: (r["kind"], SIDES.index(r["side"])))


def fatalities(
    sides: list[dict[str, Any]], figures: list[FigureView], reports: list[ReportView]
) -> dict[str, Any]:
    """Deaths by side and ACLED's conservative ``fatalities``.

    Per side the conservative value of :func:`side_ranges`. Counts of unspecified
    victims ("26 people") and totals may include the state and civilian dead, so they
    raise those to at least their value instead of adding; attackers and militants
    killed are counted on top (news tolls of "people" rarely include them).
    """
    killed = {r["side"]: r for r in sides if r["kind"] == "killed"}

    def value(side: str, key: str) -> int:
        return killed[side][key] if side in killed else 0

    totals = [f.count for f in figures if f.kind == "killed" and f.total]
    floor = max(value("unknown", "conservative"), min(totals) if totals else 0)
    victims = value("state", "conservative") + value("civilians", "conservative")
    acled = value("nonstate", "conservative") + max(victims, floor)
    if not killed and not totals:
        # No figure survived: fall back on the reader's own coding, lowest first.
        coded = [r.event.fatalities or 0 for r in reports]
        acled = min([c for c in coded if c > 0], default=0)
    best_victims = value("state", "best") + value("civilians", "best")
    unknown_best = max(0, max(value("unknown", "best"), min(totals) if totals else 0) - best_victims)
    best = value("nonstate", "best") + best_victims + unknown_best
    low_victims = value("state", "low") + value("civilians", "low")
    low = value("nonstate", "low") + max(low_victims, value("unknown", "low"))
    high_victims = value("state", "high") + value("civilians", "high")
    high = value("nonstate", "high") + max(high_victims, value("unknown", "high"))
    return {
        "fatalities": acled,
        "deaths": {
            "state": value("state", "best"),
            "nonstate": value("nonstate", "best"),
            "civilians": value("civilians", "best"),
            "unknown": unknown_best,
        },
        "low": min(low, acled),
        "best": max(best, acled) if not any(s.get("contested") for s in killed.values()) else best,
        "high": max(high, best, acled),
    }


def _ledger(reports: list[ReportView], figures_by_id: dict[str, FigureView]) -> list[dict[str, Any]]:
    entries, used = [], set()
    claims = {c.id: c for r in reports for c in r.claims}
    for c in claims.values():
        fig = figures_by_id.get(c.figure_id) if c.figure_id else None
        if fig:
            used.add(fig.id)
        entries.append(_entry(c, fig, claims))
    for f in figures_by_id.values():
        if f.id not in used:
            said = f.sentence or f.evidence
            entries.append(
                {
                    "id": f.id,
                    "type": "casualty_figure",
                    "claimant": f.claimant,
                    "claimant_kind": f.claimant_kind,
                    "stance": f.stance,
                    "polarity": "positive",
                    "cue": None,
                    "target": None,
                    "text": said.text,
                    "figure": _figure_brief(f),
                    "responds_to": None,
                    "article_id": f.article_id,
                    "outlet": f.outlet,
                    "published": f.published,
                    "evidence": {"article_id": f.article_id, **said.model_dump(mode="json")},
                }
            )
    entries.sort(key=lambda e: (*_entry_order(e), e["evidence"]["start"]))
    first: dict[tuple[str, str, str | None], str | None] = {}
    for e in entries:
        key = (e["claimant"], e["type"], e["figure"]["kind"] if e["figure"] else e["target"])
        first.setdefault(key, e["published"])
        e["first_reported"] = first[key]
    return entries


def _figure_brief(f: FigureView) -> dict[str, Any]:
    keys = ("kind", "low", "high", "count", "text", "hedge", "vague", "victims", "side")
    return f.model_dump(mode="json", include=set(keys))


def _entry(c: ClaimView, fig: FigureView | None, claims: dict[str, ClaimView]) -> dict[str, Any]:
    answered = claims.get(c.responds_to) if c.responds_to else None
    return {
        "id": c.id,
        "type": c.type,
        "claimant": c.speaker,
        "claimant_kind": c.speaker_kind,
        "stance": fig.stance if fig else None,
        "polarity": c.polarity,
        "cue": c.cue,
        "target": c.target,
        "text": c.text,
        "figure": _figure_brief(fig) if fig else None,
        "responds_to": {"id": answered.id, "claimant": answered.speaker, "text": answered.text}
        if answered
        else None,
        "article_id": c.article_id,
        "outlet": c.outlet,
        "published": c.published,
        "evidence": {"article_id": c.article_id, **c.evidence.model_dump(mode="json")},
    }


def _ucdp_sides(events: list[ReportCoding]) -> dict[str, str | None]:
    """UCDP's side_a (the state, when one takes part) and side_b (the most reported armed
    party that is not the state, nor civilians, protesters or rioters), from every report's
    actors and ACLED inter codes."""
    pairs = [
        (e.actor1, e.inter1) if n == 1 else (e.actor2, e.inter2) for e in events for n in (1, 2)
        if (e.actor1 if n == 1 else e.actor2)
    ]
    state = _pick([a for a, inter in pairs if inter == 1])
    armed = _pick([a for a, inter in pairs if inter in (2, 3, 4, 8) and a != state])
    return {"side_a": state or armed, "side_b": armed if state else None}


def _iso_week(day: str | None) -> str | None:
    try:
        y, w, _ = dt.date.fromisoformat(day).isocalendar() if day else (None, None, None)
    except ValueError:
        return None
    return f"{y}-W{w:02d}" if y else None


def build_event(reports: list[ReportView]) -> dict[str, Any]:
    """The Event of a set of reconciled report views.

    Returns ``{"id", "columns", "summary", "detail"}``: columns for the events table,
    a JSON-ready summary for lists, and the detail (ledger, figures, ranges, articles).
    """
    reports = sorted(reports, key=_order)
    eid = event_id([r.id for r in reports])
    events = [r.event for r in reports]
    event_type = _pick([e.event_type for e in events])
    same_type = [e for e in events if e.event_type == event_type] or events
    # The most precise place wins; among equals, the most reported.
    located = [e for e in events if e.location or e.admin1 or e.country]
    best_prec = min((e.geo_precision or 9 for e in located), default=9)
    precise = [e for e in located if (e.geo_precision or 9) == best_prec]
    location = _pick([e.location for e in precise])
    # An event no report places gets an empty place.
    place = next((e for e in precise if e.location == location), precise[0] if precise else
                 ReportCoding())
    actor1 = _pick([e.actor1 for e in same_type])
    actor_ev = next((e for e in same_type if e.actor1 == actor1), same_type[0])
    text_days = sorted(r.day for r in reports if r.date_from_text and r.day)
    any_days = sorted(r.day for r in reports if r.day)
    date = text_days[0] if text_days else any_days[0] if any_days else None
    published = sorted(r.published for r in reports if r.published)
    articles: list[dict[str, Any]] = []
    seen = set()
    for r in reports:
        if r.article_id not in seen:
            seen.add(r.article_id)
            articles.append(
                {"article_id": r.article_id, "outlet": r.outlet, "published": r.published,
                 "title": r.title, "url": r.url}
            )
    outlets = sorted({a["outlet"] for a in articles if a["outlet"]})
    figures = _figures(reports)
    per_claimant = claimant_ranges(figures)
    per_side = side_ranges(per_claimant)
    deaths = fatalities(per_side, figures, reports)
    contested = any(s["contested"] for s in per_side)
    ledger = _ledger(reports, {f.id: f for f in figures})
    actors = sorted({a for r in reports for a in r.actors})
    denials = [e for e in ledger if e["type"] == "denial" or e["polarity"] == "negative"]
    summary = {
        "id": eid,
        "date": date,
        "time_precision": next(
            (r.event.time_precision for r in reports if r.day == date), None
        ) if date else None,
        "event_type": event_type,
        "sub_event_type": _pick([e.sub_event_type for e in same_type]),
        "disorder_type": _pick([e.disorder_type for e in same_type]),
        "actor1": actor1,
        "assoc_actor_1": actor_ev.assoc_actor_1,
        "inter1": actor_ev.inter1,
        "actor2": actor_ev.actor2,
        "assoc_actor_2": actor_ev.assoc_actor_2,
        "inter2": actor_ev.inter2,
        "interaction": actor_ev.interaction,
        "civilian_targeting": any(e.civilian_targeting for e in events),
        "type_of_violence": _pick([e.type_of_violence for e in same_type]),
        **_ucdp_sides(events),
        "country": place.country or _pick([e.country for e in events]),
        "iso": place.iso or _pick([e.iso for e in events]),
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location or place.admin1 or place.country,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "where_prec": place.where_prec,
        "date_prec": next(
            (r.event.date_prec for r in reports if r.day == date), None
        ) if date else None,
        "title": next((a["title"] for a in articles if a["title"]), None),
        "actors": actors,
        "fatalities": deaths["fatalities"],
        "low": deaths["low"],
        "best": deaths["best"],
        "high": deaths["high"],
        "deaths": deaths["deaths"],
        "contested": contested,
        "disputed": [s for s in per_side if s["contested"]],
        # The same shape as the detail's ranges, which adds "by_claimant".
        "ranges": {"by_side": per_side},
        "claimants": sorted({r["claimant"] for r in per_claimant} | {e["claimant"] for e in ledger}),
        "verification": sorted({v for r in reports for v in r.verification}),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "n_sources": len(articles),
        "n_outlets": len(outlets),
        "outlets": outlets,
        "n_reports": len(reports),
    }
    summary["title"] = summary["title"] or generated_title(summary)
    evidence = []
    for r in reports:
        for e in r.evidence:
            evidence.append({"article_id": r.article_id, **e.model_dump(mode="json")})
    measures: list[dict[str, Any]] = []
    for r in reports:
        for m in r.measures:
            key = (m.kind, m.place)
            if key not in {(x["kind"], x.get("place")) for x in measures}:
                measures.append({"kind": m.kind, "place": m.place, "text": m.text})
    detail = {
        "ledger": ledger,
        "figures": [f.as_json() for f in figures],
        "ranges": {"by_claimant": per_claimant, "by_side": per_side},
        "articles": articles,
        "reports": [r.id for r in reports],
        "evidence": evidence,
        "measures": measures,
        "denials": denials,
    }
    columns = {
        "id": eid,
        "date": date,
        "week": _iso_week(date),
        "event_type": event_type,
        "sub_event_type": summary["sub_event_type"],
        "country": summary["country"],
        "iso": summary["iso"],
        "admin1": summary["admin1"],
        "admin2": summary["admin2"],
        "location": summary["location"],
        "latitude": summary["latitude"],
        "longitude": summary["longitude"],
        "actors": "|" + "|".join(actors) + "|",
        "search": " ".join(
            x for x in [summary["title"], summary["location"], summary["admin1"], *actors,
                        *(a["title"] or "" for a in articles)] if x
        ).lower(),
        "fatalities": deaths["fatalities"],
        "best": deaths["best"],
        "contested": int(contested),
        "deaths_state": deaths["deaths"]["state"],
        "deaths_nonstate": deaths["deaths"]["nonstate"],
        "deaths_civilians": deaths["deaths"]["civilians"],
        "deaths_unknown": deaths["deaths"]["unknown"],
        "first_reported": summary["first_reported"],
        "last_reported": summary["last_reported"],
        "n_sources": len(articles),
        "n_outlets": len(outlets),
    }
    return {"id": eid, "columns": columns, "summary": summary, "detail": detail}


def generated_title(summary: dict[str, Any]) -> str | None:
    """A title for an event whose reports have no headline: "Armed clash in Quetta"."""
    kind = summary.get("sub_event_type") or summary.get("event_type")
    place = summary.get("location") or summary.get("admin1") or summary.get("country")
    if kind and place:
        return f"{kind} in {place}"
    return kind or (f"Event in {place}" if place else None)
