"""The place picker's endpoint, GET /api/gazetteer: the offline gazetteer searched by
name, bounded and validated, and a picked place recoded onto an event (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fogwatch.store import open_store
from fogwatch.store.review.validate import rules
from fogwatch.web.app import create_app

LIMITS = rules()["place_search"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """A client over an empty SQLite store: the gazetteer does not read the store."""
    url = str(tmp_path_factory.mktemp("gaz") / "empty.db")
    with open_store(url, create=True):
        pass
    with TestClient(create_app(url)) as c:
        yield c


def places(client, **params) -> list[dict]:
    r = client.get("/api/gazetteer", params=params)
    assert r.status_code == 200, r.text
    return r.json()["places"]


def _loc(r) -> list:
    assert r.status_code == 422, r.text
    (error,) = r.json()["detail"]
    return error["loc"]


def test_a_name_finds_its_places_with_the_fields_a_recode_takes(client):
    found = places(client, q="Quetta")
    assert found and all(p["name"] == "Quetta" for p in found[:2])
    town = next(p for p in found if p["feature"] == "city")
    assert (town["country"], town["iso"], town["admin1"]) == ("Pakistan", "PK", "Balochistan")
    assert 29 < town["latitude"] < 31 and 66 < town["longitude"] < 68
    assert town["geo_precision"] == rules()["place_precision"]["city"] == 1
    assert set(town) == {"name", "feature", "admin1", "admin2", "country", "iso", "latitude",
                         "longitude", "geo_precision", "population"}
    # Case, accents and the start of a name: the same places.
    assert places(client, q="quetta") == found
    assert places(client, q="Herāt") == places(client, q="herat")
    start = places(client, q="Quet", limit=LIMITS["max_limit"])
    assert {(p["name"], p["feature"]) for p in found} <= {(p["name"], p["feature"]) for p in start}
    assert all(p["name"].lower().startswith("quet") for p in start)


def test_exact_names_come_before_longer_ones_then_by_population(client):
    found = places(client, q="Sibi", limit=LIMITS["max_limit"])
    names = [p["name"] for p in found]
    exact = [n for n in names if n == "Sibi"]
    assert exact and names[: len(exact)] == exact and len(exact) < len(names)
    rest = found[len(exact):]
    assert [p["population"] for p in rest] == sorted((p["population"] for p in rest), reverse=True)
    # Too short for a prefix: the exact name only.
    assert LIMITS["min_prefix"] == 3
    assert all(p["name"].lower() == "xi" for p in places(client, q="Xi", limit=50))


def test_a_country_narrows_the_answer_and_an_unknown_one_is_422(client):
    pakistan = places(client, q="Sibi", country="PK")
    assert pakistan and {p["country"] for p in pakistan} == {"Pakistan"}
    assert places(client, q="Sibi", country="Pakistan") == pakistan
    mali = places(client, q="Sibi", country="Mali")
    assert mali and {p["country"] for p in mali} == {"Mali"}
    r = client.get("/api/gazetteer", params={"q": "Sibi", "country": "Atlantis"})
    assert _loc(r) == ["query", "country"]
    assert "no country" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "params, loc",
    [
        ({}, ["query", "q"]),
        ({"q": ""}, ["query", "q"]),
        ({"q": "   "}, ["query", "q"]),
        ({"q": "!!! ---"}, ["query", "q"]),
        ({"q": "a" * (LIMITS["max_query"] + 1)}, ["query", "q"]),
        ({"q": "Quetta", "country": "x" * (LIMITS["max_query"] + 1)}, ["query", "country"]),
        ({"q": "Quetta", "limit": 0}, ["query", "limit"]),
        ({"q": "Quetta", "limit": -1}, ["query", "limit"]),
        ({"q": "Quetta", "limit": LIMITS["max_limit"] + 1}, ["query", "limit"]),
        ({"q": "Quetta", "limit": "ten"}, ["query", "limit"]),
    ],
)
def test_bad_queries_are_422_naming_the_parameter(client, params, loc):
    assert _loc(client.get("/api/gazetteer", params=params)) == loc


def test_the_answer_is_bounded(client):
    assert len(places(client, q="San", limit=1)) == 1
    most = places(client, q="San", limit=LIMITS["max_limit"])
    assert len(most) == LIMITS["max_limit"]
    assert len(places(client, q="San")) == LIMITS["default_limit"]
    # The longest query allowed is answered (with nothing).
    assert places(client, q="z" * LIMITS["max_query"]) == []


def test_the_picker_is_read_only_and_needs_no_token(client):
    assert client.post("/api/gazetteer", params={"q": "Quetta"}).status_code == 405
    assert client.get("/api/gazetteer", params={"q": "Quetta"}).status_code == 200
    assert "/api/gazetteer" in client.get("/openapi.json").json()["paths"]


def test_a_picked_place_recoded_onto_an_event(desk):
    client, key, event = desk
    (pick,) = [p for p in places(client, q="Sibi", country="PK") if p["feature"] == "city"]
    changes = {"location": pick["name"], "admin1": pick["admin1"], "admin2": pick["admin2"],
               "country": pick["country"], "iso": pick["iso"], "latitude": pick["latitude"],
               "longitude": pick["longitude"], "geo_precision": pick["geo_precision"]}
    r = client.post(f"/api/events/{event.id}/recode", headers={"Authorization": f"Bearer {key}"},
                    json={"changes": changes, "reason": "picked from the gazetteer", "version": 0})
    assert r.status_code == 200, r.text
    after = client.get(f"/api/events/{event.id}").json()
    assert {k: after[k] for k in changes} == changes
    assert (after["location"], after["admin2"]) == ("Sibi", "Sibi")
