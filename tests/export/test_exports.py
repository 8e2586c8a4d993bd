"""Exports of the example corpus: ACLED's columns, UCDP's names, GeoJSON, JSONL, Parquet."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.export import FORMATS, ExportError, export_events, export_string
from fogwatch.export.acled import COLUMNS as ACLED_COLUMNS
from fogwatch.export.ucdp import COLUMNS as UCDP_COLUMNS
from fogwatch.store import EventFilter

# ACLED's current column order, written out here so that a change to COLUMNS shows.
ACLED_ORDER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
    "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso "
    "region country admin1 admin2 admin3 location latitude longitude geo_precision source "
    "source_scale notes fatalities tags timestamp"
).split()


def test_acled_csv_round_trips_through_pandas(corpus_store, tmp_path):
    path = tmp_path / "acled.csv"
    n = export_events(corpus_store, "acled", path)
    df = pd.read_csv(path)
    assert list(df.columns) == ACLED_ORDER == list(ACLED_COLUMNS) and len(ACLED_ORDER) == 31
    assert len(df) == n == corpus_store.count_events()
    assert df["event_id_cnty"].is_unique
    assert set(df["iso"]) <= {586, 356} and set(df["region"]) == {"South Asia"}
    assert df["fatalities"].dtype.kind == "i" and (df["fatalities"] >= 0).all()
    assert list(df["event_date"]) == sorted(df["event_date"])
    contested = df[df["tags"].fillna("").str.contains("contested")]
    assert len(contested) == corpus_store.count_events(EventFilter(contested_only=True)) >= 1
    for note in contested["notes"]:
        assert "Disputed killed" in note and " says " in note and "coded" in note


def test_acled_notes_name_who_gives_each_disputed_figure(corpus_store):
    df = pd.read_csv(io.StringIO(export_string(corpus_store, "acled")))
    jaffar = df[df["notes"].str.contains("214")]
    assert len(jaffar) == 1
    note = jaffar["notes"].iloc[0]
    assert "BLA: Baloch Liberation Army says" in note
    assert "Military Forces of Pakistan says" in note


def test_ucdp_csv_has_ged_names_and_consistent_estimates(corpus_store):
    df = pd.read_csv(io.StringIO(export_string(corpus_store, "ucdp")), keep_default_na=False)
    assert list(df.columns) == list(UCDP_COLUMNS)
    for name in ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians",
                 "deaths_unknown", "side_a", "side_b", "type_of_violence", "where_prec",
                 "date_prec", "adm_1", "adm_2", "latitude", "longitude", "date_start",
                 "date_end", "number_of_sources", "source_article", "source_original"):
        assert name in df.columns
    assert ((df["low"] <= df["best"]) & (df["best"] <= df["high"])).all()
    assert set(df["type_of_violence"]) <= {1, 2, 3}
    assert (df["number_of_sources"] >= 1).all()


def test_geojson_is_a_feature_collection(corpus_store):
    doc = json.loads(export_string(corpus_store, "geojson"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == corpus_store.count_events()
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["properties"]["id"] == f["id"]
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert 60 < lon < 80 and 23 < lat < 37  # Pakistan and Kashmir


def test_jsonl_has_one_full_event_a_line(corpus_store):
    lines = export_string(corpus_store, "jsonl").splitlines()
    events = [json.loads(line) for line in lines]
    assert len(events) == corpus_store.count_events()
    assert all(e["ledger"] and e["articles"] for e in events)


def test_parquet(corpus_store, tmp_path):
    path = tmp_path / "events.parquet"
    export_events(corpus_store, "parquet", path, EventFilter(country="Pakistan"))
    table = pq.read_table(path)
    assert table.column_names[:31] == ACLED_ORDER
    assert table.num_rows == corpus_store.count_events(EventFilter(country="Pakistan"))
    assert all(json.loads(r) for r in table.column("ranges").to_pylist())


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_byte_for_byte_repeatable(corpus_store, tmp_path, fmt):
    a, b = tmp_path / "a", tmp_path / "b"
    export_events(corpus_store, fmt, a)
    export_events(corpus_store, fmt, b)
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_unknown_format_is_refused():
    with pytest.raises(ExportError, match="unknown export format 'xls'; choose one of acled"):
        export_events(None, "xls")


def test_export_command(corpus_db, tmp_path):
    out = tmp_path / "contested.csv"
    result = CliRunner().invoke(
        app, ["export", "--db", str(corpus_db), "--format", "acled", "-o", str(out), "--contested"]
    )
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out)
    assert len(df) >= 1 and df["tags"].str.contains("contested").all()
    binary = CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--format", "parquet"])
    assert binary.exit_code == 2 and "give an output file" in binary.output


def test_ucdp_side_a_is_the_state_and_side_b_the_armed_group(corpus_store):
    df = pd.read_csv(io.StringIO(export_string(corpus_store, "ucdp", EventFilter(country="PK"))),
                     keep_default_na=False)
    jaffar = df[df["source_article"].str.contains("Jaffar Express")]
    assert list(jaffar["side_a"]) == ["Military Forces of Pakistan"]
    assert list(jaffar["side_b"]) == ["BLA: Baloch Liberation Army"]
