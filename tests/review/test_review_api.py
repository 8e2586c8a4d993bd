"""Review over the API, on SQLite and PostgreSQL: tokens, roles, versions, the log."""

from __future__ import annotations

import pytest
from cases import ARMY, FAR, seed
from corpus_fixtures import dump
from fastapi.testclient import TestClient

from fogwatch.store import open_store
from fogwatch.store.review import tokens
from fogwatch.web.app import create_app


@pytest.fixture
def served(store_url):
    with open_store(store_url) as store:
        seed(store)
        keys = {role: tokens.create(store, f"{role}-1", role) for role in ("reader", "reviewer", "admin")}
        keys["reviewer2"] = tokens.create(store, "reviewer-2", "reviewer")
        (event,) = [e for e in store.events() if e.n_sources > 1]
    with TestClient(create_app(store_url)) as client:
        yield client, keys, event.id, store_url


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_recode_over_the_api_and_history(served):
    client, keys, eid, _ = served
    body = {"changes": {"location": "Hoshab", "latitude": 26.02, "longitude": 63.9},
            "reason": "district office", "version": 0}
    r = client.post(f"/api/events/{eid}/recode", json=body, headers=_h(keys["reviewer"]))
    assert r.status_code == 200, r.text
    assert r.json()["location"] == "Hoshab"
    assert client.get(f"/api/events/{eid}").json()["latitude"] == 26.02
    history = client.get(f"/api/events/{eid}/history").json()["history"]  # no token needed
    assert {h["field"] for h in history} == {"location", "latitude", "longitude"}
    assert {h["reviewer"] for h in history} == {"reviewer-1"}
    geo = client.get("/api/export?format=geojson").json()
    (feature,) = [f for f in geo["features"] if f["id"] == eid]
    assert feature["geometry"]["coordinates"] == [63.9, 26.02]
    assert feature["properties"]["review_status"] == "edited"


def test_a_reader_token_and_no_token_cannot_write(served):
    client, keys, eid, url = served
    with open_store(url, create=False) as store:
        before = dump(store)
    body = {"status": "reviewed", "reason": "looks right"}
    assert client.post(f"/api/events/{eid}/mark", json=body).status_code == 401
    assert client.post(f"/api/events/{eid}/mark", json=body,
                       headers=_h("fwt_made-up")).status_code == 401
    r = client.post(f"/api/events/{eid}/mark", json=body, headers=_h(keys["reader"]))
    assert r.status_code == 403 and "reader" in r.json()["detail"]
    # A cookie is never a token.
    client.cookies.set("Authorization", f"Bearer {keys['reviewer']}")
    client.cookies.set("token", keys["reviewer"])
    assert client.post(f"/api/events/{eid}/mark", json=body).status_code == 401
    client.cookies.clear()
    with open_store(url, create=False) as store:
        assert dump(store) == before


def test_stale_version_is_409_and_both_edits_are_in_history(served):
    client, keys, eid, _ = served
    seen = client.get(f"/api/events/{eid}").json()["review"]["version"]
    first = client.post(f"/api/events/{eid}/recode", headers=_h(keys["reviewer"]),
                        json={"changes": {"fatalities": 12}, "reason": "army", "version": seen})
    assert first.status_code == 200
    stale = client.post(f"/api/events/{eid}/recode", headers=_h(keys["reviewer2"]),
                        json={"changes": {"fatalities": 50}, "reason": "group", "version": seen})
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    now = stale.json()["version"]
    again = client.post(f"/api/events/{eid}/recode", headers=_h(keys["reviewer2"]),
                        json={"changes": {"fatalities": 40}, "reason": "group, rechecked",
                              "version": now})
    assert again.status_code == 200 and again.json()["fatalities"] == 40
    history = client.get(f"/api/events/{eid}/history").json()["history"]
    assert [(h["reviewer"], h["after"]) for h in history] == [("reviewer-1", 12), ("reviewer-2", 40)]


def test_bad_writes_name_the_field_and_change_nothing(served):
    client, keys, eid, url = served
    with open_store(url, create=False) as store:
        before = dump(store)
    h = _h(keys["reviewer"])
    cases = [
        (f"/api/events/{eid}/recode", {"changes": {"event_type": "Skirmish"}, "reason": "x"}, 422, "event_type"),
        (f"/api/events/{eid}/recode", {"changes": {"inter1": 11}, "reason": "x"}, 422, "inter1"),
        (f"/api/events/{eid}/recode", {"changes": {"latitude": -91}, "reason": "x"}, 422, "latitude"),
        (f"/api/events/{eid}/recode", {"changes": {"inter2": 0}, "reason": "x"}, 422, "inter2"),
        (f"/api/events/{eid}/recode", {"changes": {"longitude": 180.5}, "reason": "x"}, 422, "longitude"),
        ("/api/claims/nope-c1/judge", {"verdict": "refuted", "reason": "x"}, 404, "claim"),
        ("/api/events/evmissing/recode", {"changes": {"fatalities": 1}, "reason": "x"}, 404, "event"),
        ("/api/figures/nope-f1/fix", {"changes": {"status": "wrong"}, "reason": "x"}, 404, "figure"),
        (f"/api/events/{eid}/mark", {"status": "perfect", "reason": "x"}, 422, "status"),
        # a bracketed host made urlsplit raise, which was a 500
        (f"/api/events/{eid}/recode", {"changes": {"fatalities": 1}, "reason": "x",
                                       "source_url": "http://[example.org/list"}, 422, "source_url"),
        (f"/api/events/{eid}/recode", {"changes": {"fatalities": 1}, "reason": "x",
                                       "source_url": "ftp://example.org/list"}, 422, "source_url"),
        (f"/api/events/{eid}/recode", {"changes": {"fatalities": 1}, "reason": "x",
                                       "source_url": "https://example.org/a list"}, 422, "source_url"),
    ]
    for path, body, status, field in cases:
        r = client.post(path, json=body, headers=h)
        detail = r.json()["detail"]
        # a 422 is in the schema's form, located at the field; others name it beside
        named = detail[0]["loc"][-1] if status == 422 else r.json()["field"]
        assert (r.status_code, named) == (status, field), (path, r.text)
    r = client.post(f"/api/events/{eid}/recode", json={"changes": {"fatalities": 1}}, headers=h)
    assert r.status_code == 422 and "reason" in r.text
    r = client.post(f"/api/events/{eid}/recode", json={"changes": {"fatalities": 1}, "reason": ""},
                    headers=h)
    assert r.status_code == 422 and "reason" in r.text
    with open_store(url, create=False) as store:
        assert dump(store) == before


def test_no_request_edits_or_deletes_the_log(served):
    client, keys, eid, url = served
    client.post(f"/api/events/{eid}/mark", json={"status": "reviewed", "reason": "ok"},
                headers=_h(keys["admin"]))
    paths = [p for p in client.get("/openapi.json").json()["paths"] if "review" in p or "history" in p]
    for path in paths:
        for method in ("put", "patch", "delete"):
            r = client.request(method, path.replace("{event_id}", eid), headers=_h(keys["admin"]))
            assert r.status_code == 405, (method, path)
    spec = client.get("/openapi.json").json()["paths"]
    assert not any(set(ops) & {"put", "patch", "delete"} for ops in spec.values())
    with open_store(url, create=False) as store:
        assert store.db.scalar("SELECT COUNT(*) FROM reviews") == 1


def test_merge_split_and_claim_over_the_api(served):
    client, keys, eid, _ = served
    h = _h(keys["reviewer"])
    other = next(e["id"] for e in client.get("/api/events").json()["events"] if e["id"] != eid)
    r = client.post("/api/events/merge", json={"events": [eid, other], "reason": "one raid"}, headers=h)
    assert r.status_code == 200 and r.json()["n_sources"] == 3
    merged = r.json()["id"]
    r = client.post(f"/api/events/{merged}/split", headers=h,
                    json={"reports": [f"{FAR[0].id}-r0"], "reason": "different city"})
    assert r.status_code == 200 and sorted(e["n_sources"] for e in r.json()["events"]) == [1, 2]
    claim = f"{ARMY[0].id}-c0"
    r = client.post(f"/api/claims/{claim}/judge", headers=h,
                    json={"verdict": "refuted", "note": "hospital names 9", "reason": "records",
                          "source_url": "https://example.org/records"})
    assert r.status_code == 200
    claims = client.get("/api/claims", params={"limit": 100}).json()["claims"]
    assert next(c for c in claims if c["id"] == claim)["review"]["verdict"] == "refuted"


def test_writes_are_rate_limited(served):
    client, keys, eid, _ = served
    client.app.state.rate_limit = None
    from fogwatch.web.auth import RateLimit

    client.app.state.rate_limit = RateLimit(3)
    codes = [
        client.post(f"/api/events/{eid}/mark", json={"status": "flagged", "reason": "look"},
                    headers=_h(keys["reviewer"])).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
