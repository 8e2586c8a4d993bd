"""Places, step 3: where the article's primary event happened.

See :mod:`fogwatch.read.places` for the whole reading."""

from __future__ import annotations

from fogwatch.geo import gazetteer as gz
from fogwatch.model import Place
from fogwatch.read.context import Context
from fogwatch.read.places.resolve import region_of
from fogwatch.read.places.vocab import place_words
from fogwatch.read.text import is_dateline

# --------------------------------------------------------------------------- event


def event_location(ctx: Context) -> Place | None:
    """Where the primary event happened, with ACLED's ``geo_precision``, always with
    coordinates when it names a location (see :func:`_with_coordinates`)."""
    found = _event_place(ctx)
    return _with_coordinates(found) if found is not None else None


def _with_coordinates(p: Place) -> Place:
    """A place that names a location always has coordinates: a division GeoNames gives
    no towns (so no centre) takes its namesake town, a town the gazetteer lacks the
    centre of its admin2 when the admin1 is a grouping of them, else its admin1's centre
    (precision 3). A place known only as a country names no location: a country's
    centre would be a guess, not a reading."""
    if p.latitude is not None:
        return p
    out = p.model_copy()
    if p.admin1 is None:
        if p.feature == "country" or p.admin2 is None:
            out.location, out.geo_precision = None, None
        return out
    if p.admin2:
        unit2 = next((c for c in gz.lookup(p.admin2, country=p.iso, feature="admin2")
                      if c.admin1 == p.admin1 and c.latitude is not None), None)
        town = unit2 or next((c for c in gz.lookup(p.admin2, country=p.iso, feature="city")
                              if c.admin1 == p.admin1), None)
        if town is not None:
            out.latitude, out.longitude, out.geo_precision = town.latitude, town.longitude, 2
            return out
    unit = next((c for c in gz.lookup(p.admin1, country=p.iso, feature="admin1")
                 if c.latitude is not None), None)
    if unit is None and p.admin2:
        # an admin1 the places report by a grouping name ("Mid-Western"): the admin2's own
        unit = next((u for c in gz.lookup(p.admin2, country=p.iso, feature="admin2")
                     if c.admin1 == p.admin1 and (u := gz.parent(c, "admin1")) is not None
                     and u.latitude is not None), None)
    if unit is not None:
        out.latitude, out.longitude, out.geo_precision = unit.latitude, unit.longitude, 3
    return out


def _event_place(ctx: Context) -> Place | None:
    """Where the primary event happened (see :func:`event_location`).

    The first event place (a place after "in"/"at"/"near" in a sentence with a
    violence, security or protest cue), else the first non-background place. A
    division is refined by a more specific place in the same sentence that lies in it
    ("in Kech district, gunmen killed a man in Turbat"). A spot in a known town
    ("Bat Galim Square of Haifa") takes the town's coordinates; a town the gazetteer
    does not know falls back to its admin2 centre (precision 2) or admin1 centre
    (precision 3), named after that unit. With no place known, a report tied to a
    region (``region_hints``) is placed in it as far as its text says.
    Unknown stays None.
    """
    places = [p for p in ctx.places if p.role != "background"]
    if not places:
        return _region_place(ctx)
    # the dateline's town is where the outlet filed from: the event's place only when
    # the text names no other
    places = ([p for p in places if not is_dateline(ctx.sentence_at(p.evidence.start))]
              or places)
    event_before = place_words().event_before
    pool = (
        [p for p in places if p.role == "event"]
        # "in X" in a sentence the cues call a measure or a mere mention
        or [p for p in places
            if event_before.search(ctx.text[max(0, p.evidence.start - 40) : p.evidence.start])]
        or places
    )
    # "detained in Spain ... in El Menzah (Cite El Khadra, Tunis)": a country is the
    # event's place only when nothing more specific is named
    specific = [p for p in pool if p.feature != "country"]
    first = specific[0] if specific else pool[0]
    if first.feature is None:
        if first.latitude is not None:
            return first.model_copy()
        if first.admin1 or first.admin2:
            return _fallback(first)
        known = [p for p in pool if p.feature is not None or p.admin1]
        if not known:
            return _region_place(ctx)
        first = known[0]
        if first.feature is None:
            return _fallback(first)
    sentence = ctx.sentence_at(first.evidence.start)
    same = [p for p in places if ctx.sentence_at(p.evidence.start) is sentence]
    best = first
    specificity = place_words().scoring.specificity
    for p in same:
        if specificity.get(p.feature or "", -1) > specificity[best.feature or "country"] and (
            _inside(p, best)
        ):
            best = p
    if best.feature in ("admin1", "admin2", "country"):
        # a town the gazetteer lacks, written inside this division, is more specific
        for p in same:
            if p.feature is None and p.admin1 and _inside(p, best):
                return _fallback(p)
    anchor = _near_anchor(ctx, best, same)
    if anchor is not None:
        return anchor
    if best.latitude is None and best.feature in ("admin1", "admin2"):
        return _without_coordinates(best)
    return best.model_copy()



def _region_place(ctx: Context) -> Place | None:
    """No place named, or none the gazetteer knows, in a report whose wording ties it to a
    region ("the OSCE SMM observed ... near <a village>"): the report's region as far as
    the text says (:func:`region_of`), with the cue as evidence; an admin1 is placed
    at its centre (precision 3), a country has no coordinates."""
    unit = region_of(ctx.text)
    if unit is None:
        return None
    found = next(m for cue, _, _ in place_words().regions if (m := cue.search(ctx.text)))
    if unit.feature == "country":
        return Place(text=found.group(), name=unit.name, feature="country",
                     country=unit.country, iso=unit.iso2, location=unit.name,
                     role="event", evidence=ctx.evidence(*found.span()))
    return Place(
        text=found.group(), country=unit.country, iso=unit.iso2, admin1=unit.admin1,
        location=unit.name, latitude=unit.latitude, longitude=unit.longitude,
        geo_precision=3, role="event", evidence=ctx.evidence(*found.span()),
    )


def _near_anchor(ctx: Context, p: Place, same: list[Place]) -> Place | None:
    """"Hamirpur village near Rapar town (Kachchh, Gujarat)": the event is placed at the
    town it is said to be near, with precision 2 (ACLED's "near a town")."""
    m = place_words().near_after.match(ctx.text, p.evidence.end)
    if not m:
        return None
    for q in same:
        if q.evidence.start == m.end() and q.feature == "city" and q.latitude is not None:
            out = q.model_copy()
            out.geo_precision = 2
            return out
    return None


def _without_coordinates(p: Place) -> Place:
    """A division GeoNames gives no towns (so no centre): its namesake town, else its
    admin1's centre."""
    out = p.model_copy()
    town = next((c for c in gz.lookup(p.name or p.text, country=p.iso, feature="city")
                 if c.admin1 == p.admin1), None)
    if town is not None:
        out.latitude, out.longitude, out.geo_precision = town.latitude, town.longitude, 2
        return out
    if p.feature == "admin2" and p.admin1:
        unit = next(iter(gz.lookup(p.admin1, country=p.iso, feature="admin1")), None)
        if unit is not None:
            out.latitude, out.longitude, out.geo_precision = unit.latitude, unit.longitude, 3
    return out


def _inside(p: Place, unit: Place) -> bool:
    """Whether ``p`` lies in the division or country ``unit`` (by names)."""
    if unit.feature == "country":
        return p.country == unit.country
    if unit.feature == "admin1":
        return p.country == unit.country and p.admin1 == unit.admin1
    if unit.feature == "admin2":
        return p.admin1 == unit.admin1 and p.admin2 == unit.admin2
    return False


def _fallback(p: Place) -> Place:
    """A town the gazetteer lacks, placed at the centre of the smallest unit known."""
    unit = None
    if p.admin2:
        found = [c for c in gz.lookup(p.admin2, country=p.iso, feature="admin2")
                 if c.admin1 == p.admin1]
        unit = found[0] if found else None
    if unit is None and p.admin1:
        found = gz.lookup(p.admin1, country=p.iso, feature="admin1")
        unit = found[0] if found else None
    out = p.model_copy()
    if unit is not None:
        out.latitude, out.longitude = unit.latitude, unit.longitude
        out.geo_precision = 2 if unit.feature == "admin2" else 3
        out.location = unit.name
    else:
        out.geo_precision = 3
    return out
