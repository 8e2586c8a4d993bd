"""The REST API against a real SQLite store built from the example corpus."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient
from webcorpus import XSS_TEXT, fill_store

from fogwatch.store import EventFilter, open_store
from fogwatch.web.app import create_app
from fogwatch.web.filters import MAX_LIMIT
from fogwatch.web.stores import WebStoreError

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")


@pytest.fixture(scope="module")
def client(corpus_db):
    with TestClient(create_app(str(corpus_db))) as c:
        yield c


@pytest.fixture(scope="module")
def store(corpus_db):
    s = open_store(str(corpus_db), create=False)
    yield s
    s.close()


@pytest.fixture(scope="module")
def contested_event(client) -> dict:
    events = client.get("/api/events", params={"contested": "true", "limit": 1}).json()["events"]
    assert events, "the example corpus has contested events"
    return client.get(f"/api/events/{events[0]['id']}").json()


def test_events_page_matches_the_store(client, store):
    body = client.get("/api/events", params={"limit": 5, "sort": "date"}).json()
    assert body["total"] == store.count_events() > 0
    assert body["limit"] == 5 and body["offset"] == 0
    assert [e["id"] for e in body["events"]] == [
        e.id for e in store.events(EventFilter(sort="date"), limit=5)
    ]


def test_pages_follow_each_other(client, store):
    total = store.count_events()
    first = client.get("/api/events", params={"limit": 2, "sort": "date"}).json()["events"]
    second = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "date"}).json()[
        "events"
    ]
    ids = [e["id"] for e in first + second]
    assert len(ids) == min(4, total) and len(set(ids)) == len(ids)


def test_next_links_walk_every_page_once(client, store):
    total = store.count_events()
    ids, url, pages = [], "/api/events?limit=1&sort=date&contested=false", 0
    first = client.get(url).json()
    assert first["previous"] is None and first["total"] == total
    while url:
        body = client.get(url).json()
        ids += [e["id"] for e in body["events"]]
        url, pages = body["next"], pages + 1
        assert pages <= total
    assert len(ids) == len(set(ids)) == total
    assert "contested=false" in first["next"] and "offset=1" in first["next"]
    last = client.get("/api/events", params={"limit": 1, "offset": total - 1}).json()
    assert last["next"] is None and "offset=" in last["previous"]


def test_claims_pages_have_next_links(client, store):
    body = client.get("/api/claims", params={"limit": 2}).json()
    assert body["total"] == store.count_claims() and "offset=2" in body["next"]


def test_oversized_page_is_capped(client):
    body = client.get("/api/events", params={"limit": 100_000}).json()
    assert body["limit"] == MAX_LIMIT


def test_bad_date_is_422_naming_the_parameter(client):
    r = client.get("/api/events", params={"date_from": "2025-02-30"})
    assert r.status_code == 422
    [error] = r.json()["detail"]  # HTTPValidationError, as the OpenAPI schema says
    assert error["loc"] == ["query", "date_from"] and "YYYY-MM-DD" in error["msg"]
    r = client.get("/api/stats", params={"date_to": "yesterday"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "date_to"]


class _Recorder:
    """A store that keeps the filter of every call and holds nothing."""

    def __init__(self):
        self.filters = []

    def get(self):
        return self

    def _keep(self, filters, result):
        self.filters.append(filters)
        return result

    def events(self, filters, **_):
        return self._keep(filters, [])

    def events_json(self, filters, **_):
        return self._keep(filters, [])

    def count_events(self, filters):
        return self._keep(filters, 0)

    def claims(self, filters, **_):
        return self._keep(filters, [])

    def count_claims(self, filters):
        return self._keep(filters, 0)

    def stats(self, filters):
        return self._keep(filters, {"by_week": []})

    def iter_events(self, filters):
        return self._keep(filters, iter(()))


# A valid value for each query parameter that is not free text.
_VALUES = {"date_from": "2025-01-01", "date_to": "2025-12-31", "contested": "true",
           "sort": "fatalities", "review": "reviewed"}
_PAGING = {"limit", "offset", "format"}


@pytest.mark.parametrize("path", ["/api/events", "/api/claims", "/api/stats", "/api/export"])
def test_every_query_parameter_reaches_the_filter(client, path):
    """A parameter the endpoint takes but does not pass on would run an unfiltered query."""
    spec = client.app.openapi()["paths"][path]["get"]["parameters"]
    names = [p["name"] for p in spec if p["in"] == "query" and p["name"] not in _PAGING]
    assert {"country", "admin1", "date_from", "date_to", "event_type", "actor", "contested",
            "q"} <= set(names)
    recorder, stores = _Recorder(), client.app.state.stores
    client.app.state.stores = recorder
    try:
        for name in names:
            recorder.filters.clear()
            r = client.get(path, params={name: _VALUES.get(name, "x")})
            assert r.status_code == 200, (name, r.text)
            assert recorder.filters, name
            assert all(f != EventFilter() for f in recorder.filters), f"{name} is not filtered on"
    finally:
        client.app.state.stores = stores


def test_a_bad_date_has_one_wording_in_the_api_the_cli_and_the_store(client):
    from typer.testing import CliRunner

    from fogwatch.cli import app
    from fogwatch.filters import FilterError

    wording = "'May' is not a date (YYYY-MM-DD)"
    with pytest.raises(FilterError) as exc:
        EventFilter(date_from="May")
    assert str(exc.value) == f"date_from: {wording}"
    detail = client.get("/api/claims", params={"date_from": "May"}).json()["detail"]
    assert detail[0]["loc"] == ["query", "date_from"] and detail[0]["msg"] == str(exc.value)
    cli = CliRunner().invoke(app, ["events", "--from", "May"])
    assert cli.exit_code == 2 and wording in " ".join(cli.output.split())


def test_reversed_dates_are_422(client):
    r = client.get("/api/events", params={"date_from": "2025-03-10", "date_to": "2025-03-01"})
    assert r.status_code == 422
    assert "after" in r.json()["detail"][0]["msg"]


def test_bad_sort_and_negative_offset_are_422(client):
    assert client.get("/api/events", params={"sort": "id; drop table events"}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422


def test_contested_filter(client, store):
    body = client.get("/api/events", params={"contested": "true", "limit": MAX_LIMIT}).json()
    assert body["total"] == store.count_events(EventFilter(contested_only=True)) > 0
    assert all(e["contested"] for e in body["events"])
    assert body["total"] < store.count_events(), "some corpus events are not contested"


def test_country_and_date_filters(client, store):
    some = store.events(EventFilter(sort="date"), limit=1)[0]
    body = client.get(
        "/api/events",
        params={"country": some.country, "date_from": some.date, "date_to": some.date},
    ).json()
    assert some.id in [e["id"] for e in body["events"]]
    assert all(e["country"] == some.country and e["date"] == some.date for e in body["events"])
    assert client.get("/api/events", params={"country": "Atlantis"}).json()["total"] == 0


def test_event_has_ledger_with_evidence_in_the_article(client, contested_event):
    e = contested_event
    assert e["ledger"] and e["articles"] and e["ranges"]["by_claimant"]
    disputed = [row for row in e["ledger"] if row["disputed"]]
    assert disputed, "a contested event has ledger rows for the disputed figure"
    # Two different claimants stand behind the disputed figures.
    assert len({row["claimant"] for row in disputed}) >= 2
    for row in disputed:
        ev = row["evidence"]
        article = client.get(f"/api/articles/{ev['article_id']}").json()
        assert article["text"][ev["start"] : ev["end"]] == ev["text"]


def test_unknown_ids_are_404(client):
    r = client.get("/api/events/ev-does-not-exist")
    assert r.status_code == 404 and "ev-does-not-exist" in r.json()["detail"]
    assert client.get("/api/articles/nope").status_code == 404
    page = client.get("/events/ev-does-not-exist")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_claims_of_an_event(client, contested_event):
    body = client.get("/api/claims", params={"event_id": contested_event["id"]}).json()
    assert body["claims"]
    assert all(c["event_id"] == contested_event["id"] for c in body["claims"])
    claimant = body["claims"][0]["claimant"]
    mine = client.get("/api/claims", params={"claimant": claimant, "limit": MAX_LIMIT}).json()
    assert mine["claims"] and all(claimant.lower() in c["claimant"].lower() for c in mine["claims"])


def test_article_text_and_spans(client, store):
    article_id = next(iter(sorted(store.article_ids())))
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["id"] == article_id and body["text"]
    spans = body["spans"]
    assert all(0 <= s["start"] < s["end"] <= len(body["text"]) for s in spans)
    assert all(a["end"] < b["start"] for a, b in zip(spans, spans[1:], strict=False))


def test_stats_by_type_and_week(client, store):
    stats = client.get("/api/stats").json()
    assert stats["events"] == store.count_events()
    assert sum(stats["by_type"].values()) == stats["events"]
    assert sum(w["events"] for w in stats["by_week"]) == stats["events"]
    for week in stats["by_week"]:
        if week["start"]:
            assert dt.date.fromisoformat(week["start"]).weekday() == 0
    assert set(stats["fatalities_by_side"]) == {"state", "nonstate", "civilians", "unknown"}
    contested = client.get("/api/stats", params={"contested": "true"}).json()
    assert contested["events"] == contested["contested"] == stats["contested"]


def test_acled_export_of_the_current_filter(client, store):
    r = client.get("/api/export", params={"format": "acled", "contested": "true"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ACLED_COLUMNS
    assert len(rows) - 1 == store.count_events(EventFilter(contested_only=True))


def test_geojson_export(client, store):
    r = client.get("/api/export", params={"format": "geojson"})
    doc = r.json()
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == store.count_events()
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_parquet_export_of_the_current_filter(client, store):
    import pyarrow.parquet as pq

    r = client.get("/api/export", params={"format": "parquet", "contested": "true"})
    assert r.status_code == 200 and "parquet" in r.headers["content-disposition"]
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == store.count_events(EventFilter(contested_only=True))


def test_stats_by_day_count_every_event_undated_ones_apart(client, store):
    stats = client.get("/api/stats").json()
    assert sum(d["events"] for d in stats["by_day"]) == store.count_events()
    assert sum(d["events"] for d in stats["by_week"]) == store.count_events()
    dated = [d["date"] for d in stats["by_day"] if d["date"]]
    assert dated == sorted(dated) and all(len(d) == 10 for d in dated)


def test_post_is_refused_without_a_configured_token(client, monkeypatch):
    r = client.post("/api/articles", json={"text": "Three people were killed."})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]


def test_post_ingests_with_the_bearer_token(corpus_db_copy):
    text = "Gunmen killed 4 villagers in Maiduguri, Borno State, on Sunday, police said."
    with TestClient(create_app(str(corpus_db_copy), token="s3cret")) as c:
        wrong = c.post(
            "/api/articles", json={"text": text}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        assert c.post("/api/articles", json={"text": text}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        bad = c.post("/api/articles", json={"text": text, "published": "2025-13-01"}, headers=auth)
        assert bad.status_code == 422
        r = c.post(
            "/api/articles",
            json={"text": text, "published": "2025-03-16", "outlet": "Test Wire"},
            headers=auth,
        )
        assert r.status_code == 201 and r.json()["added"] is True
        article_id = r.json()["article_id"]
        assert c.get(f"/api/articles/{article_id}").json()["outlet"] == "Test Wire"
        again = c.post(
            "/api/articles", json={"text": text, "published": "2025-03-16"}, headers=auth
        )
        assert again.json()["added"] is False


def test_token_from_environment(corpus_db_copy, monkeypatch):
    monkeypatch.setenv("FOGWATCH_API_TOKEN", "from-env")
    with TestClient(create_app(str(corpus_db_copy))) as c:
        r = c.post(
            "/api/articles",
            json={"text": "Police said 2 people were killed in Kano."},
            headers={"Authorization": "Bearer from-env"},
        )
        assert r.status_code == 201


def test_security_headers_and_no_inline_script(client):
    for path in ("/", "/api/events", "/docs"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    html = client.get("/").text
    # Every script is a file: no inline code for the CSP to have to allow.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "http://" not in html and "https://" not in html, "no CDN or remote asset"


def test_markup_article_is_served_as_data(client, store):
    found = [a for a in store.article_ids() if XSS_TEXT in (store.article(a) or {})["text"]]
    assert found
    body = client.get(f"/api/articles/{found[0]}")
    assert body.headers["content-type"].startswith("application/json")
    assert "<script>" in body.json()["text"]  # stored as written; the page escapes it
    page = client.get(f"/articles/{found[0]}").text
    assert "<script>window.__xss" not in page, "the page carries ids only, never article text"


def test_docs_and_openapi(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/claims", "/api/stats"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/articles"]
    assert client.get("/docs").status_code == 200


def test_vendor_assets_are_served_locally(client):
    if not client.app.state.assets.ok:
        pytest.skip(f"front-end assets missing: {client.app.state.assets.problem()}")
    for path in (
        "/vendor/leaflet/leaflet.js",
        "/vendor/markercluster/leaflet.markercluster.js",
        "/vendor/topojson-client/topojson-client.min.js",
        "/vendor/world-atlas/countries-50m.json",
    ):
        assert client.get(path).status_code == 200, path
    # Only the packages' built files are exposed, not node_modules as a whole.
    assert client.get("/vendor/leaflet/../package.json").status_code == 404
    assert client.get("/vendor/commander/index.js").status_code == 404


def test_missing_database_is_a_start_up_error(tmp_path):
    missing = tmp_path / "nothing.db"
    with pytest.raises(WebStoreError, match="nothing.db"):
        create_app(str(missing))
    assert not missing.exists(), "serve never creates a database"


def test_corrupt_database_is_refused_untouched(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database\n" * 10)
    before = bad.read_bytes()
    with pytest.raises(WebStoreError, match="not a SQLite database"):
        create_app(str(bad))
    assert bad.read_bytes() == before


def test_serve_command_reports_a_missing_database(tmp_path):
    from typer.testing import CliRunner

    from fogwatch.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "none.db" in result.output


@pytest.mark.postgres
def test_the_api_serves_a_postgresql_store_alike(pg_schema_url, corpus_readings, client):
    fill_store(pg_schema_url, corpus_readings)
    with TestClient(create_app(pg_schema_url)) as pg:
        sqlite_page = client.get("/api/events", params={"sort": "date", "limit": 500}).json()
        pg_page = pg.get("/api/events", params={"sort": "date", "limit": 500}).json()
        assert pg_page == sqlite_page
        some = sqlite_page["events"][0]["id"]
        assert pg.get(f"/api/events/{some}").json() == client.get(f"/api/events/{some}").json()
        assert pg.get("/api/stats").json() == client.get("/api/stats").json()


def test_claims_page_has_a_total(client, store):
    body = client.get("/api/claims", params={"limit": 3}).json()
    assert body["total"] == store.count_claims() > 3
    assert len(body["claims"]) == 3


def test_assets_from_the_environment(tmp_path):
    from fogwatch.web.assets import REQUIRED_FILES, locate_assets

    assert locate_assets({"FOGWATCH_ASSETS": str(tmp_path / "none")}).problem()
    (tmp_path / "leaflet").mkdir()
    partial = locate_assets({"FOGWATCH_ASSETS": str(tmp_path)})
    assert not partial.ok and set(partial.missing) == set(REQUIRED_FILES)
    assert "missing" in partial.problem()


def test_without_assets_the_api_works_and_the_page_says_why(corpus_db, tmp_path, monkeypatch):
    monkeypatch.setenv("FOGWATCH_ASSETS", str(tmp_path / "no-node-modules"))
    with TestClient(create_app(str(corpus_db))) as c:
        assert c.get("/api/events").status_code == 200
        page = c.get("/").text
        assert 'id="asset-problem"' in page and "npm ci" in page
        assert c.get("/vendor/leaflet/leaflet.js").status_code == 404


def test_ids_in_page_addresses_are_escaped(client):
    r = client.get("/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)" in r.text


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = other.read_bytes()
    with pytest.raises(WebStoreError, match="other.db"):
        create_app(str(other))
    assert other.read_bytes() == before
