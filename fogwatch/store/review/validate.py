"""Checking what a reviewer submits: every value against the codebook and its bounds.

A bad value raises :class:`ReviewError` naming the field, with the HTTP status the API
answers (404 for an unknown target, 409 for a stale version, 422 for a bad value, 403
for a role that may not write), so the CLI and the API say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, cast

from fogwatch.codebook.acled import event_types
from fogwatch.filters import BLANKS, BLANKS_RUN
from fogwatch.vocab import load_yaml


class ReviewError(ValueError):
    """A review that cannot be written; ``status`` is the HTTP code, ``field`` what is wrong."""

    def __init__(self, message: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.field = field


class NotFound(ReviewError):
    def __init__(self, what: str, ident: str):
        super().__init__(f"no {what} with id {ident!r}", status=404, field=what)


class Conflict(ReviewError):
    def __init__(self, ident: str, given: int, current: int):
        super().__init__(
            f"event {ident} is at version {current}, not {given}: someone reviewed it "
            "meanwhile; reload it, look at its history and submit again",
            status=409,
            field="version",
        )
        self.current = current


@cache
def rules() -> dict[str, Any]:
    """The review vocabulary and bounds (fogwatch/data/review.yaml)."""
    return cast(dict[str, Any], load_yaml("review.yaml"))


def _text(field: str, value: Any, nullable: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if nullable:
            return None
        raise ReviewError(f"{field}: a value is required", field=field)
    if not isinstance(value, str):
        raise ReviewError(f"{field}: expected text, got {type(value).__name__}", field=field)
    text: str = value.strip()
    if len(text) > rules()["max_text"]:
        raise ReviewError(f"{field}: longer than {rules()['max_text']} characters", field=field)
    return text


def _int(field: str, value: Any, nullable: bool = False) -> int | None:
    if value is None or value == "":
        if nullable:
            return None
        raise ReviewError(f"{field}: a number is required", field=field)
    if isinstance(value, bool):
        raise ReviewError(f"{field}: expected a whole number, got {value!r}", field=field)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ReviewError(f"{field}: expected a whole number, got {value!r}", field=field)
    return value


def _float(field: str, value: Any, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{field}: expected a number, got {value!r}", field=field) from None
    if not low <= number <= high or number != number:
        raise ReviewError(f"{field}: {value!r} is out of range ({low} to {high})", field=field)
    return number


def _choice(field: str, value: Any, allowed: list[Any]) -> Any:
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed)
        raise ReviewError(f"{field}: {value!r} is not one of {shown}", field=field)
    return value


def check_value(field: str, kind: str, value: Any, context: dict[str, Any]) -> Any:
    """The value to record for ``field`` (of value kind ``kind``), or :class:`ReviewError`.

    ``context`` holds the other fields of the target as they will be after the change
    (a sub-event type is checked against the reviewed event type).
    """
    r = rules()
    if kind in ("text", "text_or_null"):
        return _text(field, value, nullable=kind == "text_or_null")
    if kind == "event_type":
        return _choice(field, _text(field, value, False), sorted(event_types()))
    if kind == "sub_event_type":
        value = _text(field, value, False)
        parent = context.get("event_type")
        subs = event_types().get(parent or "", {})
        if value not in subs:
            raise ReviewError(
                f"{field}: {value!r} is not a sub-event type of {parent!r} "
                f"(one of {', '.join(subs) or 'none'})",
                field=field,
            )
        return value
    if kind in ("inter", "inter_or_null"):
        number = _int(field, value, nullable=kind == "inter_or_null")
        return None if number is None else _choice(field, number, r["inter_codes"])
    if kind == "iso2":
        value = _text(field, value, False)
        if not re.fullmatch(r"[A-Za-z]{2}", value or ""):
            raise ReviewError(f"{field}: {value!r} is not an ISO 3166 alpha-2 code", field=field)
        return value.upper()
    if kind == "latitude":
        return _float(field, value, -90.0, 90.0)
    if kind == "longitude":
        return _float(field, value, -180.0, 180.0)
    if kind in ("geo_precision", "time_precision"):
        return _choice(field, _int(field, value), r[kind])
    if kind == "date":
        value = _text(field, value, False)
        try:
            return dt.date.fromisoformat(value or "").isoformat()
        except ValueError:
            raise ReviewError(f"{field}: {value!r} is not a date (YYYY-MM-DD)", field=field) from None
    if kind in ("count", "count_or_null"):
        number = _int(field, value, nullable=kind == "count_or_null")
        if number is not None and number < 0:
            raise ReviewError(f"{field}: {number} is negative", field=field)
        return number
    if kind == "figure_kind":
        return _choice(field, value, r["figure_kinds"])
    if kind == "figure_status":
        return _choice(field, value, r["figure_status"])
    raise ReviewError(f"{field}: unknown value kind {kind!r}", field=field)  # pragma: no cover


def check_fields(
    changes: dict[str, Any], allowed: dict[str, str], current: dict[str, Any], what: str
) -> dict[str, Any]:
    """Every change checked; unknown field names are refused by name."""
    if not changes:
        raise ReviewError(f"nothing to change: give at least one {what} field", field="fields")
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ReviewError(
            f"{unknown[0]}: not a {what} field a review can change "
            f"(one of {', '.join(allowed)})",
            field=unknown[0],
        )
    context = {**current, **changes}
    out = {}
    # event_type first, so a sub-event type is checked against the new type.
    for field in sorted(changes, key=lambda f: f != "event_type"):
        out[field] = check_value(field, allowed[field], changes[field], context)
        context[field] = out[field]
    if "sub_event_type" not in out and "event_type" in out:
        sub = current.get("sub_event_type")
        if sub and sub not in event_types().get(out["event_type"], {}):
            raise ReviewError(
                f"sub_event_type: {sub!r} does not belong to {out['event_type']!r}; "
                "recode the sub-event type too",
                field="sub_event_type",
            )
    if what == "figure":
        low = context.get("low")
        high = context.get("high")
        if low is not None and high is not None and high < low:
            raise ReviewError(f"high: {high} is below low {low}", field="high")
    return out


def check_reason(reason: Any) -> str:
    """A non-empty reason, every change needs one."""
    if not isinstance(reason, str) or not reason.strip():
        raise ReviewError("reason: every change needs a reason", field="reason")
    if len(reason) > rules()["max_reason"]:
        raise ReviewError(f"reason: longer than {rules()['max_reason']} characters", field="reason")
    return reason.strip()


# An http(s) URL with a host and no spaces or control characters, nor a bracketed (IPv6)
# host (which urlsplit refused with an exception); ASCII blanks around it are trimmed. The
# API's schema states the same pattern (written so that JSON Schema's regex reads it alike).
SOURCE_URL_PATTERN = (
    rf"^{BLANKS_RUN}([hH][tT][tT][pP][sS]?://[^\x00-\x20\x7f/?#\[\]@]+"
    rf"([/?#][^\x00-\x20\x7f]*)?)?{BLANKS_RUN}$"
)
_SOURCE_URL = re.compile(SOURCE_URL_PATTERN)


def check_url(url: Any) -> str | None:
    """An optional http(s) source URL."""
    if url is None:
        return None
    if not isinstance(url, str) or len(url) > rules()["max_text"]:
        raise ReviewError("source_url: expected a URL", field="source_url")
    trimmed = url.strip(BLANKS)
    if not trimmed:
        return None
    if not _SOURCE_URL.match(url):
        raise ReviewError(f"source_url: {url!r} is not an http(s) URL", field="source_url")
    return trimmed
