"""The "same incident" rule between two event reports (see docs/reconciliation.md).

:func:`features` first applies the hard conditions that no evidence overrides (different
articles, incident dates that can coincide, two distinct named places the texts do not
tie together), then lists what the two reports share and what sets them apart.
:func:`compare` turns those into a score with the weights of
``fogwatch/data/reconcile.yaml``: the same named place, sub-event type, figures, named
actors, proper names and words add; days apart, other kinds of event, distant places
and other regions or countries subtract. A pair is a *candidate link* when the score
reaches ``link_score``; events are then built from candidate links without chaining
(:func:`fogwatch.reconcile.cluster`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, cast

from fogwatch.geo import gazetteer as gz
from fogwatch.geo.distance import distance_km as haversine_km
from fogwatch.model import ReportCoding, ReportView
from fogwatch.vocab import load_yaml


@cache
def rules() -> dict[str, Any]:
    """The thresholds in ``fogwatch/data/reconcile.yaml``."""
    return cast(dict[str, Any], load_yaml("reconcile.yaml"))


@dataclass
class Match:
    """Whether two reports describe the same incident, and why."""

    linked: bool
    score: float | None = 0.0  # None: a hard condition rules the pair out
    reasons: list[str] = field(default_factory=list)


def _days(view: ReportView) -> tuple[dt.date, dt.date] | None:
    iv = view.interval
    if not iv:
        return None
    return dt.date.fromisoformat(iv[0]), dt.date.fromisoformat(iv[1])


def _near_day(days: list[str], lo: dt.date, hi: dt.date, tol: int) -> bool:
    a, b = lo - dt.timedelta(days=tol), hi + dt.timedelta(days=tol)
    return any(a <= dt.date.fromisoformat(d) <= b for d in days)


def date_relation(a: ReportView, b: ReportView) -> tuple[str, int]:
    """(``same`` | ``close`` | ``follow_up`` | ``apart`` | ``undated``, days apart).

    Each report has an interval of days its incident can fall on: its day when the text
    gives it; the week or month around it when the text is that coarse; the
    ``undated_lookback_days`` before publication when the text gives no date (an article
    cannot report what came after it). Two explicit calendar dates must be the same day
    (ACLED's grain: one event a day); relative dates ("Saturday night") may differ by
    ``relative_date_tolerance_days``. A report whose own day is too far is still a
    follow-up when it names the other's day (up to ``follow_up_days`` later).
    """
    r = rules()
    da, db = _days(a), _days(b)
    if da is None or db is None:
        return "undated", 0
    explicit = a.explicit_date and b.explicit_date
    tol = 0 if explicit else r["relative_date_tolerance_days"]
    gap = max(0, (max(da[0], db[0]) - min(da[1], db[1])).days)
    if gap == 0:
        return "same", 0
    if gap <= tol:
        return "close", gap
    if gap <= r["follow_up_days"] and (
        _near_day(a.mentioned_days, *db, tol)
        or _near_day(b.mentioned_days, *da, tol)
    ):
        return "follow_up", gap
    return "apart", gap


def max_window_days() -> int:
    """The widest gap between two linked reports' days (for candidate queries)."""
    r = rules()
    widest = max(r["month_window_days"] * 2, r["follow_up_days"])
    return int(widest + r["undated_lookback_days"] + 1)


def _type_group(event_type: str | None) -> int | None:
    if not event_type:
        return None
    for i, group in enumerate(rules()["type_groups"]):
        if event_type in group:
            return i
    return -1


def _norm(value: str | None) -> str | None:
    return value.strip().lower() if value else None


def _country(report: ReportView) -> str | None:
    e = report.event
    return _norm(e.iso) or _norm(e.country)


def _distance(ea: ReportCoding, eb: ReportCoding) -> float | None:
    if ea.latitude is None or ea.longitude is None or eb.latitude is None or eb.longitude is None:
        return None
    return haversine_km(ea.latitude, ea.longitude, eb.latitude, eb.longitude)


_SETS: OrderedDict[int, tuple[ReportView, dict[str, frozenset[str]]]] = OrderedDict()
_SETS_SIZE = 3_000  # holds views alive: no more than the store's view cache


def _sets(view: ReportView) -> dict[str, frozenset[str]]:
    """A view's word lists as sets, made once per view object (compare runs often)."""
    hit = _SETS.get(id(view))
    if hit is not None and hit[0] is view:
        return hit[1]
    sets = {
        "named": frozenset(view.towns) | frozenset(view.sites),
        "sites": frozenset(view.sites),
        "content": frozenset(view.content or view.words),
        "mentioned": frozenset(view.mentioned),
        "names": frozenset(view.names),
        "full_names": frozenset(view.full_names),
        "title": frozenset(view.title_words),
        "districts": frozenset(view.districts),
        "regions": frozenset(view.regions),
    }
    _SETS[id(view)] = (view, sets)
    while len(_SETS) > _SETS_SIZE:
        _SETS.popitem(last=False)
    return sets


def _named(x: ReportView) -> frozenset[str]:
    return _sets(x)["named"]


def _in_text(name: str, report: ReportView) -> bool:
    """Whether a report's text uses a place name (every word of it of 4+ letters)."""
    sets = _sets(report)
    if name in sets["mentioned"]:
        return True
    words = [w for w in name.replace("-", " ").split() if len(w) >= 4]
    return bool(words) and all(w in sets["content"] for w in words)


def shared_place(a: ReportView, b: ReportView) -> str | None:
    """A town or site one report names as the event place and the other names too."""
    both = {n for n in _named(a) if n in _named(b) or _in_text(n, b)}
    both |= {n for n in _named(b) if _in_text(n, a)}
    return min(both) if both else None


def _sites(x: ReportView) -> frozenset[str]:
    return _sets(x)["sites"]


def _as_province(name: str, report: ReportView) -> bool:
    """Whether ``report`` uses ``name`` only as its province: the province its event is
    placed in, knowing no town there ("in Zhabichevo, Donetsk", Zhabichevo not in the
    gazetteer), against a report placed in the city of that name."""
    e = report.event
    return name == _norm(e.admin1) and (e.geo_precision or 3) >= 3


def distinct_places(a: ReportView, b: ReportView) -> tuple[str, str] | None:
    """Two distinct named locations: each report names an event town or site the other
    never uses, even if both also name a wider place (two villages of one district).
    The text ties the places together when one report names both ("attacks in X and
    Y", a follow-up naming the first place) or both name one site (a train, a
    building) whatever town each gives."""
    only_a = {n for n in _named(a) if not _in_text(n, b) or _as_province(n, b)}
    only_b = {n for n in _named(b) if not _in_text(n, a) or _as_province(n, a)}
    if not (only_a and only_b):
        return None
    # like with like: a street or a building lies inside a town or a neighbourhood, so
    # one report's site against the other's town says nothing of two places
    towns = (only_a - _sites(a), only_b - _sites(b))
    sites = (only_a & _sites(a), only_b & _sites(b))
    pair = next((p for p in (towns, sites) if p[0] and p[1]), None)
    if pair is None:
        return None
    tied = {n for n in _sites(a) if n in _sites(b) or _in_text(n, b)}
    tied |= {n for n in _sites(b) if _in_text(n, a)}
    if tied:
        return None
    return min(pair[0]), min(pair[1])


def _figure_keys(report: ReportView) -> set[tuple[str, int]]:
    return {
        (f.kind, f.count)
        for f in report.figures
        if f.count >= 2 and not f.negated and not f.background
    }


def jaccard(a: list[str] | frozenset[str], b: list[str] | frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B| of two word lists (0 when both are empty)."""
    sa, sb = frozenset(a), frozenset(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 0.0


def _named_actors(report: ReportView) -> set[str]:
    r = rules()
    prefixes = tuple(r["generic_actor_prefixes"]) + tuple(r["state_actor_prefixes"])
    return {x for x in report.actors if not x.startswith(prefixes)}


_COMPASS = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central)\s+")


@lru_cache(maxsize=4096)
def _region_name(name: str) -> bool:
    """Whether a place name is a first-level division's or a country's and no town's
    ("red sea"), or one with a compass word before it ("south yemen")."""
    for n in (name, _COMPASS.sub("", name)):
        found = gz.lookup(n)
        if found and all(c.feature in ("admin1", "country") for c in found):
            return True
        if n != name and gz.country_by_name(n) is not None:
            return True
    return False


def _specific_names(full: frozenset[str] | set[str]) -> list[str]:
    """The names of people among two reports' shared full names: pairs with a title,
    an organisation's or a page's word ("sheriff david", "medical center", "photo
    metro") or a possessive dropped, and overlapping pairs one name ("ava castillo",
    "castillo ruiz" are Ava Castillo Ruiz)."""
    common = set(rules()["not_person_words"])
    pairs = [p.split() for p in sorted(full)
             if "'" not in p and not set(p.split()) & common]
    groups: list[list[str]] = []
    for pair in pairs:
        touching = [g for g in groups if set(g) & set(pair)]
        merged = [w for g in touching for w in g]
        merged += [w for w in pair if w not in merged]
        groups = [g for g in groups if g not in touching] + [merged]
    return sorted(" ".join(g) for g in groups)


def features(a: ReportView, b: ReportView) -> dict[str, Any] | str:
    """What two reports share and what sets them apart; a string (the reason) when a
    hard condition rules the pair out."""
    r = rules()
    if a.article_id == b.article_id:
        return "same article: the reader keeps its incidents apart"
    if a.background or b.background:
        return "background report"
    relation, gap = date_relation(a, b)
    if relation == "undated":
        return "no date and no publication date"
    if relation == "apart":
        return f"dates {gap} days apart"
    distinct = distinct_places(a, b)
    if distinct:
        return f"different places: {distinct[0]} and {distinct[1]}"
    ea, eb = a.event, b.event
    ta, tb = ea.event_type, eb.event_type
    ga, gb = _type_group(ta), _type_group(tb)
    out: dict[str, Any] = {"relation": relation, "gap": gap}
    if ga is not None and gb is not None and (ga != gb or ga == -1 and ta != tb):
        out["other_types"] = (ta, tb)
    shared = shared_place(a, b)
    distance = _distance(ea, eb)
    precise = all((x.geo_precision or 3) <= 2 for x in (ea, eb))
    ca, cb = _country(a), _country(b)
    adm1a, adm1b = _norm(ea.admin1), _norm(eb.admin1)
    adm2a, adm2b = _norm(ea.admin2), _norm(eb.admin2)
    regions = {x for x in (adm1a, adm1b) if x} | _sets(a)["regions"] | _sets(b)["regions"]
    if shared and _region_name(shared):
        # "Red Sea", "South Yemen" given as the place: a region's name says no more than
        # the province does
        shared = None
    if shared and shared in regions:
        # "Shyrokyne, Donetsk" and "Donetsk Airport": the name both give is the
        # province's, which says no more than the province does; the places each
        # report gives decide, as if no name were shared (protests in Nis and in Novi
        # Sad both naming the movement of Belgrade, a city that is its own province).
        shared = None
    if (shared and precise and distance is not None and distance > r["distance_km"]
            and not (shared in _named(a) and shared in _named(b))
            and ga == gb == _type_group("Protests")):
        # "teachers rallied in Corrientes, as in Buenos Aires": of a wave of protests,
        # ACLED codes one event per city; a city one report places its rally in and the
        # other only mentions, where both geocodes are precise and far apart, is the
        # other's reference, not its place
        shared = None
    if shared:
        out["place"] = ("shared", shared)
    elif ca and cb and ca != cb:
        out["place"] = ("country", None)
    elif distance is not None and precise and distance <= r["same_place_km"]:
        out["place"] = ("near", distance)
    elif distance is not None and precise and distance > r["distance_km"]:
        out["place"] = ("distant", distance)
    elif adm1a and adm1b and adm1a != adm1b and (distance is None or distance > r["region_km"]):
        out["place"] = ("region", None)
    elif (adm2a and adm2a == adm2b) or _sets(a)["districts"] & _sets(b)["districts"]:
        out["place"] = ("district", None)
    elif adm1a and adm1a == adm1b and not precise:
        out["place"] = ("admin1", None)
    full = _sets(a)["full_names"] & _sets(b)["full_names"]
    if (out.get("place", ("",))[0] in ("country", "distant", "region")
            and len(_specific_names(full)) >= r["names_over_places"] and "other_types" not in out
            and ga == gb == 0):
        # the same victim and the same sheriff named by both: one of the two geocodes
        # is wrong (a town's namesake in another state), not the incident different
        out["place"] = ("disputed", _specific_names(full)[:2])
    sa, sb = ea.sub_event_type, eb.sub_event_type
    if sa and sa == sb:
        out["sub_event_type"] = sa
    figures = _figure_keys(a) & _figure_keys(b)
    if figures:
        out["figure"] = min(figures, key=lambda f: (-f[1], f[0]))
    actors = _named_actors(a) & _named_actors(b)
    if actors:
        out["actor"] = min(actors)
    names = _sets(a)["names"] & _sets(b)["names"]
    if names:
        out["names"] = sorted(names)
    if full:
        out["full_names"] = sorted(full)
    ca_words, cb_words = _sets(a)["content"], _sets(b)["content"]
    union = len(ca_words | cb_words)
    if union:
        # The share of the shorter text's words the other uses: a wire's brief and a
        # local paper's long story of one shooting share most of the brief, which
        # their Jaccard similarity hides. A high overlap of two short texts is mostly
        # their shared formula: it counts in full from similarity_min_words distinct
        # words on.
        shorter = min(len(ca_words), len(cb_words))
        sim = (len(ca_words & cb_words) / shorter if shorter else 0.0) \
            * min(1.0, union / r["similarity_min_words"])
        if sim:
            out["similarity"] = round(sim, 4)
        if (out.get("place", ("",))[0] in ("country", "distant", "region")
                and min(len(ca_words), len(cb_words)) >= r["similarity_min_words"]
                and sim >= r["text_over_places"] and "other_types" not in out
                and ga == gb == 0):
            # two long stories of violence that share half the shorter one's words:
            # one outlet's copy of the other's, with a town's namesake read in one
            out["place"] = ("overlap", sim)
    if _sets(a)["title"] and _sets(b)["title"]:
        tsim = jaccard(_sets(a)["title"], _sets(b)["title"])
        if tsim:
            out["title_similarity"] = tsim
    return out


_PLACE_WORDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "shared": ("same_place", lambda v: f"both name {v}"),
    "near": ("same_place", lambda v: f"{v:.0f} km apart"),
    "district": ("same_district", lambda v: "same district"),
    "admin1": ("same_admin1_coarse", lambda v: "same province, no town given"),
    "distant": ("distant_places", lambda v: f"places {v:.0f} km apart"),
    "region": ("other_region", lambda v: "different regions"),
    "country": ("other_country", lambda v: "different countries"),
    "disputed": ("disputed_places", lambda v: "places disagree, but both name " + " and ".join(v)),
    "overlap": ("disputed_places",
                lambda v: f"places disagree, but the texts share {v:.0%} of the shorter's words"),
}


def score_of(f: dict[str, Any]) -> tuple[float, list[str]]:
    """The evidence score of :func:`features` and its reasons in words."""
    s = rules()["scores"]
    score, reasons = 0.0, []
    if f["relation"] == "same":
        reasons.append("same day")
    elif f["relation"] == "close":
        score += s["days_apart"] * f["gap"]
        reasons.append(f"{f['gap']} day{'s' * (f['gap'] > 1)} apart")
    else:
        score += s["follow_up"]
        reasons.append(f"follow-up naming the incident's day ({f['gap']} days later)")
    if "other_types" in f:
        score += s["other_event_type_group"]
        reasons.append("different kinds of event ({} / {})".format(*f["other_types"]))
    if "place" in f:
        kind, value = f["place"]
        key, words = _PLACE_WORDS[kind]
        score += s[key]
        reasons.append(words(value))
    if "sub_event_type" in f:
        score += s["same_sub_event_type"]
        reasons.append(f"both {f['sub_event_type']}")
    if "figure" in f:
        kind, count = f["figure"]
        score += s["shared_figure"]
        reasons.append(f"same figure {count} {kind}")
    if "actor" in f:
        score += s["named_actor"]
        reasons.append(f"shared actor {f['actor']}")
    if "names" in f:
        n = len(f["names"])
        score += min(s["shared_names_max"], s["shared_name"] * n)
        reasons.append("shared names " + ", ".join(f["names"][:4]))
    if "full_names" in f:
        score += s["shared_full_name"]
        reasons.append("both name " + ", ".join(f["full_names"][:3]))
    if "similarity" in f:
        score += min(s["text_similarity_max"], s["text_similarity"] * f["similarity"])
        reasons.append(f"text similarity {f['similarity']:.2f}")
    if "title_similarity" in f:
        score += min(s["title_similarity_max"], s["title_similarity"] * f["title_similarity"])
        reasons.append(f"headline similarity {f['title_similarity']:.2f}")
    return round(score, 4), reasons


def compare(a: ReportView, b: ReportView) -> Match:
    """Whether two report views (see :mod:`fogwatch.reconcile.reports`) may be one
    incident: ``linked`` when no hard condition rules it out and the evidence reaches
    ``link_score``; ``score`` is None when a hard condition rules it out. ``reasons``
    say why, in words."""
    f = features(a, b)
    if isinstance(f, str):
        return Match(False, None, [f])
    score, reasons = score_of(f)
    return Match(score >= rules()["link_score"], score, reasons)
