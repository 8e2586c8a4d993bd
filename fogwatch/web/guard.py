"""The API's defences against hostile requests, in one place.

- Request bodies are capped (:class:`BodyLimit`, default 10 MB,
  ``$FOGWATCH_MAX_BODY_BYTES``): a larger declared ``Content-Length`` is a 413 before
  anything is read, and a chunked body is counted as it arrives.
- Write endpoints check the token before they read the body (:func:`read_model`), so a
  client without one cannot make the server parse or echo megabytes.
- Tokens are compared as bytes, in constant time (:func:`token_matches`): a header
  with non-ASCII bytes is a wrong token, never a crash.
- Error bodies follow the OpenAPI schema (``{"detail": [...]}`` for 422, ``{"detail":
  "..."}`` otherwise) and echo at most :data:`EXCERPT` characters of any input.
- Lone UTF-16 surrogates (a JSON ``"\\ud800"`` escape) become U+FFFD before anything
  else sees them, so the JSON encoder never meets one.
"""

from __future__ import annotations

import hmac
import json
import math
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from fogwatch.ingest.files import clean_text

MAX_BODY_ENV = "FOGWATCH_MAX_BODY_BYTES"
DEFAULT_MAX_BODY = 10 * 1024 * 1024
# Integers in the schema (offset, limit) stop here: SQLite and PostgreSQL take 64-bit
# integers, and a page past two billion rows is no page.
MAX_INT = 2**31
# An error quotes at most this many characters of what the client sent.
EXCERPT = 80
MAX_MESSAGE = 300

Model = TypeVar("Model", bound=BaseModel)
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def max_body_bytes() -> int:
    """The body cap: ``$FOGWATCH_MAX_BODY_BYTES`` if set to a positive integer, else 10 MB."""
    raw = os.environ.get(MAX_BODY_ENV, "").strip()
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_MAX_BODY
    return value if value > 0 else DEFAULT_MAX_BODY


def _too_large(limit: int) -> str:
    return f"request body over {limit:,} bytes (the server's limit, {MAX_BODY_ENV})"


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` is a 413."""

    def __init__(self, app: Any, max_bytes: int | None = None):
        self.app = app
        self.max_bytes = max_bytes or max_body_bytes()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        for name, value in scope.get("headers") or []:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    response = JSONResponse({"detail": _too_large(limit)}, status_code=413)
                    await response(scope, receive, send)
                    return
        seen = 0

        async def counted() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Raised inside the endpoint's body read; the app renders it.
                    raise HTTPException(status_code=413, detail=_too_large(limit))
            return message

        await self.app(scope, counted, send)


def token_matches(header: str, token: str) -> bool:
    """Does an ``Authorization`` header carry ``token`` as a bearer token?

    Starlette decodes header bytes as Latin-1, so encoding back gives the bytes the
    client sent; the configured token is compared as UTF-8, in constant time.
    """
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    try:
        sent = given.strip().encode("latin-1")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(sent, token.encode("utf-8", "surrogatepass"))


def clean(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): clean(v) for k, v in value.items()}
    return value


def excerpt(value: Any) -> Any:
    """What an error may quote of an input: short, JSON-safe, no surrogates."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else excerpt(str(value))
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        value = json.dumps(clean(value), ensure_ascii=False, default=str)
    value = clean_text(value)
    return value if len(value) <= EXCERPT else value[: EXCERPT - 1] + "…"


def invalid(loc: tuple[str | int, ...], msg: str, value: Any = None) -> RequestValidationError:
    """A 422 in the schema's form (``HTTPValidationError``), for checks made by hand."""
    error: dict[str, Any] = {"type": "value_error", "loc": list(loc), "msg": msg}
    if value is not None:
        error["input"] = excerpt(value)
    return RequestValidationError([error])


def validation_body(errors: Any) -> dict[str, Any]:
    """``{"detail": [...]}`` as the OpenAPI schema says, each input cut to an excerpt."""
    detail = []
    for e in errors:
        item: dict[str, Any] = {
            "type": str(e.get("type", "value_error")),
            "loc": [x if isinstance(x, int) else excerpt(str(x)) for x in e.get("loc", ())],
            "msg": clean_text(str(e.get("msg", "invalid")))[:MAX_MESSAGE],
        }
        if "input" in e:
            item["input"] = excerpt(e["input"])
        detail.append(item)
    return {"detail": detail}


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """The app's handler for every 422."""
    return JSONResponse(validation_body(exc.errors()), status_code=422)


async def read_model(request: Request, model: type[Model]) -> Model:
    """The request's JSON body as ``model``; call it after the token check.

    The body is capped by :class:`BodyLimit`; bad JSON and invalid fields are 422s
    that quote at most an excerpt; lone surrogates are replaced first.
    """
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise invalid(("body",), f"not a JSON document ({excerpt(str(exc))})") from None
    try:
        return model.model_validate(clean(data))
    except RecursionError:
        raise invalid(("body",), "JSON nested too deeply") from None
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting a body that the endpoint reads by hand."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }


class ErrorOut(BaseModel):
    """An error other than a validation error: what is wrong, in words."""

    detail: str


_VALIDATION = {
    "description": "Validation Error",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
    },
}
_WHY = {
    400: "The body could not be parsed (not UTF-8 JSON)",
    401: "Missing or wrong bearer token",
    403: "The server is read-only (no token configured)",
    404: "No such item",
    409: "The version sent is stale, or the name is taken",
    413: "Request body too large",
    429: "Too many writes for this token; retry after the Retry-After seconds",
    503: "The store cannot be used (locked, damaged or gone)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: the error statuses it can answer, with their bodies."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        out[code] = _VALIDATION if code == 422 else {"model": ErrorOut, "description": _WHY[code]}
    return out
