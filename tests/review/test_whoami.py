"""GET /api/whoami: who a token is, for the dashboard's sign-in box (read-only)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fogwatch.store import open_store
from fogwatch.store.review import tokens
from fogwatch.web.app import create_app


@pytest.fixture
def client(store_url):
    with open_store(store_url) as store:
        keys = {role: tokens.create(store, f"{role}-1", role) for role in ("reader", "reviewer")}
    with TestClient(create_app(store_url)) as c:
        yield c, keys


def test_whoami_names_the_token_and_refuses_none(client):
    c, keys = client
    for role in ("reader", "reviewer"):
        r = c.get("/api/whoami", headers={"Authorization": f"Bearer {keys[role]}"})
        assert r.status_code == 200 and r.json() == {"name": f"{role}-1", "role": role}
    assert c.get("/api/whoami").status_code == 401
    assert c.get("/api/whoami", headers={"Authorization": "Bearer fwt_wrong"}).status_code == 401
    # A cookie is never a token.
    c.cookies.set("token", keys["reviewer"])
    assert c.get("/api/whoami").status_code == 401


def test_whoami_does_not_use_up_the_write_limit(client):
    from fogwatch.web.auth import RateLimit

    c, keys = client
    c.app.state.rate_limit = RateLimit(1)
    h = {"Authorization": f"Bearer {keys['reviewer']}"}
    assert all(c.get("/api/whoami", headers=h).status_code == 200 for _ in range(3))
