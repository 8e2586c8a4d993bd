"""The API against hostile requests: bounded integers, auth before the body, capped
bodies, short error bodies that match the OpenAPI schema, tokens as bytes, surrogates,
LIKE wildcards; and a bounded hypothesis run over every route with no 500 allowed."""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

import jsonschema
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fogwatch.store import EventFilter, open_store
from fogwatch.web.app import create_app
from fogwatch.web.guard import EXCERPT, MAX_INT

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def app(corpus_db):
    return create_app(str(corpus_db), token=TOKEN)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def spec(app) -> dict:
    return app.openapi()


def conforms(spec: dict, path: str, method: str, response) -> None:
    """The response's status is documented for the route, and its JSON body matches."""
    responses = spec["paths"][path][method]["responses"]
    code = str(response.status_code)
    assert code in responses, f"{method.upper()} {path}: status {code} is not documented"
    content = responses[code].get("content", {}).get("application/json")
    if content is None or not response.headers.get("content-type", "").startswith(
        "application/json"
    ):
        return
    schema = {**content["schema"], "components": spec["components"]}
    jsonschema.validate(response.json(), schema)


# --- integers, tokens, bodies ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/events", "/api/claims"])
@pytest.mark.parametrize("name", ["offset", "limit"])
def test_integers_past_the_schema_bound_are_422(client, spec, path, name):
    r = client.get(path, params={name: str(2**63)})  # was an OverflowError 500
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", name]
    conforms(spec, path, "get", r)
    assert client.get(path, params={name: str(MAX_INT)}).status_code == 200


def test_the_bounds_are_in_the_schema(spec):
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params["offset"]["maximum"] == MAX_INT and params["limit"]["maximum"] == MAX_INT


def test_a_non_ascii_token_is_401(client, spec):
    r = client.post(
        "/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer s3crét".encode()}
    )
    assert r.status_code == 401  # was a TypeError 500 in hmac.compare_digest
    conforms(spec, "/api/articles", "post", r)


def test_a_non_ascii_token_that_matches_is_accepted(corpus_db_copy, monkeypatch):
    import fogwatch

    monkeypatch.setattr(fogwatch, "read_article", _quick_reading)
    with TestClient(create_app(str(corpus_db_copy), token="clé-secrète")) as c:
        r = c.post(
            "/api/articles", json={"text": "A quiet day."},
            headers={"Authorization": "Bearer clé-secrète".encode()},
        )
        assert r.status_code == 201, r.text


def test_no_token_means_no_body_is_read(client, spec):
    body = json.dumps({"text": 5, "published": ["x" * 500_000]})
    r = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 401 and len(r.content) < 200  # the 422 echoed it all back
    conforms(spec, "/api/articles", "post", r)


def test_a_body_over_the_cap_is_413_before_anything_is_read(client, spec):
    big = b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    for headers in ({}, AUTH):
        r = client.post("/api/articles", content=big,
                        headers={**headers, "content-type": "application/json"})
        assert r.status_code == 413 and len(r.content) < 200
        assert r.headers["x-content-type-options"] == "nosniff"
        conforms(spec, "/api/articles", "post", r)


def test_a_chunked_body_is_counted_as_it_arrives(corpus_db, monkeypatch):
    monkeypatch.setenv("FOGWATCH_MAX_BODY_BYTES", "1000")

    def chunks():
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    with TestClient(create_app(str(corpus_db), token=TOKEN)) as c:
        r = c.post("/api/articles", content=chunks(),
                   headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 413 and "1,000 bytes" in r.json()["detail"]


def test_validation_errors_quote_only_an_excerpt(client, spec):
    r = client.post("/api/articles", json={"text": "ok", "published": ["z" * 200_000]},
                    headers=AUTH)
    assert r.status_code == 422 and len(r.content) < 1000
    for error in r.json()["detail"]:
        assert len(json.dumps(error.get("input", ""))) <= EXCERPT + 10
    conforms(spec, "/api/articles", "post", r)
    long_id = "e" * 30_000
    r = client.get(f"/api/events/{long_id}")
    assert r.status_code == 404 and len(r.content) < 300
    r = client.get("/api/events", params={"date_from": "9" * 30_000})
    assert r.status_code == 422 and len(r.content) < 1000


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "\\ud800", "published": 5}',  # a lone surrogate and an invalid field
        b'{"text": NaN}',
        b'{"text": "a", "title": 1e999}',
        b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"text": "a"',
        b"\xff\xfe not JSON",
        b'{"text": ' + b"1" * 5000 + b"}",
        b"[]",
    ],
    ids=["surrogate", "nan", "infinity", "deep", "truncated", "not-utf8", "huge-int", "array"],
)
def test_hostile_bodies_are_422(client, spec, raw):
    r = client.post("/api/articles", content=raw,
                    headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 422, r.text
    conforms(spec, "/api/articles", "post", r)
    assert len(r.content) < 1000


def test_a_lone_surrogate_in_a_valid_body_becomes_a_replacement_character(
    corpus_db_copy, monkeypatch
):
    import fogwatch

    monkeypatch.setattr(fogwatch, "read_article", _quick_reading)
    with TestClient(create_app(str(corpus_db_copy), token=TOKEN)) as c:
        r = c.post("/api/articles", content=b'{"text": "Calm \\udc00 day.", "title": "\\ud83d"}',
                   headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 201, r.text
        article = c.get(f"/api/articles/{r.json()['article_id']}").json()
        assert article["text"] == "Calm \ufffd day." and article["title"] == "\ufffd"


@pytest.mark.parametrize("value", ["20250101", "2025-W10-1", " 2025-03-01", "2025-3-1"])
def test_a_date_filter_is_exactly_yyyy_mm_dd(client, value):
    # Python's fromisoformat takes the first two; the schema's "date" format does not
    r = client.get("/api/events", params={"date_from": value})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "date_from"]
    assert client.get("/api/events", params={"date_from": "2025-03-01"}).status_code == 200
    assert client.get("/api/events", params={"date_from": ""}).status_code == 200


@pytest.mark.parametrize("published, status", [
    ("2025-03-01", 201), ("2025-03-01T08:30:00Z", 201), ("2025-03-01t08:30:00+05:00", 201),
    ("", 201), ("2025-03-01xyz", 422), ("2025-03-01 08:30", 422), ("yesterday", 422),
    ("2025-02-30", 422),
])
def test_published_is_a_date_or_an_rfc3339_date_time(corpus_db_copy, monkeypatch, published,
                                                    status):
    import fogwatch

    monkeypatch.setattr(fogwatch, "read_article", _quick_reading)
    with TestClient(create_app(str(corpus_db_copy), token=TOKEN)) as c:
        r = c.post("/api/articles", json={"text": "Calm day.", "published": published},
                   headers=AUTH)
        assert r.status_code == status, r.text
        if status == 422:
            assert r.json()["detail"][0]["loc"] == ["body", "published"]


# --- LIKE wildcards ------------------------------------------------------------------------


def test_like_wildcards_are_letters(client, corpus_db):
    total = client.get("/api/events").json()["total"]
    assert total > 0
    # As wildcards each of these would match every event; as letters they match none.
    for params in ({"q": "%"}, {"q": "a%z"}, {"q": "_____"}, {"actor": "%"}, {"actor": "_"},
                   {"q": "\\"}):
        assert client.get("/api/events", params=params).json()["total"] == 0, params
    assert client.get("/api/events", params={"actor": "military"}).json()["total"] > 0
    with open_store(corpus_db, create=False, integrity="skip") as store:
        assert store.count_events(EventFilter(actor="%")) == 0
        assert store.count_claims(EventFilter(claimant="_")) == 0
        assert store.count_claims(EventFilter(claimant="a")) > 0


# --- a long POST does not hold the reads up ---------------------------------------------


def test_reads_answer_while_a_post_is_being_read(corpus_db_copy, monkeypatch):
    import fogwatch

    started, release = threading.Event(), threading.Event()

    def slow_reading(article):
        started.set()
        assert release.wait(60), "the test never released the reader"
        return _quick_reading(article)

    monkeypatch.setattr(fogwatch, "read_article", slow_reading)
    with TestClient(create_app(str(corpus_db_copy), token=TOKEN)) as c:
        result = {}

        def post():
            result["r"] = c.post("/api/articles", json={"text": "A slow one."}, headers=AUTH)

        worker = threading.Thread(target=post)
        worker.start()
        try:
            assert started.wait(60)
            # The POST is still being read: the read endpoints answer meanwhile.
            assert c.get("/api/stats").status_code == 200
            assert c.get("/api/events", params={"limit": 1}).status_code == 200
            assert "r" not in result
        finally:
            release.set()
            worker.join(60)
        assert result["r"].status_code == 201


def _quick_reading(article):
    from fogwatch.model import ArticleReading

    return ArticleReading(article_id=article.id, reader_version="test")


# --- every route, generated requests ----------------------------------------------------

_AWKWARD = st.sampled_from([
    "", " ", "%", "_", "\\", "'", '"', "' OR 1=1 --", "2025-02-30", "2025-03-01", "-1",
    str(2**31), str(2**31 + 1), str(2**63), "9" * 400, "1e9", "NaN", "true", "null",
    "\x00", "\u202e", "\U0001f4a3", "-date", "fatalities", "acled", "parquet", "xlsx",
])
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_VALUE = st.one_of(_AWKWARD, _TEXT, st.integers(-(2**70), 2**70).map(str))


def _routes(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, op)
        for path, ops in sorted(spec["paths"].items())
        for method, op in sorted(ops.items())
    ]


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_requests_never_500_and_match_the_schema(client, spec, data):
    path, method, op = data.draw(st.sampled_from(_routes(spec)), label="route")
    url = path
    params = {}
    for p in op.get("parameters", []):
        if p["in"] == "path":
            value = data.draw(_VALUE.filter(bool), label=p["name"])
            url = url.replace("{" + p["name"] + "}", quote(value, safe=""))
        elif data.draw(st.booleans(), label=f"send {p['name']}"):
            params[p["name"]] = data.draw(_VALUE, label=p["name"])
    if data.draw(st.booleans(), label="raw bytes"):
        # Percent-escapes that are not UTF-8.
        url += "?" + "&".join(f"{k}=%ff%fe" for k in list(params)[:2])
        params = {}
    if method == "post":
        body = data.draw(
            st.recursive(
                st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
                lambda inner: st.lists(inner, max_size=3)
                | st.dictionaries(st.sampled_from(["text", "published", "title", "id", "x"]),
                                  inner, max_size=4),
                max_leaves=8,
            ),
            label="body",
        )
        headers = data.draw(st.sampled_from([{}, {"Authorization": "Bearer nope"},
                                             {"Authorization": "Bearer s3crét".encode()}]))
        r = client.post(url, params=params, json=body, headers=headers)
    else:
        r = client.request(method.upper(), url, params=params)
    assert r.status_code < 500, (method, url, params, r.text[:300])
    conforms(spec, path, method, r)
