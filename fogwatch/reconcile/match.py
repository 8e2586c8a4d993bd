"""The "same incident" rule between two event reports (see docs/reconciliation.md).

Hard conditions first (different articles, dates within the window, same country,
compatible event types, not two different provinces), then evidence that adds up to a
score: same place, same type, shared actors, similar words, the same figures. Two
reports are linked when the score reaches ``link_score``. Events are the connected
components of these links, so the result does not depend on the order articles arrive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fogwatch.geo.distance import distance_km as haversine_km
from fogwatch.vocab import load_yaml


@cache
def rules() -> dict[str, Any]:
    """The thresholds in ``fogwatch/data/reconcile.yaml``."""
    return load_yaml("reconcile.yaml")


@dataclass
class Match:
    """Whether two reports describe the same incident, and why."""

    linked: bool
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def dates_match(a: dict, b: dict) -> tuple[bool, int]:
    """Whether two reports' days are close enough, and how many days apart they are.

    Exact-day dates may be ``date_window_days`` apart (``coarse_date_window_days`` when
    either is only known to the week or month). A report dated only by its publication
    reports something that happened then or earlier, so it may also come up to
    ``undated_lookback_days`` more after the other report.
    """
    r = rules()
    da, db = _day(a["day"]), _day(b["day"])
    if da is None or db is None:
        return False, 0
    coarse = any((x["event"].get("time_precision") or 1) >= 2 for x in (a, b))
    base = r["coarse_date_window_days"] if coarse else r["date_window_days"]
    gap = (da - db).days  # > 0: a is later
    later = a if gap > 0 else b
    limit = base + (0 if later["date_from_text"] else r["undated_lookback_days"])
    return abs(gap) <= limit, abs(gap)


def max_window_days() -> int:
    """The widest date window any pair can have (for candidate queries)."""
    r = rules()
    return r["coarse_date_window_days"] + r["undated_lookback_days"]


def _type_group(event_type: str | None) -> int | None:
    if not event_type:
        return None
    for i, group in enumerate(rules()["type_groups"]):
        if event_type in group:
            return i
    return -1


def _norm(value: str | None) -> str | None:
    return value.strip().lower() if value else None


def _country(report: dict) -> str | None:
    e = report["event"]
    return _norm(e.get("iso")) or _norm(e.get("country"))


def _place_score(a: dict, b: dict, reasons: list[str]) -> float | None:
    """Place evidence; None when the places rule the pair out."""
    s = rules()["scores"]
    ea, eb = a["event"], b["event"]
    distance = None
    if None not in (ea.get("latitude"), ea.get("longitude"), eb.get("latitude"), eb.get("longitude")):
        distance = haversine_km(ea["latitude"], ea["longitude"], eb["latitude"], eb["longitude"])
    near = distance is not None and distance <= rules()["distance_km"]
    adm1a, adm1b = _norm(ea.get("admin1")), _norm(eb.get("admin1"))
    adm2a, adm2b = _norm(ea.get("admin2")), _norm(eb.get("admin2"))
    if adm1a and adm1b and adm1a != adm1b and not near:
        return None
    named = set(a.get("places") or []) & set(b.get("places") or [])
    if named and not near and not (adm2a and adm2a == adm2b):
        reasons.append(f"both name {sorted(named)[0]} as the place")
        return s["same_admin2"]
    if (adm2a and adm2a == adm2b) or near:
        reasons.append("same admin2" if adm2a and adm2a == adm2b else f"{distance:.0f} km apart")
        return s["same_admin2"]
    precise = all((x.get("geo_precision") or 3) <= 2 for x in (ea, eb))
    if distance is not None and precise:
        # ACLED codes one event per place: precise places far apart are separate events
        # even when one group attacked both on the same day. A penalty, not a veto, so
        # that one misread place name does not split an incident the rest agrees on.
        reasons.append(f"different places {distance:.0f} km apart")
        return s["distant_places"]
    if adm1a and adm1a == adm1b:
        reasons.append("same admin1")
        return s["same_admin1_coarse"]
    return 0.0


def _actor_score(a: dict, b: dict, reasons: list[str]) -> float:
    r = rules()
    shared = set(a["actors"]) & set(b["actors"])
    named = [
        x for x in shared
        if not x.startswith(tuple(r["generic_actor_prefixes"]))
        and not x.startswith(tuple(r["state_actor_prefixes"]))
    ]
    if named:
        reasons.append(f"shared actor {sorted(named)[0]}")
        return r["scores"]["named_actor"]
    state = [x for x in shared if x.startswith(tuple(r["state_actor_prefixes"]))]
    if state:
        reasons.append(f"shared state actor {sorted(state)[0]}")
        return r["scores"]["state_actor"]
    return 0.0


def _figure_keys(report: dict) -> set[tuple[str, str, int]]:
    return {
        (f["kind"], f["side"], f["count"])
        for f in report["figures"]
        if f["count"] >= 2 and not f["negated"] and not f["background"]
    }


def jaccard(a: list[str], b: list[str]) -> float:
    """|A ∩ B| / |A ∪ B| of two word lists (0 when both are empty)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def compare(a: dict, b: dict) -> Match:
    """Decide whether two report views (see :mod:`fogwatch.reconcile.reports`) are one incident."""
    r = rules()
    s = r["scores"]
    if a["article_id"] == b["article_id"]:
        return Match(False, reasons=["same article: the reader keeps its incidents apart"])
    if a["background"] or b["background"]:
        return Match(False, reasons=["background report"])
    if not (a["day"] and b["day"]):
        return Match(False, reasons=["no date"])
    close, gap = dates_match(a, b)
    if not close:
        return Match(False, reasons=[f"{gap} days apart"])
    ca, cb = _country(a), _country(b)
    if ca and cb and ca != cb:
        return Match(False, reasons=["different countries"])
    ta, tb = a["event"].get("event_type"), b["event"].get("event_type")
    ga, gb = _type_group(ta), _type_group(tb)
    if ga is not None and gb is not None and (ga != gb or ga == -1 and ta != tb):
        return Match(False, reasons=["incompatible event types"])
    reasons: list[str] = [f"{gap} days apart"]
    place = _place_score(a, b, reasons)
    if place is None:
        return Match(False, reasons=["different places"])
    score = place
    if ta and ta == tb:
        score += s["same_event_type"]
        reasons.append("same event type")
        sa, sb = a["event"].get("sub_event_type"), b["event"].get("sub_event_type")
        if sa and sa == sb:
            score += s["same_sub_event_type"]
    score += _actor_score(a, b, reasons)
    sim = jaccard(a["words"], b["words"])
    if sim:
        score += min(1.0, s["text_similarity"] * sim)
        reasons.append(f"text similarity {sim:.2f}")
    if _figure_keys(a) & _figure_keys(b):
        score += s["same_figure"]
        reasons.append("same figure")
    score = round(score, 4)
    return Match(score >= r["link_score"], score, reasons)
