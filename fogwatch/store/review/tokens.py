"""API tokens with roles: ``reader`` < ``reviewer`` < ``admin``.

A token is shown once, when it is made; the store keeps only its SHA-256 digest (a
token is 32 random bytes, so a fast hash is enough). A presented token is hashed and
compared with every live digest in constant time, as bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fogwatch.store.db import APPLICATION_ID
from fogwatch.store.review.validate import ReviewError, rules

if TYPE_CHECKING:  # pragma: no cover
    from fogwatch.store.store import Store

PREFIX = "fwt_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass(frozen=True)
class Principal:
    """Who a token belongs to."""

    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this principal has ``role`` or a stronger one."""
        order: list[str] = rules()["roles"]
        return order.index(self.role) >= order.index(role)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def create(store: Store, name: str, role: str) -> str:
    """A new token for ``name`` with ``role``; returns it (it is not stored)."""
    if not _NAME.match(name or ""):
        raise ReviewError(
            f"name: {name!r} is not a token name (letters, digits, . _ @ -; up to 64)",
            field="name",
        )
    if role not in rules()["roles"]:
        raise ReviewError(f"role: {role!r} is not one of {', '.join(rules()['roles'])}", field="role")
    token = PREFIX + secrets.token_urlsafe(32)
    with store.db.transaction(lock_key=APPLICATION_ID) as db:
        if db.scalar("SELECT 1 FROM api_tokens WHERE name = ?", (name,)):
            raise ReviewError(f"name: a token named {name!r} exists (revoke it or pick another name)",
                              status=409, field="name")
        db.execute(
            "INSERT INTO api_tokens (name, role, digest, created_at) VALUES (?, ?, ?, ?)",
            (name, role, digest(token).hex(), _now()),
        )
    return token


def revoke(store: Store, name: str) -> None:
    """Revoke the token called ``name`` (kept, marked revoked, so its reviews keep a name)."""
    with store.db.transaction(lock_key=APPLICATION_ID) as db:
        changed = db.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            (_now(), name),
        )
    if changed != 1:
        raise ReviewError(f"no live token named {name!r}", status=404, field="name")


def listing(store: Store) -> list[dict[str, Any]]:
    """Every token's name, role and dates (never the token)."""
    return store.db.query(
        "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name"
    )


def verify(store: Store, token: str | None, extra: dict[str, Principal] | None = None) -> Principal | None:
    """The principal of ``token``, None when it is no live token.

    ``extra`` maps plain tokens (the server's start-up token) to principals; they are
    hashed and compared the same way.
    """
    if not token:
        return None
    given = digest(token)
    found = None
    for row in store.db.query("SELECT name, role, digest FROM api_tokens WHERE revoked_at IS NULL"):
        # Every live digest is compared, so the time taken does not depend on which matched.
        if hmac.compare_digest(given, bytes.fromhex(row["digest"])):
            found = Principal(row["name"], row["role"])
    for plain, principal in (extra or {}).items():
        if hmac.compare_digest(given, digest(plain)):
            found = principal
    return found
