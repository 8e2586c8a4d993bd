"""The REST API: the store's events, claims ledger, articles and statistics, as JSON.

Every endpoint reads the store through :class:`~fogwatch.web.stores.StoreProvider`;
``POST /api/articles`` needs a reviewer or admin token (see :mod:`fogwatch.web.auth`)
and goes through the same reader as the command line; the review writes are in
:mod:`fogwatch.web.review`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from fogwatch.filters import BLANKS, EventFilter, FilterError, parse_day
from fogwatch.web import filters as flt
from fogwatch.web import guard
from fogwatch.web.filters import BLANK_SCHEMA, event_filter

# Any request can be too large, and any can meet a store that fails.
router = APIRouter(prefix="/api", tags=["api"], responses=guard.errors(413, 503))


def _store(request: Request) -> Any:
    return request.app.state.stores.get()


def page_links(request: Request, offset: int, limit: int, total: int) -> dict[str, str | None]:
    """``next`` and ``previous``: the same query at the neighbouring pages (null at an end),
    so a client walks every page without computing offsets."""
    url = request.url
    nxt = prev = None
    if limit > 0 and offset + limit < total:
        nxt = str(url.include_query_params(offset=offset + limit, limit=limit))
    if limit > 0 and offset > 0:
        prev = str(url.include_query_params(offset=max(offset - limit, 0), limit=limit))
    return {"next": nxt, "previous": prev}


@router.get("/events", summary="Events matching the filters, one page at a time")
def list_events(
    request: Request,
    query: EventFilter = Depends(event_filter),
    limit: int = Query(
        flt.DEFAULT_LIMIT, ge=0, le=guard.MAX_INT,
        description=f"Page size (capped at {flt.MAX_LIMIT}).",
    ),
    offset: int = Query(0, ge=0, le=guard.MAX_INT),
    sort: str = Query(
        flt.DEFAULT_SORT,
        pattern=flt.SORT_PATTERN,
        description=f"{', '.join(flt.SORT_KEYS)}; '-' for descending.",
    ),
) -> dict[str, Any]:
    """A page of reconciled events with the total count for the filter, and ``next`` /
    ``previous`` links to the neighbouring pages (null at either end)."""
    store = _store(request)
    filters = flt.make(query, sort=sort)
    limit = flt.cap_limit(limit)
    events = store.events_json(filters, limit=limit, offset=offset)
    total = store.count_events(filters)
    head = {
        "total": total,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        **page_links(request, offset, limit, total),
    }
    # The events go out as the store keeps them (JSON with sorted keys): decoding and
    # encoding a page of them again was most of the request's time at 50,000 events.
    body = _compact(head)[:-1] + ',"events":[' + ",".join(events) + "]}"
    return Response(body.encode("utf-8"), media_type="application/json")


def _compact(value: Any) -> str:
    """JSON as FastAPI writes it: no spaces, UTF-8 kept, no NaN."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


@router.get(
    "/events/{event_id}", summary="One event with its claims ledger and evidence",
    responses=guard.errors(404),
)
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    """The event, its claims ledger, figures by claimant, evidence sentences and articles."""
    event = event_json(_store(request), event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event with id {guard.excerpt(event_id)!r}")
    return event


def event_json(store: Any, event_id: str) -> dict[str, Any] | None:
    """The JSON of ``/api/events/{id}`` (also ``fogwatch event ID --format json``)."""
    event = store.event(event_id)
    return None if event is None else event.page_json()


@router.get("/claims", summary="Claims (who said what), filtered like events")
def list_claims(
    request: Request,
    query: EventFilter = Depends(event_filter),
    event_id: str | None = Query(None, description="Only the claims of this event."),
    claimant: str | None = Query(None, description="Only the claims of this claimant."),
    limit: int = Query(
        flt.DEFAULT_LIMIT, ge=0, le=guard.MAX_INT,
        description=f"Page size (capped at {flt.MAX_LIMIT}).",
    ),
    offset: int = Query(0, ge=0, le=guard.MAX_INT),
) -> dict[str, Any]:
    """A page of claims: claimant, stance, figure, sentence and article; ``total``, and
    ``next`` / ``previous`` links as for events."""
    claim_filter = flt.make(query, event_id=event_id, claimant=claimant)
    limit = flt.cap_limit(limit)
    store = _store(request)
    total = store.count_claims(claim_filter)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        **page_links(request, offset, limit, total),
        "claims": store.claims(claim_filter, limit=limit, offset=offset),
    }


@router.get(
    "/articles/{article_id}", summary="One article: its text and evidence spans",
    responses=guard.errors(404),
)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The stored article with the spans of text that its figures and claims rest on."""
    article = _store(request).article(article_id)
    if article is None:
        raise HTTPException(
            status_code=404, detail=f"no article with id {guard.excerpt(article_id)!r}"
        )
    article = dict(article)
    article["spans"] = evidence_spans(article)
    return article


@router.get("/stats", summary="Counts by type and week, fatalities by side")
def get_stats(request: Request, query: EventFilter = Depends(event_filter)) -> dict[str, Any]:
    """Events by type and by ISO week (with the week's Monday), fatalities by side."""
    store = _store(request)
    stats = dict(store.stats(query))
    stats["by_week"] = [
        {**week, "start": week_start(week.get("week"))} for week in stats.get("by_week") or []
    ]
    return stats


# An RFC 3339 date-time, as JSON Schema's "date-time" format means it.
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _published(value: str | None) -> str | None:
    """The body's ``published`` as the schema states it: a date, an RFC 3339 date-time,
    or blank (none); anything else is a 422 naming the field."""
    if value is None or not value.strip(BLANKS):
        return None
    try:
        if _DATETIME.fullmatch(value):
            dt.datetime.fromisoformat(value.upper())
        else:
            parse_day(value, "published")
    except (ValueError, FilterError):
        raise guard.invalid(("body", "published"),
                            "published: not a date (YYYY-MM-DD) or an ISO date-time",
                            value) from None
    return value


class ArticleIn(BaseModel):
    """An article to read and store."""

    text: str = Field(min_length=1, max_length=2_000_000)
    published: str | None = Field(
        None, description="YYYY-MM-DD or an ISO datetime.",
        # what the handler accepts, said in the schema (it checks the date itself)
        json_schema_extra={"anyOf": [{"type": "string", "format": "date"},
                                     {"type": "string", "format": "date-time"},
                                     BLANK_SCHEMA, {"type": "null"}]},
    )
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    id: str | None = Field(None, description="Your own id; a content hash otherwise.")


@router.post(
    "/articles", status_code=201, summary="Read and store an article (needs a token)",
    openapi_extra=guard.json_body(ArticleIn), responses=guard.errors(401, 403, 422, 429),
)
async def post_article(request: Request) -> dict[str, Any]:
    """Read an article with the same reader as the CLI and add it to the store.

    The token is checked before the body is read; the reading runs in a worker thread,
    one at a time, so the event loop and the read endpoints keep answering meanwhile.
    """
    from fogwatch.web.auth import require

    require(request, _store(request), "reviewer")  # headers only: before the body is read
    if request.app.state.stores.damage:
        raise HTTPException(
            status_code=503,
            detail="the store failed SQLite's quick_check at start-up and is not written to; "
            "run `fogwatch doctor --db` on it",
        )
    body = await guard.read_model(request, ArticleIn)
    body.published = _published(body.published)
    limiter = getattr(request.app.state, "readers", None)
    if limiter is None:
        limiter = request.app.state.readers = anyio.CapacityLimiter(1)
    return await anyio.to_thread.run_sync(_read_and_store, request, body, limiter=limiter)


def _read_and_store(request: Request, body: ArticleIn) -> dict[str, Any]:
    from fogwatch import read_article
    from fogwatch.model import Article

    article = Article.make(
        body.text,
        published=body.published,
        title=body.title,
        url=body.url,
        outlet=body.outlet,
        id=body.id,
    )
    reading = read_article(article)
    added = _store(request).add(article, reading)
    return {
        "article_id": article.id,
        "added": bool(added),
        "events": len(reading.events),
        "figures": len(reading.figures),
        "claims": len(reading.claims),
    }


EXPORT_FORMATS = {
    "acled": ("text/csv; charset=utf-8", "csv"),
    "ucdp": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}


_FILE = {"type": "string", "format": "binary"}
_EXPORT_SCHEMAS: dict[str, dict[str, Any]] = {
    "geojson": {"type": "object", "required": ["type", "features"], "properties": {
        "type": {"const": "FeatureCollection"}, "features": {"type": "array"}}},
}


@router.get(
    "/export", summary="The events of the current filter as ACLED CSV, GeoJSON, ...",
    # the media types the formats are sent as, one entry each, in the schema
    responses={200: {"description": "The file, as an attachment.", "content": {
        media.split(";")[0]: {"schema": _EXPORT_SCHEMAS.get(fmt, _FILE)}
        for fmt, (media, _) in EXPORT_FORMATS.items()
    }}},
)
def export(
    request: Request,
    query: EventFilter = Depends(event_filter),
    format: str = Query(
        "acled",
        pattern="^(" + "|".join(EXPORT_FORMATS) + ")$",
        description="acled (ACLED's 31 columns), ucdp, geojson, jsonl or parquet.",
    ),
) -> Response:
    """Download the filtered events, written by the same exporters as `fogwatch export`."""
    from fogwatch.export import BINARY, export_events, export_string

    if format in BINARY:
        buf = io.BytesIO()
        export_events(_store(request), format, buf, query)
        body = buf.getvalue()
    else:
        body = export_string(_store(request), format, query).encode("utf-8")
    media_type, suffix = EXPORT_FORMATS[format]
    return Response(
        content=body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="fogwatch-events.{suffix}"'},
    )


# --- derived views ---------------------------------------------------------------------


def week_start(week: str | None) -> str | None:
    """The Monday of an ISO week written ``2025-W11``, as YYYY-MM-DD (None if not a week)."""
    if not week:
        return None
    try:
        year, num = week.split("-W")
        return dt.date.fromisocalendar(int(year), int(num), 1).isoformat()
    except ValueError:
        return None


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def evidence_spans(article: dict[str, Any]) -> list[dict[str, Any]]:
    """The evidence spans of an article, merged into non-overlapping runs for display."""
    raw: list[tuple[int, int, str]] = []
    text = article.get("text") or ""
    for key in ("spans", "evidence"):
        for span in article.get(key) or []:
            raw.append((_int(span.get("start")), _int(span.get("end")), span.get("kind") or key))
    reading = article.get("reading") or {}
    for group in ("figures", "claims"):
        for item in reading.get(group) or []:
            ev = item.get("sentence") or item.get("evidence")
            if ev:
                raw.append((_int(ev.get("start")), _int(ev.get("end")), group[:-1]))
    raw = [(s, e, k) for s, e, k in raw if 0 <= s < e <= len(text)]
    raw.sort()
    merged: list[dict[str, Any]] = []
    for start, end, kind in raw:
        if merged and start <= merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], end)
            continue
        merged.append({"start": start, "end": end, "kind": kind})
    return merged
