"""Review endpoints: write with a reviewer token, read an event's history without one.

Every write goes through :class:`fogwatch.review.Reviews`, so it is checked (404 for an
unknown id, 422 naming the field, 409 for a stale version), logged with the token's
name, and all or nothing. No endpoint updates or deletes the log.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from fogwatch.store.review import ReviewError, Reviews
from fogwatch.store.review.validate import SOURCE_URL_PATTERN, rules
from fogwatch.web import guard
from fogwatch.web.auth import identify, require

# Any request can be too large, and any can meet a store that fails.
router = APIRouter(prefix="/api", tags=["review"], responses=guard.errors(413, 503))


class ReviewErrorOut(BaseModel):
    """A refused review: what is wrong, the field it concerns, and on a stale version
    (409) the event's current version."""

    detail: str
    field: str | None = None
    version: int | None = None


def _refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    out = guard.errors(*codes)
    for code in (404, 409):
        if code in out:
            out[code] = {"model": ReviewErrorOut, "description": out[code]["description"]}
    return out


# What a write can answer besides 200.
WRITE = _refusals(400, 401, 403, 404, 409, 422, 429)


def _store(request: Request) -> Any:
    return request.app.state.stores.get()


def error_response(exc: ReviewError) -> JSONResponse:
    """The response of a refused review; a bad value is a 422 in the schema's form,
    located at the field."""
    if exc.status == 422:
        raise guard.invalid(("body", exc.field or "body"), str(exc))
    body: dict[str, Any] = {"detail": str(exc), "field": exc.field}
    current = getattr(exc, "current", None)
    if current is not None:
        body["version"] = current
    return JSONResponse(body, status_code=exc.status)


# A character that is not blank to Python's strip() nor to JSON Schema's \s: a reason
# and a text field need one.
_VISIBLE = r"[^\s\x1c-\x1f\x85\ufeff]"


def _value_schema(kind: str) -> dict[str, Any]:
    """The JSON schema of one value kind of review.yaml, as validate.check_value reads it."""
    from fogwatch.codebook.acled import event_types

    r = rules()
    text = {"type": "string", "pattern": _VISIBLE, "maxLength": r["max_text"]}
    kinds: dict[str, dict[str, Any]] = {
        "text": text,
        "event_type": {"enum": sorted(event_types())},
        # also checked against the event type the event will have
        "sub_event_type": {"enum": sorted({s for subs in event_types().values() for s in subs})},
        "inter": {"enum": r["inter_codes"]},
        "iso2": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "geo_precision": {"enum": r["geo_precision"]},
        "time_precision": {"enum": r["time_precision"]},
        "date": {"type": "string", "format": "date"},
        "count": {"type": "integer", "minimum": 0},
        "figure_kind": {"enum": r["figure_kinds"]},
        "figure_status": {"enum": r["figure_status"]},
    }
    base = kind.removesuffix("_or_null")
    schema = kinds[base]
    return {"anyOf": [schema, {"type": "null"}]} if kind != base else schema


def _changes_schema(fields: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """``changes`` of a recode or a fix: the fields review.yaml lets a review set, each
    with its value, at least one."""
    props = {f: _value_schema(k) for f, k in rules()[fields].items()}
    return {"type": "object", "minProperties": 1, "additionalProperties": False,
            "properties": {**props, **(extra or {})}}


class Change(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why: required.",
                        pattern=_VISIBLE)
    source_url: str | None = Field(
        None, max_length=2000, description="An http(s) link to the source of the change.",
        # checked by the review rules, which name the field; the schema says what passes
        json_schema_extra={"pattern": SOURCE_URL_PATTERN},
    )
    version: int | None = Field(None, description="The review version you saw (409 if stale).")


class Recode(Change):
    changes: dict[str, Any] = Field(
        description="Event fields to set; 'place' (and 'place_country') picks a gazetteer place.",
        json_schema_extra=_changes_schema("event_fields", {
            "place": {"type": "string", "pattern": _VISIBLE},
            "place_country": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        }),
    )


class Mark(Change):
    status: str = Field(description="reviewed, flagged or unreviewed.",
                        json_schema_extra={"enum": rules()["event_marks"]})


class Merge(Change):
    events: list[str] = Field(min_length=2, max_length=50)


class Split(Change):
    reports: list[str] = Field(min_length=1, max_length=500)


class FigureFix(Change):
    changes: dict[str, Any] = Field(
        description="Figure fields to set.", json_schema_extra=_changes_schema("figure_fields"))


class Judge(Change):
    verdict: str = Field(description="verified, refuted, background or unjudged.",
                         json_schema_extra={"enum": rules()["claim_verdicts"]})
    note: str | None = Field(None, max_length=2000)


def _write(request: Request, action: Any) -> Any:
    store = _store(request)
    who = require(request, store, "reviewer")
    try:
        return action(Reviews(store), who)
    except ReviewError as exc:
        return error_response(exc)


@router.post("/events/{event_id}/recode", summary="Recode an event (reviewer token)", responses=WRITE)
def recode(request: Request, event_id: str, body: Recode) -> Any:
    """Set an event's type, actors, inter codes, place, date or fatalities."""
    out = _write(request, lambda r, who: r.recode(
        who, event_id, body.changes, body.reason, source_url=body.source_url, version=body.version))
    return out if isinstance(out, JSONResponse) else out[0].as_json()


@router.post("/events/{event_id}/mark", summary="Mark an event reviewed or flagged", responses=WRITE)
def mark(request: Request, event_id: str, body: Mark) -> Any:
    out = _write(request, lambda r, who: r.mark(who, event_id, body.status, body.reason,
                                                version=body.version))
    return out if isinstance(out, JSONResponse) else out.as_json()


@router.post("/events/merge", summary="Merge events into one (a must-link)", responses=WRITE)
def merge(request: Request, body: Merge) -> Any:
    out = _write(request, lambda r, who: r.merge(who, body.events, body.reason,
                                                 version=body.version))
    return out if isinstance(out, JSONResponse) else out.as_json()


@router.post("/events/{event_id}/split", summary="Split reports out of an event (a cannot-link)", responses=WRITE)
def split(request: Request, event_id: str, body: Split) -> Any:
    out = _write(request, lambda r, who: r.split(who, event_id, body.reports, body.reason,
                                                 version=body.version))
    return out if isinstance(out, JSONResponse) else {"events": [e.as_json() for e in out]}


@router.post("/figures/{figure_id}/fix", summary="Fix a figure (reviewer token)", responses=WRITE)
def fix_figure(request: Request, figure_id: str, body: FigureFix) -> Any:
    return _write(request, lambda r, who: r.fix_figure(
        who, figure_id, body.changes, body.reason, source_url=body.source_url, version=body.version))


@router.post("/claims/{claim_id}/judge", summary="Verify, refute or set aside a claim", responses=WRITE)
def judge(request: Request, claim_id: str, body: Judge) -> Any:
    return _write(request, lambda r, who: r.judge_claim(
        who, claim_id, body.verdict, body.reason, note=body.note, source_url=body.source_url,
        version=body.version))


@router.get("/events/{event_id}/history", summary="What reviewers changed on an event",
            responses=_refusals(404))
def history(request: Request, event_id: str) -> Any:
    """Every review of the event, its figures and claims: who, when, before, after, why."""
    try:
        return {"event_id": event_id, "history": Reviews(_store(request)).history(event_id)}
    except ReviewError as exc:
        return error_response(exc)


class WhoOut(BaseModel):
    """Whose token a request carries."""

    name: str
    role: str


@router.get("/whoami", summary="Who the request's token belongs to", response_model=WhoOut,
            responses=guard.errors(401, 403))
def whoami(request: Request) -> Any:
    """The name and role of the token in the request's header (any role; not rate
    limited, since it writes nothing); 401 for a missing or wrong token. The dashboard
    asks this to show who is signed in."""
    store = _store(request)
    who = identify(request, store)
    return {"name": who.name, "role": who.role}


class VocabularyOut(BaseModel):
    """The values the review forms offer: the same lists every write is checked against."""

    event_types: dict[str, list[str]] = Field(description="Event type: its sub-event types.")
    inter_codes: dict[int, str] = Field(description="ACLED inter code: its name (1-8).")
    geo_precision: list[int]
    time_precision: list[int]
    figure_kinds: list[str]
    figure_status: list[str]
    claim_verdicts: list[str]
    event_marks: list[str]


@router.get("/review/vocabulary", summary="The values a review may set (for the forms)",
            response_model=VocabularyOut)
def vocabulary() -> Any:
    """Event and sub-event types from the ACLED codebook, the inter codes a reviewer may
    give with their names, precisions, figure kinds and states, claim verdicts and
    event marks. Read-only, no token needed."""
    from fogwatch.codebook.acled import codebook, event_types

    r = rules()
    names = codebook().get("inter_codes", {})
    return {
        "event_types": {t: list(subs) for t, subs in event_types().items()},
        "inter_codes": {int(c): str(names.get(c, names.get(str(c), c))) for c in r["inter_codes"]},
        "geo_precision": r["geo_precision"],
        "time_precision": r["time_precision"],
        "figure_kinds": r["figure_kinds"],
        "figure_status": r["figure_status"],
        "claim_verdicts": r["claim_verdicts"],
        "event_marks": r["event_marks"],
    }


@router.get("/reviews/orphaned", summary="Reviews whose target is gone")
def orphaned(request: Request) -> Any:
    return {"orphaned": Reviews(_store(request)).orphaned()}


_SEARCH = rules()["place_search"]


class PlaceOut(BaseModel):
    """A gazetteer place, with the location fields a recode sets from it."""

    name: str
    feature: str = Field(description="city, admin2, admin1 or country.")
    admin1: str | None
    admin2: str | None
    country: str | None
    iso: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int = Field(description="ACLED geo_precision of a place of this feature.")
    population: int


class PlacesOut(BaseModel):
    query: str
    places: list[PlaceOut]


@router.get("/gazetteer", summary="Search the offline gazetteer by name (the place picker)",
            response_model=PlacesOut, responses=guard.errors(422))
def gazetteer_search(
    q: str = Query(min_length=1, max_length=_SEARCH["max_query"],
                   description="A place name or the start of one (case and accents ignored)."),
    country: str | None = Query(None, max_length=_SEARCH["max_query"],
                                description="Only places in this country (a name or ISO code)."),
    limit: int = Query(_SEARCH["default_limit"], ge=1, le=_SEARCH["max_limit"]),
) -> Any:
    """Places called ``q``, then places whose name starts with it (from
    ``min_prefix`` letters on), most populous first: name, feature, admin1, admin2,
    country, ISO code, coordinates and the geo_precision a recode to it would take.
    Read-only, no token needed; nothing leaves the machine."""
    from fogwatch.geo import gazetteer

    if not gazetteer.key(q):
        raise guard.invalid(("query", "q"), "give letters or digits of a place name", q)
    country = country.strip() if country and country.strip() else None
    if country is not None and gazetteer.country_by_name(country) is None:
        raise guard.invalid(("query", "country"),
                            "no country of that name or code in the gazetteer", country)
    found = gazetteer.search(q, country=country, limit=limit, min_prefix=_SEARCH["min_prefix"],
                             max_keys=_SEARCH["max_keys"])
    precision = rules()["place_precision"]
    return {
        "query": q,
        "places": [
            {"name": c.name, "feature": c.feature, "admin1": c.admin1, "admin2": c.admin2,
             "country": c.country, "iso": c.iso2, "latitude": c.latitude,
             "longitude": c.longitude, "geo_precision": precision.get(c.feature, 3),
             "population": c.population}
            for c in found
        ],
    }
