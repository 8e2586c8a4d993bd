"""Who is writing: tokens from a request header (never a cookie), roles, a rate limit.

A token comes in ``Authorization: Bearer ...`` or ``X-Fogwatch-Token``; a cookie is
never read, so a form on another site cannot write with a reviewer's token. Tokens are
the store's (``fogwatch tokens create``) plus the server's start-up token
(``--token`` / ``FOGWATCH_API_TOKEN``), which acts as an ``admin`` called ``server``.
Without either the API is read-only.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from fastapi import HTTPException, Request

from fogwatch.store.review import Principal
from fogwatch.store.review import tokens as token_store
from fogwatch.store.review.validate import rules

SERVER = Principal("server", "admin")


def _as_sent(text: str) -> str | None:
    """The header's text as the client wrote it: Starlette decodes header bytes as
    Latin-1, so encoding back gives the bytes, read as UTF-8. Bytes that are not UTF-8
    are no token at all."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def presented(request: Request) -> str | None:
    """The token a request carries in its headers (None: none)."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        return _as_sent(given.strip())
    other = request.headers.get("x-fogwatch-token", "").strip()
    return _as_sent(other) if other else None


def _any_token(request: Request, store: Any) -> bool:
    if request.app.state.token:
        return True
    return bool(store.db.scalar("SELECT 1 FROM api_tokens WHERE revoked_at IS NULL"))


class RateLimit:
    """At most ``per_minute`` writes per principal in any sliding minute."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                wait = int(60 - (now - hits[0])) + 1
                raise HTTPException(
                    status_code=429,
                    detail=f"too many writes: at most {self.per_minute} a minute; retry in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            hits.append(now)


def limiter(request: Request) -> RateLimit:
    state = request.app.state
    if getattr(state, "rate_limit", None) is None:
        state.rate_limit = RateLimit(int(rules()["rate_limit_per_minute"]))
    return state.rate_limit


def identify(request: Request, store: Any) -> Principal:
    """The principal of the request's token, of any role; else 401 (403 on a server
    without tokens)."""
    if not _any_token(request, store):
        raise HTTPException(
            status_code=403,
            detail="this server is read-only: start it with --token or FOGWATCH_API_TOKEN, "
            "or create tokens with `fogwatch tokens create`",
        )
    server = request.app.state.token
    who = token_store.verify(store, presented(request), {server: SERVER} if server else None)
    if who is None:
        raise HTTPException(
            status_code=401,
            detail="missing or wrong token (send it as 'Authorization: Bearer TOKEN')",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


def require(request: Request, store: Any, role: str) -> Principal:
    """The principal of the request's token if it has ``role``; else 401, 403 or 429."""
    who = identify(request, store)
    if not who.may(role):
        raise HTTPException(
            status_code=403, detail=f"token {who.name!r} has role {who.role!r}; this needs {role}"
        )
    limiter(request).check(who.name)
    return who
