"""ACLED's 31 columns, in ACLED's current order, with Fogwatch's own ``notes``."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from fogwatch.codebook import acled
from fogwatch.codebook.sides import side_noun
from fogwatch.model.event import ClaimantRange, Event
from fogwatch.vocab import load_yaml

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

@cache
def _regions() -> dict[str, str]:
    return {iso: region for region, isos in load_yaml("acled_regions.yaml").items() for iso in isos}


def _country(iso2: str | None) -> Any:
    if not iso2:
        return None
    import pycountry

    return pycountry.countries.get(alpha_2=iso2.upper())


def event_id_cnty(event: Event) -> str:
    """ACLED-style id: the ISO 3166 alpha-3 code and a number derived from the event id."""
    country = _country(event.iso)
    prefix = country.alpha_3 if country else "XXX"
    return f"{prefix}{int(event.id[2:10], 16) % 10**8:08d}"


def _say(r: ClaimantRange) -> str:
    victims = ", ".join(v.replace("_", " ") for v in r.victims) or side_noun(r.side)
    words = ", later ".join(dict.fromkeys(r.figures))
    return f"{r.claimant} says {words} {victims} {r.kind}"


def notes(event: Event) -> str:
    """What happened, the figures and who gives them, written by Fogwatch from its data."""
    date = event.date or "an unknown date"
    what = event.sub_event_type or event.event_type or "an incident"
    where = ", ".join(x for x in (event.location, event.admin1, event.country) if x)
    where = ", ".join(dict.fromkeys(where.split(", "))) if where else "an unknown place"
    actors = [a for a in (event.actor1, event.actor2) if a]
    text = f"On {date}, {what.lower()} in {where}"
    if actors:
        text += " involving " + " and ".join(actors)
    text += "."
    ranges = event.ranges.by_claimant
    disputed = [s for s in event.ranges.by_side if s.contested]
    for s in disputed:
        claims = [r for r in ranges if r.kind == s.kind and r.side == s.side]
        text += (
            f" Disputed {s.kind} ({side_noun(s.side)}): "
            + "; ".join(_say(r) for r in claims)
            + f" (coded {s.conservative}, the lowest)."
        )
    # ACLED counts the dead only; other figures stay in the ledger.
    undisputed = [
        r for r in ranges
        if r.kind == "killed" and not any(s.kind == r.kind and s.side == r.side for s in disputed)
    ]
    if undisputed:
        text += " Reported: " + "; ".join(_say(r) for r in undisputed) + "."
    if "unverified" in event.verification:
        text += " Figures could not be independently verified."
    text += f" Fatalities coded {event.fatalities} (ACLED's conservative rule)."
    text += f" Sources: {event.n_sources} reports from {event.n_outlets} outlets."
    return text + review_note(event)


def review_note(event: Event) -> str:
    """Who reviewed the event and what they changed, for the notes ("" when no one did)."""
    review = event.review
    if review is None or not review.reviewers:
        return ""
    status = {"edited": "Corrected", "reviewed": "Reviewed", "flagged": "Flagged for review"}
    text = f" {status.get(review.status, 'Reviewed')} by {', '.join(review.reviewers)}"
    if review.fields:
        text += f" ({', '.join(review.fields)} changed)"
    text += "."
    n_verified, n_refuted = len(review.verified), len(review.refuted)
    if n_verified or n_refuted:
        text += f" Claims verified: {n_verified}, refuted: {n_refuted}."
    return text


def _interaction(i1: Any, i2: Any) -> int | str:
    codes = sorted(c for c in (i1, i2) if isinstance(c, int))
    if not codes:
        return ""
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _timestamp(day: str | None) -> int | str:
    # The last report's day, not the wall clock: the same store exports the same bytes.
    if not day:
        return ""
    d = dt.date.fromisoformat(day[:10])
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def _blank(value: Any) -> Any:
    return "" if value is None else value


def row(event: Event) -> dict[str, Any]:
    """One event as an ACLED row (keys in :data:`COLUMNS` order)."""
    country = _country(event.iso)
    date = event.date or ""
    status = event.review_status
    tags = []
    if event.contested:
        tags.append("fogwatch: contested figures")
    tags += [f"fogwatch: {v}" for v in event.verification]
    if status != "unreviewed":
        tags.append(f"fogwatch: {status}")
    interaction = event.interaction or _interaction(event.inter1, event.inter2)
    values = {
        "event_id_cnty": event_id_cnty(event),
        "event_date": date,
        "year": int(date[:4]) if date else "",
        "time_precision": event.time_precision or (1 if date else ""),
        "disorder_type": event.disorder_type
        or acled.disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": int(country.numeric) if country else "",
        "region": _regions().get((event.iso or "").upper(), ""),
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": None,  # the gazetteer resolves places to admin2 at most
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": "; ".join(event.outlets),
        "source_scale": "",
        "notes": notes(event),
        "fatalities": event.fatalities,
        "tags": "; ".join(tags),
        "timestamp": _timestamp(event.last_reported),
    }
    return {k: _blank(values[k]) for k in COLUMNS}
