"""Build one Event from the reports reconciled into it.

- the claims ledger: every claim and figure, ordered by when it was first reported;
- ranges: per claimant and per side, low / best / high of each kind of casualty;
- ``fatalities`` by ACLED's conservative rule: per side the lowest figure any claimant
  currently gives, summed; unspecified victims count as a floor, not an addition;
- ``contested`` when two claimants give different figures for the same victims;
- first / last reported, number of sources and outlets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from typing import Any

SIDES = ("state", "nonstate", "civilians", "unknown")
KNOWN_SIDES = ("state", "nonstate", "civilians")


def event_id(report_ids: list[str]) -> str:
    """An event's id: a hash of its smallest report id, so the same input gives the same id."""
    return "ev" + hashlib.sha256(min(report_ids).encode("utf-8")).hexdigest()[:14]


def _order(item: dict) -> tuple:
    # Undated articles sort last; ties break on ids so the order is deterministic.
    return (item.get("published") or "9999", item["article_id"], item.get("idx", 0))


def _pick(values: list[Any]) -> Any:
    """The most common non-empty value; ties go to the one reported first."""
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _figures(reports: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in reports:
        for f in r["figures"]:
            if f["id"] not in seen and not f["negated"] and not f["background"]:
                seen.add(f["id"])
                out.append(f)
    return sorted(out, key=lambda f: (*_order(f), f["evidence"]["start"]))


def _article_value(figs: list[dict]) -> tuple[int, int | None]:
    """One claimant's count for one side in one article: distinct victim groups add up,
    repeats of the same group keep the largest. Returns (count, high)."""
    by_group: dict[str, tuple[int, int | None]] = {}
    for f in figs:
        group = f["victims"] or "unspecified"
        high = f["high"] if f["high"] is not None else None
        if f["hedge"] in (None, "exact") and f["high"] is None:
            high = f["count"]
        cur = by_group.get(group)
        if cur is None or f["count"] > cur[0]:
            by_group[group] = (f["count"], high)
    count = sum(v[0] for v in by_group.values())
    highs = [v[1] for v in by_group.values()]
    high = None if any(h is None for h in highs) else sum(highs)
    return count, high


def claimant_ranges(figures: list[dict]) -> list[dict]:
    """low / best / high per (claimant, kind, side); ``best`` is the claimant's latest figure.

    ``high`` is None when the claimant's words leave it open ("at least 92").
    """
    grouped: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in figures:
        if f["total"]:
            continue
        grouped[(f["claimant"], f["kind"], f["side"])][f["article_id"]].append(f)
    out = []
    for (claimant, kind, side), per_article in grouped.items():
        values = []
        for figs in per_article.values():
            count, high = _article_value(figs)
            values.append((_order(figs[0]), count, high, figs))
        values.sort(key=lambda v: v[0])
        counts = [v[1] for v in values]
        highs = [v[2] for v in values]
        figs_all = [f for v in values for f in v[3]]
        out.append(
            {
                "claimant": claimant,
                "claimant_kind": figs_all[0]["claimant_kind"],
                "kind": kind,
                "side": side,
                "victims": sorted({f["victims"] for f in figs_all if f["victims"]}),
                "low": min(counts),
                "best": values[-1][1],
                "high": None if any(h is None for h in highs) else max(max(highs), max(counts)),
                "figures": [f["text"] for f in figs_all],
                "n": len(figs_all),
                "first_reported": values[0][3][0]["published"],
                "last_reported": values[-1][3][0]["published"],
            }
        )
    return sorted(out, key=lambda r: (r["kind"], SIDES.index(r["side"]), r["claimant"]))


def side_ranges(per_claimant: list[dict]) -> list[dict]:
    """low / best / high per (kind, side) across claimants.

    low: the lowest figure anyone gives; high: the highest (None if open-ended);
    best: the lower median of the claimants' current figures.
    """
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in per_claimant:
        grouped[(r["kind"], r["side"])].append(r)
    out = []
    for (kind, side), rows in grouped.items():
        bests = sorted(r["best"] for r in rows)
        highs = [r["high"] for r in rows]
        current = {r["claimant"]: r["best"] for r in rows}
        out.append(
            {
                "kind": kind,
                "side": side,
                "low": min(r["low"] for r in rows),
                "best": bests[(len(bests) - 1) // 2],
                "high": None if any(h is None for h in highs) else max(highs),
                "conservative": bests[0],
                "claimants": sorted(current),
                "contested": _disagree(rows),
            }
        )
    return sorted(out, key=lambda r: (r["kind"], SIDES.index(r["side"])))


def _disagree(rows: list[dict]) -> bool:
    """Two claimants' current figures differ, and at least one of them is a party or an
    official rather than an outlet's own voice (outlets updating a toll are not a dispute)."""
    parties = {r["best"] for r in rows if r["claimant_kind"] != "outlet"}
    return len(parties) > 1


def fatalities(sides: list[dict], figures: list[dict], reports: list[dict]) -> dict[str, Any]:
    """Deaths by side and ACLED's conservative ``fatalities``.

    Per side the lowest figure a claimant currently gives is coded (ACLED codes the lowest
    credible figure when sources disagree). Figures for unspecified victims and totals may
    include the others, so they raise the count to at least their value but do not add.
    """
    killed = {r["side"]: r for r in sides if r["kind"] == "killed"}
    low = {s: killed[s]["conservative"] if s in killed else 0 for s in SIDES}
    best = {s: killed[s]["best"] if s in killed else 0 for s in SIDES}
    high = {s: killed[s]["high"] if s in killed else 0 for s in SIDES}
    totals = [f["count"] for f in figures if f["kind"] == "killed" and f["total"]]
    floor = max([low["unknown"], min(totals)] if totals else [low["unknown"]])
    known = sum(low[s] for s in KNOWN_SIDES)
    acled = max(known, floor)
    if not killed and not totals:
        # No figure survived: fall back on the reader's own coding, lowest first.
        coded = [r["event"].get("fatalities") or 0 for r in reports]
        acled = min([c for c in coded if c > 0], default=0)
    known_best = sum(best[s] for s in KNOWN_SIDES)
    unknown_best = max(0, max(best["unknown"], min(totals) if totals else 0) - known_best)
    highs = [high[s] for s in SIDES]
    return {
        "fatalities": acled,
        "deaths": {
            "state": best["state"],
            "nonstate": best["nonstate"],
            "civilians": best["civilians"],
            "unknown": unknown_best,
        },
        "low": acled,
        "best": max(acled, known_best + unknown_best),
        "high": None if any(h is None for h in highs) else max(sum(highs), acled),
    }


def _ledger(reports: list[dict], figures_by_id: dict[str, dict]) -> list[dict]:
    entries, used = [], set()
    claims = {c["id"]: c for r in reports for c in r["claims"]}
    for c in claims.values():
        fig = figures_by_id.get(c["figure_id"]) if c["figure_id"] else None
        if fig:
            used.add(fig["id"])
        entries.append(_entry(c, fig, claims))
    for f in figures_by_id.values():
        if f["id"] not in used:
            entries.append(
                {
                    "id": f["id"],
                    "type": "casualty_figure",
                    "claimant": f["claimant"],
                    "claimant_kind": f["claimant_kind"],
                    "stance": f["stance"],
                    "polarity": "positive",
                    "cue": None,
                    "target": None,
                    "text": (f["sentence"] or f["evidence"])["text"],
                    "figure": _figure_brief(f),
                    "responds_to": None,
                    "article_id": f["article_id"],
                    "outlet": f["outlet"],
                    "published": f["published"],
                    "evidence": {"article_id": f["article_id"], **(f["sentence"] or f["evidence"])},
                }
            )
    entries.sort(key=lambda e: (*_order(e), e["evidence"]["start"]))
    first: dict[tuple, str | None] = {}
    for e in entries:
        key = (e["claimant"], e["type"], e["figure"]["kind"] if e["figure"] else e["target"])
        first.setdefault(key, e["published"])
        e["first_reported"] = first[key]
    return entries


def _figure_brief(f: dict) -> dict:
    keys = ("kind", "low", "high", "count", "text", "hedge", "vague", "victims", "side")
    return {k: f[k] for k in keys}


def _entry(c: dict, fig: dict | None, claims: dict[str, dict]) -> dict:
    answered = claims.get(c["responds_to"]) if c["responds_to"] else None
    return {
        "id": c["id"],
        "type": c["type"],
        "claimant": c["speaker"],
        "claimant_kind": c["speaker_kind"],
        "stance": fig["stance"] if fig else None,
        "polarity": c["polarity"],
        "cue": c["cue"],
        "target": c["target"],
        "text": c["text"],
        "figure": _figure_brief(fig) if fig else None,
        "responds_to": {"id": answered["id"], "claimant": answered["speaker"], "text": answered["text"]}
        if answered
        else None,
        "article_id": c["article_id"],
        "outlet": c["outlet"],
        "published": c["published"],
        "evidence": {"article_id": c["article_id"], **c["evidence"]},
    }


def _iso_week(day: str | None) -> str | None:
    try:
        y, w, _ = dt.date.fromisoformat(day).isocalendar() if day else (None, None, None)
    except ValueError:
        return None
    return f"{y}-W{w:02d}" if y else None


def build_event(reports: list[dict]) -> dict[str, Any]:
    """The Event of a set of reconciled report views.

    Returns ``{"id", "columns", "summary", "detail"}``: columns for the events table,
    a JSON-ready summary for lists, and the detail (ledger, figures, ranges, articles).
    """
    reports = sorted(reports, key=_order)
    eid = event_id([r["id"] for r in reports])
    events = [r["event"] for r in reports]
    event_type = _pick([e.get("event_type") for e in events])
    same_type = [e for e in events if e.get("event_type") == event_type] or events
    # The most precise place wins; among equals, the most reported.
    located = [e for e in events if e.get("location") or e.get("admin1") or e.get("country")]
    best_prec = min((e.get("geo_precision") or 9 for e in located), default=9)
    precise = [e for e in located if (e.get("geo_precision") or 9) == best_prec]
    location = _pick([e.get("location") for e in precise])
    place = next((e for e in precise if e.get("location") == location), precise[0] if precise else {})
    actor1 = _pick([e.get("actor1") for e in same_type])
    actor_ev = next((e for e in same_type if e.get("actor1") == actor1), same_type[0])
    text_days = sorted(r["day"] for r in reports if r["date_from_text"] and r["day"])
    any_days = sorted(r["day"] for r in reports if r["day"])
    date = (text_days or any_days or [None])[0]
    published = sorted(r["published"] for r in reports if r["published"])
    articles, seen = [], set()
    for r in reports:
        if r["article_id"] not in seen:
            seen.add(r["article_id"])
            articles.append(
                {k: r[k] for k in ("article_id", "outlet", "published", "title", "url")}
            )
    outlets = sorted({a["outlet"] for a in articles if a["outlet"]})
    figures = _figures(reports)
    per_claimant = claimant_ranges(figures)
    per_side = side_ranges(per_claimant)
    deaths = fatalities(per_side, figures, reports)
    contested = any(s["contested"] for s in per_side)
    ledger = _ledger(reports, {f["id"]: f for f in figures})
    actors = sorted({a for r in reports for a in r["actors"]})
    denials = [e for e in ledger if e["type"] == "denial" or e["polarity"] == "negative"]
    summary = {
        "id": eid,
        "date": date,
        "time_precision": actor_ev.get("time_precision") if date else None,
        "event_type": event_type,
        "sub_event_type": _pick([e.get("sub_event_type") for e in same_type]),
        "disorder_type": _pick([e.get("disorder_type") for e in same_type]),
        "actor1": actor1,
        "assoc_actor_1": actor_ev.get("assoc_actor_1"),
        "inter1": actor_ev.get("inter1"),
        "actor2": actor_ev.get("actor2"),
        "assoc_actor_2": actor_ev.get("assoc_actor_2"),
        "inter2": actor_ev.get("inter2"),
        "interaction": actor_ev.get("interaction"),
        "civilian_targeting": any(e.get("civilian_targeting") for e in events),
        "type_of_violence": _pick([e.get("type_of_violence") for e in same_type]),
        "country": place.get("country") or _pick([e.get("country") for e in events]),
        "iso": place.get("iso") or _pick([e.get("iso") for e in events]),
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "location": place.get("location") or place.get("admin1") or place.get("country"),
        "latitude": place.get("latitude"),
        "longitude": place.get("longitude"),
        "geo_precision": place.get("geo_precision"),
        "where_prec": place.get("where_prec"),
        "date_prec": actor_ev.get("date_prec"),
        "title": articles[0]["title"],
        "actors": actors,
        "fatalities": deaths["fatalities"],
        "low": deaths["low"],
        "best": deaths["best"],
        "high": deaths["high"],
        "deaths": deaths["deaths"],
        "contested": contested,
        "disputed": [s for s in per_side if s["contested"]],
        "ranges": per_side,
        "claimants": sorted({r["claimant"] for r in per_claimant} | {e["claimant"] for e in ledger}),
        "verification": sorted({v for r in reports for v in r["verification"]}),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "n_sources": len(articles),
        "n_outlets": len(outlets),
        "outlets": outlets,
        "n_reports": len(reports),
    }
    evidence = []
    for r in reports:
        for e in r["evidence"]:
            evidence.append({"article_id": r["article_id"], **e})
    measures = []
    for r in reports:
        for m in r["measures"]:
            key = (m["kind"], m.get("place"))
            if key not in {(x["kind"], x.get("place")) for x in measures}:
                measures.append({"kind": m["kind"], "place": m.get("place"), "text": m["text"]})
    detail = {
        "ledger": ledger,
        "figures": figures,
        "ranges": {"by_claimant": per_claimant, "by_side": per_side},
        "articles": articles,
        "reports": [r["id"] for r in reports],
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
